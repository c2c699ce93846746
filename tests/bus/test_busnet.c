/* Buses of one process: publishing from callbacks (a saga), bus-to-bus forwarding and its loop guard, policies. */
#include "busnet_rules.h"
#include "eventc/scan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ACCOUNT "123456789012"
#define SAGAS_PER_START 10
#define NSAGA 3340 /* 10,020 step events */

typedef struct net {
  evc_vclock_t clock;
  evc_bus_t *orders, *billing, *audit;
  /* the saga */
  int step[NSAGA];          /* last step delivered */
  int audited[NSAGA];       /* Step1Audit deliveries */
  char step2_id[NSAGA][40]; /* id returned to the Step1 handler */
  int out_of_order;         /* a step, an audit or an id that came wrong */
  int last_step2, last_step3; /* FIFO: sagas' step 2 and 3 arrive in saga order */
  int deliveries[4];
  uint32_t accepted, throttled;
  char throttle_msg[320];
  size_t run_due_inside;
  /* routes */
  int billing_seen, audit_seen;
  char billing_event[2048], audit_id[40];
  int route_dl;
  char route_code[64], route_msg[192], route_event_id[40];
  int drops;
  char drop_code[64], drop_msg[192];
} net_t;

static int saga_of(const evc_delivery_t *d) {
  const char *p = strstr(d->event, "\"saga\":");
  return p ? atoi(p + 7) : -1;
}

static evc_entry_t saga_entry(const char *step, char *detail, size_t cap, int saga) {
  snprintf(detail, cap, "{\"saga\":%d}", saga);
  evc_entry_t e = {"saga", step, detail, 0, NULL, 0, NULL, NULL, NULL};
  return e;
}

/* Publishes the next step of `saga` on the bus from inside a callback; returns its event id. */
static const char *publish_step(net_t *n, const char *step, int saga, evc_put_result_t *res) {
  char detail[64];
  evc_entry_t e = saga_entry(step, detail, sizeof detail, saga);
  evc_error_t err;
  if (evc_put_events(n->orders, &e, 1, res, &err) != 0 || res->failed_entry_count) n->out_of_order++;
  return res->entries[0].event_id;
}

static evc_outcome_t starter(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  net_t *n = ud;
  int first = saga_of(d);
  char details[SAGAS_PER_START][64];
  evc_entry_t es[SAGAS_PER_START];
  for (int i = 0; i < SAGAS_PER_START; i++)
    es[i] = saga_entry("step1", details[i], sizeof details[i], first + i);
  evc_put_result_t res;
  evc_error_t err;
  if (evc_put_events(n->orders, es, SAGAS_PER_START, &res, &err) != 0) n->out_of_order++;
  for (uint32_t i = 0; i < res.nentry; i++) {
    const char *code = res.entries[i].error_code;
    if (!code && res.entries[i].event_id[0]) n->accepted++;
    if (code && strcmp(code, "ThrottlingException") == 0) n->throttled++;
    if (code) snprintf(n->throttle_msg, sizeof n->throttle_msg, "%s", res.entries[i].error_message);
  }
  n->run_due_inside += evc_bus_run_due(n->orders);
  return EVC_DELIVERED;
}

static evc_outcome_t step1(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  net_t *n = ud;
  int s = saga_of(d);
  n->deliveries[1]++;
  if (s < 0 || s >= NSAGA || n->step[s] != 0) n->out_of_order++;
  else n->step[s] = 1;
  evc_put_result_t res;
  const char *id = publish_step(n, "step2", s, &res);
  if (s >= 0 && s < NSAGA) snprintf(n->step2_id[s], sizeof n->step2_id[s], "%s", id);
  return EVC_DELIVERED;
}

static evc_outcome_t step_audit(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  net_t *n = ud;
  int s = saga_of(d);
  if (s >= 0 && s < NSAGA) n->audited[s]++;
  return EVC_DELIVERED;
}

static evc_outcome_t step2(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  net_t *n = ud;
  int s = saga_of(d);
  n->deliveries[2]++;
  /* Step 1's other target had the event before its follow-up; the id is the one returned. */
  if (s < 0 || s >= NSAGA || n->step[s] != 1 || n->audited[s] != 1 ||
      strcmp(n->step2_id[s], d->event_id) != 0 || s <= n->last_step2)
    n->out_of_order++;
  else n->step[s] = 2;
  n->last_step2 = s;
  evc_put_result_t res;
  publish_step(n, "step3", s, &res);
  return EVC_DELIVERED;
}

static evc_outcome_t step3(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  net_t *n = ud;
  int s = saga_of(d);
  n->deliveries[3]++;
  if (s < 0 || s >= NSAGA || n->step[s] != 2 || s <= n->last_step3) n->out_of_order++;
  else n->step[s] = 3;
  n->last_step3 = s;
  return EVC_DELIVERED;
}

static evc_outcome_t billing_seen(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  net_t *n = ud;
  n->billing_seen++;
  snprintf(n->billing_event, sizeof n->billing_event, "%.*s", (int)d->event_len, d->event);
  return EVC_DELIVERED;
}

static evc_outcome_t audit_seen(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  net_t *n = ud;
  n->audit_seen++;
  snprintf(n->audit_id, sizeof n->audit_id, "%s", d->event_id);
  return EVC_DELIVERED;
}

static void route_dlq(void *ud, const evc_dead_letter_t *dl) {
  net_t *n = ud;
  n->route_dl++;
  snprintf(n->route_code, sizeof n->route_code, "%s", dl->error_code);
  snprintf(n->route_msg, sizeof n->route_msg, "%s", dl->error_message);
  snprintf(n->route_event_id, sizeof n->route_event_id, "%s", dl->event_id);
}

static void on_drop(void *ud, const evc_dead_letter_t *dl) {
  net_t *n = ud;
  n->drops++;
  snprintf(n->drop_code, sizeof n->drop_code, "%s", dl->error_code);
  snprintf(n->drop_msg, sizeof n->drop_msg, "%s", dl->error_message);
}

static evc_bus_t *new_org_bus(net_t *n, const evc_bus_def_t *def, const char *account, uint32_t queue,
                              uint32_t hops, const char *org) {
  evc_bus_config_t cfg = {.account = account, .region = "us-east-1", .clock = evc_clock_virtual(&n->clock),
                          .seed = 7, .on_drop = on_drop, .drop_ud = n, .max_queued_events = queue,
                          .max_bus_hops = hops, .organization_id = org};
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(def, &cfg, &err);
  assert_non_null(bus);
  return bus;
}

static evc_bus_t *new_bus(net_t *n, const evc_bus_def_t *def, const char *account, uint32_t queue, uint32_t hops) {
  return new_org_bus(n, def, account, queue, hops, NULL);
}

static void start(evc_bus_t *bus) {
  evc_error_t err;
  int rc = evc_bus_start(bus, &err);
  if (rc) fail_msg("%s", err.message);
}

/* orders, billing and audit of one account, every target bound. */
static net_t *net_new(uint32_t queue, uint32_t hops) {
  net_t *n = calloc(1, sizeof *n);
  n->clock.now_ms = 1763461800000;
  n->last_step2 = n->last_step3 = -1;
  n->orders = new_bus(n, &bn_orders_bus, ACCOUNT, queue, hops);
  n->billing = new_bus(n, &bn_billing_bus, ACCOUNT, queue, hops);
  n->audit = new_bus(n, &bn_audit_bus, ACCOUNT, queue, hops);
  assert_int_equal(evc_bus_bind(n->orders, "Starter", starter, n), 1);
  assert_int_equal(evc_bus_bind(n->orders, "Step1Handler", step1, n), 1);
  assert_int_equal(evc_bus_bind(n->orders, "StepAudit", step_audit, n), 1);
  assert_int_equal(evc_bus_bind(n->orders, "Step2Handler", step2, n), 1);
  assert_int_equal(evc_bus_bind(n->orders, "Step3Handler", step3, n), 1);
  assert_int_equal(evc_bus_bind_bus(n->orders, "billing", n->billing), 1);
  assert_int_equal(evc_bus_bind(n->billing, "BillingSeen", billing_seen, n), 1);
  assert_int_equal(evc_bus_bind_bus(n->billing, "audit", n->audit), 1);
  assert_int_equal(evc_bus_bind_bus(n->billing, "orders", n->orders), 1);
  assert_int_equal(evc_bus_bind_dlq(n->billing, "RouteDLQ", route_dlq, n), 2);
  assert_int_equal(evc_bus_bind(n->audit, "AuditSeen", audit_seen, n), 1);
  start(n->orders);
  start(n->billing);
  start(n->audit);
  return n;
}

static void net_free(net_t *n) {
  evc_bus_free(n->orders);
  evc_bus_free(n->billing);
  evc_bus_free(n->audit);
  free(n);
}

static void put_ok(evc_bus_t *bus, const evc_entry_t *e, evc_put_result_t *res) {
  evc_error_t err;
  assert_int_equal(evc_put_events(bus, e, 1, res, &err), 0);
  if (res->failed_entry_count) fail_msg("%s: %s", res->entries[0].error_code, res->entries[0].error_message);
}

static void start_sagas(net_t *n, int first) {
  char detail[64];
  evc_entry_t e = saga_entry("start", detail, sizeof detail, first);
  evc_put_result_t res;
  put_ok(n->orders, &e, &res);
}

static void test_saga_published_from_callbacks(void **state) {
  (void)state;
  net_t *n = net_new(0, 0);
  for (int s = 0; s < NSAGA; s += SAGAS_PER_START) start_sagas(n, s);
  assert_int_equal(n->out_of_order, 0);
  for (int s = 0; s < NSAGA; s++) assert_int_equal(n->step[s], 3);
  for (int k = 1; k <= 3; k++) assert_int_equal(n->deliveries[k], NSAGA);
  assert_int_equal(n->accepted, NSAGA);
  assert_int_equal(n->throttled, 0);
  assert_int_equal(n->run_due_inside, 0);
  assert_int_equal(n->drops, 0);
  /* 334 starts put from outside, 3 steps per saga put from callbacks. */
  assert_int_equal(evc_bus_metrics(n->orders)->put_events_entries, NSAGA / SAGAS_PER_START + 3 * NSAGA);
  net_free(n);
}

static void test_queue_overflow_is_a_per_entry_error(void **state) {
  (void)state;
  net_t *n = net_new(4, 0);
  start_sagas(n, 0);
  assert_int_equal(n->accepted, 4);
  assert_int_equal(n->throttled, SAGAS_PER_START - 4);
  assert_non_null(strstr(n->throttle_msg, "max_queued_events"));
  /* Nothing accepted is lost: the four sagas ran to the end, the refused ones never started. */
  for (int s = 0; s < SAGAS_PER_START; s++) assert_int_equal(n->step[s], s < 4 ? 3 : 0);
  assert_int_equal(n->deliveries[3], 4);
  assert_int_equal(n->out_of_order, 0);
  assert_int_equal(evc_bus_metrics(n->orders)->put_events_failed_entries, SAGAS_PER_START - 4);
  net_free(n);
}

/* A detail nested `depth` deep; with the envelope around it, one more. */
static char *nested(int depth) {
  char *d = malloc((size_t)depth * 6 + 2), *o = d;
  for (int i = 0; i < depth; i++) o += sprintf(o, "{\"a\":");
  *o++ = '1';
  for (int i = 0; i < depth; i++) *o++ = '}';
  *o = '\0';
  return d;
}

static char deep_codes[2][64];

/* From a callback: what the matcher would refuse later is refused at once, per entry. */
static evc_outcome_t deep_publisher(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)d;
  (void)f;
  net_t *n = ud;
  char *ok = nested(EVC_SCAN_DEFAULT_MAX_DEPTH - 1), *deep = nested(EVC_SCAN_DEFAULT_MAX_DEPTH);
  evc_entry_t es[2] = {{"deep", "x", ok, 0, NULL, 0, NULL, NULL, NULL}, {"deep", "x", deep, 0, NULL, 0, NULL, NULL, NULL}};
  evc_put_result_t res;
  evc_error_t err;
  evc_put_events(n->orders, es, 2, &res, &err);
  for (int i = 0; i < 2; i++)
    snprintf(deep_codes[i], sizeof deep_codes[i], "%s", res.entries[i].error_code ? res.entries[i].error_code : "");
  free(ok);
  free(deep);
  return EVC_DELIVERED;
}

static void test_unmatchable_follow_up_refused_at_once(void **state) {
  (void)state;
  net_t *n = net_new(0, 0);
  evc_bus_bind(n->orders, "Step3Handler", deep_publisher, n);
  char detail[64];
  evc_entry_t e = saga_entry("step3", detail, sizeof detail, 0);
  evc_put_result_t res;
  put_ok(n->orders, &e, &res);
  assert_string_equal(deep_codes[0], ""); /* the envelope is exactly as deep as the matcher allows */
  assert_string_equal(deep_codes[1], "MalformedDetail");
  net_free(n);
}

static evc_entry_t route_entry(const char *source) {
  evc_entry_t e = {source, "moved", "{\"n\":1}", 0, NULL, 0, NULL, NULL, NULL};
  return e;
}

static void test_bus_chain_keeps_the_event_id(void **state) {
  (void)state;
  net_t *n = net_new(0, 2); /* two hops allowed: orders -> billing -> audit */
  evc_entry_t e = route_entry("chain");
  evc_put_result_t res;
  put_ok(n->orders, &e, &res);
  assert_int_equal(n->billing_seen, 1);
  assert_int_equal(n->audit_seen, 1);
  assert_string_equal(n->audit_id, res.entries[0].event_id);
  char id_field[64];
  snprintf(id_field, sizeof id_field, "\"id\":\"%s\"", res.entries[0].event_id);
  assert_non_null(strstr(n->billing_event, id_field));
  assert_non_null(strstr(n->billing_event, "\"account\":\"" ACCOUNT "\""));
  assert_int_equal(n->route_dl, 0);
  assert_int_equal(evc_bus_target_metrics(n->orders, 4, 0)->invocations, 1);
  /* validated when put to orders: the forwarded envelope is matched in trusted mode on each hop */
  assert_int_equal(evc_bus_metrics(n->orders)->trusted_matches, 0);
  assert_int_equal(evc_bus_metrics(n->billing)->trusted_matches, 1);
  assert_int_equal(evc_bus_metrics(n->audit)->trusted_matches, 1);
  char json[4096];
  evc_bus_metrics_json(n->billing, json, sizeof json); /* no archive: the counter still shows */
  assert_non_null(strstr(json, "\"TrustedMatches\":1,"));
  net_free(n);
}

static void test_second_hop_refused_by_default(void **state) {
  (void)state;
  net_t *n = net_new(0, 0); /* EventBridge's one hop */
  evc_entry_t e = route_entry("chain");
  evc_put_result_t res;
  put_ok(n->orders, &e, &res);
  assert_int_equal(n->billing_seen, 1);
  assert_int_equal(n->audit_seen, 0);
  assert_int_equal(n->route_dl, 1);
  assert_string_equal(n->route_code, "EventBusHopLimit");
  assert_non_null(strstr(n->route_msg, "orders -> billing -> audit"));
  assert_string_equal(n->route_event_id, res.entries[0].event_id);
  net_free(n);
}

static void test_bus_loop_stopped(void **state) {
  (void)state;
  net_t *n = net_new(0, EVC_MAX_BUS_HOPS); /* even with the most hops allowed */
  evc_entry_t e = route_entry("loop");
  evc_put_result_t res;
  put_ok(n->orders, &e, &res);
  assert_int_equal(n->billing_seen, 1);
  assert_int_equal(n->route_dl, 1);
  assert_string_equal(n->route_code, "EventBusLoop");
  assert_non_null(strstr(n->route_msg, "orders -> billing -> orders"));
  assert_int_equal(evc_bus_metrics(n->orders)->matched_events, 1);
  net_free(n);
}

static void test_unbound_bus_target_refused_at_start(void **state) {
  (void)state;
  net_t n0;
  memset(&n0, 0, sizeof n0);
  evc_bus_t *bus = new_bus(&n0, &bn_billing_bus, ACCOUNT, 0, 0);
  evc_bus_bind(bus, "BillingSeen", billing_seen, &n0);
  evc_bus_bind_dlq(bus, "RouteDLQ", route_dlq, &n0);
  assert_int_equal(evc_bus_bind(bus, "audit", billing_seen, &n0), 0); /* a callback cannot take a bus target */
  evc_error_t err;
  assert_int_equal(evc_bus_start(bus, &err), EVC_E_INVALID_ARGUMENT);
  assert_non_null(strstr(err.message, "event bus target ToAudit"));
  assert_non_null(strstr(err.message, "evc_bus_bind_bus"));
  evc_bus_free(bus);
}

static void expect_refused(evc_bus_t *bus, const evc_entry_t *e, const char *code, const char *msg) {
  evc_put_result_t res;
  evc_error_t err;
  assert_int_equal(evc_put_events(bus, e, 1, &res, &err), 0);
  assert_int_equal(res.failed_entry_count, 1);
  assert_string_equal(res.entries[0].error_code, code);
  assert_string_equal(res.entries[0].error_message, msg);
  assert_string_equal(res.entries[0].event_id, "");
}

#define BILLING_ARN "arn:aws:events:us-east-1:" ACCOUNT ":event-bus/billing"

static void test_other_account_needs_a_policy(void **state) {
  (void)state;
  net_t *n = net_new(0, 0);
  evc_bus_t *partner = new_bus(n, &bn_audit_bus, "999999999999", 0, 0);
  evc_bus_t *stranger = new_bus(n, &bn_audit_bus, "888888888888", 0, 0);
  evc_bus_bind(partner, "AuditSeen", audit_seen, n);
  evc_bus_bind(stranger, "AuditSeen", audit_seen, n);
  start(partner);
  start(stranger);
  evc_entry_t e = route_entry("partner");
  e.event_bus_name = BILLING_ARN;
  expect_refused(partner, &e, "ResourceNotFoundException", "Event bus billing does not exist.");
  assert_int_equal(evc_bus_add_peer(partner, n->billing), 0);
  assert_int_equal(evc_bus_add_peer(stranger, n->billing), 0);
  evc_put_result_t res;
  put_ok(partner, &e, &res); /* AllowPartnerAccount */
  assert_int_equal(n->billing_seen, 1);
  assert_non_null(strstr(n->billing_event, "\"account\":\"999999999999\""));
  expect_refused(stranger, &e, "AccessDeniedException",
                 "User: arn:aws:iam::888888888888:root is not authorized to perform: events:PutEvents on resource: "
                 BILLING_ARN " because no resource-based policy allows the events:PutEvents action");
  e.source = "chain"; /* the statement's events:source condition does not hold */
  expect_refused(partner, &e, "AccessDeniedException",
                 "User: arn:aws:iam::999999999999:root is not authorized to perform: events:PutEvents on resource: "
                 BILLING_ARN " because no resource-based policy allows the events:PutEvents action");
  e.source = "partner";
  e.detail_type = "forbidden"; /* DenyForbidden wins over AllowPartnerAccount */
  expect_refused(partner, &e, "AccessDeniedException",
                 "User: arn:aws:iam::999999999999:root is not authorized to perform: events:PutEvents on resource: "
                 BILLING_ARN " with an explicit deny in a resource-based policy");
  e.detail_type = "moved";
  e.event_bus_name = "billing"; /* a name is a bus of the caller's own account */
  expect_refused(partner, &e, "ResourceNotFoundException", "Event bus billing does not exist.");
  assert_int_equal(n->billing_seen, 1);
  evc_bus_t *member = new_org_bus(n, &bn_audit_bus, "666666666666", 0, 0, "o-partners"); /* AllowOrganization */
  evc_bus_bind(member, "AuditSeen", audit_seen, n);
  start(member);
  assert_int_equal(evc_bus_add_peer(member, n->billing), 0);
  e.event_bus_name = BILLING_ARN;
  put_ok(member, &e, &res);
  assert_int_equal(n->billing_seen, 2);
  assert_non_null(strstr(n->billing_event, "\"account\":\"666666666666\""));
  evc_bus_free(member);
  evc_bus_free(partner);
  evc_bus_free(stranger);
  net_free(n);
}

static void test_arn_of_another_account_not_delivered_locally(void **state) {
  (void)state;
  net_t *n = net_new(0, 0);
  char detail[64];
  evc_entry_t e = saga_entry("step3", detail, sizeof detail, 0);
  e.event_bus_name = "arn:aws:events:us-east-1:999999999999:event-bus/orders";
  expect_refused(n->orders, &e, "ResourceNotFoundException", "Event bus orders does not exist.");
  e.event_bus_name = "arn:aws:events:eu-west-1:" ACCOUNT ":event-bus/orders";
  expect_refused(n->orders, &e, "ResourceNotFoundException", "Event bus orders does not exist.");
  assert_int_equal(n->deliveries[3], 0);
  e.event_bus_name = "arn:aws:events:us-east-1:" ACCOUNT ":event-bus/orders";
  assert_string_equal(evc_bus_arn(n->orders), e.event_bus_name);
  evc_put_result_t res;
  put_ok(n->orders, &e, &res);
  assert_int_equal(n->deliveries[3], 1);
  net_free(n);
}

static void test_forward_to_another_account_needs_a_policy(void **state) {
  (void)state;
  net_t *n = net_new(0, 0);
  evc_bus_t *foreign = new_bus(n, &bn_billing_bus, "777777777777", 0, 0);
  evc_bus_bind(foreign, "BillingSeen", billing_seen, n);
  evc_bus_bind_bus(foreign, "audit", n->audit);
  evc_bus_bind_bus(foreign, "orders", n->orders);
  evc_bus_bind_dlq(foreign, "RouteDLQ", route_dlq, n);
  start(foreign);
  assert_int_equal(evc_bus_bind_bus(n->orders, "ToBilling", foreign), 1);
  evc_entry_t e = route_entry("chain");
  evc_put_result_t res;
  put_ok(n->orders, &e, &res);
  assert_int_equal(n->billing_seen, 0);
  assert_int_equal(n->drops, 1); /* ToBilling has no DeadLetterConfig */
  assert_string_equal(n->drop_code, "AccessDeniedException");
  assert_non_null(strstr(n->drop_msg, "User: arn:aws:iam::" ACCOUNT ":root is not authorized"));
  assert_int_equal(evc_bus_target_metrics(n->orders, 4, 0)->failed_invocations, 1);
  evc_bus_free(foreign);
  net_free(n);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_saga_published_from_callbacks),
      cmocka_unit_test(test_queue_overflow_is_a_per_entry_error),
      cmocka_unit_test(test_unmatchable_follow_up_refused_at_once),
      cmocka_unit_test(test_bus_chain_keeps_the_event_id),
      cmocka_unit_test(test_second_hop_refused_by_default),
      cmocka_unit_test(test_bus_loop_stopped),
      cmocka_unit_test(test_unbound_bus_target_refused_at_start),
      cmocka_unit_test(test_other_account_needs_a_policy),
      cmocka_unit_test(test_arn_of_another_account_not_delivered_locally),
      cmocka_unit_test(test_forward_to_another_account_needs_a_policy),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
