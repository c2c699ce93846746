/* Benchmark: PutEvents events/s through the archived bus with archiving off, on with
 * synchronous=NORMAL and on with synchronous=FULL, on the same events (10 entries per call). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, mkdtemp */
#include "archive_rules.h"
#include "eventc/archive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double seconds(clockid_t which) {
  struct timespec ts;
  clock_gettime(which, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Events/s by CPU time (this process's work, whatever else the machine runs) and by wall clock
 * (which includes waiting for the disk: what FULL costs). */
typedef struct rate {
  double cpu, wall;
} rate_t;

static evc_outcome_t accept_all(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)ud, (void)d, (void)f;
  return EVC_DELIVERED;
}

/* Rates of `n` events put 10 per call; negative when the bus could not be used. */
static rate_t run(const char *db, int disabled, int sync, int n) {
  rate_t failed = {-1, -1};
  evc_bus_config_t c;
  memset(&c, 0, sizeof c);
  c.seed = 9;
  c.archive_db = db;
  c.archive_disabled = disabled;
  c.archive_sync = sync;
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&arch_bus, &c, &err);
  if (!bus || (evc_bus_bind(bus, "Done", accept_all, NULL), evc_bus_bind(bus, "Failed", accept_all, NULL),
               evc_bus_start(bus, &err) != 0)) {
    fprintf(stderr, "bench_archive: %s\n", err.message);
    return failed;
  }
  char details[10][96];
  evc_entry_t e[10];
  double c0 = seconds(CLOCK_PROCESS_CPUTIME_ID), w0 = seconds(CLOCK_MONOTONIC);
  for (int i = 0; i < n; i += 10) {
    for (int j = 0; j < 10; j++) {
      snprintf(details[j], sizeof details[j], "{\"ticket_id\": \"tkt_%d\", \"status\": \"%s\"}", i + j,
               (i + j) % 4 ? "ok" : "failed");
      evc_entry_t one = {"app", "done", details[j], 0, NULL, 0, NULL, NULL, NULL};
      e[j] = one;
    }
    evc_put_result_t res;
    if (evc_put_events(bus, e, 10, &res, &err) != 0 || res.failed_entry_count) return failed;
  }
  rate_t r = {n / (seconds(CLOCK_PROCESS_CPUTIME_ID) - c0), n / (seconds(CLOCK_MONOTONIC) - w0)};
  evc_bus_free(bus);
  return r;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 100000;
  char dir[] = "/tmp/evc-bench-XXXXXX", db[64], cmd[96];
  if (!mkdtemp(dir)) return 2;
  snprintf(db, sizeof db, "%s/archive.db", dir);
  rate_t off = run(db, 1, EVC_ARCHIVE_SYNC_NORMAL, n);
  rate_t normal = run(db, 0, EVC_ARCHIVE_SYNC_NORMAL, n);
  rate_t full = run(db, 0, EVC_ARCHIVE_SYNC_FULL, n / 10);
  printf("put+match+deliver, 10 entries per call        events/s by CPU time   by wall clock\n");
  printf("  archive off                    %7d events %12.0f %15.0f\n", n, off.cpu, off.wall);
  printf("  archive on, synchronous=NORMAL %7d events %12.0f %15.0f\n", n, normal.cpu, normal.wall);
  printf("  archive on, synchronous=FULL   %7d events %12.0f %15.0f\n", n / 10, full.cpu, full.wall);
  printf("(2 archives: every event, and the 1 in 4 with status failed: 1.25 rows per event)\n");
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  return system(cmd) == 0 && off.cpu > 0 && normal.cpu > 0 && full.cpu > 0 ? 0 : 1;
}
