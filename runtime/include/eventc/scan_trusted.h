/* Trusted-mode steps of generated matchers (documents already validated): inline member, string and skip steps. */
#ifndef EVENTC_SCAN_TRUSTED_H
#define EVENTC_SCAN_TRUSTED_H

#include "eventc/scan.h"

#include <stdbool.h>
#include <stddef.h>

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

/* Just after the closing quote of the string whose contents start at `p` (end when there is none);
 * *escaped set when the string holds a backslash. */
const char *evc_scan_string_end_trusted(const char *p, const char *end, bool *escaped);

static inline const char *evc_trusted_string_end(const char *p, const char *end, bool *escaped) {
#ifdef EVC_TRUSTED_SSE2
  if (end - p >= 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    unsigned m = (unsigned)_mm_movemask_epi8(stop);
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

/* Reads the string whose opening quote is at `p`; returns the position after it. */
static inline const char *evc_trusted_string(const evc_scan_t *s, const char *p, evc_str_t *out) {
  bool escaped = false;
  const char *q = evc_trusted_string_end(p + 1, s->end, &escaped);
  out->ptr = p + 1;
  out->len = q > p + 1 ? (size_t)(q - p - 2) : 0;
  out->escaped = escaped;
  return q;
}

/* The member whose key's opening quote is at `p`: its key, and *pp at its value. */
static inline int evc_trusted_member(const evc_scan_t *s, const char *p, const char **pp, evc_str_t *key) {
  const char *end = s->end;
  p = evc_trusted_string(s, p, key);
  if (p < end && *p == ':') p++;
  else p = evc_trusted_ws(p, end) + 1; /* whitespace, then the colon */
  if (p < end && (unsigned char)*p <= ' ') p = evc_trusted_ws(p, end);
  *pp = p < end ? p : end;
  return 1;
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

/* Skips the value at `p`: a string inline, anything else by evc_scan_skip_trusted. */
static inline const char *evc_trusted_skip(evc_scan_t *s, const char *p) {
  bool escaped;
  if (p < s->end && *p == '"') return evc_trusted_string_end(p + 1, s->end, &escaped);
  return evc_scan_skip_trusted(s, p);
}

#endif
