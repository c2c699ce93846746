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

/* Where the actions of one matcher's tables write. */
typedef struct evc_actions_ctx {
  uint64_t *matched;               /* per rule: matched */
  uint64_t *touched;               /* per 64 rules: some rule of the word matched */
  evc_conj_t *conj;                /* NULL when the matcher has no multi-field conjunction */
  const evc_conj_tab_t *conj_tab;
  uint64_t *excluded;              /* the field's exclusion bits, NULL when it has none */
} evc_actions_ctx_t;

/* Runs row `row` of the table (acts, off); a negative row (no string found) does nothing. */
void evc_actions_run(const evc_actions_ctx_t *cx, const uint32_t *acts, const uint32_t *off, int32_t row);

#endif
