/* Multi-field rules at a cost that follows what an event matched: condition bits, candidates, table checks. */
#ifndef EVENTC_CONJ_H
#define EVENTC_CONJ_H

#include <stddef.h>
#include <stdint.h>

/*
 * A generated matcher records a multi-field rule alternative (a "conjunction": every term
 * holds) without any per-rule work per event. Each condition such rules use has one bit,
 * set when a leaf satisfies it, whatever the number of rules sharing it. A conjunction
 * becomes a candidate only when a condition of its trigger term (the term whose conditions
 * the fewest conjunctions share) holds; at the end each candidate's terms are looked up
 * in the condition bits. So the cost per event is one bit per satisfied condition, plus
 * one check per candidate: flat in the number of rules.
 *
 * Array consistency (fields of one array element never combine with another element's,
 * EventBridge semantics §2.5) only matters when the event has an array at a field above two
 * terms of a rule. The scan notes it (need_precise) and the matcher scans again in precise
 * mode, where the array-consistent conjunctions keep their set of reachable term masks
 * (evc_mset_*, at most 6 terms) through the generated array code.
 */
typedef struct evc_conj_tab {
  uint32_t nconj;           /* conjunctions */
  const uint32_t *trig_off; /* per condition bit c: trig[trig_off[c] .. trig_off[c + 1]) */
  const uint32_t *trig;     /* conjunctions that c's holding makes candidates */
  const uint32_t *use_off;  /* per condition bit c: use[use_off[c] .. use_off[c + 1]) */
  const uint32_t *use;      /* precise mode: (mask set << 6 | term) that c's holding adds */
  const uint32_t *prog_off; /* per conjunction k: prog[prog_off[k] .. prog_off[k + 1]) */
  const uint32_t *prog;     /* rule id, mask set + 1 (0: none), term count, per term: n, n condition bits */
} evc_conj_tab_t;

typedef struct evc_conj {
  uint64_t *cond;  /* condition bits of this event (cleared per event) */
  uint64_t *live;  /* conjunctions in `list` (cleared per event) */
  uint32_t *list;  /* candidates, in the order they came */
  uint64_t *set;   /* precise mode: mask set of each array-consistent conjunction */
  uint32_t n;      /* candidates */
  uint32_t nset;   /* mask sets */
  int precise;
} evc_conj_t;

/* Starts an event: `cond` and `live` must be zeroed; precise mode sets every mask set to {no term}. */
void evc_conj_start(evc_conj_t *cj, int precise);

/* Condition bit `c` holds for a leaf of the event. */
void evc_conj_hit(evc_conj_t *cj, const evc_conj_tab_t *tab, uint32_t c);

/* Marks (in a matcher's result bits and count, by evc_rule_set) the rule of every conjunction that holds. */
void evc_conj_finish(const evc_conj_t *cj, const evc_conj_tab_t *tab, uint64_t *bits, uint32_t *count);

/* Array code of precise mode over the mask sets idx[0..n) of one field. */
static inline void evc_conj_gather(uint64_t *dst, const uint64_t *set, const uint32_t *idx, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) dst[i] = set[idx[i]];
}

static inline void evc_conj_scatter(uint64_t *set, const uint64_t *src, const uint32_t *idx, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) set[idx[i]] = src[i];
}

/* merged |= the current mask sets: what the array element just scanned made reachable. */
static inline void evc_conj_merge(uint64_t *merged, const uint64_t *set, const uint32_t *idx, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) merged[i] |= set[idx[i]];
}

#endif
