/* Word-at-a-time helpers (bit counts, digit runs) shared inside libeventc: scanner, schema cursor, matcher support. */
#ifndef EVENTC_SWAR_H
#define EVENTC_SWAR_H

#include <stdint.h>
#include <string.h>

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define EVC_SWAR_CTZ 1
#endif

#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#define COLD static __attribute__((noinline, cold))
#define OUTLINED static __attribute__((noinline)) /* kept out of a HOT caller's body: its rarer branch */
#else
#define HOT static inline
#define COLD static
#define OUTLINED static
#endif

#if defined(__SSE2__) && defined(__GNUC__) && !defined(EVC_SCAN_PORTABLE)
#include <emmintrin.h>

/* Bit i set when p[i] (16 readable bytes) is not an ASCII digit. */
HOT unsigned non_digit16(const char *p) {
  __m128i x = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)p), _mm_set1_epi8('0'));
  __m128i d = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(9)), x); /* byte - '0' in 0..9 */
  return (unsigned)_mm_movemask_epi8(d) ^ 0xFFFFu;
}

/*
 * The usual number forms, -?int(.frac)? ending within 32 bytes, checked with two loads instead of
 * byte by byte (32 readable bytes at p): *ni integer and *nf fraction digits (0 without a '.').
 * Returns the end of that form, which the caller checks is not followed by an exponent, or NULL
 * (errors, long numbers), which the general path then reads. The scanner's skip and the numeric
 * leaves' conversion (scan_numval.c) both read numbers through it; the skip's flat objects read the same
 * grammar from one mask of their 64 bytes (flat_number_end in scan.c).
 */
HOT const char *plain_number_window(const char *p, unsigned *ni, unsigned *nf) {
  unsigned neg = *p == '-';
  const char *q = p + neg;
  /* bit i: q[i] is not a digit; the bits shifted in at the top are 0, so any set bit is real */
  uint32_t m = ((uint32_t)non_digit16(p) | (uint32_t)non_digit16(p + 16) << 16) >> neg;
  if (!m) return NULL;
  unsigned i = (unsigned)__builtin_ctz(m), f = 0;
  if (i == 0 || (q[0] == '0' && i > 1)) return NULL;
  if (q[i] == '.') {
    if (i >= 31) return NULL; /* the fraction starts past the window */
    m >>= i + 1;
    if (!m || (m & 1u)) return NULL;
    f = (unsigned)__builtin_ctz(m);
    q += 1 + f;
  }
  *ni = i;
  *nf = f;
  return q + i;
}
#endif

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

HOT uint64_t load64(const char *p) {
  uint64_t v;
  memcpy(&v, p, sizeof v);
  return v;
}

/* Bit scans of a nonzero word, and a population count (builtins where the compiler has them). */
HOT unsigned trailing_zeros64(uint64_t w) {
#if defined(__GNUC__)
  return (unsigned)__builtin_ctzll(w);
#else
  unsigned n = 0;
  for (; !(w & 1); w >>= 1) n++;
  return n;
#endif
}

HOT unsigned leading_zeros64(uint64_t w) {
#if defined(__GNUC__)
  return (unsigned)__builtin_clzll(w);
#else
  unsigned n = 0;
  for (; !(w >> 63); w <<= 1) n++;
  return n;
#endif
}

/* Set bits of w: the POPCNT instruction where the build targets it, else a few word operations
 * (gcc's __builtin_popcountll is a library call there). */
HOT unsigned bits_set64(uint64_t w) {
#if defined(__GNUC__) && defined(__POPCNT__)
  return (unsigned)__builtin_popcountll(w);
#else
  w -= (w >> 1) & UINT64_C(0x5555555555555555);
  w = (w & UINT64_C(0x3333333333333333)) + ((w >> 2) & UINT64_C(0x3333333333333333));
  w = (w + (w >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
  return (unsigned)((w * UINT64_C(0x0101010101010101)) >> 56);
#endif
}

/* Bit i set when an odd number of bits of x are at or before i (of quote masks: the bytes inside
 * strings, opening quotes included). */
HOT uint64_t prefix_xor64(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* Whether the CPU runs the block skips' AVX2 code: AVX2 with BMI1/2, POPCNT and PCLMULQDQ. */
static inline int evc_cpu_avx2(void) {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
         __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("pclmul");
}

/* The same by one carry-less multiply by all ones (PCLMULQDQ: callers check the CPU has it). */
__attribute__((target("pclmul"))) HOT uint64_t prefix_xor64_clmul(uint64_t x) {
  __m128i product = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)x), _mm_set1_epi8(-1), 0);
  return (uint64_t)_mm_cvtsi128_si64(product);
}
#endif

HOT int is_digit(char c) { return (unsigned)(c - '0') < 10u; }

/* Bytes of a word that are not ASCII digits (the lowest flagged byte is exact). */
HOT uint64_t non_digits(uint64_t v) {
  uint64_t x = v ^ (ONES * '0');
  return ((x + ONES * 0x76) | x) & HIGHS;
}

/* How many of the 8 bytes of v (first byte lowest) are ASCII digits before another byte. */
HOT unsigned leading_digits(uint64_t v) {
  uint64_t m = non_digits(v);
  return m ? trailing_zeros64(m) >> 3 : 8;
}

/* 10^n for n in 0..8. */
HOT uint64_t pow10_small(unsigned n) {
  static const uint32_t p[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  return p[n];
}

/* Length of the run of ASCII digits at p (before end). */
HOT size_t digit_run(const char *p, const char *end) {
  const char *s = p;
#ifdef EVC_SWAR_CTZ
  while (end - p >= 8) {
    unsigned k = leading_digits(load64(p));
    if (k < 8) return (size_t)(p - s) + k;
    p += 8;
  }
#endif
  while (p < end && is_digit(*p)) p++;
  return (size_t)(p - s);
}

#ifdef EVC_SWAR_CTZ
/*
 * The value of the first k (1..8) digits of v (first byte lowest, little-endian): they are moved
 * to the top of the word (zeros before them), then pairs, quads and the octet are combined by
 * three multiplications.
 */
HOT uint64_t digits_value(uint64_t v, unsigned k) {
  uint64_t x = (v ^ (ONES * '0')) << (8 * (8 - k));
  x = (x * 10 + (x >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
  x = (x * 100 + (x >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
  return (x * 10000 + (x >> 32)) & UINT64_C(0xFFFFFFFF);
}
#endif

/*
 * The 8 bytes at p, or the bytes before end (none when p is past it) followed by zero bytes (no
 * digits). Near the end, the word ending at end is read and shifted when the text from base
 * holds 8 bytes, so no byte outside [base, end) is touched.
 */
HOT uint64_t load64_tail(const char *p, const char *end, const char *base) {
  uint64_t v = 0;
  if (end - p >= 8) return load64(p);
  if (p >= end) return 0;
#ifdef EVC_SWAR_CTZ
  if (end - base >= 8) return load64(end - 8) >> (8 * (8 - (end - p)));
  for (unsigned i = 0; p + i < end; i++) v |= (uint64_t)(unsigned char)p[i] << (8 * i); /* no memcpy call */
#else
  memcpy(&v, p, (size_t)(end - p));
#endif
  return v;
}

/*
 * Appends the digit run at p to *mant (mant * 10^k + digits, wrapping past 19 digits in all:
 * callers count) and returns the run's length.
 */
HOT size_t digits_take(const char *p, const char *end, const char *base, uint64_t *mant) {
#ifdef EVC_SWAR_CTZ
  size_t n = 0;
  for (;;) {
    uint64_t w = load64_tail(p + n, end, base);
    unsigned k = leading_digits(w);
    if (k) *mant = *mant * pow10_small(k) + digits_value(w, k);
    n += k;
    if (k < 8) return n;
  }
#else
  const char *s = p;
  (void)base;
  for (; p < end && is_digit(*p); p++) *mant = *mant * 10 + (uint64_t)(*p - '0');
  return (size_t)(p - s);
#endif
}

#endif
