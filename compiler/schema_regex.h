/* ECMA-262 regex subset compiled at build time to a DFA over code points (schema `pattern`). */
#ifndef EVCC_SCHEMA_REGEX_H
#define EVCC_SCHEMA_REGEX_H

#include "buf.h"
#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct evcc_redfa evcc_redfa_t;

/* Compiles `src` (search semantics: unanchored unless ^/$ say so); NULL after an error at `loc`. */
evcc_redfa_t *evcc_regex_compile(const char *src, evcc_loc_t loc, evcc_diag_t *d);
void evcc_redfa_free(evcc_redfa_t *dfa);
/* Runs the DFA over UTF-8 decoded by evc_utf8_next (the interpreter of `eventc validate`). */
bool evcc_redfa_match(const evcc_redfa_t *dfa, const char *s, size_t n);
/*
 * Appends to `out` (UTF-8) a random string of `min_len`..`max_len` code points that the DFA matches,
 * drawing from `next_random(rng)`; false when no such string was found (printable ASCII preferred).
 */
bool evcc_redfa_sample(const evcc_redfa_t *dfa, unsigned long long (*next_random)(void *rng), void *rng,
                       size_t min_len, size_t max_len, evcc_buf_t *out);
/*
 * Emits `static int NAME(const char *s, size_t n)`, the same answers as evcc_redfa_match on any bytes: ASCII
 * bytes through a byte-class map and a transition table, multi-byte characters decoded by evc_utf8_next.
 * The code uses <eventc/validate.h>, <stdint.h> and <string.h>.
 */
void evcc_redfa_emit(const evcc_redfa_t *dfa, evcc_buf_t *out, const char *name);

#endif
