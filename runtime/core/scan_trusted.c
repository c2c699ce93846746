/* Skipping by structure only, for documents already validated (the scanner's trusted mode). */
#include "eventc/scan_trusted.h"


static int is_string_stop(char c) {
  return c == '"' || c == '\\';
}

/* What may follow a number or literal in valid JSON: a separator, a closing bracket, whitespace. */
static int is_scalar_end(char c) {
  return c == ',' || c == ']' || c == '}' || (unsigned char)c <= ' ';
}

static int is_structure_stop(char c) {
  return c == '"' || c == '{' || c == '}' || c == '[' || c == ']';
}

#if defined(__SSE2__) && defined(__GNUC__) && !defined(EVC_SCAN_PORTABLE)
#include <emmintrin.h>

static __m128i load16(const char *p) {
  return _mm_loadu_si128((const __m128i *)(const void *)p);
}

static __m128i eq(__m128i v, char c) {
  return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}

/* The next '"' or backslash at or after p (end when none), 16 bytes a step. */
static const char *next_string_stop(const char *p, const char *end) {
  for (; end - p >= 16; p += 16) {
    __m128i v = load16(p);
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(eq(v, '"'), eq(v, '\\')));
    if (m) return p + __builtin_ctz(m);
  }
  while (p < end && !is_string_stop(*p)) p++;
  return p;
}

/* The next quote or bracket at or after p (end when none), 16 bytes a step. */
static const char *next_structure_stop(const char *p, const char *end) {
  for (; end - p >= 16; p += 16) {
    __m128i v = load16(p);
    __m128i brackets = _mm_or_si128(_mm_or_si128(eq(v, '{'), eq(v, '}')), _mm_or_si128(eq(v, '['), eq(v, ']')));
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(eq(v, '"'), brackets));
    if (m) return p + __builtin_ctz(m);
  }
  while (p < end && !is_structure_stop(*p)) p++;
  return p;
}
#else
static const char *next_string_stop(const char *p, const char *end) {
  while (p < end && !is_string_stop(*p)) p++;
  return p;
}

static const char *next_structure_stop(const char *p, const char *end) {
  while (p < end && !is_structure_stop(*p)) p++;
  return p;
}
#endif

const char *evc_scan_string_end_trusted(const char *p, const char *end, bool *escaped) {
  for (;;) {
    p = next_string_stop(p, end);
    if (p >= end) return end;
    if (*p == '"') return p + 1;
    *escaped = true;
    p += 2; /* a backslash and the byte it escapes */
  }
}

static const char *string_end(const char *p, const char *end) {
  bool escaped;
  return evc_scan_string_end_trusted(p, end, &escaped);
}

/* From inside `depth` open containers: just after the bracket that closes the outermost. */
static const char *close_containers(const char *p, const char *end, unsigned depth) {
  for (;;) {
    p = next_structure_stop(p, end);
    if (p >= end) return end;
    char c = *p++;
    if (c == '"') p = string_end(p, end);
    else if (c == '{' || c == '[') depth++;
    else if (--depth == 0) return p;
  }
}

const char *evc_scan_skip_trusted(evc_scan_t *s, const char *p) {
  const char *end = s->end;
  if (p >= end) return end;
  if (*p == '"') return string_end(p + 1, end);
  if (*p == '{' || *p == '[') return close_containers(p + 1, end, 1);
  while (p < end && !is_scalar_end(*p)) p++; /* a number or literal */
  return p;
}

const char *evc_scan_close_trusted(evc_scan_t *s, const char *p) {
  s->depth--;
  return close_containers(p, s->end, 1);
}

int evc_scan_member_trusted(const evc_scan_t *s, const char *p, const char **pp, evc_str_t *key) {
  const char *end = s->end;
  p = evc_trusted_string(s, p, key);
  if (p < end && *p == ':') p++;
  else p = evc_trusted_ws(p, end) + 1; /* whitespace, then the colon */
  if (p < end && (unsigned char)*p <= ' ') p = evc_trusted_ws(p, end);
  *pp = p < end ? p : end;
  return 1;
}
