/* Malloc-failure test of the bus: new/bind/start/put_events/retries/DLQs with each allocation failing in turn. */
#include "retry_rules.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* ---- allocation wrappers (-Wl,--wrap=...): count, fail the n-th, track live blocks ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static unsigned long allocations, fail_at;
static long live;

static int allocation_fails(void) { return ++allocations == fail_at; }

void *__wrap_malloc(size_t n) {
  void *p = allocation_fails() ? NULL : __real_malloc(n);
  live += p != NULL;
  return p;
}

void *__wrap_calloc(size_t n, size_t m) {
  void *p = allocation_fails() ? NULL : __real_calloc(n, m);
  live += p != NULL;
  return p;
}

void *__wrap_realloc(void *p, size_t n) {
  void *q = allocation_fails() ? NULL : __real_realloc(p, n);
  live += q && !p;
  return q;
}

void __wrap_free(void *p) {
  live -= p != NULL;
  __real_free(p);
}

/* ---- the scenario: every target ends delivered or dead-lettered exactly once ---- */

typedef struct tally {
  evc_vclock_t clock;
  unsigned finals; /* deliveries that succeeded + dead letters (DLQ or drop hook) */
} tally_t;

static evc_outcome_t deliver(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  assert_true(d->payload_len > 0);
  ((tally_t *)ud)->finals++;
  return EVC_DELIVERED;
}

static evc_outcome_t retry_once(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  if (d->attempt == 0) return evc_failure_set(f, EVC_RETRY, "Throttled", "attempt %u", d->attempt);
  return deliver(ud, d, f);
}

static evc_outcome_t always_retry(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)ud;
  return evc_failure_set(f, EVC_RETRY, "Unavailable", "attempt %u", d->attempt);
}

static evc_outcome_t permanent(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)ud;
  (void)d;
  return evc_failure_set(f, EVC_FAILED, "BadRequest", "rejected");
}

static void dead(void *ud, const evc_dead_letter_t *dl) {
  assert_non_null(dl->error_code);
  ((tally_t *)ud)->finals++;
}

static const char *const resources[] = {"arn:aws:shop:eu-west-1:1:order/1", "arn:aws:shop:eu-west-1:1:order/2"};

static const evc_entry_t entries[] = {
    {"shop.web", "OrderPlaced",
     "{\"order_id\":\"o-1\",\"total\":50,\"items\":[{\"sku\":\"a\\\"b\"}],\"address\":{\"country\":\"FR\"}}", 0,
     resources, 2, "2026-12-04T05:00:00Z", NULL, NULL},
    {"shop.app", "OrderUpdated",
     "{\"order_id\":\"o-2\",\"total\":2500,\"items\":[{\"sku\":\"x\"},{\"sku\":\"y\"}],\"address\":{\"country\":\"DE\"}}",
     0, NULL, 0, NULL, "orders", "Root=1-abc"},
    {"shop.web", "OrderPlaced", "{\"order_id\":", 0, NULL, 0, NULL, NULL, NULL},
};
static const unsigned targets_of_entry[] = {4, 5, 0}; /* order-placed: 4 targets; + large-order: 1 */

/* Runs the whole life of a bus; returns how many allocations it made. */
static unsigned long run_bus(unsigned long fail_nth) {
  tally_t t = {{1796360400000}, 0};
  allocations = 0;
  fail_at = fail_nth;
  live = 0;
  evc_bus_config_t cfg = {.clock = evc_clock_virtual(&t.clock), .seed = 7, .backoff_base_ms = 1000,
                          .backoff_max_ms = 60000, .on_drop = dead, .drop_ud = &t};
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&retry_bus, &cfg, &err);
  if (!bus) {
    assert_int_not_equal(err.code, EVC_E_OK);
    assert_true(fail_nth > 0);
  } else {
    assert_int_equal(evc_bus_bind(bus, "NotifyFunction", retry_once, &t), 1);
    assert_int_equal(evc_bus_bind(bus, "ArchiveFunction", always_retry, &t), 1);
    assert_int_equal(evc_bus_bind(bus, "AuditFunction", permanent, &t), 1);
    assert_int_equal(evc_bus_bind(bus, "LabelFunction", deliver, &t), 1);
    assert_int_equal(evc_bus_bind(bus, "ReviewFunction", retry_once, &t), 1);
    assert_int_equal(evc_bus_bind_dlq(bus, "OrdersDLQ", dead, &t), 3);
    assert_int_equal(evc_bus_start(bus, &err), 0);
    evc_put_result_t res;
    assert_int_equal(evc_put_events(bus, entries, 3, &res, &err), 0);
    unsigned expected = 0;
    for (size_t i = 0; i < 3; i++)
      if (!res.entries[i].error_code) expected += targets_of_entry[i];
    assert_non_null(res.entries[2].error_code);
    int64_t due;
    while (evc_bus_next_due(bus, &due)) {
      t.clock.now_ms = due;
      evc_bus_run_due(bus);
    }
    evc_bus_free(bus);
    if (fail_nth == 0) assert_int_equal(expected, 9);
    assert_int_equal(t.finals, expected);
  }
  assert_int_equal(live, 0);
  fail_at = 0;
  return allocations;
}

static void every_failing_allocation_is_handled(void **state) {
  (void)state;
  unsigned long total = run_bus(0);
  assert_true(total > 3);
  for (unsigned long n = 1; n <= total; n++) run_bus(n);
  print_message("%lu allocations, each failed in turn\n", total);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(every_failing_allocation_is_handled)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
