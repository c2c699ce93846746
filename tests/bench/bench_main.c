/* Times one generated matcher (prefix "bench") over an NDJSON stream: events/s, MB/s, match counts. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/*
 * -DBENCH_TRUSTED times bench_match_trusted (events known valid) instead of bench_match_json. With a
 * third argument "recv" each event is first copied into one reused buffer, as evc_replay writes each
 * envelope into its buffer and a transport its message (bench_simdjson's ondemand-recv does the same
 * copy); without it the events are read in place in the big stream, where a matcher that stops after
 * the first ~150 bytes of each ~960-byte event waits for memory at every event.
 */
#ifdef BENCH_TRUSTED
#define bench_match bench_match_trusted
#else
#define bench_match bench_match_json
#endif

static char received[EVC_SCAN_DEFAULT_MAX_SIZE];
static int receive;

/* The event the matcher reads: event i of the stream, or its copy in `received` ("recv"). */
static const char *as_received(const char *ev, size_t len) {
  if (!receive || len > sizeof received) return ev;
  memcpy(received, ev, len);
  return received;
}

/* CPU time of this process: one core's work, whatever else the machine runs. */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *read_all(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) exit(2);
  fclose(f);
  *len = (size_t)n;
  return buf;
}

int main(int argc, char **argv) {
  size_t len, nev = 0, cap = 1 << 18;
  char *text = argc > 1 ? read_all(argv[1], &len) : NULL;
  int rounds = argc > 2 ? atoi(argv[2]) : 3;
  receive = argc > 3 && strcmp(argv[3], "recv") == 0;
  if (!text) {
    fprintf(stderr, "usage: bench STREAM.ndjson [ROUNDS [recv]]\n");
    return 2;
  }
  const char **ev = malloc(cap * sizeof *ev);
  size_t *evlen = malloc(cap * sizeof *evlen);
  for (char *p = text, *end = text + len; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    if (!nl) nl = end;
    if (nev == cap) {
      cap *= 2;
      ev = realloc(ev, cap * sizeof *ev);
      evlen = realloc(evlen, cap * sizeof *evlen);
    }
    ev[nev] = p;
    evlen[nev++] = (size_t)(nl - p);
    p = nl + 1;
  }
  static unsigned long counts[bench_RULE_COUNT + 1];
  bench_result_t r;
  evc_error_t err;
  for (size_t i = 0; i < nev; i++) {
    if (bench_match(as_received(ev[i], evlen[i]), evlen[i], &r, &err) != 0) {
      fprintf(stderr, "event %zu: %s\n", i, err.message);
      return 1;
    }
    for (uint32_t id = bench_result_next(&r, 0); id < bench_RULE_COUNT; id = bench_result_next(&r, id + 1)) counts[id]++;
  }
  double best = 1e30;
  unsigned long sink = 0;
  for (int k = 0; k < rounds; k++) {
    double t0 = now();
    for (size_t i = 0; i < nev; i++) {
      bench_match(as_received(ev[i], evlen[i]), evlen[i], &r, &err);
      sink += r.count;
    }
    double t = now() - t0;
    if (t < best) best = t;
  }
  printf("events %zu bytes %zu seconds %.6f events/s %.0f MB/s %.1f sink %lu\n", nev, len, best, (double)nev / best,
         (double)len / best / 1e6, sink);
  for (uint32_t id = 0; id < bench_RULE_COUNT; id++) printf("count %s %lu\n", bench_rule_name(id), counts[id]);
  free(ev);
  free(evlen);
  free(text);
  return 0;
}
