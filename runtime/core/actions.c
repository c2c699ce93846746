/* The loop that walks a generated matcher's action tables (see eventc/actions.h). */
#include "eventc/actions.h"

void evc_actions_run(const evc_actions_ctx_t *cx, const uint32_t *acts, const uint32_t *off, int32_t row) {
  uint32_t i;
  if (row < 0) return;
  for (i = off[row]; i < off[row + 1]; i++) {
    uint32_t arg = acts[i] & ((UINT32_C(1) << EVC_ACT_ARG_BITS) - 1u);
    switch (acts[i] >> EVC_ACT_ARG_BITS) {
    case EVC_ACT_RULE:
      evc_rule_set(cx->bits, cx->count, arg);
      break;
    case EVC_ACT_COND:
      evc_conj_hit(cx->conj, cx->conj_tab, arg);
      break;
    default:
      cx->excluded[arg / 64] |= UINT64_C(1) << (arg % 64);
      break;
    }
  }
}

void evc_actions_run_later(const evc_later_t *q, const evc_actions_ctx_t *cx) {
  for (uint32_t i = 0; i < q->n; i++) evc_actions_run(cx, q->v[i].acts, q->v[i].off, q->v[i].row);
}
