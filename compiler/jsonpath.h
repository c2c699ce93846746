/* The JSONPath subset of InputPath and InputPathsMap: $, .name, [n], ['name'], parsed into steps. */
#ifndef EVCC_JSONPATH_H
#define EVCC_JSONPATH_H

#include <stdbool.h>
#include <stddef.h>

typedef struct evcc_jstep {
  const char *key; /* points into the path text; NULL for an index step */
  size_t len;
  unsigned long index;
} evcc_jstep_t;

/*
 * Calls `step` for each step of `path` in order (key steps get key/len, index steps the index).
 * Returns false for anything outside the subset: wildcards, filters, slices, a missing "$".
 */
bool evcc_jsonpath_walk(const char *path, void (*step)(void *ud, const evcc_jstep_t *s), void *ud);

#endif
