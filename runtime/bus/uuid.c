/* Per-bus pseudo-random numbers (ids, retry jitter) and version-4 UUIDs; no global state. */
#include "bus_util.h"

void evc_rng_seed(evc_rng_t *r, uint64_t seed) {
  /* splitmix64 spreads small seeds over all bits; a zero state would stay zero. */
  uint64_t z = seed + 0x9E3779B97F4A7C15u;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  z ^= z >> 31;
  r->s = z ? z : 0x2545F4914F6CDD1Du;
}

uint64_t evc_rng_next(evc_rng_t *r) {
  r->s ^= r->s >> 12;
  r->s ^= r->s << 25;
  r->s ^= r->s >> 27;
  return r->s * 0x2545F4914F6CDD1Du;
}

void evc_uuid4(evc_rng_t *r, char out[37]) {
  static const char hex[] = "0123456789abcdef";
  unsigned char b[16];
  uint64_t a = evc_rng_next(r), c = evc_rng_next(r);
  for (int i = 0; i < 8; i++) {
    b[i] = (unsigned char)(a >> (8 * i));
    b[8 + i] = (unsigned char)(c >> (8 * i));
  }
  b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
  b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
  size_t o = 0;
  for (int i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = hex[b[i] >> 4];
    out[o++] = hex[b[i] & 15];
  }
  out[o] = '\0';
}
