/* Generated schema parsers' cursor over libeventc's scanner: strings, numbers, errors with JSON Pointers. */
#include "eventc/validate.h"
#include "num.h"
#include "swar.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void evc_v_init(evc_vctx_t *v, const char *json, size_t len, evc_arena_t *arena, evc_error_t *err) {
  v->p = evc_scan_begin(&v->s, json, len, NULL, err);
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

/*
 * The usual forms, -?int(.frac)? with at most 19 digits, a digit run at a time: returns 0 and
 * fills mant/nd/exp10/frac, or 1 to leave errors, exponents and long numbers to the general path.
 */
static int number_plain(const char *p, const char *end, const char **stop, uint64_t *mant, int *nd, int *exp10,
                        int *frac) {
  size_t a = digit_run(p, end), b = 0;
  const char *q = p + a;
  if (a == 0 || (a > 1 && *p == '0')) return 1;
  if (q < end && *q == '.') {
    b = digit_run(q + 1, end);
    if (b == 0) return 1;
  }
  const char *r = b ? q + 1 + b : q;
  if ((r < end && (*r == 'e' || *r == 'E')) || a + b > 19) return 1;
  *mant = digits_append(0, p, a, end);
  if (b) *mant = digits_append(*mant, q + 1, b, end);
  *nd = (int)(a + b);
  *exp10 = -(int)b;
  *frac = b > 0;
  *stop = r;
  return 0;
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

int evc_v_number(evc_vctx_t *v, evc_vnum_t *n, evc_num_t *text) {
  const char *p = v->p, *end = v->s.end, *start = v->p;
  uint64_t mant = 0;
  int nd = 0, exp10 = 0, neg = 0, frac = 0;
  if (p < end && *p == '-') neg = 1, p++;
  if (number_plain(p, end, &p, &mant, &nd, &exp10, &frac)) {
    mant = 0, nd = 0, exp10 = 0, frac = 0;
    if (number_general(v, p, &p, &mant, &nd, &exp10, &frac)) return -1;
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
  int small = fabs(n->d) < 9.2e18; /* then one truncation decides, no floor() */
  n->fits_i64 = small && (double)(int64_t)n->d == n->d;
  n->is_int = small ? n->fits_i64 : isfinite(n->d) && floor(n->d) == n->d;
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
