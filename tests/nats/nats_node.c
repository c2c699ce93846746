/* One process of the distributed fault test and benchmark: `work`, `produce`, `dlq` (lists the DLQ stream), `inproc` (the same load in process). */
#define _POSIX_C_SOURCE 200809L
#include "nats_rules.h"
#include "nats_test_util.h"

#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Outcomes are deterministic by event number n (r = n % 100):
 *   r < 10   retryable: attempts below 1 + n % 4 fail with EVC_RETRY (so some exhaust their retries)
 *   r == 10  permanent: EVC_FAILED
 *   else     delivered at once
 * Records, one line each, written with write(2) so a SIGKILL loses none that were made:
 *   C TARGET N ATTEMPT OUTCOME   a callback (OUTCOME: S delivered, R retry, F failed)
 *   D TARGET N ATTEMPT CONDITION a dead letter given to this process's sinks
 */

static volatile sig_atomic_t stopping;
static int out_fd = -1;
static int failures_planned = 1; /* 0 ("clean"): every callback succeeds (the benchmark) */

static void on_term(int sig) {
  (void)sig;
  stopping = 1;
}

static void record(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void record(const char *fmt, ...) {
  char line[160];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n > 0 && write(out_fd, line, (size_t)n) != n) stopping = 1;
}

static evc_outcome_t outcome_of(int n, uint32_t attempt, evc_failure_t *f) {
  int r = failures_planned ? n % 100 : 100;
  if (r < 10 && attempt < (uint32_t)(1 + n % 4))
    return evc_failure_set(f, EVC_RETRY, "Busy", "order %d: try again", n);
  if (r == 10) return evc_failure_set(f, EVC_FAILED, "Broken", "order %d cannot be handled", n);
  return EVC_DELIVERED;
}

static evc_outcome_t target(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  const char *name = ud;
  int n = nt_field_n(d->event, d->event_len, "n");
  evc_outcome_t o = outcome_of(n, d->attempt, f);
  record("C %s %d %" PRIu32 " %c\n", name, n, d->attempt, o == EVC_DELIVERED ? 'S' : o == EVC_RETRY ? 'R' : 'F');
  return o;
}

static void dead(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  record("D %s %d %" PRIu32 " %s\n", dl->target_id, nt_field_n(dl->event, dl->event_len, "n"),
         dl->retry_attempts, dl->exhausted_retry_condition[0] ? dl->exhausted_retry_condition : "-");
}

static evc_bus_t *worker_bus(void) {
  evc_bus_config_t cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.backoff_base_ms = 20;
  cfg.backoff_max_ms = 200;
  cfg.on_drop = dead; /* Audit has no DeadLetterConfig */
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&nr_bus, &cfg, &err);
  if (!bus) {
    fprintf(stderr, "evc_bus_new: %s\n", err.message);
    exit(1);
  }
  evc_bus_bind(bus, "Fulfil", target, "Fulfil");
  evc_bus_bind(bus, "Audit", target, "Audit");
  evc_bus_bind(bus, "Idle", target, "Idle");
  evc_bus_bind_dlq(bus, "OrdersDLQ", dead, NULL);
  return bus;
}

static void write_metrics(const char *path, evc_bus_t *bus, evc_nats_t *n) {
  FILE *f = fopen(path, "w");
  if (!f) return;
  const evc_bus_def_t *def = evc_bus_definition(bus);
  for (uint32_t r = 0; r < def->nrule; r++)
    for (uint32_t t = 0; t < def->rules[r].ntarget; t++) {
      const evc_target_metrics_t *m = evc_bus_target_metrics(bus, r, t);
      fprintf(f, "target %s %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
              def->rules[r].targets[t].id, m->invocations, m->failed_invocations,
              m->invocations_sent_to_dlq, m->retry_invocation_attempts, m->invocations_dropped);
    }
  char json[4096];
  evc_nats_metrics_json(n, json, sizeof json);
  fprintf(f, "nats %s\n", json);
  fclose(f);
}

/* work URL PREFIX RECORDS METRICS [FETCH_BATCH [clean]]: runs until SIGTERM, then writes its metrics. */
static int work(char **argv, int argc) {
  out_fd = open(argv[4], O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (out_fd < 0) return 1;
  failures_planned = !(argc > 7 && strcmp(argv[7], "clean") == 0);
  signal(SIGTERM, on_term);
  evc_bus_t *bus = worker_bus();
  evc_nats_t *n = nt_attach(bus, argv[2], argv[3], argc > 6 ? (uint32_t)atoi(argv[6]) : 64);
  size_t joined, handled;
  evc_error_t err;
  int rc = evc_nats_join(n, &joined, &err);
  if (rc != 0) fprintf(stderr, "join: %s\n", err.message);
  while (!stopping && rc == 0)
    if (evc_nats_run(n, 50, &handled, &err) != 0) fprintf(stderr, "run: %s\n", err.message);
  write_metrics(argv[5], bus, n);
  evc_nats_detach(n);
  evc_bus_free(bus);
  close(out_fd);
  return rc != 0;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void print_latencies(const char *what, double *lat, int count, double secs) {
  qsort(lat, (size_t)count, sizeof *lat, cmp_double);
  printf("%s %d %.3f %.3f %.3f %.3f\n", what, count, secs, lat[count / 2], lat[count * 9 / 10],
         lat[count * 99 / 100]);
}

/* inproc COUNT: the same events and callbacks on the in-process bus, for comparison; prints
 * "inproc COUNT SECONDS P50 P90 P99" (put latencies in ms, delivery included). */
static int inproc(char **argv) {
  int count = atoi(argv[2]);
  if (count < 1) return 2;
  out_fd = open("/dev/null", O_WRONLY);
  failures_planned = 0;
  evc_bus_t *bus = worker_bus();
  evc_error_t err;
  if (out_fd < 0 || evc_bus_start(bus, &err) != 0) return 1;
  double *lat = calloc((size_t)count, sizeof *lat), start = nt_now_s();
  for (int i = 0; i < count; i++) {
    double t0 = nt_now_s();
    nt_put_orders(bus, i, 1, i % 2 ? 150 : 50);
    lat[i] = (nt_now_s() - t0) * 1000.0;
  }
  print_latencies("inproc", lat, count, nt_now_s() - start);
  free(lat);
  evc_bus_free(bus);
  close(out_fd);
  return 0;
}

/* produce URL PREFIX COUNT: puts COUNT events (n = 0.., odd n match big-orders), one per call;
 * prints "put ACCEPTED SECONDS P50 P90 P99" (put latencies in ms: each returns once stored). */
static int produce(char **argv) {
  int count = atoi(argv[4]);
  if (count < 1) return 2;
  evc_bus_t *bus = nt_bus(NULL, 20);
  evc_nats_t *n = nt_attach(bus, argv[2], argv[3], 0);
  double *lat = calloc((size_t)count, sizeof *lat), start = nt_now_s();
  size_t accepted = 0;
  for (int i = 0; i < count; i++) {
    double t0 = nt_now_s();
    accepted += nt_put_orders(bus, i, 1, i % 2 ? 150 : 50);
    lat[i] = (nt_now_s() - t0) * 1000.0;
  }
  print_latencies("put", lat, count, nt_now_s() - start);
  printf("publisher %" PRIu64 " %" PRIu64 "\n", evc_bus_metrics(bus)->put_events_entries,
         evc_nats_metrics(n)->publish_retries);
  free(lat);
  evc_nats_detach(n);
  evc_bus_free(bus);
  return accepted == (size_t)count ? 0 : 1;
}

static void print_letter(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  printf("L %s %d %" PRIu32 " %s %s\n", dl->target_id, nt_field_n(dl->event, dl->event_len, "n"),
         dl->retry_attempts, dl->exhausted_retry_condition[0] ? dl->exhausted_retry_condition : "-",
         dl->error_code);
}

/* dlq URL PREFIX: prints every stored dead letter "L TARGET N ATTEMPTS CONDITION CODE". */
static int list_dlq(char **argv) {
  evc_bus_t *bus = nt_bus(NULL, 20);
  evc_nats_t *n = nt_attach(bus, argv[2], argv[3], 0);
  size_t count;
  evc_error_t err;
  int rc = evc_nats_dlq_each(n, print_letter, NULL, &count, &err);
  if (rc != 0) fprintf(stderr, "dlq: %s\n", err.message);
  evc_nats_detach(n);
  evc_bus_free(bus);
  return rc != 0;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc >= 6 && strcmp(argv[1], "work") == 0) return work(argv, argc);
  if (argc == 5 && strcmp(argv[1], "produce") == 0) return produce(argv);
  if (argc == 4 && strcmp(argv[1], "dlq") == 0) return list_dlq(argv);
  if (argc == 3 && strcmp(argv[1], "inproc") == 0) return inproc(argv);
  fprintf(stderr, "usage: %s work URL PREFIX RECORDS METRICS [BATCH [clean]] | produce URL PREFIX COUNT | dlq URL PREFIX | inproc COUNT\n",
          argv[0]);
  return 2;
}
