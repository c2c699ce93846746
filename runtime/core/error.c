/* Runtime error reporting shared by the scanner, generated parsers, transformers and the bus. */
#include "eventc/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const errcode_names[] = {
#define EVC_E_NAME(id, name) name,
    EVC_ERRORS(EVC_E_NAME)
#undef EVC_E_NAME
};

int evc_fail(evc_error_t *err, evc_errcode_t code, size_t offset, const char *fmt, ...) {
  if (!err || err->code != EVC_E_OK) return (int)code;
  err->code = code;
  err->offset = offset;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->message, sizeof err->message, fmt, ap);
  va_end(ap);
  return (int)code;
}

void evc_error_set_pointer(evc_error_t *err, const char *pointer, size_t len) {
  if (!err || err->pointer[0]) return;
  if (len >= sizeof err->pointer) len = sizeof err->pointer - 1;
  memcpy(err->pointer, pointer, len);
  err->pointer[len] = '\0';
}

const char *evc_errcode_name(evc_errcode_t code) {
  return (unsigned)code < EVC_E__COUNT ? errcode_names[code] : "unknown";
}

size_t evc_error_format(const evc_error_t *err, char *out, size_t outlen) {
  int n;
  if (err->keyword[0])
    n = snprintf(out, outlen, "offset %zu: %s: %s: %s", err->offset,
                 err->pointer[0] ? err->pointer : "/", err->keyword, err->message);
  else if (err->pointer[0])
    n = snprintf(out, outlen, "offset %zu: %s: %s", err->offset, err->pointer, err->message);
  else
    n = snprintf(out, outlen, "offset %zu: %s", err->offset, err->message);
  return n < 0 ? 0 : (size_t)n;
}
