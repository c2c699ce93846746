/* libFuzzer target: evc_scan_skip with each block skip (portable, SSE2, AVX2, AVX-512BW), and with the flat-object
 * skips (AVX-512: point lists, records of strings), against the scalar skip alone; and the records the generated
 * walks read (evc_record_open_at) against the scalar skip's end. */
#include "block.h"
#include "flat_objects.h"
#include "eventc/match.h"
#include "eventc/scan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct outcome {
  const char *end;
  evc_error_t err;
} outcome_t;

/* Skips the document's first value, and the first container inside it, with `impl`; at[k] where each starts. */
static void skip_twice(evc_block_impl_t impl, const char *json, size_t size, outcome_t out[2], const char *at[2]) {
  evc_block_use(impl);
  for (int k = 0; k < 2; k++) {
    evc_scan_t s;
    memset(&out[k], 0, sizeof out[k]);
    const char *p = evc_scan_begin(&s, json, size, NULL, &out[k].err);
    if (p && k == 1) {
      const char *inner = memchr(p + 1, '[', (size_t)(s.end - p - 1));
      p = inner ? inner : memchr(p + 1, '{', (size_t)(s.end - p - 1));
    }
    at[k] = p;
    out[k].end = p ? evc_scan_skip(&s, p) : NULL;
  }
}

/* Where the generated walks would read the object at p as a record, it ends where the scalar skip ends it, and its
 * offsets are the object's quotes. */
static void record_agrees(const char *json, size_t size, const char *p, const outcome_t *want) {
  evc_scan_t s = {.base = json, .end = json + size, .max_depth = EVC_SCAN_DEFAULT_MAX_DEPTH};
  evc_record_t r;
  if (!p || *p != '{' || !evc_record_open_at(&s, p, &r)) return;
  unsigned n = 0;
  int bad = r.end != want->end;
  for (const char *c = p; c < r.end && !bad; c++)
    if (*c == '"') bad = n >= r.n || r.at[n++] != c - p;
  if (bad || n != r.n) {
    fprintf(stderr, "fuzz_block_skip: the record at %td and the scalar skip disagree on: %.*s\n", p - json, (int)size,
            json);
    abort();
  }
}

static int same(const outcome_t *a, const outcome_t *b) {
  return a->end == b->end && a->err.code == b->err.code && a->err.offset == b->err.offset &&
         strcmp(a->err.message, b->err.message) == 0 && strcmp(a->err.pointer, b->err.pointer) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *json = malloc(size ? size : 1); /* exact size: ASan sees any read past the end */
  if (!json) return 0;
  if (size) memcpy(json, data, size);
  static const evc_block_impl_t impls[] = {EVC_BLOCK_PORTABLE, EVC_BLOCK_SSE2, EVC_BLOCK_AVX2, EVC_BLOCK_AVX512};
  outcome_t want[2], got[2];
  const char *at[2];
  evc_flat_objects_use(0);
  skip_twice(EVC_BLOCK_NONE, json, size, want, at);
  if (evc_flat_objects_use(1)) {
    skip_twice(EVC_BLOCK_NONE, json, size, got, at);
    for (int k = 0; k < 2; k++) {
      record_agrees(json, size, at[k], &want[k]);
      if (!same(&got[k], &want[k])) {
        fprintf(stderr, "fuzz_block_skip: flat-object skips and scalar skip disagree (%s vs %s) on: %.*s\n",
                got[k].err.message, want[k].err.message, (int)size, json);
        abort();
      }
    }
    evc_flat_objects_use(0);
  }
  for (size_t i = 0; i < sizeof impls / sizeof *impls; i++) {
    if (!evc_block_classifier(impls[i])) continue;
    skip_twice(impls[i], json, size, got, at);
    for (int k = 0; k < 2; k++)
      if (!same(&got[k], &want[k])) {
        fprintf(stderr, "fuzz_block_skip: block skip %zu and scalar skip disagree (%s vs %s) on: %.*s\n", i,
                got[k].err.message, want[k].err.message, (int)size, json);
        abort();
      }
  }
  free(json);
  return 0;
}
