/* Growable text buffer used by every emitter, with the one C string-literal escaper. */
#ifndef EVCC_BUF_H
#define EVCC_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct evcc_buf {
  char *data; /* always NUL-terminated when non-NULL */
  size_t len, cap;
} evcc_buf_t;

void evcc_buf_init(evcc_buf_t *b);
void evcc_buf_free(evcc_buf_t *b);
void evcc_buf_put(evcc_buf_t *b, const char *s, size_t n);
void evcc_buf_puts(evcc_buf_t *b, const char *s);
void evcc_buf_putc(evcc_buf_t *b, char c);
void evcc_buf_printf(evcc_buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void evcc_buf_vprintf(evcc_buf_t *b, const char *fmt, va_list ap);
/* Takes the text out of the buffer (caller frees); the buffer is left empty. */
char *evcc_buf_take(evcc_buf_t *b);

/* Appends `s` as a C string literal with quotes; every emitted literal goes through here. */
void evcc_buf_c_string(evcc_buf_t *b, const char *s, size_t n);
/* Appends `s` made into a C identifier fragment: [A-Za-z0-9_], others become '_'. */
void evcc_buf_c_ident(evcc_buf_t *b, const char *s, size_t n);
/* Appends `s` inside a C comment, with any comment terminator neutralised. */
void evcc_buf_c_comment_text(evcc_buf_t *b, const char *s, size_t n);
/* Appends `s` as a JSON string literal with quotes (RFC 8259 escaping). */
void evcc_buf_json_string(evcc_buf_t *b, const char *s, size_t n);

#endif
