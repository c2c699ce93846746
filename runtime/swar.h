/* Word-at-a-time digit helpers shared by the scanner and the schema cursor (internal to libeventc). */
#ifndef EVENTC_SWAR_H
#define EVENTC_SWAR_H

#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define EVC_SWAR_CTZ 1
#endif

#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

HOT uint64_t load64(const char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

HOT int is_digit(char c) { return (unsigned)(c - '0') < 10u; }

/* Bytes of a word that are not ASCII digits (the lowest flagged byte is exact). */
HOT uint64_t non_digits(uint64_t v) {
  uint64_t x = v ^ (ONES * '0');
  return ((x + ONES * 0x76) | x) & HIGHS;
}

/* Length of the run of ASCII digits at p (before end). */
HOT size_t digit_run(const char *p, const char *end) {
  const char *s = p;
#ifdef EVC_SWAR_CTZ
  while (end - p >= 8) {
    uint64_t m = non_digits(load64(p));
    if (m) return (size_t)(p - s) + ((unsigned)__builtin_ctzll(m) >> 3);
    p += 8;
  }
#endif
  while (p < end && is_digit(*p)) p++;
  return (size_t)(p - s);
}

#ifdef EVC_SWAR_CTZ
/*
 * Value of the n (1..8) digits at p, with 8 bytes readable there: the digits are moved to the
 * top of the word (zeros before them), then pairs, quads and the octet are combined by three
 * multiplications (byte 0 is the most significant digit on a little-endian machine).
 */
HOT uint64_t digits_value(const char *p, unsigned n) {
  uint64_t v = (load64(p) - ONES * '0') << (8 * (8 - n));
  v = (v * 10 + (v >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
  v = (v * 100 + (v >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
  return (v * 10000 + (v >> 32)) & UINT64_C(0xFFFFFFFF);
}
#endif

/* mant * 10^n + the n digits at p (before end); at most 19 digits in all. */
HOT uint64_t digits_append(uint64_t mant, const char *p, size_t n, const char *end) {
#ifdef EVC_SWAR_CTZ
  while (n >= 8 && end - p >= 8) {
    mant = mant * 100000000u + digits_value(p, 8);
    p += 8;
    n -= 8;
  }
  static const uint32_t scale[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
  if (n && end - p >= 8) return mant * scale[n] + digits_value(p, (unsigned)n);
#endif
  for (; n; n--, p++) mant = mant * 10 + (uint64_t)(*p - '0');
  return mant;
}

#endif
