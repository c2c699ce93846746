/* Compact JSON writer into a caller buffer, used by generated serializers. */
#include "eventc/validate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void evc_jw_init(evc_jw_t *w, char *buf, size_t cap) {
  w->buf = buf;
  w->cap = cap;
  w->len = 0;
}

void evc_jw_raw(evc_jw_t *w, const char *s, size_t n) {
  if (w->len < w->cap) memcpy(w->buf + w->len, s, n <= w->cap - w->len ? n : w->cap - w->len);
  w->len += n;
}

void evc_jw_string(evc_jw_t *w, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  evc_jw_raw(w, "\"", 1);
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    evc_jw_raw(w, s + run, i - run);
    run = i + 1;
    char e[6] = {'\\', (char)c, 0, 0, 0, 0};
    size_t k = 2;
    switch (c) {
    case '"': case '\\': break;
    case '\n': e[1] = 'n'; break;
    case '\r': e[1] = 'r'; break;
    case '\t': e[1] = 't'; break;
    case '\b': e[1] = 'b'; break;
    case '\f': e[1] = 'f'; break;
    default:
      e[1] = 'u', e[2] = '0', e[3] = '0', e[4] = hex[c >> 4], e[5] = hex[c & 15];
      k = 6;
    }
    evc_jw_raw(w, e, k);
  }
  evc_jw_raw(w, s + run, n - run);
  evc_jw_raw(w, "\"", 1);
}

void evc_jw_int(evc_jw_t *w, int64_t x) {
  char t[24];
  int n = snprintf(t, sizeof t, "%lld", (long long)x);
  evc_jw_raw(w, t, (size_t)n);
}

void evc_jw_double(evc_jw_t *w, double x) {
  char t[32];
  if (!isfinite(x)) {
    evc_jw_raw(w, "null", 4); /* JSON has no infinities */
    return;
  }
  int n = snprintf(t, sizeof t, "%.17g", x);
  for (int p = 15; p < 17; p++) { /* shortest of the usual precisions that reads back exactly */
    char s[32];
    int m = snprintf(s, sizeof s, "%.*g", p, x);
    if (strtod(s, NULL) == x) {
      memcpy(t, s, (size_t)m + 1);
      n = m;
      break;
    }
  }
  evc_jw_raw(w, t, (size_t)n);
}

int evc_jw_finish(evc_jw_t *w, size_t *outlen, evc_error_t *err) {
  if (outlen) *outlen = w->len;
  if (w->len >= w->cap)
    return evc_fail(err, EVC_E_NO_SPACE, w->len, "output needs %lu bytes, buffer has %lu",
                    (unsigned long)w->len + 1, (unsigned long)w->cap);
  w->buf[w->len] = '\0';
  return 0;
}
