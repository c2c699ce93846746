/* Trusted-mode steps of generated matchers (documents already validated): inline member, string and skip steps. */
#ifndef EVENTC_SCAN_TRUSTED_H
#define EVENTC_SCAN_TRUSTED_H

#include "eventc/scan.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * They do what evc_scan_obj_first / _obj_next / evc_scan_string / evc_scan_skip do on valid JSON,
 * without validating and without errors: on input that breaks the contract they only stay inside
 * the buffer. A key or string is ended by its first quote or backslash, 16 bytes at once (SSE2)
 * for the usual short plain ones; longer, escaped or end-of-buffer ones go to
 * evc_scan_string_end_trusted. Define EVC_SCAN_PORTABLE for the byte loops alone.
 */
#if defined(__SSE2__) && defined(__GNUC__) && !defined(EVC_SCAN_PORTABLE)
#define EVC_TRUSTED_SSE2 1
#include <emmintrin.h>
#endif

/* Bit i set when p[i] is a quote or a backslash, i < 16 (p + 16 <= end). */
#ifdef EVC_TRUSTED_SSE2
static inline unsigned evc_trusted_quotes16(const char *p) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  return (unsigned)_mm_movemask_epi8(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
}
#endif

/* Just after the closing quote of the string whose contents start at `p` (end when there is none);
 * *escaped set when the string holds a backslash. */
const char *evc_scan_string_end_trusted(const char *p, const char *end, bool *escaped);

static inline const char *evc_trusted_string_end(const char *p, const char *end, bool *escaped) {
#ifdef EVC_TRUSTED_SSE2
  if (end - p >= 16) {
    unsigned m = evc_trusted_quotes16(p);
    if (m) {
      const char *q = p + __builtin_ctz(m);
      if (*q == '"') return q + 1;
    }
  }
#endif
  return evc_scan_string_end_trusted(p, end, escaped);
}

static inline const char *evc_trusted_ws(const char *p, const char *end) {
  while (p < end && (unsigned char)*p <= ' ') p++;
  return p;
}

/* evc_scan_begin(s, json, len, NULL, err) for a trusted document, inline; s->trusted is set. */
static inline const char *evc_trusted_begin(evc_scan_t *s, const char *json, size_t len, evc_error_t *err) {
  const char *p;
  if (!json || !len || len > EVC_SCAN_DEFAULT_MAX_SIZE || (unsigned char)*json <= ' ') {
    p = evc_scan_begin(s, json, len, NULL, err); /* the errors, and leading whitespace */
    s->trusted = 1;
    return p;
  }
  evc_error_clear(err);
  s->base = json;
  s->end = json + len;
  s->depth = 0;
  s->max_depth = EVC_SCAN_DEFAULT_MAX_DEPTH;
  s->err_code = EVC_E_OK;
  s->err = err;
  s->trusted = 1;
  s->arrays = 0;
  s->key_at = json;
  return json;
}

/* Reads the string whose opening quote is at `p`; returns the position after it. */
static inline const char *evc_trusted_string(const evc_scan_t *s, const char *p, evc_str_t *out) {
  bool escaped = false;
  const char *q = evc_trusted_string_end(p + 1, s->end, &escaped);
  out->ptr = p + 1;
  out->len = q > p + 1 ? (size_t)(q - p - 2) : 0;
  out->escaped = escaped;
  return q;
}

/* evc_trusted_member for any key: escapes, whitespace, near the end of the buffer. */
int evc_scan_member_trusted(const evc_scan_t *s, const char *p, const char **pp, evc_str_t *key);

/* The member whose key's opening quote is at `p`: its key, and *pp at its value. */
static inline int evc_trusted_member(const evc_scan_t *s, const char *p, const char **pp, evc_str_t *key) {
#ifdef EVC_TRUSTED_SSE2
  if (s->end - p > 18) { /* the usual plain key shorter than 16 bytes, colon and value in one step */
    unsigned m = evc_trusted_quotes16(p + 1);
    const char *q = p + 1 + __builtin_ctz(m | 0x10000u); /* the first quote or backslash, else p + 17 */
    if (m && *q == '"' && q[1] == ':' && (unsigned char)q[2] > ' ') { /* q + 2 <= p + 18 < end */
      key->ptr = p + 1;
      key->len = (size_t)(q - p - 1);
      key->escaped = false;
      *pp = q + 2;
      return 1;
    }
  }
#endif
  return evc_scan_member_trusted(s, p, pp, key);
}

/* No member follows: `p` at the closing brace (or the end of a document that broke the contract). */
static inline int evc_trusted_closed(evc_scan_t *s, const char *p, const char **pp) {
  s->depth--;
  *pp = p < s->end ? p + 1 : s->end;
  return 0;
}

/* `*pp` at '{': 1 with *pp at the first member's value and `key` filled, or 0 with *pp after '}'. */
static inline int evc_trusted_obj_first(evc_scan_t *s, const char **pp, evc_str_t *key) {
  const char *p = *pp + 1;
  s->depth++;
  if (p < s->end && *p != '"') p = evc_trusted_ws(p, s->end);
  if (p < s->end && *p == '"') return evc_trusted_member(s, p, pp, key);
  return evc_trusted_closed(s, p, pp);
}

/* `*pp` just after a member's value: the same for the next member. */
static inline int evc_trusted_obj_next(evc_scan_t *s, const char **pp, evc_str_t *key) {
  const char *p = *pp, *end = s->end;
  if (p < end && (unsigned char)*p <= ' ') p = evc_trusted_ws(p, end);
  if (p < end && *p == ',') {
    p++;
    if (p < end && *p != '"') p = evc_trusted_ws(p, end);
    if (p < end) return evc_trusted_member(s, p, pp, key);
  }
  return evc_trusted_closed(s, p, pp);
}

/*
 * The keys a generated walk reads anywhere in an event, for trusted mode's early stop. `first` holds
 * (bit b of first[b / 64]) every key's first byte and the backslash (an escaped key may start with
 * one); `lo` and `hi` hold a superset of that set by nibbles: byte b may be in it when
 * lo[b & 15] & hi[b >> 4] is not 0. `is_key` tells whether n raw bytes are one of the keys.
 */
typedef struct evc_trusted_keys {
  uint64_t first[4];
  unsigned char lo[16], hi[16];
  int (*is_key)(const char *t, size_t n);
} evc_trusted_keys_t;

/* The first quote at or after p that may open one of `keys` (its bytes are one, or hold a backslash,
 * or it has no end); `end` when there is none. */
const char *evc_trusted_next_key(const evc_trusted_keys_t *keys, const char *p, const char *end);

/*
 * Whether nothing at or after `p` can change which rules match: no key the walk reads may start
 * there, and the walk is inside no array (an array's later scalar elements are values of its path).
 * Called after each wanted member's value; the search resumes where the last one found a key, so an
 * event is searched at most once over. On valid JSON this is exact: a later repeated name, a dotted
 * name that aliases a nested path or an escaped key is a key the walk reads, found here.
 */
static inline int evc_trusted_rest_unread(evc_scan_t *s, const char *p, const evc_trusted_keys_t *keys) {
  if (s->arrays || p <= s->key_at) return 0;
  s->key_at = evc_trusted_next_key(keys, p, s->end);
  return s->key_at >= s->end;
}

/* evc_trusted_obj_next after a member whose value the walk read (`wanted`): 0 with *pp at the end of the
 * document when nothing after it can change a match (evc_trusted_rest_unread), so every walk around
 * ends there too. */
static inline int evc_trusted_obj_after(evc_scan_t *s, const char **pp, evc_str_t *key, int wanted,
                                        const evc_trusted_keys_t *keys) {
  if (wanted && evc_trusted_rest_unread(s, *pp, keys)) {
    *pp = s->end;
    return 0;
  }
  return evc_trusted_obj_next(s, pp, key);
}

/* Skips the value at `p`: a string or a one-digit number (0 to 9 before ',', '}' or ']') inline, anything else by
 * evc_scan_skip_trusted. */
static inline const char *evc_trusted_skip(evc_scan_t *s, const char *p) {
  bool escaped;
  if (p < s->end && *p == '"') return evc_trusted_string_end(p + 1, s->end, &escaped);
  if (s->end - p >= 2 && (unsigned)(p[0] - '0') < 10u && (p[1] == ',' || p[1] == '}' || p[1] == ']')) return p + 1;
  return evc_scan_skip_trusted(s, p);
}

#endif
