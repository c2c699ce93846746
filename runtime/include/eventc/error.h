/* Runtime errors: a caller-allocated fixed-size struct, first error wins, codes from one list. */
#ifndef EVENTC_ERROR_H
#define EVENTC_ERROR_H

#include <stddef.h>

/* X(ENUM, "short-name") */
#define EVC_ERRORS(X)                                   \
  X(OK, "ok")                                           \
  X(SYNTAX, "syntax")          /* not RFC 8259 JSON */  \
  X(UTF8, "utf8")              /* invalid UTF-8 */      \
  X(ESCAPE, "escape")          /* bad string escape */  \
  X(NUMBER, "number")          /* bad number grammar */ \
  X(DEPTH, "depth")            /* nesting too deep */   \
  X(SIZE, "size")              /* input over the size limit */ \
  X(NOT_OBJECT, "not-object")  /* event is not a JSON object */ \
  X(SCHEMA, "schema")          /* schema validation failed */ \
  X(NO_SPACE, "no-space")      /* caller buffer or arena too small */ \
  X(TRANSFORM, "transform")    /* input transformer could not build the payload */ \
  X(INVALID_ARGUMENT, "invalid-argument") \
  X(INTERNAL, "internal") \
  X(UNSUPPORTED, "unsupported") /* a feature libeventc was built without (eventc/nats.h) */ \
  X(UNAVAILABLE, "unavailable") /* a server could not be reached (eventc/nats.h) */

typedef enum evc_errcode {
#define EVC_E_ENUM(id, name) EVC_E_##id,
  EVC_ERRORS(EVC_E_ENUM)
#undef EVC_E_ENUM
  EVC_E__COUNT
} evc_errcode_t;

typedef struct evc_error {
  evc_errcode_t code;  /* EVC_E_OK when nothing went wrong */
  size_t offset;       /* byte offset in the input where it was detected */
  char pointer[128];   /* JSON Pointer of the value concerned ("" = whole document) */
  char keyword[32];    /* schema keyword for EVC_E_SCHEMA ("maximum"), else "" */
  char message[192];   /* human-readable reason */
} evc_error_t;

/* Clears `err` (NULL is allowed everywhere an evc_error_t * is taken). */
static inline void evc_error_clear(evc_error_t *err) {
  if (!err) return;
  err->code = EVC_E_OK; /* empty strings, not a 360-byte memset: this runs once per event */
  err->offset = 0;
  err->pointer[0] = err->keyword[0] = err->message[0] = '\0';
}
/* Records an error unless one is already recorded; returns the code for `return evc_fail(...)`. */
int evc_fail(evc_error_t *err, evc_errcode_t code, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Sets the pointer (first error wins: only when it is still empty). */
void evc_error_set_pointer(evc_error_t *err, const char *pointer, size_t len);
const char *evc_errcode_name(evc_errcode_t code);
/* "offset 17: /detail/x: maximum: 1.4 is greater than 1" */
size_t evc_error_format(const evc_error_t *err, char *out, size_t outlen);

#endif
