/* Skipping by structure only, for documents already validated (the scanner's trusted mode). */
#include "eventc/scan.h"

#include <string.h>

/* Just after the closing quote of the string whose contents start at `p`. */
static const char *string_end(const char *p, const char *end) {
  for (;;) {
    const char *q = memchr(p, '"', (size_t)(end - p));
    if (!q) return end;
    const char *b = q;
    while (b > p && b[-1] == '\\') b--;
    if ((q - b) % 2 == 0) return q + 1; /* an even run of backslashes escapes only itself */
    p = q + 1;
  }
}

/* From inside `depth` open containers: just after the bracket that closes the outermost. */
static const char *close_containers(const char *p, const char *end, unsigned depth) {
  while (p < end) {
    char c = *p++;
    if (c == '"') p = string_end(p, end);
    else if (c == '{' || c == '[') depth++;
    else if ((c == '}' || c == ']') && --depth == 0) return p;
  }
  return end;
}

const char *evc_scan_skip_trusted(evc_scan_t *s, const char *p) {
  const char *end = s->end;
  if (p >= end) return end;
  if (*p == '"') return string_end(p + 1, end);
  if (*p == '{' || *p == '[') return close_containers(p + 1, end, 1);
  while (p < end && !strchr(",]} \t\r\n", *p)) p++; /* a number or literal */
  return p;
}

const char *evc_scan_close_trusted(evc_scan_t *s, const char *p) {
  s->depth--;
  return close_containers(p, s->end, 1);
}
