/* The registry's class names: detail-types and property names turned into PascalCase identifiers. */
#include "registry_name.h"

static int alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void evcc_registry_name(evcc_buf_t *out, const char *text, size_t len) {
  int start = 1;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (!alnum(c)) {
      start = 1;
      continue;
    }
    evcc_buf_putc(out, start && c >= 'a' && c <= 'z' ? (char)(c - 32) : c);
    start = 0;
  }
}
