/* Generated tables of exact strings: a hash index over them, so a lookup costs the same for 50 or 50,000 strings. */
#ifndef EVENTC_STRTAB_H
#define EVENTC_STRTAB_H

#include <stddef.h>
#include <stdint.h>

/* An entry of a generated table of exact strings (kept sorted by length, then bytes, for review). */
typedef struct evc_strent {
  uint32_t len;
  const char *s;
} evc_strent_t;

/*
 * The hash `eventc compile` places each string by and the run time looks it up with: the same value on every
 * machine (bytes are read little-endian explicitly), so generated tables cross-compile.
 */
uint32_t evc_str_hash(const char *s, size_t len);

/*
 * Index of (s, len) in `tab`, or -1. `slots` (mask + 1 of them, a power of two, at least half empty) holds each
 * entry at the first free slot from evc_str_hash(entry) & mask on, as 1 + its index in the bits under `mask` and
 * the bits of its hash above them (so that a probe of another string rarely reads the entry); 0 when empty.
 */
int32_t evc_strtab_lookup(const evc_strent_t *tab, const uint32_t *slots, uint32_t mask, const char *s, size_t len);

#endif
