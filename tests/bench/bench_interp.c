/* Benchmark helper: per-rule match counts of the reference interpreter, and jansson's parse rate. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "interp.h"
#include "model.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) exit(2);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) exit(2);
  fclose(f);
  *len = (size_t)n;
  return buf;
}

/* "baseline STREAM N": json_loadb over the first N events. */
static int baseline(const char *path, size_t max) {
  size_t len, n = 0;
  char *text = read_all(path, &len);
  struct timespec a, b;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
  for (char *p = text, *end = text + len; p < end && n < max; n++) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    json_error_t err;
    json_t *j = json_loadb(p, (size_t)(nl - p), 0, &err);
    if (!j) return 1;
    json_decref(j);
    p = nl + 1;
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
  double t = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
  printf("jansson events %zu seconds %.6f events/s %.0f\n", n, t, (double)n / t);
  free(text);
  return 0;
}

/* "counts RULES STREAM": matches of every rule of the file's default bus. */
static int counts(const char *rules, const char *path) {
  evcc_model_t m;
  evcc_diag_t d;
  evcc_ir_t ir;
  evcc_model_init(&m);
  evcc_diag_init(&d);
  d.echo = true;
  evcc_ir_init(&ir);
  if (!evcc_model_load_file(&m, rules, &d) || !evcc_model_build_ir(&m, NULL, &ir, &d)) return 1;
  unsigned long *c = calloc(ir.nrule + 1, sizeof *c);
  uint32_t *ids = calloc(ir.nrule + 1, sizeof *ids);
  size_t len;
  char *text = read_all(path, &len);
  for (char *p = text, *end = text + len; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    json_error_t err;
    json_t *e = evcc_interp_load_event(p, (size_t)(nl - p), &err);
    size_t n = e ? evcc_interp_match(&ir, e, ids) : 0;
    for (size_t i = 0; i < n; i++) c[ids[i]]++;
    json_decref(e);
    p = nl + 1;
  }
  for (size_t r = 0; r < ir.nrule; r++) printf("count %s %lu\n", ir.rules[r].name, c[r]);
  free(text);
  free(c);
  free(ids);
  evcc_ir_free(&ir);
  evcc_model_free(&m);
  evcc_diag_free(&d);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "baseline") == 0) return baseline(argv[2], strtoull(argv[3], NULL, 10));
  if (argc == 4 && strcmp(argv[1], "counts") == 0) return counts(argv[2], argv[3]);
  fprintf(stderr, "usage: bench_interp baseline STREAM N | counts RULES STREAM\n");
  return 2;
}
