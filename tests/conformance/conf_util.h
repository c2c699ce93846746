/* Shared helpers of the conformance runners: corpus loading, deviation lists, tallies. */
#ifndef CONF_UTIL_H
#define CONF_UTIL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads tests/data/conformance/REL (the copy kept in the repo) or exits with a message. */
static inline json_t *conf_load(const char *rel) {
  const char *dir = getenv("EVENTC_TEST_DATA");
  char path[4096];
  snprintf(path, sizeof path, "%s/conformance/%s", dir ? dir : "tests/data", rel);
  json_error_t err;
  json_t *root = json_load_file(path, JSON_DECODE_ANY, &err);
  if (!root) {
    fprintf(stderr, "cannot load %s: %s (line %d)\n", path, err.text, err.line);
    exit(2);
  }
  return root;
}

/* Loads tests/data/conformance/REL holding one JSON value a line (JSON Lines) as an array, or exits. */
static inline json_t *conf_load_lines(const char *rel) {
  const char *dir = getenv("EVENTC_TEST_DATA");
  char path[4096], line[65536];
  snprintf(path, sizeof path, "%s/conformance/%s", dir ? dir : "tests/data", rel);
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  json_t *all = json_array();
  for (int n = 1; fgets(line, sizeof line, f); n++) {
    json_error_t err;
    json_t *v = json_loads(line, 0, &err);
    if (!v) {
      fprintf(stderr, "%s:%d: %s\n", path, n, err.text);
      exit(2);
    }
    json_array_append_new(all, v);
  }
  fclose(f);
  return all;
}

/* Case names listed in tests/conformance/deviations.txt under "[section]", with the §11 reason. */
typedef struct {
  char names[256][256];
  char reasons[256][512];
  bool used[256];
  int n;
} conf_deviations_t;

static inline void conf_deviations_load(conf_deviations_t *dv, const char *section) {
  memset(dv, 0, sizeof *dv);
  const char *root = getenv("EVENTC_SOURCE_ROOT");
  char path[4096], line[1024], cur[128] = "";
  snprintf(path, sizeof path, "%s/tests/conformance/deviations.txt", root ? root : ".");
  FILE *f = fopen(path, "r");
  if (!f) return;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    if (line[0] == '[') {
      snprintf(cur, sizeof cur, "%.*s", (int)strcspn(line + 1, "]"), line + 1);
      continue;
    }
    char *sep = strstr(line, " | ");
    if (!sep || strcmp(cur, section) != 0 || dv->n == 256) continue;
    *sep = '\0';
    snprintf(dv->names[dv->n], sizeof dv->names[0], "%.255s", line);
    snprintf(dv->reasons[dv->n], sizeof dv->reasons[0], "%.511s", sep + 3);
    dv->n++;
  }
  fclose(f);
}

/* True (and noted) when `name` is a listed deviation. */
static inline bool conf_deviation(conf_deviations_t *dv, const char *name) {
  for (int i = 0; i < dv->n; i++)
    if (strcmp(dv->names[i], name) == 0) {
      dv->used[i] = true;
      printf("  deviation %s: %s\n", name, dv->reasons[i]);
      return true;
    }
  return false;
}

/* Prints the closing tally; a listed deviation that no longer deviates fails the run too. */
static inline int conf_finish(const char *what, int passed, int failed, int skipped, conf_deviations_t *dv) {
  for (int i = 0; dv && i < dv->n; i++)
    if (!dv->used[i]) {
      printf("  stale deviation %s: the case now agrees or no longer exists; remove it from deviations.txt\n",
             dv->names[i]);
      failed++;
    }
  printf("%s: %d passed, %d failed, %d skipped\n", what, passed, failed, skipped);
  return failed ? 1 : 0;
}

#endif
