/* Support for generated matchers: DFA runs over decoded strings, bitsets, CIDR, duplicate keys. */
#include "eventc/match.h"
#include "swar.h"

#include "eventc/casefold.h"
#include "eventc/ip.h"

#include <string.h>

/* The state after `byte` from `st`. */
static inline uint32_t dfa_step(const evc_dfa_t *dfa, uint32_t st, unsigned char byte) {
  size_t at = (size_t)st * dfa->nclass + dfa->cls[byte];
  return dfa->next16 ? dfa->next16[at] : dfa->next[at];
}

/* Feeds one decoded code point's UTF-8 bytes. */
static uint32_t feed_cp(const evc_dfa_t *dfa, uint32_t st, uint32_t cp) {
  unsigned char b[4];
  size_t n = evc_utf8_encode(cp, b);
  for (size_t i = 0; i < n && st < dfa->nlive; i++) st = dfa_step(dfa, st, b[i]);
  return st;
}

static uint32_t hex4(const char *p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    char c = p[i];
    uint32_t h = c <= '9' ? (uint32_t)(c - '0') : (uint32_t)((c | 0x20) - 'a' + 10);
    v = v * 16 + h;
  }
  return v;
}

/* Decodes the escape at `p` into a code point; returns the bytes it used. */
static size_t escape_cp(const char *p, uint32_t *cp) {
  switch (p[1]) {
  case 'b': *cp = '\b'; return 2;
  case 'f': *cp = '\f'; return 2;
  case 'n': *cp = '\n'; return 2;
  case 'r': *cp = '\r'; return 2;
  case 't': *cp = '\t'; return 2;
  case 'u': break;
  default: *cp = (unsigned char)p[1]; return 2;
  }
  uint32_t u = hex4(p + 2);
  if (u < 0xD800 || u > 0xDBFF) {
    *cp = u;
    return 6;
  }
  *cp = 0x10000 + ((u - 0xD800) << 10) + (hex4(p + 8) - 0xDC00);
  return 12;
}

uint32_t evc_dfa_run(const evc_dfa_t *dfa, const evc_str_t *str) {
  const unsigned char *p = (const unsigned char *)str->ptr, *end = p + str->len;
  uint32_t st = 0;
  while (p < end && st < dfa->nlive) {
    if (*p == '\\') {
      uint32_t cp;
      p += escape_cp((const char *)p, &cp);
      st = feed_cp(dfa, st, cp);
    } else
      st = dfa_step(dfa, st, *p++);
  }
  return st;
}

/* 1e0 .. 1e308 as the compiler rounds them (each within half an ulp). */
#define P10_ROW(a) 1e##a##0, 1e##a##1, 1e##a##2, 1e##a##3, 1e##a##4, 1e##a##5, 1e##a##6, 1e##a##7, 1e##a##8, 1e##a##9
static const double p10[] = {P10_ROW(), P10_ROW(1), P10_ROW(2), P10_ROW(3), P10_ROW(4), P10_ROW(5), P10_ROW(6),
                             P10_ROW(7), P10_ROW(8), P10_ROW(9), P10_ROW(10), P10_ROW(11), P10_ROW(12), P10_ROW(13),
                             P10_ROW(14), P10_ROW(15), P10_ROW(16), P10_ROW(17), P10_ROW(18), P10_ROW(19), P10_ROW(20),
                             P10_ROW(21), P10_ROW(22), P10_ROW(23), P10_ROW(24), P10_ROW(25), P10_ROW(26), P10_ROW(27),
                             P10_ROW(28), P10_ROW(29), 1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308};

/*
 * The usual form int.frac (1 to 7 integer and 1 to 16 fraction digits, 19 in all, no exponent)
 * in three word steps instead of a digit search; `d` is just after the sign. False: take the
 * general path. Words are read within [d, end): the last one is loaded ending at `end`.
 */
static bool short_significand(const char *d, const char *end, uint64_t *mant, int *exp10) {
#ifdef EVC_SWAR_CTZ
  uint64_t v, w, frac;
  if (end - d < 8) return false;
  memcpy(&v, d, sizeof v);
  unsigned i = leading_digits(v), nf;
  if (i == 0 || i == 8 || d[i] != '.' || end - (d + i + 1) > 19 - (long)i) return false;
  nf = (unsigned)(end - (d + i + 1)); /* the fraction's digits if no exponent follows */
  if (nf == 0 || nf > 16) return false;
  if (nf > 8) {
    memcpy(&w, d + i + 1, sizeof w);
    if (leading_digits(w) != 8) return false;
    frac = digits_value(w, 8);
  } else
    frac = 0;
  unsigned last = nf > 8 ? nf - 8 : nf; /* digits in the word that ends at `end` */
  memcpy(&w, end - 8, sizeof w);
  w >>= 8 * (8 - last); /* the zero bytes shifted in stop leading_digits */
  if (leading_digits(w) != last) return false;
  frac = frac * pow10_small(last) + digits_value(w, last);
  *mant = digits_value(v, i) * (nf > 8 ? pow10_small(8) * pow10_small(nf - 8) : pow10_small(nf)) + frac;
  *exp10 = -(int)nf;
  return true;
#else
  (void)d;
  (void)end;
  (void)mant;
  (void)exp10;
  return false;
#endif
}

/* Appends one digit to the significand while it has room (19 digits), else counts it out. */
#define TAKE_DIGIT(c, scaled)                                                                       \
  do {                                                                                              \
    if (mant < UINT64_C(1000000000000000000)) {                                                     \
      mant = mant * 10 + (uint64_t)((c) - '0');                                                     \
      exp10 -= (scaled);                                                                            \
    } else {                                                                                        \
      exp10 += 1 - (scaled);                                                                        \
      truncated |= (c) != '0';                                                                      \
    }                                                                                               \
  } while (0)

/*
 * Takes digits 8 at a time while the significand has room for them; returns where it stopped.
 * Never reads outside [start, end): the last partial word is loaded ending at `end`.
 */
HOT const char *swar_digits(const char *start, const char *p, const char *end, uint64_t *mant,
                                   int *exp10, int scaled) {
#ifdef EVC_SWAR_CTZ
  while (p < end && *mant < UINT64_C(100000000000)) {
    uint64_t v;
    if (end - p >= 8) memcpy(&v, p, sizeof v);
    else if (end - start >= 8) {
      memcpy(&v, end - 8, sizeof v);
      v >>= 8 * (unsigned)(8 - (end - p)); /* the bytes from p on, zero-filled above */
    } else
      break;
    unsigned k = leading_digits(v);
    if (k == 0) break;
    *mant = *mant * pow10_small(k) + digits_value(v, k);
    *exp10 -= scaled * (int)k;
    p += k;
    if (k < 8) break;
  }
#else
  (void)start;
  (void)end;
  (void)mant;
  (void)exp10;
  (void)scaled;
#endif
  return p;
}

void evc_numval_init(evc_numval_t *n, const evc_num_t *num) {
  const char *p = num->ptr, *end = p + num->len;
  bool neg = *p == '-', truncated = false;
  uint64_t mant = 0;
  int exp10 = 0;
  n->num = *num;
  if (neg) p++;
  if (short_significand(p, end, &mant, &exp10))
    p = end;
  else {
    p = swar_digits(num->ptr, p, end, &mant, &exp10, 0);
    for (; p < end && is_digit(*p); p++) TAKE_DIGIT(*p, 0);
    if (p < end && *p == '.') {
      p = swar_digits(num->ptr, p + 1, end, &mant, &exp10, 1);
      for (; p < end && is_digit(*p); p++) TAKE_DIGIT(*p, 1);
    }
  }
  if (p < end) { /* exponent */
    int e = 0;
    bool eneg = false;
    p++;
    if (*p == '+' || *p == '-') eneg = *p++ == '-';
    for (; p < end && is_digit(*p); p++)
      if (e < 100000) e = e * 10 + (*p - '0');
    exp10 += eneg ? -e : e;
  }
  if (mant == 0 && !truncated) {
    n->value = neg ? -0.0 : 0.0;
    n->err = 0;
    n->exact = true;
    return;
  }
  if (exp10 < -290 || exp10 > 290) { /* rare: convert exactly now */
    n->value = evc_num_to_double(num);
    n->err = 0;
    n->exact = true;
    return;
  }
  double v = (double)mant;
  n->exact = !truncated && mant <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22;
  v = exp10 < 0 ? v / p10[-exp10] : v * p10[exp10];
  n->value = neg ? -v : v;
  n->err = n->exact ? 0 : v * 0x1p-49; /* three roundings of half an ulp each, with room to spare */
}

/* Adds mask x unless a kept mask includes it; drops the kept masks x includes. */
static void achain_insert(evc_achain_t *a, uint64_t x) {
  uint32_t i, w = 0;
  for (i = 0; i < a->n; i++)
    if ((a->m[i] & x) == x) return;
  for (i = 0; i < a->n; i++)
    if ((a->m[i] & x) != a->m[i]) a->m[w++] = a->m[i];
  a->n = w;
  if (a->n == EVC_ACHAIN_CAP) a->overflow = 1;
  else a->m[a->n++] = x;
}

void evc_achain_add(evc_achain_t *a, unsigned term) {
  evc_achain_t old = *a;
  uint32_t i;
  a->n = 0;
  for (i = 0; i < old.n; i++) achain_insert(a, old.m[i] | (UINT64_C(1) << term));
}

void evc_achain_merge(evc_achain_t *into, const evc_achain_t *from) {
  uint32_t i;
  for (i = 0; i < from->n; i++) achain_insert(into, from->m[i]);
  into->overflow |= from->overflow;
}

uint32_t evc_bits_next(const uint64_t *bits, uint32_t count, uint32_t from) {
  while (from < count) {
    uint64_t w = bits[from >> 6] >> (from & 63);
    if (w) {
      from += trailing_zeros64(w);
      return from < count ? from : count;
    }
    from = (from | 63) + 1;
  }
  return count;
}

void evc_zero(void *p, size_t n) {
  memset(p, 0, n);
}

const char *evc_str_bounded(const evc_str_t *str, char *buf, size_t cap, size_t *len) {
  if (!str->escaped) {
    *len = str->len;
    return str->len <= cap ? str->ptr : NULL;
  }
  *len = evc_str_unescape(str, buf, cap);
  return *len <= cap ? buf : NULL;
}

bool evc_str_in_cidr(const evc_str_t *str, bool v6, const uint8_t *net, unsigned bits) {
  char buf[64];
  uint8_t addr[16];
  size_t len;
  const char *t = evc_str_bounded(str, buf, sizeof buf, &len);
  if (!t) return false;
  int n = evc_ip_parse(t, len, addr);
  if (n != (v6 ? 16 : 4)) return false;
  return evc_ip_in_prefix(addr, net, bits) != 0;
}

bool evc_scan_last_keys(evc_scan_t *s, const char *p, evc_key_fn classify, const char **last) {
  evc_str_t key;
  int more = evc_scan_obj_first(s, &p, &key);
  while (more > 0) {
    int k = classify(&key);
    if (k > 0) last[k - 1] = key.ptr;
    p = evc_scan_skip(s, p);
    if (!p) return false;
    more = evc_scan_obj_next(s, &p, &key);
  }
  return more == 0;
}
