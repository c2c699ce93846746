/* Glob sets (prefix, suffix, equals-ignore-case, wildcard) compiled into one byte DFA per field. */
#ifndef EVCC_MATCH_DFA_H
#define EVCC_MATCH_DFA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVCC_GLOB_STAR 256     /* an item of a glob that matches any run of bytes */
#define EVCC_GLOB_FORK 0x10000 /* FORK + k: goes on both at the next item and k items ahead */
#define EVCC_GLOB_JUMP 0x20000 /* JUMP + k: goes on k items ahead (k may reach the glob's end) */

/* One pattern: items are bytes 0..255, EVCC_GLOB_STAR, or FORK/JUMP spelling an alternation. */
typedef struct evcc_glob {
  const int *items;
  size_t n;
} evcc_glob_t;

typedef struct evcc_dfa {
  uint32_t nstate, nclass;
  uint8_t cls[256];   /* byte -> class */
  uint32_t nlive;     /* states below nlive can change; the others are stop states no byte leaves */
  uint32_t *next;     /* nlive * nclass: a stop state has no row */
  uint32_t *acc_off;  /* nstate + 1 offsets into acc */
  uint32_t *acc;      /* globs matched when the value ends in a state, ascending */
} evcc_dfa_t;

/*
 * Subset construction over the union of `globs` (their positions form the NFA). States are
 * numbered in breadth-first order from the start state 0, the stop states after all others,
 * classes in byte order, so the result depends only on the glob list. Returns false when more than `max_states` are needed.
 */
bool evcc_dfa_build(const evcc_glob_t *globs, size_t n, uint32_t max_states, evcc_dfa_t *out);
void evcc_dfa_free(evcc_dfa_t *d);

#endif
