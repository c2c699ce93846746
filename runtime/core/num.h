/* Decimal significand and exponent to the nearest double, without strtod (internal to libeventc). */
#ifndef EVENTC_NUM_H
#define EVENTC_NUM_H

#include "swar.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * Inline in every reader (scanner, schema cursor, matcher): the conversion is a few dozen
 * instructions, and a call would cost a quarter of them. The tables live in num.c.
 */

/* Powers of ten that are exact doubles: 1e0..1e22. */
extern const double evc_pow10_exact[23];

/* 5^q for q in [EVC_POW5_MIN, EVC_POW5_MAX], truncated to 128 bits (scripts/gen_pow5.py). */
#define EVC_POW5_MIN (-100)
#define EVC_POW5_MAX 100
typedef struct evc_pow5 {
  uint64_t hi, lo; /* floor(5^q / 2^(e - 127)), in [2^127, 2^128) */
  int16_t e;       /* floor(log2(5^q)) */
} evc_pow5_t;
extern const evc_pow5_t evc_pow5[EVC_POW5_MAX - EVC_POW5_MIN + 1];

/* The 128-bit product of a and b as (*hi, return value). */
HOT uint64_t mul64(uint64_t a, uint64_t b, uint64_t *hi) {
#ifdef __SIZEOF_INT128__
  __extension__ unsigned __int128 p = (unsigned __int128)a * b;
  *hi = (uint64_t)(p >> 64);
  return (uint64_t)p;
#else
  uint64_t al = a & 0xFFFFFFFFu, ah = a >> 32, bl = b & 0xFFFFFFFFu, bh = b >> 32;
  uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
  *hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
  return (mid << 32) | (ll & 0xFFFFFFFFu);
#endif
}

/*
 * w * 5^q * 2^q from the top 128 bits of w * T, T = 5^q truncated to 128 bits. The truncation
 * makes the computed product at most one unit (of its 128 bits) short, so the rounding is
 * decided unless the bits below the 54 kept ones are all ones (a carry might reach them) or a
 * possible exact tie.
 */
HOT bool eisel_lemire(uint64_t w, int q, double *out) {
  if (q < EVC_POW5_MIN || q > EVC_POW5_MAX) return false;
  unsigned lz = leading_zeros64(w);
  uint64_t wn = w << lz, hi, mid_hi;
  uint64_t lo = mul64(wn, evc_pow5[q - EVC_POW5_MIN].hi, &hi);
  /*
   * The low half of T adds at most one to hi, which only matters when the 9 bits under the kept
   * ones are all ones; otherwise lo stays short, and a tie (lo == 0 below) is left to strtod.
   */
  if ((hi & 0x1FF) == 0x1FF) {
    mul64(wn, evc_pow5[q - EVC_POW5_MIN].lo, &mid_hi); /* only its high half reaches the top 128 bits */
    lo += mid_hi;
    hi += lo < mid_hi; /* (hi, lo): the top 128 bits of the 192-bit product */
  }
  unsigned upper = (unsigned)(hi >> 63);
  uint64_t below = (UINT64_C(1) << (9 + upper)) - 1;
  uint64_t m = hi >> (9 + upper); /* 54 bits: the significand and one rounding bit */
  if ((hi & below) == below && lo == UINT64_MAX) return false;
  if ((hi & below) == 0 && lo == 0 && (m & 3) == 1) return false;
  int e2 = evc_pow5[q - EVC_POW5_MIN].e + q + 11 + (int)upper - (int)lz + 1075;
  m = (m + (m & 1)) >> 1;
  if (m == UINT64_C(1) << 53) {
    m >>= 1;
    e2++;
  }
  if (e2 < 1 || e2 > 2046) return false;
  uint64_t bits = (uint64_t)e2 << 52 | (m & ((UINT64_C(1) << 52) - 1));
  memcpy(out, &bits, sizeof *out);
  return true;
}

/*
 * w * 10^q, correctly rounded (ties to even), into *out; negated when neg. Returns false when
 * the fast methods cannot decide (exponent outside the table, subnormal or overflowing result,
 * a product too close to a rounding boundary): the caller then uses strtod.
 */
HOT bool evc_decimal_to_double(uint64_t w, int q, bool neg, double *out) {
  double d;
  if (w == 0)
    d = 0.0;
  else if (w <= UINT64_C(1) << 53 && q >= -22 && q <= 22)
    d = q < 0 ? (double)w / evc_pow10_exact[-q] : (double)w * evc_pow10_exact[q];
  else if (!eisel_lemire(w, q, &d))
    return false;
  *out = neg ? -d : d;
  return true;
}

/*
 * The usual forms, int(.frac)? after any '-', with at most 19 digits and no exponent, a word at
 * a time: returns the end and fills the digits' value and the fraction's length, or NULL to
 * leave errors, exponents and long numbers to the caller's general path. Words near the end are read
 * as the word ending there (load64_tail). The validator's number_plain is the straight-line version for
 * the common lengths; this one loops over any, and reads evc_scan_numval's numbers near the end.
 */
HOT const char *number_plain_long(const char *p, const char *end, const char *base, uint64_t *mant, size_t *nfrac) {
  uint64_t m = 0;
  size_t a = digits_take(p, end, base, &m), b = 0;
  const char *q = p + a;
  if (a == 0 || (a > 1 && *p == '0')) return NULL;
  if (q < end && *q == '.') {
    b = digits_take(q + 1, end, base, &m);
    if (b == 0) return NULL;
    q += 1 + b;
  }
  if (a + b > 19 || (q < end && (*q | 0x20) == 'e')) return NULL;
  *mant = m;
  *nfrac = b;
  return q;
}

#endif
