/* Unicode simple case folding and UTF-8 decoding for case-insensitive matching. */
#include "eventc/casefold.h"

#include "casefold_table.h"

uint32_t evc_fold_cp(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
  size_t lo = 0, hi = sizeof evc_fold_runs / sizeof evc_fold_runs[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (evc_fold_runs[mid].first <= cp) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return cp;
  const struct evc_fold_run *r = &evc_fold_runs[lo - 1];
  uint32_t off = cp - (uint32_t)r->first;
  if (off % r->stride != 0 || off / r->stride >= r->count) return cp;
  return (uint32_t)((long)cp + r->delta);
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

size_t evc_fold_utf8(const char *s, size_t len, char *out, size_t cap) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, n = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = evc_utf8_decode(p + i, len - i, &cp);
    unsigned char enc[4];
    size_t m;
    if (k == 0) {
      enc[0] = p[i];
      m = 1;
      k = 1;
    } else {
      m = evc_utf8_encode(evc_fold_cp(cp), enc);
    }
    if (n + m > cap) return (size_t)-1;
    for (size_t j = 0; j < m; j++) out[n++] = (char)enc[j];
    i += k;
  }
  return n;
}
