/* Generated schema parsers' cursor over libeventc's scanner: strings, numbers, errors with JSON Pointers. */
#include "eventc/validate.h"
#include "../core/num.h"
#include "../core/swar.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The document an error at `at` is reported in, with `at` moved there: in a key's cursor
 * (propertyNames) the member whose key is checked, else the input itself.
 */
static const char *error_doc(const evc_vctx_t *v, const char **at, const char **end) {
  if (!v->key_at) {
    *end = v->s.end;
    return v->s.base;
  }
  *at = v->key_at;
  *end = v->key_end;
  return v->key_base;
}

static void set_pointer(evc_vctx_t *v, const char *at) {
  char ptr[sizeof v->err->pointer];
  const char *end, *base = error_doc(v, &at, &end);
  size_t n = evc_pointer_at(base, (size_t)(end - base), (size_t)(at - base), ptr, sizeof ptr);
  evc_error_set_pointer(v->err, ptr, n);
}

/* Records the error unless one is already there: the offset and pointer of the value at `at`. */
static void record(evc_vctx_t *v, evc_errcode_t code, const char *keyword, const char *at, const char *fmt,
                   va_list ap) {
  if (!v->err || v->err->code != EVC_E_OK) return;
  char msg[sizeof v->err->message];
  const char *end, *base = error_doc(v, &at, &end);
  vsnprintf(msg, sizeof msg, fmt, ap);
  evc_fail(v->err, code, (size_t)(at - base), "%s", msg);
  set_pointer(v, at);
  if (keyword) {
    strncpy(v->err->keyword, keyword, sizeof v->err->keyword - 1);
    v->err->keyword[sizeof v->err->keyword - 1] = '\0';
  }
}

int evc_v_fail(evc_vctx_t *v, const char *keyword, const char *fmt, ...) {
  if (v->quiet) return -1;
  va_list ap;
  va_start(ap, fmt);
  record(v, EVC_E_SCHEMA, keyword, v->vstart, fmt, ap);
  va_end(ap);
  return -1;
}

int evc_v_error(evc_vctx_t *v, evc_errcode_t code, const char *fmt, ...) {
  v->fatal = 1;
  va_list ap;
  va_start(ap, fmt);
  record(v, code, NULL, v->p, fmt, ap);
  va_end(ap);
  return -1;
}

int evc_v_scan_failed(evc_vctx_t *v) {
  v->fatal = 1;
  if (v->err) set_pointer(v, v->s.base + v->err->offset);
  return -1;
}

int evc_v_finish_scan(evc_vctx_t *v) {
  if (v->fatal) return -1;
  return evc_scan_finish(&v->s, v->p) ? evc_v_scan_failed(v) : 0;
}

int evc_v_string_scan(evc_vctx_t *v, evc_str_t *raw) {
  const char *q = evc_scan_string(&v->s, v->p, raw);
  if (!q) return evc_v_scan_failed(v);
  v->p = q;
  return 0;
}

int evc_v_decode(evc_vctx_t *v, const evc_str_t *raw, evc_str_t *out) {
  if (!raw->escaped) {
    *out = *raw;
    return 0;
  }
  if (v->scratch && v->arena) v->arena->used = 0; /* nothing keeps decoded strings */
  char *o = (char *)evc_arena_alloc(v->arena, raw->len + 1);
  if (!o) {
    v->p = raw->ptr - 1; /* the error is the string's */
    return evc_v_error(v, EVC_E_NO_SPACE, "arena too small for a decoded string");
  }
  out->len = evc_str_unescape(raw, o, raw->len);
  o[out->len] = '\0';
  out->ptr = o;
  out->escaped = false;
  return 0;
}

/* Exact when the digits fit (a double's fast conversions); the scanner's strtod path otherwise. */
static double to_double(const evc_num_t *text, uint64_t mant, int digits, int exp10, int neg) {
  double d;
  if (digits <= 19 && evc_decimal_to_double(mant, exp10, neg != 0, &d)) return d;
  return evc_num_to_double(text);
}

/* Accumulates up to 19 significant digits into mant; exp10 keeps the value's scale. */
static int digits(const char **p, const char *end, uint64_t *mant, int *nd, int *exp10, int frac) {
  const char *s = *p;
  for (; *p < end && **p >= '0' && **p <= '9'; (*p)++) {
    if (*nd < 19) {
      *mant = *mant * 10 + (uint64_t)(**p - '0');
      if (*nd > 0 || **p != '0') (*nd)++;
      *exp10 -= frac;
    } else {
      (*nd)++;
      *exp10 += 1 - frac;
    }
  }
  return (int)(*p - s);
}

/* The scanner's verdict on a malformed number (its error code and message). */
static int number_error(evc_vctx_t *v) {
  evc_num_t t;
  if (!evc_scan_number(&v->s, v->p, &t)) return evc_v_scan_failed(v);
  return evc_v_error(v, EVC_E_NUMBER, "bad number");
}

#ifdef EVC_SWAR_CTZ
/* A word at p: plain when the caller knows 32 bytes are there, else zero bytes past the end. */
HOT uint64_t word_at(const char *p, const char *end, const char *base, int near_end) {
  return near_end ? load64_tail(p, end, base) : load64(p);
}

/*
 * number_plain_long's forms without loops or calls: an integer part of up to 7 digits (one word)
 * and a fraction of up to 15 (two words); NULL for anything else. Words past the end read as
 * zero bytes, which are no digits.
 */
HOT const char *number_words(const char *p, const char *end, const char *base, uint64_t *mant, size_t *nfrac,
                             int near_end) {
  uint64_t w = word_at(p, end, base, near_end), stop = non_digits(w);
  unsigned a = stop ? trailing_zeros64(stop) >> 3 : 0, b = 0;
  if (a == 0 || (a > 1 && *p == '0')) return NULL;
  uint64_t m = digits_value(w, a);
  const char *q = p + a;
  if (q < end && *q == '.') {
    uint64_t f = word_at(q + 1, end, base, near_end), fstop = non_digits(f);
    if (fstop) {
      b = trailing_zeros64(fstop) >> 3;
      if (b == 0) return NULL;
      m = m * pow10_small(b) + digits_value(f, b);
    } else { /* eight fraction digits, then up to seven more */
      uint64_t g = word_at(q + 9, end, base, near_end), gstop = non_digits(g);
      if (!gstop) return NULL;
      unsigned c = trailing_zeros64(gstop) >> 3;
      m = m * 100000000u + digits_value(f, 8);
      if (c) m = m * pow10_small(c) + digits_value(g, c);
      b = 8 + c;
    }
    q += 1 + b;
  }
  if (a + b > 19 || (q < end && (*q | 0x20) == 'e')) return NULL;
  *mant = m;
  *nfrac = b;
  return q;
}
#endif

/* The usual number forms straight-line where the machine allows (NULL: see number_rest). */
HOT const char *number_plain(const char *p, const char *end, const char *base, uint64_t *mant, size_t *nfrac) {
#ifdef EVC_SWAR_CTZ
  return end - p >= 32 ? number_words(p, end, base, mant, nfrac, 0) : number_words(p, end, base, mant, nfrac, 1);
#else
  return number_plain_long(p, end, base, mant, nfrac);
#endif
}

/* Any number: RFC 8259 grammar, up to 19 significant digits and the scale, a digit at a time. */
static int number_general(evc_vctx_t *v, const char *p, const char **stop, uint64_t *mant, int *nd, int *exp10,
                          int *frac) {
  const char *end = v->s.end;
  if (p < end && *p == '0') p++;
  else if (digits(&p, end, mant, nd, exp10, 0) == 0) return number_error(v);
  if (p < end && *p == '.') {
    p++;
    if (digits(&p, end, mant, nd, exp10, 1) == 0) return number_error(v);
    *frac = 1;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    int eneg = 0;
    long e = 0;
    if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
    if (p >= end || *p < '0' || *p > '9') return number_error(v);
    for (; p < end && *p >= '0' && *p <= '9'; p++)
      if (e < 100000) e = e * 10 + (*p - '0');
    *exp10 += (int)(eneg ? -e : e);
    *frac = 1;
  }
  *stop = p;
  return 0;
}

/*
 * The integer views of n: exact from the digits when they are an integer written without
 * fraction or exponent that fits int64_t, else judged on the double.
 */
static void integral(evc_vnum_t *n, int digits_int, uint64_t mant, int neg) {
  if (digits_int && mant <= (uint64_t)INT64_MAX + (uint64_t)neg) {
    n->i = neg ? (mant ? -(int64_t)(mant - 1) - 1 : 0) : (int64_t)mant;
    n->is_int = n->fits_i64 = 1;
    return;
  }
  int small = fabs(n->d) < 9.2e18; /* then one truncation decides, no floor() */
  n->fits_i64 = small && (double)(int64_t)n->d == n->d;
  n->is_int = small ? n->fits_i64 : isfinite(n->d) && floor(n->d) == n->d;
  n->i = n->fits_i64 ? (int64_t)n->d : 0;
}

/* Every number number_plain leaves (or whose double it cannot decide), digit by digit. */
COLD int number_slow(evc_vctx_t *v, evc_vnum_t *n) {
  const char *p = v->p, *end = v->s.end, *start = v->p;
  uint64_t mant = 0;
  int nd = 0, exp10 = 0, frac = 0, neg = p < end && *p == '-';
  if (number_general(v, p + neg, &p, &mant, &nd, &exp10, &frac)) return -1;
  evc_num_t text = {start, (size_t)(p - start)};
  v->p = p;
  n->d = to_double(&text, mant, nd, exp10, neg);
  integral(n, !frac && nd <= 19, mant, neg);
  return 0;
}

/*
 * The number at the cursor by number_plain (or, long_form, number_plain_long), sign first: its
 * double, digits and fraction length, with the cursor after it; 0 to leave it to the next reader.
 */
HOT int read_plain(evc_vctx_t *v, int long_form, double *d, uint64_t *mant, size_t *nfrac, int *neg) {
  const char *p = v->p, *end = v->s.end;
  *neg = p < end && *p == '-';
  const char *q = long_form ? number_plain_long(p + *neg, end, v->s.base, mant, nfrac)
                            : number_plain(p + *neg, end, v->s.base, mant, nfrac);
  if (!q || !evc_decimal_to_double(*mant, -(int)*nfrac, *neg != 0, d)) return 0;
  v->p = q;
  return 1;
}

/* The numbers number_plain leaves: long digit runs a word at a time, the rest digit by digit. */
COLD int number_rest(evc_vctx_t *v, evc_vnum_t *n) {
  uint64_t mant;
  size_t nfrac;
  int neg;
  if (!read_plain(v, 1, &n->d, &mant, &nfrac, &neg)) return number_slow(v, n);
  integral(n, nfrac == 0, mant, neg);
  return 0;
}

COLD int double_rest(evc_vctx_t *v, double *d) {
  evc_vnum_t n;
  if (number_rest(v, &n)) return -1;
  *d = n.d;
  return 0;
}

/* Every number but a single digit (the inline evc_v_number and evc_v_double take those). */
int evc_v_number_words(evc_vctx_t *v, evc_vnum_t *n) {
  uint64_t mant;
  size_t nfrac;
  int neg;
  if (!read_plain(v, 0, &n->d, &mant, &nfrac, &neg)) return number_rest(v, n);
  integral(n, nfrac == 0, mant, neg);
  return 0;
}

int evc_v_double_words(evc_vctx_t *v, double *d) {
  uint64_t mant;
  size_t nfrac;
  int neg;
  return read_plain(v, 0, d, &mant, &nfrac, &neg) ? 0 : double_rest(v, d);
}

/* Length of the digit run at p, which has at least 16 bytes after it: 16 bytes a step where SSE2 is. */
HOT size_t fraction_run(const char *p, const char *end) {
#ifdef EVC_V_SSE2
  unsigned stops = non_digit16(p);
  return stops ? (size_t)trailing_zeros64(stops) : 16 + digit_run(p + 16, end);
#else
  return digit_run(p, end);
#endif
}

/*
 * The integer part (at most 7 digits, one word) bounds the value: it lies in [i, i + 1], or
 * [-(i + 1), -i] after a '-', and when that interval is strictly inside (lo, hi) no bound can
 * fail, so the digits are only checked, never converted.
 */
int evc_v_number_inside_words(evc_vctx_t *v, double lo, double hi) {
#ifdef EVC_SWAR_CTZ
  const char *p = v->p, *end = v->s.end;
  if (end - p < 32) return 0;
  int neg = *p == '-';
  const char *d = p + neg;
  uint64_t w = load64(d);
  unsigned a = leading_digits(w);
  if (a == 0 || a == 8 || (a > 1 && *d == '0')) return 0;
  const char *q = d + a;
  if (*q == '.') {
    size_t k = fraction_run(q + 1, end);
    if (k == 0) return 0;
    q += 1 + k;
  }
  if (q < end && (*q | 0x20) == 'e') return 0;
  double i = (double)digits_value(w, a), below = neg ? -(i + 1) : i, above = neg ? -i : i + 1;
  if (!(below > lo && above < hi)) return 0;
  v->p = q;
  return 1;
#else
  (void)v;
  (void)lo;
  (void)hi;
  return 0;
#endif
}

int evc_v_literal(evc_vctx_t *v) {
  evc_kind_t k;
  const char *q = evc_scan_literal(&v->s, v->p, &k);
  if (!q) return evc_v_scan_failed(v);
  v->p = q;
  return k == EVC_KIND_TRUE;
}

int evc_v_skip(evc_vctx_t *v) {
  const char *q = evc_scan_skip(&v->s, v->p);
  if (!q) return evc_v_scan_failed(v);
  v->p = q;
  return 0;
}

int evc_v_key_escaped(evc_vctx_t *v, evc_str_t *key) {
  evc_str_t raw = *key;
  if (raw.len > EVC_V_KEYBUF - v->keyused) return evc_v_error(v, EVC_E_SIZE, "escaped keys too long");
  key->ptr = v->keybuf + v->keyused;
  key->len = evc_str_unescape(&raw, v->keybuf + v->keyused, raw.len);
  key->escaped = false;
  v->keyused += key->len; /* released with the whole parse: escaped keys are rare */
  return 1;
}

int evc_v_arr_next_scan(evc_vctx_t *v, size_t *n) {
  int r = *n ? evc_scan_arr_next(&v->s, &v->p) : evc_scan_arr_first(&v->s, &v->p);
  if (r < 0) return evc_v_scan_failed(v);
  if (r == 1) (*n)++;
  return r;
}

void *evc_v_grow_more(evc_vctx_t *v, void *items, size_t *cap, size_t n, size_t size) {
  evc_arena_t *a = v->arena;
  unsigned char *p = (unsigned char *)items;
  size_t more = *cap < 4 ? 4 : *cap;
  if (p && a && p + *cap * size == a->base + a->used && more * size <= a->cap - a->used) {
    a->used += more * size; /* still the last allocation: extend in place */
  } else {
    unsigned char *q = (unsigned char *)evc_arena_alloc(a, (*cap + more) * size);
    if (!q) {
      evc_v_error(v, EVC_E_NO_SPACE, "arena too small for an array of %lu items", (unsigned long)n + 1);
      return NULL;
    }
    if (n) memcpy(q, p, n * size);
    p = q;
  }
  *cap += more;
  memset(p + n * size, 0, size);
  return p;
}

int evc_v_key(evc_vctx_t *v, const evc_str_t *key, evc_vfn_t fn) {
  char text[2 * EVC_V_KEYBUF];
  evc_jw_t w;
  evc_jw_init(&w, text, sizeof text);
  evc_jw_string(&w, key->ptr, key->len);
  if (w.len >= sizeof text) return evc_v_error(v, EVC_E_SIZE, "key too long for propertyNames");
  evc_vctx_t k = *v;
  if (!k.key_at) { /* errors name the member: its value's place in the document */
    k.key_at = v->p;
    k.key_base = v->s.base;
    k.key_end = v->s.end;
  }
  k.s.base = k.p = text;
  k.s.end = text + w.len;
  int r = fn(&k, NULL);
  v->fatal |= k.fatal;
  return r;
}
