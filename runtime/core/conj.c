/* Multi-field rule alternatives checked through condition bits and candidate lists (see eventc/conj.h). */
#include "eventc/conj.h"
#include "eventc/match.h"

static int bit_of(const uint64_t *bits, uint32_t i) {
  return (int)((bits[i / 64] >> (i % 64)) & 1u);
}

void evc_conj_start(evc_conj_t *cj, int precise) {
  uint32_t s;
  cj->n = 0;
  cj->precise = precise;
  for (s = 0; precise && s < cj->nset; s++) cj->set[s] = 1; /* {the empty mask} */
}

void evc_conj_hit(evc_conj_t *cj, const evc_conj_tab_t *tab, uint32_t c) {
  uint32_t i;
  cj->cond[c / 64] |= UINT64_C(1) << (c % 64);
  for (i = tab->trig_off[c]; i < tab->trig_off[c + 1]; i++) {
    uint32_t k = tab->trig[i];
    if (bit_of(cj->live, k)) continue;
    cj->live[k / 64] |= UINT64_C(1) << (k % 64);
    cj->list[cj->n++] = k;
  }
  if (!cj->precise) return;
  for (i = tab->use_off[c]; i < tab->use_off[c + 1]; i++) {
    uint32_t u = tab->use[i];
    cj->set[u >> 6] = evc_mset_add(cj->set[u >> 6], u & 63u);
  }
}

/* Every term of the conjunction at `prog` (after its header) has a condition that held. */
static int terms_hold(const evc_conj_t *cj, const uint32_t *prog, uint32_t nterm) {
  uint32_t t, i;
  for (t = 0; t < nterm; t++) {
    uint32_t n = *prog++;
    int any = 0;
    for (i = 0; i < n; i++) any |= bit_of(cj->cond, prog[i]);
    if (!any) return 0;
    prog += n;
  }
  return 1;
}

void evc_conj_finish(const evc_conj_t *cj, const evc_conj_tab_t *tab, uint64_t *bits, uint32_t *count) {
  uint32_t i, k;
  for (i = 0; i < cj->n; i++) {
    const uint32_t *p = tab->prog + tab->prog_off[cj->list[i]];
    if (cj->precise && p[1]) continue; /* decided by its mask set below */
    if (terms_hold(cj, p + 3, p[2])) evc_rule_set(bits, count, p[0]);
  }
  for (k = 0; cj->precise && k < tab->nconj; k++) {
    const uint32_t *p = tab->prog + tab->prog_off[k];
    if (p[1] && evc_mset_full(cj->set[p[1] - 1], p[2])) evc_rule_set(bits, count, p[0]);
  }
}
