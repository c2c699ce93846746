/* Benchmark: put_events -> match -> transform -> callback on the ticket-processing rules; events/s, mallocs/event. */
#include "ticket_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Linked with --wrap=malloc/calloc/realloc: every allocation of the program is counted. */
static unsigned long allocations;
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

void *__wrap_malloc(size_t n) {
  allocations++;
  return __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m) {
  allocations++;
  return __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n) {
  allocations++;
  return __real_realloc(p, n);
}

typedef struct sink {
  unsigned long deliveries, bytes;
} sink_t;

static evc_outcome_t consume(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  sink_t *s = ud;
  (void)f;
  s->deliveries++;
  s->bytes += d->payload_len;
  return EVC_DELIVERED;
}

static void ignore_dead(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  (void)dl;
}

static const char *const details[] = {
    "{\"ticket_id\":\"tkt_1001\",\"status\":\"READY\",\"category\":\"hardware.ev_charger.error_E029\","
    "\"solution_confidence\":0.92,\"customer\":{\"id\":\"cust_456\",\"email\":\"john@acme.example\","
    "\"sla_tier\":\"gold\"},\"metadata\":{\"model\":\"v2\",\"latency_ms\":1840,\"environment\":\"production\"}}",
    "{\"ticket_id\":\"tkt_1002\",\"status\":\"READY\",\"category\":\"software.login\",\"solution_confidence\":0.75,"
    "\"customer\":{\"id\":\"cust_789\",\"email\":\"ana@acme.example\",\"sla_tier\":\"silver\"},"
    "\"metadata\":{\"model\":\"v2\",\"environment\":\"production\"}}",
};

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int publish(evc_bus_t *bus, long n) {
  evc_entry_t batch[10];
  for (int i = 0; i < 10; i++) {
    evc_entry_t e = {"ai-support.ticket-processing", "ticket.completed", details[i % 2], 0, NULL, 0, NULL, NULL, NULL};
    batch[i] = e;
  }
  evc_put_result_t res;
  evc_error_t err;
  for (long done = 0; done < n; done += 10)
    if (evc_put_events(bus, batch, 10, &res, &err) != 0 || res.failed_entry_count) return 0;
  return 1;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000;
  sink_t sink = {0, 0};
  evc_bus_config_t cfg = {0};
  cfg.seed = 1;
  cfg.on_drop = ignore_dead;
  cfg.archive_disabled = 1; /* the bus alone: bench_archive measures the archive */
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&tickets_ai_support_events_bus, &cfg, &err);
  const evc_bus_def_t *def = evc_bus_definition(bus);
  for (uint32_t r = 0; r < def->nrule; r++)
    for (uint32_t t = 0; t < def->rules[r].ntarget; t++) evc_bus_bind(bus, def->rules[r].targets[t].id, consume, &sink);
  evc_bus_bind_dlq(bus, "EventDLQ", ignore_dead, NULL);
  if (evc_bus_start(bus, &err) != 0 || !publish(bus, 1000)) {
    fprintf(stderr, "ticket-bench: %s\n", err.message);
    return 1;
  }
  unsigned long before = allocations, delivered = sink.deliveries;
  double t0 = now_s();
  if (!publish(bus, n)) return 1;
  double secs = now_s() - t0;
  printf("events: %ld in %.3f s: %.0f events/s, %.0f deliveries/s (%.1f targets per event)\n", n, secs,
         (double)n / secs, (double)(sink.deliveries - delivered) / secs,
         (double)(sink.deliveries - delivered) / (double)n);
  printf("mallocs per event on the hot path: %.3f (%lu in total)\n", (double)(allocations - before) / (double)n,
         allocations - before);
  evc_bus_free(bus);
  return 0;
}
