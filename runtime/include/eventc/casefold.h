/* Simple per-code-point Unicode case folding on UTF-8, as equals-ignore-case needs (ÉTÉ = été). */
#ifndef EVENTC_CASEFOLD_H
#define EVENTC_CASEFOLD_H

#include <stddef.h>
#include <stdint.h>

/* The simple lowercase mapping of one code point (itself when it has none). */
uint32_t evc_fold_cp(uint32_t cp);

/*
 * Decodes one UTF-8 sequence at s[0..len): stores the code point and returns its length,
 * or returns 0 for an invalid sequence (then *cp is the byte itself).
 */
size_t evc_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Encodes `cp` as UTF-8 into out (room for 4); returns the length. */
size_t evc_utf8_encode(uint32_t cp, unsigned char *out);

/*
 * Folds UTF-8 text into `out` (room for `cap` bytes); invalid bytes are copied unchanged.
 * Returns the folded length, or (size_t)-1 when `cap` is too small.
 */
size_t evc_fold_utf8(const char *s, size_t len, char *out, size_t cap);

#endif
