/* Scans a number and converts it for comparison in one pass (the generated matchers' numeric leaves). */
#include "eventc/match.h"
#include "num.h"

/* 16 bytes at a time where SSE2 is sure to exist; -DEVC_SCAN_PORTABLE tests the word-wise path alone. */
#if defined(__SSE2__) && defined(__GNUC__) && defined(EVC_SWAR_CTZ) && !defined(EVC_SCAN_PORTABLE)
#define NUMVAL_SSE2 1
#endif

/*
 * The usual form: an optional '-', 1 to 7 integer digits (no leading zero), optionally '.' and
 * 1 to 16 fraction digits, 19 digits in all, no exponent, read in at most three word steps.
 * Reads up to 24 bytes past `p`, so the caller leaves that much room. Returns the end of the
 * number and its decimal value mant * 10^exp10, or NULL for any other form.
 */
#ifndef NUMVAL_SSE2
static const char *plain_number(const char *p, uint64_t *mant, int *exp10) {
#ifdef EVC_SWAR_CTZ
  const char *d = p + (*p == '-');
  uint64_t v = load64(d);
  unsigned i = leading_digits(v);
  if (i == 0 || i == 8 || (d[0] == '0' && i > 1)) return NULL;
  uint64_t m = digits_value(v, i);
  const char *q = d + i;
  int e = 0;
  if (*q == '.') {
    uint64_t w = load64(q + 1);
    unsigned k = leading_digits(w);
    if (k == 0) return NULL; /* "1." is not JSON: the general path says why */
    m = m * pow10_small(k) + digits_value(w, k);
    q += 1 + k;
    e = -(int)k;
    if (k == 8) {
      w = load64(q);
      k = leading_digits(w);
      if (k == 8 || i + 8 + k > 19) return NULL;
      if (k) m = m * pow10_small(k) + digits_value(w, k);
      q += k;
      e -= (int)k;
    }
  }
  if (*q == 'e' || *q == 'E' || *q == '.') return NULL;
  *mant = m;
  *exp10 = e;
  return q;
#else
  (void)p;
  (void)mant;
  (void)exp10;
  return NULL;
#endif
}
#endif

#ifdef NUMVAL_SSE2
#include <emmintrin.h>

/* Bit i set: byte i of the 16 (already minus '0') is not a digit; bit 16 always set. */
static unsigned non_digits16(__m128i d) {
  __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
  return (~(unsigned)_mm_movemask_epi8(digit) & 0xFFFFu) | 0x10000u;
}

/* The 16 digit values (byte 0 first) as one decimal number, by pairs, quads and octets (even words weigh more). */
static uint64_t value16(__m128i d) {
  const __m128i z = _mm_setzero_si128();
  __m128i tens = _mm_set1_epi32(1 << 16 | 10), hundreds = _mm_set1_epi32(1 << 16 | 100);
  __m128i pairs = _mm_packs_epi32(_mm_madd_epi16(_mm_unpacklo_epi8(d, z), tens),
                                  _mm_madd_epi16(_mm_unpackhi_epi8(d, z), tens));
  __m128i quads = _mm_madd_epi16(pairs, hundreds);
  __m128i octets = _mm_madd_epi16(_mm_packs_epi32(quads, quads), _mm_set1_epi32(1 << 16 | 10000));
  uint64_t hi = (uint32_t)_mm_cvtsi128_si32(octets), lo = (uint32_t)_mm_cvtsi128_si32(_mm_srli_si128(octets, 4));
  return hi * 100000000u + lo;
}

/*
 * The same forms by 16 bytes: the digits before and after the '.' joined into one register (the
 * fraction's bytes moved down over the '.'), the digits past the 16th (up to 7) only skipped: `cut`
 * says some were, the significand then being the first 16 digits (10^15 or more). Reads up to 26
 * bytes past `p`. The significand comes left-aligned (zeros after the last digit, exp10 to match).
 */
static const char *plain_number16(const char *p, uint64_t *mant, int *exp10, bool *cut) {
  const char *d = p + (*p == '-');
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i iota = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  __m128i digits = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)d), zero);
  unsigned i = (unsigned)__builtin_ctz(non_digits16(digits)), n = i;
  if (i == 0 || i == 16 || (d[0] == '0' && i > 1)) return NULL;
  const char *q = d + i;
  if (*q == '.') {
    __m128i after = _mm_sub_epi8(_mm_loadu_si128((const __m128i *)(const void *)(d + 1)), zero);
    __m128i before_dot = _mm_cmplt_epi8(iota, _mm_set1_epi8((char)i));
    digits = _mm_or_si128(_mm_and_si128(before_dot, digits), _mm_andnot_si128(before_dot, after));
    n = (unsigned)__builtin_ctz(non_digits16(digits));
    if (n == i) return NULL; /* "1." is not JSON: the general path says why */
    q = d + n + 1;
  }
  digits = _mm_and_si128(digits, _mm_cmplt_epi8(iota, _mm_set1_epi8((char)n)));
  uint64_t m = value16(digits);
  int e = (int)i - 16;
  *cut = false;
  if (n == 16) { /* digits past the 16th are left out of m: it has 16 significant ones, enough to compare */
    unsigned k = leading_digits(load64(q));
    if (k == 8 || m < UINT64_C(1000000000000000)) return NULL;
    q += k;
    *cut = k > 0;
  }
  if (*q == 'e' || *q == 'E' || *q == '.') return NULL;
  *mant = m;
  *exp10 = e;
  return q;
}

/* -v when neg, by the sign bit: x and y of a point differ in sign, and a branch mispredicts. */
static double signed_value(double v, bool neg) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  bits ^= (uint64_t)neg << 63;
  memcpy(&v, &bits, sizeof bits);
  return v;
}

/* 10^-k rounded to the nearest double, k in 0..15 (plain_number16's exp10 is -15..-1). */
static const double neg_pow10[16] = {1e0,  1e-1, 1e-2,  1e-3,  1e-4,  1e-5,  1e-6,  1e-7,
                                     1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15};

/*
 * mant * 10^exp10 (exp10 in -15..-1), within err of the nearest double. A fraction multiplies by
 * the rounded 10^exp10 (a division would sit on the comparisons' dependency chain for 13 cycles
 * or more) and is never marked exact unless zero: three roundings of 2^-53 each (mant to double,
 * the power, the product) plus the nearest double's own half ulp stay under 2^-50 of v, and
 * evc_numval_cmp converts exactly when a constant is that close. A cut leaves out less than
 * 10^exp10, at most 1e-15 of mant * 10^exp10 (mant >= 10^15): 2^-48 covers it with the roundings.
 * An integer divides instead, exactly, so that equality with an integer constant, the common
 * case, is decided without the exact conversion: its i digits times 10^(16 - i) are below
 * 5^16 * 2^15 < 2^53 once the factor 2^(16 - i) is left to the exponent, so mant is an exact
 * double, and the quotient, an integer below 10^15, is too.
 */
static bool quick_value(uint64_t mant, int exp10, bool neg, bool integral, bool cut, evc_numval_t *n) {
  static const double err_scale[2] = {0x1p-50, 0x1p-48}; /* indexed by cut: half the numbers have 17 digits */
  if (mant >> 63) return false;
  double v;
  if (integral) {
    v = (double)(int64_t)mant / evc_pow10_exact[-exp10];
    n->exact = true;
    n->err = 0;
  } else {
    v = (double)(int64_t)mant * neg_pow10[-exp10];
    n->exact = mant == 0;
    n->err = v * err_scale[cut];
  }
  n->value = signed_value(v, neg);
  return true;
}

/* mant * 10^exp10 read from i + k <= 19 digits (exp10 = -k, k <= 15; an integer has at most 15 digits). */
static bool to_numval(uint64_t mant, int exp10, bool neg, evc_numval_t *n) {
  return quick_value(mant, exp10, neg, exp10 == 0, false, n);
}

/* Numbers with more than 8 integer digits (quick_number8 takes the others); out of line, as rarer. */
OUTLINED const char *quick_number16(const char *p, evc_numval_t *n) {
  uint64_t mant;
  int exp10;
  bool cut;
  bool neg = *p == '-';
  const char *q = plain_number16(p, &mant, &exp10, &cut);
  if (!q) return NULL;
  bool integral = q - p - neg == exp10 + 16; /* as many characters as integer digits: no '.' */
  return quick_value(mant, exp10, neg, integral, cut, n) ? q : NULL;
}

/*
 * 10^(i - 8) for i integer digits (1..8), enlarged by 10^-7 of itself: the digits past the 8th
 * add less than 10^(i - 8) to the value, and the two roundings of value8's product (at most
 * 2^-52 of a value below 10^i, 2.3e-8 of 10^(i - 8)) fit in the margin.
 */
static const double cut_err[9] = {0,           1.0000001e-7, 1.0000001e-6, 1.0000001e-5, 1.0000001e-4,
                                  1.0000001e-3, 1.0000001e-2, 1.0000001e-1, 1.0000001e0};

/*
 * The value of the number whose k digits (the first i before the '.') are those of w, cut says more
 * digits followed: an integer is exact; a fraction multiplies by the rounded 10^(i - k), within
 * 2^-50 of v as quick_value argues; a cut number is within cut_err[i]. The error is chosen from
 * tables, not branches: whether a number was cut is random in many streams.
 */
HOT void value8(uint64_t w, unsigned i, unsigned k, bool fraction, bool cut, bool neg, evc_numval_t *n) {
  static const double round_err[3] = {0, 0x1p-50, 0}, cut_part[3] = {0, 0, 1};
  uint64_t v8 = digits_value(w, k);
  double v = (double)(int64_t)v8 * neg_pow10[k - i];
  bool exact = !fraction || (v8 == 0 && !cut);
  unsigned how = (unsigned)!exact + (unsigned)cut; /* 0 exact, 1 rounded, 2 cut */
  n->exact = exact;
  n->err = v * round_err[how] + cut_err[i] * cut_part[how];
  n->value = signed_value(v, neg);
}

/*
 * The usual form with at most 8 integer digits, checked in one 32-byte window (plain_number_window,
 * 32 readable bytes at p): its value from its first 8 digits, those before the '.' joined to those after it in
 * one word. Comparisons that the digits left out could change fall back to the exact conversion
 * (evc_numval_cmp): of CityLots coordinates, 17 digits each, about one in a thousand.
 */
HOT const char *quick_number8(const char *p, evc_numval_t *n) {
  bool neg = *p == '-';
  const char *d = p + neg;
  unsigned i, f;
  const char *q = plain_number_window(p, &i, &f);
  if (!q || i > 8 || (*q | 0x20) == 'e' || *q == '.') return NULL;
  uint64_t before = ~UINT64_C(0) >> (64 - 8 * i); /* the integer digits' bytes; the fraction's follow, one byte on */
  uint64_t w = (load64(d) & before) | (load64(d + 1) & ~before);
  value8(w, i, i + f < 8 ? i + f : 8, f > 0, i + f > 8, neg, n);
  return q;
}

#define QUICK_ROOM 32 /* plain_number_window reads 32 bytes at p, plain_number16 up to 26 past p */

HOT const char *quick_number(const char *p, evc_numval_t *n) { /* inlined into evc_scan_numval: no call per number */
  const char *q = quick_number8(p, n);
  return q ? q : quick_number16(p, n);
}
#else
#define QUICK_ROOM 25 /* plain_number reads up to 24 bytes past p */

/* Word-wise the conversion is exact: no error bound to carry. */
static bool to_numval(uint64_t mant, int exp10, bool neg, evc_numval_t *n) {
  if (!evc_decimal_to_double(mant, exp10, neg, &n->value)) return false;
  n->err = 0;
  n->exact = true;
  return true;
}

static const char *quick_number(const char *p, evc_numval_t *n) {
  uint64_t mant;
  int exp10;
  const char *q = plain_number(p, &mant, &exp10);
  return q && to_numval(mant, exp10, *p == '-', n) ? q : NULL;
}
#endif

/*
 * The quick forms for a number fewer than QUICK_ROOM bytes before the buffer's end (the last of an event, such as
 * CityLots' firstCoordinates.z), read in place by number_plain_long (num.h), a word at a time: a padded copy would
 * cost a store-forwarding stall per read, the copy's stores not being the shape of the reads. Up to 19 digits and 15
 * fraction digits, as quick_value takes them (an integer of up to 15 digits stays exact); the general path reads
 * the others.
 */
OUTLINED const char *quick_number_near_end(const evc_scan_t *s, const char *p, evc_numval_t *n) {
  bool neg = *p == '-';
  const char *d = p + neg;
  uint64_t mant;
  size_t k;
  const char *q = number_plain_long(d, s->end, s->base, &mant, &k);
  if (!q || k > 15 || (size_t)(q - d) - (k ? k + 1 : 0) > 15 || (q < s->end && *q == '.')) return NULL;
  return to_numval(mant, -(int)k, neg, n) ? q : NULL;
}

const char *evc_scan_numval(evc_scan_t *s, const char *p, evc_numval_t *n) {
  size_t left = (size_t)(s->end - p);
  const char *q = left >= QUICK_ROOM ? quick_number(p, n) : quick_number_near_end(s, p, n);
  if (q) {
    n->num.ptr = p;
    n->num.len = (size_t)(q - p);
    return q;
  }
  evc_num_t num;
  p = evc_scan_number(s, p, &num);
  if (p) evc_numval_init(n, &num);
  return p;
}
