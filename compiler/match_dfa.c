/* Subset construction of the value DFA of one field: NFA positions are (glob, item index). */
#include "match_dfa.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  uint32_t *pos; /* sorted NFA positions */
  uint32_t n;
} set_t;

typedef struct {
  const evcc_glob_t *globs;
  size_t nglob;
  uint32_t *base;   /* first position of each glob; base[nglob] = total */
  uint32_t *owner;  /* glob of each position */
  set_t *states;
  uint32_t nstate, cap_state;
  uint32_t *table;  /* hash -> state + 1 */
  uint32_t table_cap;
  uint32_t *mark;   /* per position: generation it was added in */
  uint32_t gen;
  uint32_t *tmp;
  uint32_t ntmp;
} build_t;

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) abort();
  return p;
}

static uint32_t hash_set(const uint32_t *p, uint32_t n) {
  uint32_t h = 2166136261u;
  for (uint32_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h ^ n;
}

static int item_at(const build_t *b, uint32_t pos) {
  uint32_t g = b->owner[pos];
  size_t i = pos - b->base[g];
  return i < b->globs[g].n ? b->globs[g].items[i] : -1; /* -1: the end of the glob */
}

/* Adds a position and everything reachable through stars matching nothing, forks and jumps
 * (those two only lead elsewhere: they never sit in a state). */
static void add_closure(build_t *b, uint32_t pos) {
  for (;;) {
    if (b->mark[pos] == b->gen) return;
    b->mark[pos] = b->gen;
    int it = item_at(b, pos);
    if (it >= EVCC_GLOB_JUMP) {
      pos += (uint32_t)(it - EVCC_GLOB_JUMP);
      continue;
    }
    if (it >= EVCC_GLOB_FORK) {
      add_closure(b, pos + (uint32_t)(it - EVCC_GLOB_FORK));
      pos++;
      continue;
    }
    b->tmp[b->ntmp++] = pos;
    if (it != EVCC_GLOB_STAR) return;
    pos++;
  }
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static void grow_table(build_t *b);

/* The state holding the positions collected in tmp, created when new; UINT32_MAX when full. */
static uint32_t intern(build_t *b, uint32_t max_states) {
  qsort(b->tmp, b->ntmp, sizeof *b->tmp, cmp_u32);
  uint32_t h = hash_set(b->tmp, b->ntmp), mask = b->table_cap - 1;
  for (uint32_t i = h & mask;; i = (i + 1) & mask) {
    uint32_t s = b->table[i];
    if (!s) break;
    set_t *st = &b->states[s - 1];
    if (st->n == b->ntmp && memcmp(st->pos, b->tmp, b->ntmp * sizeof *b->tmp) == 0) return s - 1;
  }
  if (b->nstate >= max_states) return UINT32_MAX;
  if (b->nstate == b->cap_state) {
    b->cap_state = b->cap_state ? b->cap_state * 2 : 64;
    b->states = realloc(b->states, b->cap_state * sizeof *b->states);
    if (!b->states) abort();
  }
  set_t *st = &b->states[b->nstate];
  st->n = b->ntmp;
  st->pos = xmalloc(b->ntmp * sizeof *st->pos);
  memcpy(st->pos, b->tmp, b->ntmp * sizeof *st->pos);
  b->nstate++;
  if (b->nstate * 2 > b->table_cap) grow_table(b);
  else
    for (uint32_t i = h & mask;; i = (i + 1) & mask)
      if (!b->table[i]) {
        b->table[i] = b->nstate;
        break;
      }
  return b->nstate - 1;
}

static void grow_table(build_t *b) {
  free(b->table);
  b->table_cap *= 2;
  b->table = calloc(b->table_cap, sizeof *b->table);
  if (!b->table) abort();
  uint32_t mask = b->table_cap - 1;
  for (uint32_t s = 0; s < b->nstate; s++)
    for (uint32_t i = hash_set(b->states[s].pos, b->states[s].n) & mask;; i = (i + 1) & mask)
      if (!b->table[i]) {
        b->table[i] = s + 1;
        break;
      }
}

/* Byte classes: one per distinct literal byte (in byte order), class 0 for all others. */
static uint32_t make_classes(const evcc_glob_t *globs, size_t n, uint8_t cls[256], int rep[256]) {
  bool used[256] = {false};
  for (size_t g = 0; g < n; g++)
    for (size_t i = 0; i < globs[g].n; i++)
      if (globs[g].items[i] < EVCC_GLOB_STAR) used[globs[g].items[i]] = true;
  uint32_t nclass = 1;
  rep[0] = -1;
  for (int c = 0; c < 256; c++) {
    cls[c] = 0;
    if (used[c]) {
      rep[nclass] = c;
      cls[c] = (uint8_t)nclass++;
    }
  }
  return nclass;
}

static void step(build_t *b, const set_t *from, int byte) {
  b->gen++;
  b->ntmp = 0;
  for (uint32_t i = 0; i < from->n; i++) {
    uint32_t pos = from->pos[i];
    int it = item_at(b, pos);
    if (it == EVCC_GLOB_STAR) add_closure(b, pos);
    else if (it >= 0 && it == byte) add_closure(b, pos + 1);
  }
}

/* Stop states (every byte leads back to them) are numbered after the others, keeping breadth-first order within
 * each group, so that a run tells them by number: one load fewer per byte. The start stays 0 (a stop start has no
 * other state). */
static uint32_t *stop_last_order(const evcc_dfa_t *d, uint32_t nstate, uint32_t *nlive) {
  uint32_t *renum = xmalloc(nstate * sizeof *renum), live = 0;
  bool *stop = xmalloc(nstate * sizeof *stop);
  for (uint32_t s = 0; s < nstate; s++) {
    stop[s] = true;
    for (uint32_t c = 0; c < d->nclass && stop[s]; c++) stop[s] = d->next[(size_t)s * d->nclass + c] == s;
    if (!stop[s]) renum[s] = live++;
  }
  for (uint32_t s = 0, at = live; s < nstate; s++)
    if (stop[s]) renum[s] = at++;
  free(stop);
  *nlive = live;
  return renum;
}

static void finish(build_t *b, evcc_dfa_t *out) {
  uint32_t *renum = stop_last_order(out, b->nstate, &out->nlive), nc = out->nclass;
  uint32_t *next = xmalloc((size_t)out->nlive * nc * sizeof *next);
  for (uint32_t s = 0; s < b->nstate; s++)
    for (uint32_t c = 0; renum[s] < out->nlive && c < nc; c++)
      next[(size_t)renum[s] * nc + c] = renum[out->next[(size_t)s * nc + c]];
  free(out->next);
  out->next = next;
  out->nstate = b->nstate;
  uint32_t *old = xmalloc(b->nstate * sizeof *old), nacc = 0;
  for (uint32_t s = 0; s < b->nstate; s++) {
    old[renum[s]] = s;
    for (uint32_t i = 0; i < b->states[s].n; i++) nacc += item_at(b, b->states[s].pos[i]) == -1;
  }
  out->acc_off = xmalloc((b->nstate + 1) * sizeof *out->acc_off);
  out->acc = xmalloc(nacc * sizeof *out->acc);
  nacc = 0;
  for (uint32_t s = 0; s < b->nstate; s++) {
    const set_t *st = &b->states[old[s]];
    out->acc_off[s] = nacc;
    for (uint32_t i = 0; i < st->n; i++)
      if (item_at(b, st->pos[i]) == -1) out->acc[nacc++] = b->owner[st->pos[i]];
  }
  out->acc_off[b->nstate] = nacc;
  free(old);
  free(renum);
}

static void build_free(build_t *b) {
  for (uint32_t s = 0; s < b->nstate; s++) free(b->states[s].pos);
  free(b->states);
  free(b->table);
  free(b->mark);
  free(b->tmp);
  free(b->base);
  free(b->owner);
}

bool evcc_dfa_build(const evcc_glob_t *globs, size_t n, uint32_t max_states, evcc_dfa_t *out) {
  build_t b;
  memset(&b, 0, sizeof b);
  memset(out, 0, sizeof *out);
  b.globs = globs;
  b.nglob = n;
  b.base = xmalloc((n + 1) * sizeof *b.base);
  uint32_t total = 0;
  for (size_t g = 0; g < n; g++) {
    b.base[g] = total;
    total += (uint32_t)globs[g].n + 1;
  }
  b.base[n] = total;
  b.owner = xmalloc(total * sizeof *b.owner);
  for (size_t g = 0; g < n; g++)
    for (uint32_t p = b.base[g]; p < b.base[g + 1]; p++) b.owner[p] = (uint32_t)g;
  b.mark = calloc(total ? total : 1, sizeof *b.mark);
  b.tmp = xmalloc(total * sizeof *b.tmp);
  b.table_cap = 256;
  b.table = calloc(b.table_cap, sizeof *b.table);
  if (!b.mark || !b.table) abort();
  int rep[257];
  out->nclass = make_classes(globs, n, out->cls, rep);
  b.gen++;
  for (size_t g = 0; g < n; g++) add_closure(&b, b.base[g]);
  intern(&b, max_states);
  size_t cap = 0;
  bool ok = true;
  for (uint32_t s = 0; s < b.nstate && ok; s++) {
    if ((size_t)b.nstate * out->nclass > cap) {
      cap = (size_t)b.cap_state * out->nclass;
      out->next = realloc(out->next, cap * sizeof *out->next);
      if (!out->next) abort();
    }
    for (uint32_t c = 0; c < out->nclass && ok; c++) {
      set_t from = b.states[s];
      step(&b, &from, rep[c]);
      uint32_t t = intern(&b, max_states);
      ok = t != UINT32_MAX;
      if ((size_t)b.nstate * out->nclass > cap) {
        cap = (size_t)b.cap_state * out->nclass;
        out->next = realloc(out->next, cap * sizeof *out->next);
        if (!out->next) abort();
      }
      out->next[(size_t)s * out->nclass + c] = t;
    }
  }
  if (ok) finish(&b, out);
  build_free(&b);
  if (!ok) evcc_dfa_free(out);
  return ok;
}

void evcc_dfa_free(evcc_dfa_t *d) {
  free(d->next);
  free(d->acc_off);
  free(d->acc);
  memset(d, 0, sizeof *d);
}
