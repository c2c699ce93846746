/* Schema discovery benchmark: evcc_infer_add over an NDJSON file, events/s and MB/s (CPU and wall time). */
#define _POSIX_C_SOURCE 200809L
#include "infer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = n > 0 ? malloc((size_t)n) : NULL;
  *len = buf && fread(buf, 1, (size_t)n, f) == (size_t)n ? (size_t)n : 0;
  fclose(f);
  return buf;
}

int main(int argc, char **argv) {
  size_t len;
  char *text = argc == 2 ? slurp(argv[1], &len) : NULL;
  if (!text || !len) {
    fprintf(stderr, "usage: bench_infer EVENTS.ndjson\n");
    return 2;
  }
  evcc_infer_t in;
  evcc_infer_init(&in);
  char why[160];
  size_t at, events = 0, bad = 0;
  double cpu = seconds(CLOCK_PROCESS_CPUTIME_ID), wall = seconds(CLOCK_MONOTONIC);
  for (char *p = text, *end = text + len; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = (size_t)((nl ? nl : end) - p);
    if (n) {
      events++;
      bad += !evcc_infer_add(&in, p, n, why, sizeof why, &at);
    }
    p += n + 1;
  }
  cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
  wall = seconds(CLOCK_MONOTONIC) - wall;
  evcc_buf_t out;
  evcc_buf_init(&out);
  evcc_infer_out_t o = {EVCC_INFER_OPENAPI, NULL, NULL, NULL};
  for (size_t i = 0; i < in.npair; i++) evcc_infer_write(&in.pairs[i], &o, &out);
  printf("infer: %lu events (%lu refused), %.1f MB, %lu schema(s), %lu bytes of schema\n", (unsigned long)events,
         (unsigned long)bad, (double)len / 1e6, (unsigned long)in.npair, (unsigned long)out.len);
  printf("infer: %.0f events/s, %.0f MB/s (CPU time %.3f s); %.0f events/s wall clock (%.3f s)\n", (double)events / cpu,
         (double)len / 1e6 / cpu, cpu, (double)events / wall, wall);
  evcc_buf_free(&out);
  evcc_infer_free(&in);
  free(text);
  return bad ? 1 : 0;
}
