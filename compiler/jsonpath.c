/* Parses the JSONPath subset targets use ($, .name, [n], ['name'], ["name"]) one step at a time. */
#include "jsonpath.h"

#include <stdlib.h>
#include <string.h>

/* One step at path[*i]; false when it is not in the subset. */
static bool next_step(const char *path, size_t *i, evcc_jstep_t *s) {
  size_t p = *i;
  memset(s, 0, sizeof *s);
  if (path[p] == '.') {
    size_t start = ++p;
    while (path[p] && path[p] != '.' && path[p] != '[') p++;
    if (p == start || memchr(path + start, '*', p - start)) return false; /* no wildcards */
    s->key = path + start;
    s->len = p - start;
  } else if (path[p] == '[' && path[p + 1] >= '0' && path[p + 1] <= '9') {
    char *end;
    s->index = strtoul(path + p + 1, &end, 10);
    if (*end != ']' || s->index > 0xFFFFFFFFul) return false;
    p = (size_t)(end - path) + 1;
  } else if (path[p] == '[' && (path[p + 1] == '\'' || path[p + 1] == '"')) {
    const char *close = strchr(path + p + 2, path[p + 1]);
    if (!close || close[1] != ']') return false;
    s->key = path + p + 2;
    s->len = (size_t)(close - path) - p - 2;
    p = (size_t)(close - path) + 2;
  } else {
    return false;
  }
  *i = p;
  return true;
}

bool evcc_jsonpath_walk(const char *path, void (*step)(void *ud, const evcc_jstep_t *s), void *ud) {
  if (path[0] != '$') return false;
  size_t i = 1;
  while (path[i]) {
    evcc_jstep_t s;
    if (!next_step(path, &i, &s)) return false;
    step(ud, &s);
  }
  return true;
}
