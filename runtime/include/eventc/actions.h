/* Action tables: what a matched value does (rule bits, condition bits, exclusions) as data walked by one loop. */
#ifndef EVENTC_ACTIONS_H
#define EVENTC_ACTIONS_H

#include "eventc/conj.h"

#include <stdint.h>

/*
 * For large rule sets a generated matcher maps an exact-string index or an automaton's accept
 * state to a row of one flat `const uint32_t` array instead of a `switch` with a branch of
 * straight-line code per case: the C compiler then reads data, in time linear in the rules.
 * Row r of a table is acts[off[r] .. off[r + 1]); each action is EVC_ACT(kind, argument).
 */
#define EVC_ACT_RULE 0u    /* argument: rule id; the rule matches (its matched and touched bits) */
#define EVC_ACT_COND 1u    /* argument: condition bit of a multi-field rule that holds (evc_conj_hit) */
#define EVC_ACT_EXCLUDE 2u /* argument: anything-but exclusion bit of the field being classified */
#define EVC_ACT_ARG_BITS 30
#define EVC_ACT(kind, arg) ((uint32_t)(kind) << EVC_ACT_ARG_BITS | (uint32_t)(arg))

/*
 * Marks rule `id` as matching in a matcher's result: its bit in `bits` (the caller's result words,
 * cleared before the scan) and, the first time, one more in `*count`. No branch: which rules an
 * event matches is data the branch predictor cannot learn.
 */
static inline void evc_rule_set(uint64_t *bits, uint32_t *count, uint32_t id) {
  uint64_t w = bits[id / 64];
  *count += (uint32_t)(~w >> (id % 64)) & 1u;
  bits[id / 64] = w | UINT64_C(1) << (id % 64);
}

/* Where the actions of one matcher's tables write. */
typedef struct evc_actions_ctx {
  uint64_t *bits;                  /* per rule: matched (the caller's result, see evc_rule_set) */
  uint32_t *count;                 /* rules matched */
  evc_conj_t *conj;                /* NULL when the matcher has no multi-field conjunction */
  const evc_conj_tab_t *conj_tab;
  uint64_t *excluded;              /* the field's exclusion bits, NULL when it has none */
} evc_actions_ctx_t;

/* Runs row `row` of the table (acts, off); a negative row (no string found) does nothing. */
void evc_actions_run(const evc_actions_ctx_t *cx, const uint32_t *acts, const uint32_t *off, int32_t row);

#define EVC_LATER_MAX 8 /* rows an event's scan keeps for its end; past them rows run at once */

/*
 * Rows kept for the end of the event. A row comes at the end of a chain of dependent loads (an
 * automaton's walk, a hash probe), and running it is a loop whose trip count waits on that chain:
 * mispredicted, it throws away all the scan speculated past it. At the end of the event the row is
 * long known. Only rows without exclusion bits wait (those are read by the field's own code), and
 * only outside precise mode (where condition bits feed the array code as they come).
 */
typedef struct evc_later {
  uint32_t n; /* cleared per event; the rows are not */
  struct evc_later_row {
    const uint32_t *acts, *off;
    int32_t row;
  } v[EVC_LATER_MAX];
} evc_later_t;

/* Keeps row `row` of (acts, off) for evc_actions_run_later, or runs it now when the event kept EVC_LATER_MAX. */
static inline void evc_actions_later(evc_later_t *q, const evc_actions_ctx_t *cx, const uint32_t *acts,
                                     const uint32_t *off, int32_t row) {
  if (q->n == EVC_LATER_MAX) {
    evc_actions_run(cx, acts, off, row);
    return;
  }
  q->v[q->n].acts = acts;
  q->v[q->n].off = off;
  q->v[q->n].row = row;
  q->n++;
}

/* Runs the rows kept by evc_actions_later, in the order they came. */
void evc_actions_run_later(const evc_later_t *q, const evc_actions_ctx_t *cx);

#endif
