/* Generated schema parsers' cursor over libeventc's scanner: strings, numbers, errors with JSON Pointers. */
#include "eventc/validate.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void evc_v_init(evc_vctx_t *v, const char *json, size_t len, evc_arena_t *arena, evc_error_t *err) {
  /* Begin without an error struct (no 360-byte clear per event), clear only what is read. */
  v->p = evc_scan_begin(&v->s, json, len, NULL, NULL);
  if (!v->p) v->p = evc_scan_begin(&v->s, json, len, NULL, err); /* again, to record why */
  v->s.err = err;
  if (err && v->p) {
    err->code = EVC_E_OK;
    err->offset = 0;
    err->pointer[0] = err->keyword[0] = err->message[0] = '\0';
  }
  v->arena = arena;
  v->err = err;
  v->quiet = 0;
  v->fatal = v->p == NULL;
  v->scratch = 0;
  v->npath = 0;
  v->keyused = 0;
  if (!v->p) v->p = json;
  v->vstart = v->p;
}

/* Appends "/seg" with ~0 and ~1 escapes to the pointer text. */
static size_t put_seg(char *out, size_t at, size_t cap, const evc_vseg_t *s) {
  char num[24];
  const char *t = s->key;
  size_t n = s->len;
  if (!t) {
    n = (size_t)snprintf(num, sizeof num, "%lu", (unsigned long)s->len);
    t = num;
  }
  if (at + 1 < cap) out[at++] = '/';
  for (size_t i = 0; i < n && at + 2 < cap; i++) {
    if (t[i] == '~' || t[i] == '/') {
      out[at++] = '~';
      out[at++] = t[i] == '~' ? '0' : '1';
    } else {
      out[at++] = t[i];
    }
  }
  return at;
}

static void set_pointer(evc_vctx_t *v) {
  char ptr[sizeof v->err->pointer];
  size_t at = 0;
  unsigned n = v->npath < EVC_V_MAX_PATH ? v->npath : EVC_V_MAX_PATH;
  for (unsigned i = 0; i < n; i++) at = put_seg(ptr, at, sizeof ptr, &v->path[i]);
  evc_error_set_pointer(v->err, ptr, at);
}

static void record(evc_vctx_t *v, evc_errcode_t code, const char *keyword, const char *fmt,
                   va_list ap) {
  if (!v->err || v->err->code != EVC_E_OK) return;
  char msg[sizeof v->err->message];
  vsnprintf(msg, sizeof msg, fmt, ap);
  evc_fail(v->err, code, (size_t)(v->p - v->s.base), "%s", msg);
  set_pointer(v);
  if (keyword) {
    strncpy(v->err->keyword, keyword, sizeof v->err->keyword - 1);
    v->err->keyword[sizeof v->err->keyword - 1] = '\0';
  }
}

int evc_v_fail(evc_vctx_t *v, const char *keyword, const char *fmt, ...) {
  if (v->quiet) return -1;
  va_list ap;
  va_start(ap, fmt);
  const char *at = v->p;
  v->p = v->vstart;
  record(v, EVC_E_SCHEMA, keyword, fmt, ap);
  v->p = at;
  va_end(ap);
  return -1;
}

int evc_v_error(evc_vctx_t *v, evc_errcode_t code, const char *fmt, ...) {
  v->fatal = 1;
  va_list ap;
  va_start(ap, fmt);
  record(v, code, NULL, fmt, ap);
  va_end(ap);
  return -1;
}

int evc_v_scan_failed(evc_vctx_t *v) {
  v->fatal = 1;
  if (v->err) set_pointer(v);
  return -1;
}

int evc_v_finish(evc_vctx_t *v) {
  if (v->fatal) return -1;
  return evc_scan_finish(&v->s, v->p) ? evc_v_scan_failed(v) : 0;
}

int evc_v_string(evc_vctx_t *v, evc_str_t *raw) {
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
  if (!o) return evc_v_error(v, EVC_E_NO_SPACE, "arena too small for a decoded string");
  out->len = evc_str_unescape(raw, o, raw->len);
  o[out->len] = '\0';
  out->ptr = o;
  out->escaped = false;
  return 0;
}

static const double pow10_tab[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 evc_u128;

static const uint64_t pow10_u64[20] = {1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
                                       10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
                                       100000000000ULL, 1000000000000ULL, 10000000000000ULL,
                                       100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
                                       100000000000000000ULL, 1000000000000000000ULL,
                                       10000000000000000000ULL};

static int log2_128(evc_u128 x) {
  uint64_t hi = (uint64_t)(x >> 64);
  return hi ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll((uint64_t)x);
}

/*
 * mant / 10^k correctly rounded (ties to even), for 1 <= k <= 21: exact integer division with
 * enough quotient bits, then one rounding. Covers the 16-19 digit decimals (coordinates) that
 * Clinger's fast path cannot.
 */
static double div_pow10(uint64_t mant, int k) {
  evc_u128 den = k <= 19 ? (evc_u128)pow10_u64[k] : (evc_u128)pow10_u64[19] * pow10_u64[k - 19];
  int s = 56 + log2_128(den) - log2_128(mant);
  if (s < 0) s = 0;
  evc_u128 num = (evc_u128)mant << s, q = num / den;
  int sticky = num % den != 0, drop = log2_128(q) - 52;
  uint64_t m = (uint64_t)(q >> drop);
  evc_u128 rem = q & (((evc_u128)1 << drop) - 1), half = (evc_u128)1 << (drop - 1);
  if (rem > half || (rem == half && (sticky || (m & 1)))) {
    if (++m == (1ULL << 53)) m >>= 1, drop++;
  }
  return ldexp((double)m, drop - s);
}
#endif

/* Exact conversion for the common cases (Clinger's fast path, exact division); the scanner's otherwise. */
static double to_double(const evc_num_t *text, uint64_t mant, int digits, int exp10, int neg) {
  if (digits <= 19 && mant <= (1ULL << 53) && exp10 >= -22 && exp10 <= 22) {
    double d = (double)mant;
    d = exp10 < 0 ? d / pow10_tab[-exp10] : d * pow10_tab[exp10];
    return neg ? -d : d;
  }
#ifdef __SIZEOF_INT128__
  if (digits <= 19 && mant && exp10 < 0 && exp10 >= -21) {
    double d = div_pow10(mant, -exp10);
    return neg ? -d : d;
  }
#endif
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

/* One pass over a number: RFC 8259 grammar, significant digits and scale together. */
int evc_v_number(evc_vctx_t *v, evc_vnum_t *n, evc_num_t *text) {
  const char *p = v->p, *end = v->s.end, *start = v->p;
  uint64_t mant = 0;
  int nd = 0, exp10 = 0, neg = 0, frac = 0;
  if (p < end && *p == '-') neg = 1, p++;
  if (p < end && *p == '0') p++;
  else if (digits(&p, end, &mant, &nd, &exp10, 0) == 0) return number_error(v);
  if (p < end && *p == '.') {
    p++;
    if (digits(&p, end, &mant, &nd, &exp10, 1) == 0) return number_error(v);
    frac = 1;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    int eneg = 0;
    long e = 0;
    if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
    if (p >= end || *p < '0' || *p > '9') return number_error(v);
    for (; p < end && *p >= '0' && *p <= '9'; p++)
      if (e < 100000) e = e * 10 + (*p - '0');
    exp10 += (int)(eneg ? -e : e);
    frac = 1;
  }
  text->ptr = start;
  text->len = (size_t)(p - start);
  v->p = p;
  n->d = to_double(text, mant, nd, exp10, neg);
  if (!frac && nd <= 18) {
    n->i = neg ? -(int64_t)mant : (int64_t)mant;
    n->is_int = n->fits_i64 = 1;
    return 0;
  }
  n->is_int = isfinite(n->d) && floor(n->d) == n->d;
  n->fits_i64 = n->is_int && fabs(n->d) < 9.2e18;
  n->i = n->fits_i64 ? (int64_t)n->d : 0;
  return 0;
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

int evc_v_arr_next(evc_vctx_t *v, size_t *n) {
  int r = *n ? evc_scan_arr_next(&v->s, &v->p) : evc_scan_arr_first(&v->s, &v->p);
  if (r < 0) return evc_v_scan_failed(v);
  if (r == 1) (*n)++;
  return r;
}

void *evc_v_grow(evc_vctx_t *v, void *items, size_t *cap, size_t n, size_t size) {
  evc_arena_t *a = v->arena;
  unsigned char *p = (unsigned char *)items;
  if (n >= *cap) {
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
  }
  memset(p + n * size, 0, size); /* an element the schema leaves unset (null) reads as zero */
  return p;
}

int evc_v_key(evc_vctx_t *v, const evc_str_t *key, evc_vfn_t fn) {
  char text[2 * EVC_V_KEYBUF];
  evc_jw_t w;
  evc_jw_init(&w, text, sizeof text);
  evc_jw_string(&w, key->ptr, key->len);
  if (w.len >= sizeof text) return evc_v_error(v, EVC_E_SIZE, "key too long for propertyNames");
  evc_vctx_t k = *v;
  k.s.base = k.p = text;
  k.s.end = text + w.len;
  int r = fn(&k, NULL);
  v->fatal |= k.fatal;
  return r;
}
