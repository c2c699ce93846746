/* Benchmark: generated parse+validate into structs vs jansson json_loadb (and simdjson's DOM parse, in
 * interleaved cycles, when given its bench_simdjson) on the same CityLots-style and TicketCompleted events. */
#ifdef __linux__
#define _GNU_SOURCE /* sched_getcpu, sched_setaffinity */
#include <sched.h>
#endif
#include "scenarios.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct corpus {
  char *text;
  size_t *off, *len, n, bytes;
} corpus_t;

static unsigned long long rng = 20220627;

static double unif(double lo, double hi) {
  rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
  return lo + (hi - lo) * (double)(rng >> 11) / 9007199254740992.0;
}

static void add(corpus_t *c, const char *ev, size_t n) {
  c->text = realloc(c->text, c->bytes + n);
  c->off = realloc(c->off, (c->n + 1) * sizeof *c->off);
  c->len = realloc(c->len, (c->n + 1) * sizeof *c->len);
  memcpy(c->text + c->bytes, ev, n);
  c->off[c->n] = c->bytes;
  c->len[c->n++] = n;
  c->bytes += n;
}

/* Same shape as shared/bench/gen_citylots.py (Polygon records). */
static void citylots(corpus_t *c, size_t n) {
  static const char *const streets[] = {"FULTON", "MASON", "UNKNOWN", "MARKET", "20TH", "GOLDEN GATE", "LAKE"};
  static const char *const types[] = {"\"ST\"", "\"AVE\"", "null", "\"BLVD\""};
  char ev[8192];
  for (size_t i = 0; i < n; i++) {
    int lot = (int)unif(1, 120), frm = (int)unif(0, 4000), k = 4 + (int)unif(0, 20);
    int at = snprintf(ev, sizeof ev,
                      "{\"type\":\"Feature\",\"properties\":{\"MAPBLKLOT\":\"%04d%03d\",\"BLKLOT\":\"%04d%03d\","
                      "\"BLOCK_NUM\":\"%04d\",\"LOT_NUM\":\"%03d\",\"FROM_ST\":\"%d\",\"TO_ST\":\"%d\",\"STREET\":\"%s\","
                      "\"ST_TYPE\":%s,\"ODD_EVEN\":\"%s\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[",
                      (int)(i / 50), lot, (int)(i / 50), lot, (int)(i / 50) % 10000, lot, frm, frm + 2,
                      streets[i % 7], types[i % 4], frm % 2 ? "O" : "E");
    double cx = unif(-122.52, -122.35), cy = unif(37.70, 37.81), fx = 0, fy = 0;
    for (int j = 0; j < k; j++) {
      double x = cx + unif(-4e-4, 4e-4), y = cy + unif(-4e-4, 4e-4);
      if (j == 0) fx = x, fy = y;
      at += snprintf(ev + at, sizeof ev - (size_t)at, "%s{\"x\":%.17g,\"y\":%.17g,\"z\":0}", j ? "," : "", x, y);
    }
    at += snprintf(ev + at, sizeof ev - (size_t)at, "]],\"firstCoordinates\":{\"x\":%.17g,\"y\":%.17g,\"z\":0}}}", fx, fy);
    add(c, ev, (size_t)at);
  }
}

static void tickets(corpus_t *c, size_t n) {
  static const char *const cats[] = {"hardware.disk", "software.license", "network.vpn", "hardware.gpu"};
  char ev[512];
  for (size_t i = 0; i < n; i++) {
    int at = snprintf(ev, sizeof ev,
                      "{\"ticket_id\":\"tkt_%08lx\",\"status\":\"%s\",\"category\":\"%s\",\"solution_confidence\":%.3f}",
                      (unsigned long)(i * 2654435761u), i % 5 ? "READY" : "FAILED", cats[i % 4], unif(0, 1));
    add(c, ev, (size_t)at);
  }
}

/* CPU time of this process: one core's work, whatever else the machine runs. */
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

typedef int (*parse_fn)(const corpus_t *c, size_t i, evc_arena_t *a);

static int parse_lot(const corpus_t *c, size_t i, evc_arena_t *a) {
  scenarios_CityLot ev;
  evc_error_t err;
  return scenarios_CityLot_parse(c->text + c->off[i], c->len[i], &ev, a, &err);
}

static int parse_ticket(const corpus_t *c, size_t i, evc_arena_t *a) {
  scenarios_TicketCompletedEvent ev;
  evc_error_t err;
  return scenarios_TicketCompletedEvent_parse(c->text + c->off[i], c->len[i], &ev, a, &err);
}

static int jansson_load(const corpus_t *c, size_t i, evc_arena_t *a) {
  (void)a;
  json_t *v = json_loadb(c->text + c->off[i], c->len[i], 0, NULL);
  json_decref(v);
  return v == NULL;
}

/* CPU seconds fn takes over events [from, to) of the corpus. */
static double timed(const corpus_t *c, parse_fn fn, size_t from, size_t to, const char *name) {
  static unsigned char mem[1 << 16];
  evc_arena_t a;
  double t0 = now();
  for (size_t i = from; i < to; i++) {
    evc_arena_init(&a, mem, sizeof mem);
    if (fn(c, i, &a)) {
      fprintf(stderr, "%s: event %lu failed\n", name, (unsigned long)i);
      exit(1);
    }
  }
  return now() - t0;
}

/*
 * eventc and jansson over the same corpus, interleaved in chunks of 1,000 events: this
 * machine's speed drifts by a third within seconds, and interleaving makes both sides see the
 * same drift, so their ratio holds still where separate timings would not (chunks of 100 were
 * too short: each side then ran on caches and predictors the other had just cooled). Which side reads a
 * chunk first (from memory rather than cache) alternates. Whole passes over the corpus are
 * repeated until jansson has had a second. Prints both and returns the speed-up.
 */
#define CHUNK 1000
static double compare(const corpus_t *c, parse_fn fn, const char *what) {
  double te = 0, tj = 0;
  size_t events = 0;
  do {
    for (size_t from = 0; from < c->n; from += CHUNK) {
      size_t to = from + CHUNK < c->n ? from + CHUNK : c->n;
      int eventc_first = (from / CHUNK) % 2; /* who reads the chunk's bytes first alternates */
      if (eventc_first) te += timed(c, fn, from, to, "eventc parse+validate");
      tj += timed(c, jansson_load, from, to, "jansson json_loadb");
      if (!eventc_first) te += timed(c, fn, from, to, "eventc parse+validate");
    }
    events += c->n;
  } while (tj < 1.0);
  double e = (double)events / te, j = (double)events / tj;
  printf("%-12s %-26s %12.0f events/s %9.1f MB/s\n", what, "eventc parse+validate", e,
         e * (double)c->bytes / (double)c->n / 1e6);
  printf("%-12s %-26s %12.0f events/s %9.1f MB/s\n", what, "jansson json_loadb", j,
         j * (double)c->bytes / (double)c->n / 1e6);
  return e / j;
}

/* Best CPU seconds of `rounds` whole passes of fn over the corpus. */
static double best_pass(const corpus_t *c, parse_fn fn, int rounds) {
  double best = 1e30;
  for (int k = 0; k < rounds; k++) {
    double t = timed(c, fn, 0, c->n, "eventc parse+validate");
    if (t < best) best = t;
  }
  return best;
}

/* Writes the corpus as NDJSON (what bench_simdjson reads) into a new temporary file named in path. */
static int write_ndjson(const corpus_t *c, char *path) {
  int fd = mkstemp(path);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) return -1;
  for (size_t i = 0; i < c->n; i++) fprintf(f, "%.*s\n", (int)c->len[i], c->text + c->off[i]);
  return fclose(f);
}

/* events/s of `bench_simdjson dom` (best of rounds) over the NDJSON file at path; 0 on failure. */
static double simdjson_dom_rate(const char *exe, const char *path, int rounds) {
  char cmd[512], line[256];
  snprintf(cmd, sizeof cmd, "'%s' dom '%s' %d", exe, path, rounds);
  FILE *p = popen(cmd, "r");
  double rate = 0;
  if (p) {
    while (fgets(line, sizeof line, p)) {
      const char *at = strstr(line, "events/s ");
      if (at) rate = atof(at + 9);
    }
    pclose(p);
  }
  return rate;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *xs, int n) {
  qsort(xs, (size_t)n, sizeof *xs, by_value);
  return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

/*
 * CityLots against simdjson's DOM parse (full validation, every number converted): cycles that
 * each time both sides (best of ROUNDS whole passes), the side that goes first alternating, so a
 * slow spell of this shared machine hits both alike; prints the medians and the median of the
 * per-cycle ratios. EVENTC_BENCH_CYCLES sets the number of cycles (7).
 */
#define ROUNDS 2
static void versus_simdjson(const corpus_t *lots, const char *exe) {
  enum { MAX_CYCLES = 64 };
  const char *env = getenv("EVENTC_BENCH_CYCLES");
  int cycles = env && atoi(env) > 0 ? atoi(env) : 7;
  if (cycles > MAX_CYCLES) cycles = MAX_CYCLES;
  char path[] = "/tmp/evc-schema-bench-XXXXXX";
  double d[MAX_CYCLES], e[MAX_CYCLES], ratio[MAX_CYCLES];
  if (write_ndjson(lots, path)) {
    fprintf(stderr, "cannot write the NDJSON stream for %s\n", exe);
    exit(1);
  }
  for (int k = 0; k < cycles; k++) {
    if (k % 2) e[k] = (double)lots->n / best_pass(lots, parse_lot, ROUNDS);
    d[k] = simdjson_dom_rate(exe, path, ROUNDS);
    if (!(k % 2)) e[k] = (double)lots->n / best_pass(lots, parse_lot, ROUNDS);
    if (d[k] <= 0) {
      fprintf(stderr, "%s gave no rate\n", exe);
      remove(path);
      exit(1);
    }
    ratio[k] = e[k] / d[k];
  }
  remove(path);
  double j = (double)lots->n / best_pass(lots, jansson_load, 1);
  double lo = ratio[0], hi = ratio[0];
  for (int k = 1; k < cycles; k++) lo = ratio[k] < lo ? ratio[k] : lo, hi = ratio[k] > hi ? ratio[k] : hi;
  double dm = median(d, cycles), em = median(e, cycles);
  printf("citylots, medians of %d interleaved cycles (best of %d passes each):\n", cycles, ROUNDS);
  printf("citylots     %-26s %12.0f events/s\n", "simdjson DOM parse", dm);
  printf("citylots     %-26s %12.0f events/s\n", "eventc CityLot_parse", em);
  printf("citylots     %-26s %12.0f events/s\n", "jansson json_loadb", j);
  printf("citylots _parse / simdjson DOM: %.2fx median of cycles (%.2f..%.2f; target 1.0x); / jansson: %.1fx\n",
         median(ratio, cycles), lo, hi, em / j);
}

/*
 * Keeps this process, and the simdjson process it starts, on the CPU it runs on: the cores of
 * a shared machine differ by 1.5x in speed under others' load, which would otherwise decide
 * the ratio by where each process happened to land.
 */
static void stay_on_this_cpu(void) {
#ifdef __linux__
  int cpu = sched_getcpu();
  cpu_set_t one;
  CPU_ZERO(&one);
  if (cpu >= 0) CPU_SET(cpu, &one);
  if (cpu < 0 || sched_setaffinity(0, sizeof one, &one)) perror("bench_schema: sched_setaffinity");
#endif
}

int main(int argc, char **argv) {
  stay_on_this_cpu();
  size_t n = argc > 1 ? (size_t)atol(argv[1]) : 20000;
  corpus_t lots = {0}, tk = {0};
  citylots(&lots, n);
  tickets(&tk, n);
  printf("%lu CityLots events (%.1f MB), %lu TicketCompleted events (%.1f MB)\n", (unsigned long)lots.n,
         (double)lots.bytes / 1e6, (unsigned long)tk.n, (double)tk.bytes / 1e6);
  double a = compare(&lots, parse_lot, "citylots"), b = compare(&tk, parse_ticket, "tickets");
  printf("speed-up over jansson: citylots %.1fx, tickets %.1fx (target 20x)\n", a, b);
  if (argc > 2) versus_simdjson(&lots, argv[2]);
  free(lots.text), free(lots.off), free(lots.len), free(tk.text), free(tk.off), free(tk.len);
  return 0;
}
