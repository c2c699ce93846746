/* libFuzzer target: evc_scan_skip with each block skip (portable, SSE2, AVX2, AVX-512BW), and with the flat-object
 * skips (AVX-512: point lists, records of strings), against the scalar skip alone. */
#include "block.h"
#include "flat_objects.h"
#include "eventc/scan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct outcome {
  const char *end;
  evc_error_t err;
} outcome_t;

/* Skips the document's first value, and the first container inside it, with `impl`. */
static void skip_twice(evc_block_impl_t impl, const char *json, size_t size, outcome_t out[2]) {
  evc_block_use(impl);
  for (int k = 0; k < 2; k++) {
    evc_scan_t s;
    memset(&out[k], 0, sizeof out[k]);
    const char *p = evc_scan_begin(&s, json, size, NULL, &out[k].err);
    if (p && k == 1) {
      const char *inner = memchr(p + 1, '[', (size_t)(s.end - p - 1));
      p = inner ? inner : memchr(p + 1, '{', (size_t)(s.end - p - 1));
    }
    out[k].end = p ? evc_scan_skip(&s, p) : NULL;
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
  evc_flat_objects_use(0);
  skip_twice(EVC_BLOCK_NONE, json, size, want);
  if (evc_flat_objects_use(1)) {
    skip_twice(EVC_BLOCK_NONE, json, size, got);
    for (int k = 0; k < 2; k++)
      if (!same(&got[k], &want[k])) {
        fprintf(stderr, "fuzz_block_skip: flat-object skips and scalar skip disagree (%s vs %s) on: %.*s\n",
                got[k].err.message, want[k].err.message, (int)size, json);
        abort();
      }
    evc_flat_objects_use(0);
  }
  for (size_t i = 0; i < sizeof impls / sizeof *impls; i++) {
    if (!evc_block_classifier(impls[i])) continue;
    skip_twice(impls[i], json, size, got);
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
