/* Hash lookup in generated tables of exact strings (eventc/strtab.h). */
#include "eventc/strtab.h"

#include <string.h>

#define GOLDEN UINT64_C(0x9E3779B97F4A7C15)

/* The n bytes at s (n is 0, 1, 2 or 4; compilers make one load of them on little-endian machines) as a
 * little-endian word. */
static uint64_t le_load(const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  uint64_t w = 0;
  if (n >= 1) w = u[0];
  if (n >= 2) w |= (uint64_t)u[1] << 8;
  if (n == 4) w |= (uint64_t)u[2] << 16 | (uint64_t)u[3] << 24;
  return w;
}

/*
 * Up to 8 bytes at s as a little-endian word, whatever the machine's byte order: two loads that may overlap, the
 * first bytes and the last ones moved to their place (the bytes both hold are the same), so never a byte loop.
 */
static uint64_t le_bytes(const char *s, size_t n) {
  if (n >= 4) return le_load(s, 4) | le_load(s + n - 4, 4) << (8 * (n - 4));
  if (n >= 2) return le_load(s, 2) | le_load(s + n - 2, 2) << (8 * (n - 2));
  return le_load(s, n);
}

static uint64_t mix(uint64_t h, uint64_t w) {
  h = (h ^ w) * GOLDEN;
  return h ^ (h >> 29);
}

uint32_t evc_str_hash(const char *s, size_t len) {
  uint64_t h = GOLDEN ^ (uint64_t)len;
  size_t i = 0;
  for (; len - i >= 8; i += 8) h = mix(h, le_bytes(s + i, 8));
  h = mix(h, le_bytes(s + i, len - i));
  return (uint32_t)(h ^ (h >> 32));
}

int32_t evc_strtab_lookup(const evc_strent_t *tab, const uint32_t *slots, uint32_t mask, const char *s, size_t len) {
  uint32_t hash = evc_str_hash(s, len), tag = hash & ~mask;
  for (uint32_t h = hash & mask;; h = (h + 1) & mask) {
    uint32_t e = slots[h];
    if (!e) return -1;
    if ((e & ~mask) != tag) continue; /* another hash: its entry and bytes stay unread (cache misses, in big tables) */
    const evc_strent_t *t = &tab[(e & mask) - 1];
    if (t->len == len && memcmp(t->s, s, len) == 0) return (int32_t)((e & mask) - 1);
  }
}
