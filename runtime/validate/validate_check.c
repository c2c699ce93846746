/* Keyword checks shared by generated validators: JSON equality (enum, const, uniqueItems), multipleOf, UTF-8. */
#include "eventc/validate.h"
#include "../core/swar.h"

#include <math.h>
#include <string.h>

static void cursor(evc_vctx_t *c, const char *s, size_t n) { evc_v_init(c, s, n, NULL, NULL); }

/* Next code point of a raw JSON string body, decoding escapes (already checked). */
static long raw_cp(const char **p, const char *end) {
  static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
  if (*p >= end) return -1;
  if (**p != '\\') return evc_utf8_next(p, end);
  char c = (*p)[1];
  *p += 2;
  if (c != 'u') {
    const char *f = strchr(from, c);
    return f ? to[f - from] : c;
  }
  long u = 0;
  for (int i = 0; i < 4; i++) {
    char h = *(*p)++;
    u = u * 16 + (h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
  }
  if (u >= 0xD800 && u < 0xDC00 && end - *p >= 6 && (*p)[0] == '\\' && (*p)[1] == 'u') {
    const char *q = *p;
    long lo = raw_cp(&q, end);
    if (lo >= 0xDC00 && lo < 0xE000) {
      *p = q;
      u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
    }
  }
  return u;
}

static int str_equal(const evc_str_t *a, const evc_str_t *b) {
  if (!a->escaped && !b->escaped) return a->len == b->len && memcmp(a->ptr, b->ptr, a->len) == 0;
  const char *p = a->ptr, *pe = a->ptr + a->len, *q = b->ptr, *qe = b->ptr + b->len;
  for (;;) {
    long x = raw_cp(&p, pe), y = raw_cp(&q, qe);
    if (x != y) return 0;
    if (x < 0) return 1;
  }
}

static int eq(evc_vctx_t *a, evc_vctx_t *b);

/* Value of `key` in the object at b's cursor equals the value at a's cursor. */
static int member_equal(evc_vctx_t *a, const char *bobj, const char *bend, const evc_str_t *key) {
  evc_vctx_t b;
  evc_str_t k;
  size_t n = 0;
  cursor(&b, bobj, (size_t)(bend - bobj));
  while (evc_v_obj_next(&b, &n, &k) == 1) {
    if (k.len == key->len && memcmp(k.ptr, key->ptr, k.len) == 0) return eq(a, &b);
    if (evc_v_skip(&b)) return 0;
  }
  return 0;
}

static int obj_equal(evc_vctx_t *a, evc_vctx_t *b) {
  const char *bobj = b->p;
  size_t na = 0, nb = 0;
  evc_str_t k;
  if (evc_v_skip(b)) return 0;
  int r;
  while ((r = evc_v_obj_next(a, &na, &k)) == 1) {
    evc_str_t kc = k;
    if (!member_equal(a, bobj, b->p, &kc)) return 0;
  }
  evc_vctx_t c;
  cursor(&c, bobj, (size_t)(b->p - bobj));
  while (evc_v_obj_next(&c, &nb, &k) == 1)
    if (evc_v_skip(&c)) return 0;
  return r == 0 && na == nb;
}

static int arr_equal(evc_vctx_t *a, evc_vctx_t *b) {
  size_t na = 0, nb = 0;
  for (;;) {
    int ra = evc_v_arr_next(a, &na), rb = evc_v_arr_next(b, &nb);
    if (ra != rb || ra < 0) return 0;
    if (ra == 0) return 1;
    if (!eq(a, b)) return 0;
  }
}

static int eq(evc_vctx_t *a, evc_vctx_t *b) {
  evc_kind_t t = evc_v_peek(a);
  if (t != evc_v_peek(b) || t == EVC_KIND_NONE) return 0;
  evc_str_t sa, sb;
  evc_vnum_t na, nb;
  switch (t) {
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
  case EVC_KIND_NULL: return evc_v_literal(a) >= 0 && evc_v_literal(b) >= 0;
  case EVC_KIND_NUMBER:
    if (evc_v_number(a, &na) || evc_v_number(b, &nb)) return 0;
    return na.d == nb.d;
  case EVC_KIND_STRING:
    if (evc_v_string(a, &sa) || evc_v_string(b, &sb)) return 0;
    return str_equal(&sa, &sb);
  case EVC_KIND_OBJECT: return obj_equal(a, b);
  default: return arr_equal(a, b);
  }
}

int evc_json_equal(const char *a, size_t alen, const char *b, size_t blen) {
  if (alen == blen && !memcmp(a, b, alen)) return 1; /* the same text: const and enum values as written */
  evc_vctx_t x, y;
  cursor(&x, a, alen);
  cursor(&y, b, blen);
  return eq(&x, &y);
}

long evc_json_duplicate(const char *arr, size_t len) {
  evc_vctx_t j;
  size_t nj = 0;
  cursor(&j, arr, len);
  if (evc_v_peek(&j) != EVC_KIND_ARRAY) return -1;
  while (evc_v_arr_next(&j, &nj) == 1) {
    const char *s = j.p;
    if (evc_v_skip(&j)) return -1;
    evc_vctx_t i;
    size_t ni = 0;
    cursor(&i, arr, len);
    while (ni + 1 < nj && evc_v_arr_next(&i, &ni) == 1) {
      const char *is = i.p;
      if (evc_v_skip(&i)) return -1;
      if (evc_json_equal(is, (size_t)(i.p - is), s, (size_t)(j.p - s))) return (long)nj - 1;
    }
  }
  return -1;
}

int evc_multiple_of(double x, double m) {
  double q = x / m;
  if (!isfinite(q)) return floor(x) == x && fmod(1.0, m) == 0.0;
  return fabs(q - floor(q + 0.5)) < 1e-9;
}

/* Code points = bytes - continuation bytes (10xxxxxx), counted a word at a time. */
size_t evc_utf8_len(const char *s, size_t n) {
  size_t k = n, i = 0;
#ifdef EVC_SWAR_CTZ
  for (; i + 8 <= n; i += 8) {
    uint64_t w = load64(s + i);
    k -= bits_set64(w & ~(w << 1) & HIGHS);
  }
#endif
  for (; i < n; i++) k -= ((unsigned char)s[i] & 0xC0) == 0x80;
  return k;
}

long evc_utf8_next(const char **s, const char *end) {
  const unsigned char *p = (const unsigned char *)*s;
  if (*s >= end) return -1;
  unsigned c = p[0];
  long cp;
  size_t n;
  if (c < 0x80) cp = (long)c, n = 1;
  else if (c < 0xE0) cp = (long)(c & 0x1F), n = 2;
  else if (c < 0xF0) cp = (long)(c & 0x0F), n = 3;
  else cp = (long)(c & 0x07), n = 4;
  if ((size_t)(end - *s) < n) n = (size_t)(end - *s);
  for (size_t i = 1; i < n; i++) cp = (cp << 6) | (long)(p[i] & 0x3F);
  *s += n;
  return cp;
}
