/* Unicode case variants and UTF-8 decoding, as equals-ignore-case needs (ÉTÉ = été, ß = SS). */
#ifndef EVENTC_CASEFOLD_H
#define EVENTC_CASEFOLD_H

#include <stddef.h>
#include <stdint.h>

/* Room for one variant: a full case mapping gives at most 3 code points. */
#define EVC_CASE_VARIANT_MAX 12

/*
 * The texts an event may hold in place of code point `cp` of an equals-ignore-case pattern:
 * `cp` itself, its full lowercase and its full uppercase mapping (Unicode's default mappings,
 * which event-ruler applies to each pattern character), without repeats. Writes them as UTF-8
 * to out[i] (lengths in len[i]) and returns how many there are (1 to 3). No variant is a
 * prefix of another, so the first one that fits at a position is the only one.
 */
size_t evc_case_variants(uint32_t cp, unsigned char out[3][EVC_CASE_VARIANT_MAX], size_t len[3]);

/*
 * The case variants of the code point that starts s[0..n) (n > 0), as evc_case_variants; a byte
 * that starts no valid UTF-8 sequence is its only variant. Stores the bytes read in *used.
 */
size_t evc_case_variants_at(const char *s, size_t n, size_t *used, unsigned char out[3][EVC_CASE_VARIANT_MAX],
                            size_t len[3]);

/*
 * Decodes one UTF-8 sequence at s[0..len): stores the code point and returns its length,
 * or returns 0 for an invalid sequence (then *cp is the byte itself).
 */
size_t evc_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/* Encodes `cp` as UTF-8 into out (room for 4); returns the length. */
size_t evc_utf8_encode(uint32_t cp, unsigned char *out);

#endif
