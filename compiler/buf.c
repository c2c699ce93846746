/* Growable text buffer and the escapers every emitter uses for C and JSON text. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void evcc_buf_init(evcc_buf_t *b) { memset(b, 0, sizeof *b); }

void evcc_buf_free(evcc_buf_t *b) {
  free(b->data);
  evcc_buf_init(b);
}

static void reserve(evcc_buf_t *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p) {
    fputs("eventc: out of memory\n", stderr);
    abort();
  }
  b->data = p;
  b->cap = cap;
}

void evcc_buf_put(evcc_buf_t *b, const char *s, size_t n) {
  reserve(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void evcc_buf_puts(evcc_buf_t *b, const char *s) { evcc_buf_put(b, s, strlen(s)); }

void evcc_buf_putc(evcc_buf_t *b, char c) { evcc_buf_put(b, &c, 1); }

void evcc_buf_vprintf(evcc_buf_t *b, const char *fmt, va_list ap) {
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  if (n <= 0) return;
  reserve(b, (size_t)n);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void evcc_buf_printf(evcc_buf_t *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  evcc_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

char *evcc_buf_take(evcc_buf_t *b) {
  if (!b->data) evcc_buf_put(b, "", 0);
  char *s = b->data;
  evcc_buf_init(b);
  return s;
}

void evcc_buf_c_string(evcc_buf_t *b, const char *s, size_t n) {
  evcc_buf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      evcc_buf_putc(b, '\\');
      evcc_buf_putc(b, (char)c);
    } else if (c == '\n') {
      evcc_buf_puts(b, "\\n");
    } else if (c == '?' && i > 0 && s[i - 1] == '?') {
      evcc_buf_puts(b, "\\?"); /* "?\?" is never a trigraph */
    } else if (c < 0x20 || c >= 0x7f) {
      evcc_buf_printf(b, "\\%03o", c); /* always three digits: never swallows what follows */
    } else {
      evcc_buf_putc(b, (char)c);
    }
  }
  evcc_buf_putc(b, '"');
}

void evcc_buf_c_ident(evcc_buf_t *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    evcc_buf_putc(b, ok ? c : '_');
  }
}

void evcc_buf_c_comment_text(evcc_buf_t *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '*' && i + 1 < n && s[i + 1] == '/') {
      evcc_buf_puts(b, "* /");
      i++;
    } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      evcc_buf_puts(b, "/ "); /* the '*' is looked at next: it may start a terminator */
    } else if (c == '\n' || c == '\r' || c == '\\') {
      evcc_buf_putc(b, ' '); /* no line splicing, no line breaks inside one-line comments */
    } else {
      evcc_buf_putc(b, (char)c);
    }
  }
}

void evcc_buf_json_string(evcc_buf_t *b, const char *s, size_t n) {
  evcc_buf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': evcc_buf_puts(b, "\\\""); break;
    case '\\': evcc_buf_puts(b, "\\\\"); break;
    case '\n': evcc_buf_puts(b, "\\n"); break;
    case '\r': evcc_buf_puts(b, "\\r"); break;
    case '\t': evcc_buf_puts(b, "\\t"); break;
    case '\b': evcc_buf_puts(b, "\\b"); break;
    case '\f': evcc_buf_puts(b, "\\f"); break;
    default:
      if (c < 0x20) evcc_buf_printf(b, "\\u%04x", c);
      else evcc_buf_putc(b, (char)c);
    }
  }
  evcc_buf_putc(b, '"');
}
