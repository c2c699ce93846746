/* Bus targets and policies across processes: each bus of tests/bus/busnet.yaml served by its own attached bus object
 * (one per "process"), chains, loops and hop limits carried in Evc-Route, a partner account allowed or denied by
 * billing's policy. */
#include "busnet_rules.h"
#include "nats_test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ACCOUNT "123456789012"
#define PARTNER "999999999999"
#define MAX_BUS 8

static char url[256];
static int prefix_no;

typedef struct net {
  char prefix[16];
  evc_bus_t *bus[MAX_BUS];
  evc_nats_t *nats[MAX_BUS];
  size_t nbus;
  evc_nats_t *workers[MAX_BUS]; /* the attachments that joined consumers */
  size_t nworker;
  int billing_seen, audit_seen, route_dead;
  char dead_code[64], billing_event[1024];
} net_t;

static evc_outcome_t billing_seen(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  net_t *n = ud;
  (void)f;
  n->billing_seen++;
  snprintf(n->billing_event, sizeof n->billing_event, "%.*s", (int)d->event_len, d->event);
  return EVC_DELIVERED;
}

static evc_outcome_t audit_seen(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  net_t *n = ud;
  (void)d;
  (void)f;
  n->audit_seen++;
  return EVC_DELIVERED;
}

static void route_dlq(void *ud, const evc_dead_letter_t *dl) {
  net_t *n = ud;
  n->route_dead++;
  snprintf(n->dead_code, sizeof n->dead_code, "%s", dl->error_code);
}

static void ignore_drop(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  (void)dl;
}

/* A bus object of one process, attached to the net's streams. */
static evc_bus_t *bus_in(net_t *n, const evc_bus_def_t *def, const char *account, uint32_t hops) {
  evc_bus_config_t c;
  memset(&c, 0, sizeof c);
  c.account = account;
  c.max_bus_hops = hops;
  c.backoff_base_ms = 20;
  c.on_drop = ignore_drop;
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(def, &c, &err);
  if (!bus) fail_msg("evc_bus_new: %s", err.message);
  assert_true(n->nbus < MAX_BUS);
  n->bus[n->nbus] = bus;
  n->nats[n->nbus++] = nt_attach(bus, url, n->prefix, 64);
  return bus;
}

static evc_nats_t *nats_of(net_t *n, const evc_bus_t *bus) {
  for (size_t i = 0; i < n->nbus; i++)
    if (n->bus[i] == bus) return n->nats[i];
  return NULL;
}

static void join(net_t *n, evc_bus_t *bus) {
  size_t joined;
  evc_error_t err;
  assert_int_equal(evc_nats_join(nats_of(n, bus), &joined, &err), 0);
  assert_true(joined > 0);
  n->workers[n->nworker++] = nats_of(n, bus);
}

/* Three processes: orders (forwards to billing), billing (forwards to audit or back to orders),
 * audit; each holds handles of the buses its targets name. */
static void three_processes(net_t *n, uint32_t billing_hops) {
  memset(n, 0, sizeof *n);
  snprintf(n->prefix, sizeof n->prefix, "NET%d", ++prefix_no);
  evc_bus_t *orders = bus_in(n, &bn_orders_bus, ACCOUNT, 1);
  assert_int_equal(evc_bus_bind_bus(orders, "ToBilling", bus_in(n, &bn_billing_bus, ACCOUNT, 1)), 1);
  join(n, orders);
  evc_bus_t *billing = bus_in(n, &bn_billing_bus, ACCOUNT, billing_hops);
  assert_int_equal(evc_bus_bind(billing, "BillingSeen", billing_seen, n), 1);
  assert_int_equal(evc_bus_bind_dlq(billing, "RouteDLQ", route_dlq, n), 2);
  assert_int_equal(evc_bus_bind_bus(billing, "ToAudit", bus_in(n, &bn_audit_bus, ACCOUNT, 1)), 1);
  assert_int_equal(evc_bus_bind_bus(billing, "BackToOrders", bus_in(n, &bn_orders_bus, ACCOUNT, 1)), 1);
  join(n, billing);
  evc_bus_t *audit = bus_in(n, &bn_audit_bus, ACCOUNT, 1);
  assert_int_equal(evc_bus_bind(audit, "AuditSeen", audit_seen, n), 1);
  join(n, audit);
}

static void free_net(net_t *n) {
  for (size_t i = 0; i < n->nbus; i++) evc_nats_detach(n->nats[i]);
  for (size_t i = 0; i < n->nbus; i++) evc_bus_free(n->bus[i]);
}

static void put(evc_bus_t *bus, const char *source, const char *detail_type, const char *bus_name,
                evc_put_result_t *res) {
  evc_entry_t e = {source, detail_type, "{\"k\": 1}", 0, NULL, 0, NULL, bus_name, NULL};
  evc_error_t err;
  assert_int_equal(evc_put_events(bus, &e, 1, res, &err), 0);
}

/* Runs every worker until `done` holds or 10 s passed, then 300 ms more for stray deliveries. */
static void run_until(net_t *n, const int *counter, int want) {
  evc_error_t err;
  size_t handled;
  double end = nt_now_s() + 10, settle = 0;
  while (nt_now_s() < end && (settle == 0 || nt_now_s() < settle)) {
    for (size_t i = 0; i < n->nworker; i++) assert_int_equal(evc_nats_run(n->workers[i], 20, &handled, &err), 0);
    if (*counter >= want && settle == 0) settle = nt_now_s() + 0.3;
  }
}

static void test_chain_crosses_two_processes(void **state) {
  (void)state;
  net_t n;
  three_processes(&n, 2);
  evc_put_result_t res;
  put(n.bus[0], "chain", "go", NULL, &res);
  assert_int_equal(res.failed_entry_count, 0);
  run_until(&n, &n.audit_seen, 1);
  assert_int_equal(n.billing_seen, 1);
  assert_int_equal(n.audit_seen, 1);
  assert_int_equal(n.route_dead, 0);
  assert_non_null(strstr(n.billing_event, res.entries[0].event_id)); /* the same event */
  uint64_t trusted = 0; /* each hop's envelope was validated by the bus that put or received it */
  for (size_t i = 0; i < n.nbus; i++) trusted += evc_bus_metrics(n.bus[i])->trusted_matches;
  assert_int_equal(evc_bus_metrics(n.bus[0])->trusted_matches, 0); /* put: fully validated */
  assert_int_equal(trusted, 2); /* orders -> billing, billing -> audit */
  free_net(&n);
}

static void test_hop_limit_counts_other_processes(void **state) {
  (void)state;
  net_t n;
  three_processes(&n, 1); /* billing may forward only events put to it */
  evc_put_result_t res;
  put(n.bus[0], "chain", "go", NULL, &res);
  run_until(&n, &n.route_dead, 1);
  assert_int_equal(n.billing_seen, 1);
  assert_int_equal(n.audit_seen, 0);
  assert_int_equal(n.route_dead, 1);
  assert_string_equal(n.dead_code, "EventBusHopLimit");
  free_net(&n);
}

static void test_loop_back_to_another_process_is_refused(void **state) {
  (void)state;
  net_t n;
  three_processes(&n, 4);
  evc_put_result_t res;
  put(n.bus[0], "loop", "go", NULL, &res);
  run_until(&n, &n.route_dead, 1);
  assert_int_equal(n.billing_seen, 1);
  assert_int_equal(n.route_dead, 1);
  assert_string_equal(n.dead_code, "EventBusLoop");
  free_net(&n);
}

/* A partner account's process puts to billing's stream through a handle: the policy decides. */
static void test_partner_account_needs_the_policy(void **state) {
  (void)state;
  net_t n;
  three_processes(&n, 1);
  evc_bus_t *partner = bus_in(&n, &bn_audit_bus, PARTNER, 1);
  evc_bus_t *billing = bus_in(&n, &bn_billing_bus, ACCOUNT, 1);
  assert_int_equal(evc_bus_add_peer(partner, billing), 0);
  evc_put_result_t res;
  put(partner, "partner", "hello", evc_bus_arn(billing), &res);
  assert_int_equal(res.failed_entry_count, 0);
  put(partner, "other", "hello", evc_bus_arn(billing), &res);
  assert_int_equal(res.failed_entry_count, 1);
  assert_string_equal(res.entries[0].error_code, "AccessDeniedException");
  run_until(&n, &n.billing_seen, 1);
  assert_int_equal(n.billing_seen, 1);
  assert_non_null(strstr(n.billing_event, "\"account\":\"" PARTNER "\""));
  free_net(&n);
}

int main(void) {
  int rc = nt_server_start(url, sizeof url);
  if (rc != 0) return rc == SKIP_EXIT ? SKIP_EXIT : 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_chain_crosses_two_processes),
      cmocka_unit_test(test_hop_limit_counts_other_processes),
      cmocka_unit_test(test_loop_back_to_another_process_is_refused),
      cmocka_unit_test(test_partner_account_needs_the_policy),
  };
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  nt_server_stop();
  return rc;
}
