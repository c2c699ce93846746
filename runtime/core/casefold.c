/* Unicode case variants (full mappings) and UTF-8 decoding for case-insensitive matching. */
#include "eventc/casefold.h"

#include "casefold_table.h"

#include <stdbool.h>
#include <string.h>

/* The one-to-one mapping of `cp` in `runs` (itself when it has none). */
static uint32_t run_map(const struct evc_case_run *runs, size_t nrun, uint32_t cp) {
  size_t lo = 0, hi = nrun;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (runs[mid].first <= cp) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return cp;
  const struct evc_case_run *r = &runs[lo - 1];
  uint32_t off = cp - (uint32_t)r->first;
  if (off % r->stride != 0 || off / r->stride >= r->count) return cp;
  return (uint32_t)((long)cp + r->delta);
}

/* Writes the full mapping of `cp` (upper or lower) as UTF-8; returns its length. */
static size_t full_map(uint32_t cp, int upper, unsigned char *out) {
  for (size_t i = 0; i < sizeof evc_case_multis / sizeof evc_case_multis[0]; i++) {
    const struct evc_case_multi *m = &evc_case_multis[i];
    if (m->cp != cp || m->upper != upper) continue;
    size_t n = 0;
    for (size_t k = 0; k < 3 && m->to[k]; k++) n += evc_utf8_encode((uint32_t)m->to[k], out + n);
    return n;
  }
  if (upper) return evc_utf8_encode(run_map(evc_upper_runs, sizeof evc_upper_runs / sizeof *evc_upper_runs, cp), out);
  return evc_utf8_encode(run_map(evc_lower_runs, sizeof evc_lower_runs / sizeof *evc_lower_runs, cp), out);
}

size_t evc_case_variants(uint32_t cp, unsigned char out[3][EVC_CASE_VARIANT_MAX], size_t len[3]) {
  size_t n = 1;
  len[0] = evc_utf8_encode(cp, out[0]);
  for (int upper = 0; upper < 2; upper++) {
    len[n] = full_map(cp, upper, out[n]);
    bool seen = false;
    for (size_t i = 0; i < n && !seen; i++) seen = len[i] == len[n] && memcmp(out[i], out[n], len[n]) == 0;
    if (!seen) n++;
  }
  return n;
}

size_t evc_case_variants_at(const char *s, size_t n, size_t *used, unsigned char out[3][EVC_CASE_VARIANT_MAX],
                            size_t len[3]) {
  uint32_t cp;
  *used = evc_utf8_decode((const unsigned char *)s, n, &cp);
  if (*used) return evc_case_variants(cp, out, len);
  *used = 1;
  out[0][0] = (unsigned char)s[0];
  len[0] = 1;
  return 1;
}

size_t evc_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
  unsigned char c = s[0];
  size_t n;
  uint32_t v;
  *cp = c;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) n = 2, v = c & 0x1Fu;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, v = c & 0x0Fu;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, v = c & 0x07u;
  else return 0;
  if (len < n) return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3Fu);
  }
  if ((n == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)))
    return 0;
  *cp = v;
  return n;
}

size_t evc_utf8_encode(uint32_t cp, unsigned char *out) {
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | (cp >> 18));
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}
