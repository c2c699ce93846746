/* The README's main job: ticket events from an NDJSON file through the generated ai-support-events bus. */
#include "ticket_rules.h"

#include <eventc/archive.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The example runs in virtual time so retries do not wait; a service would use evc_clock_real(). */
#define START_MS 1763461800000 /* 2025-11-18T10:30:00Z */

typedef struct app {
  evc_vclock_t clock;
  evc_idem_t *notified; /* tickets whose customer was already emailed */
  int deliveries; /* callback calls, retries included */
  evc_bus_t *bus; /* ai-support-events: where the saga handler publishes its next step */
  int cleanups;   /* hourly-session-cleanup runs */
} app_t;

/* A string field of the event ("" when absent), e.g. detail.customer.email. */
static void field(const evc_delivery_t *d, const char *a, const char *b, const char *c, char *out, size_t cap) {
  evc_path_step_t steps[3] = {{a, (uint32_t)strlen(a), 0}, {b, (uint32_t)strlen(b), 0}, {c, c ? (uint32_t)strlen(c) : 0, 0}};
  evc_jval_t v = evc_json_locate(d->event, d->event_len, steps, c ? 3 : 2);
  if (v.type == EVC_X_STRING)
    snprintf(out, cap, "%.*s", (int)v.len - 2, v.text + 1);
  else
    out[0] = '\0';
}

static void show(app_t *app, const evc_delivery_t *d, const char *note) {
  app->deliveries++;
  printf("  %s -> %s", d->rule_name, d->target_id);
  if (d->attempt) printf(" (retry %u)", d->attempt);
  if (note)
    printf(": %s\n", note);
  else
    printf(": %.*s\n", (int)d->payload_len, d->payload);
}

static evc_outcome_t print_target(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  show(ud, d, NULL);
  return EVC_DELIVERED;
}

/*
 * Analytics receives `detail` (InputPath $.detail) and reads it as the generated
 * TicketCompletedEvent struct (schemas/events/TicketCompleted.json): typed fields, validated
 * while parsed. A detail the schema refuses is a permanent failure naming the JSON Pointer.
 */
static evc_outcome_t analytics(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  unsigned char scratch[1024];
  evc_arena_t arena;
  evc_arena_init(&arena, scratch, sizeof scratch);
  tickets_TicketCompletedEvent t;
  evc_error_t err;
  char note[sizeof err.pointer + sizeof err.keyword + sizeof err.message + 64];
  if (tickets_TicketCompletedEvent_parse(d->payload, d->payload_len, &t, &arena, &err) != 0) {
    snprintf(note, sizeof note, "refused by the TicketCompletedEvent schema: %s: %s: %s", err.pointer, err.keyword,
             err.message);
    show(ud, d, note);
    return evc_failure_set(f, EVC_FAILED, "SchemaViolation", "%s: %s: %s", err.pointer, err.keyword, err.message);
  }
  snprintf(note, sizeof note, "recorded %.*s status=%s confidence=%.2f", (int)t.ticket_id.len, t.ticket_id.ptr,
           tickets_TicketCompletedEvent_status_names[t.status],
           t.has_solution_confidence ? t.solution_confidence : 0.0);
  show(ud, d, note);
  return EVC_DELIVERED;
}

/* Emails the customer; the idempotency window makes a re-published ticket harmless. */
static evc_outcome_t customer_notification(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  app_t *app = ud;
  char email[128], ticket[64], note[256];
  field(d, "detail", "customer", "email", email, sizeof email);
  field(d, "detail", "ticket_id", NULL, ticket, sizeof ticket);
  if (strstr(email, "bounce")) {
    show(app, d, "mail server timed out");
    return evc_failure_set(f, EVC_RETRY, "TIMEOUT", "smtp for %s did not answer", email);
  }
  if (strstr(email, "flaky") && d->attempt < 2) {
    show(app, d, "mail server busy");
    return evc_failure_set(f, EVC_RETRY, "THROTTLING", "smtp for %s is rate limited", email);
  }
  if (evc_idem_seen(app->notified, ticket)) {
    snprintf(note, sizeof note, "%s already notified, duplicate skipped", ticket);
  } else {
    snprintf(note, sizeof note, "emailed %s about %s", email, ticket);
  }
  show(app, d, note);
  return EVC_DELIVERED;
}

static evc_outcome_t training_pipeline(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  app_t *app = ud;
  char model[64], ticket[64], note[160];
  field(d, "detail", "metadata", "model", model, sizeof model);
  field(d, "detail", "ticket_id", NULL, ticket, sizeof ticket);
  if (strcmp(model, "legacy") == 0) {
    show(app, d, "state machine not found");
    return evc_failure_set(f, EVC_FAILED, "NO_RESOURCE", "state machine legacy-trainer was deleted");
  }
  if (strcmp(model, "busy") == 0) {
    show(app, d, "execution limit reached");
    return evc_failure_set(f, EVC_RETRY, "THROTTLING", "too many running executions");
  }
  snprintf(note, sizeof note, "started training execution for %s", ticket);
  show(app, d, note);
  return EVC_DELIVERED;
}

/*
 * Saga step 2 (choreography): reserving capacity fails in this run, so the handler publishes
 * saga.capacity.reserve_failed with the compensation to run. It publishes from inside its own
 * callback: the bus queues the event and dispatches it once this delivery has returned.
 */
static evc_outcome_t reserve_capacity(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  app_t *app = ud;
  char saga[64], ticket[64], detail[256];
  field(d, "detail", "saga_id", NULL, saga, sizeof saga);
  field(d, "detail", "ticket_id", NULL, ticket, sizeof ticket);
  snprintf(detail, sizeof detail,
           "{\"saga_id\":\"%s\",\"ticket_id\":\"%s\",\"step\":\"reserve_capacity\",\"status\":\"FAILED\","
           "\"error\":\"no capacity\",\"compensate\":[\"delete_ticket\"]}",
           saga, ticket);
  evc_entry_t next = {0};
  next.source = "ai-support.saga";
  next.detail_type = "saga.capacity.reserve_failed";
  next.detail = detail;
  evc_put_result_t res;
  evc_error_t err;
  if (evc_put_events(app->bus, &next, 1, &res, &err) != 0 || res.failed_entry_count)
    return evc_failure_set(f, EVC_RETRY, "PublishFailed", "could not publish the next saga step");
  show(app, d, "no capacity: published saga.capacity.reserve_failed (queued until this delivery returns)");
  return EVC_DELIVERED;
}

/* The nightly retraining job: prints the scheduled event EventBridge sends. */
static evc_outcome_t retraining(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)f;
  show(ud, d, NULL);
  return EVC_DELIVERED;
}

static evc_outcome_t session_cleanup(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)d;
  (void)f;
  app_t *app = ud;
  app->deliveries++;
  app->cleanups++;
  return EVC_DELIVERED;
}

static void print_dead_letter(const char *where, const evc_dead_letter_t *dl) {
  printf("  %s: RULE_ARN=%s TARGET_ARN=%s ERROR_CODE=%s ERROR_MESSAGE=\"%s\" "
         "EXHAUSTED_RETRY_CONDITION=%s RETRY_ATTEMPTS=%u\n",
         where, dl->rule_arn, dl->target_arn, dl->error_code, dl->error_message,
         dl->exhausted_retry_condition[0] ? dl->exhausted_retry_condition : "(none: permanent failure)",
         dl->retry_attempts);
}

static void to_dlq(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  print_dead_letter("DLQ EventDLQ", dl);
}

static void dropped(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  print_dead_letter("DROPPED (target has no DLQ)", dl);
}

static int start(evc_bus_t *bus) {
  evc_error_t err;
  if (evc_bus_start(bus, &err) == 0) return 1;
  fprintf(stderr, "ticket-processing: %s\n", err.message);
  return 0;
}

static int bind_all(evc_bus_t *bus, app_t *app) {
  /* By the !GetAtt resource name or by the target Id: both work. */
  evc_bus_bind(bus, "CustomerNotificationFunction", customer_notification, app);
  evc_bus_bind(bus, "Analytics", analytics, app);
  evc_bus_bind(bus, "AuditLogFirehose", print_target, app);
  evc_bus_bind(bus, "MetricsAggregator", print_target, app);
  evc_bus_bind(bus, "TrainingPipeline", training_pipeline, app);
  evc_bus_bind(bus, "NotifyOpsFunction", print_target, app);
  evc_bus_bind(bus, "HighQualityProcessor", print_target, app);
  evc_bus_bind(bus, "CompensateDeleteTicket", print_target, app);
  evc_bus_bind(bus, "ReserveCapacityFunction", reserve_capacity, app);
  evc_bus_bind_dlq(bus, "EventDLQ", to_dlq, app);
  return start(bus);
}

/*
 * An NDJSON line is a PutEvents entry: Source, DetailType, Detail (an object, or JSON text in a
 * string as the AWS API takes it), Resources, Time. An object Detail is passed on as written.
 */
static void entry_from(const char *text, json_t *line, evc_entry_t *e, const char **resources) {
  static const evc_path_step_t detail_path[] = {{"Detail", 6, 0}};
  memset(e, 0, sizeof *e);
  json_t *detail = json_object_get(line, "Detail");
  if (json_is_string(detail)) {
    e->detail = json_string_value(detail);
  } else if (detail) {
    evc_jval_t raw = evc_json_locate(text, strlen(text), detail_path, 1);
    e->detail = raw.text;
    e->detail_len = raw.len;
  }
  e->source = json_string_value(json_object_get(line, "Source"));
  e->detail_type = json_string_value(json_object_get(line, "DetailType"));
  e->time = json_string_value(json_object_get(line, "Time"));
  json_t *res = json_object_get(line, "Resources");
  for (size_t i = 0; i < json_array_size(res) && i < 8; i++) resources[e->nresource++] = json_string_value(json_array_get(res, i));
  e->resources = resources;
}

static void drain_retries(evc_bus_t *bus, app_t *app) {
  int64_t due;
  while (evc_bus_next_due(bus, &due)) {
    app->clock.now_ms = due; /* "wait" for the backoff in virtual time */
    evc_bus_run_due(bus);
  }
}

static void publish_line(evc_bus_t *bus, app_t *app, const char *text, int lineno) {
  json_error_t je;
  json_t *line = json_loads(text, 0, &je);
  if (!json_is_object(line)) {
    printf("line %d: not a PutEvents entry (%s), skipped\n\n", lineno, line ? "not an object" : je.text);
    json_decref(line);
    return;
  }
  evc_entry_t e;
  const char *resources[8];
  entry_from(text, line, &e, resources);
  printf("line %d: %s from %s\n", lineno, e.detail_type && *e.detail_type ? e.detail_type : "(no DetailType)",
         e.source && *e.source ? e.source : "(no Source)");
  int before = app->deliveries;
  evc_put_result_t res;
  evc_error_t err;
  if (evc_put_events(bus, &e, 1, &res, &err) != 0) {
    printf("  PutEvents refused: %s\n\n", err.message);
  } else if (res.failed_entry_count) {
    printf("  FailedEntryCount 1: %s: %s\n\n", res.entries[0].error_code, res.entries[0].error_message);
  } else {
    drain_retries(bus, app);
    if (app->deliveries == before) printf("  no rule matched\n");
    printf("  = event %s, callbacks called: %d\n\n", res.entries[0].event_id, app->deliveries - before);
  }
  json_decref(line);
}

static void print_metrics(const evc_bus_t *bus) {
  const evc_bus_def_t *def = evc_bus_definition(bus);
  printf("metrics (CloudWatch names)\n");
  for (uint32_t r = 0; r < def->nrule; r++) {
    const evc_rule_metrics_t *rm = evc_bus_rule_metrics(bus, r);
    printf("  rule %s: MatchedEvents %llu, TriggeredRules %llu\n", def->rules[r].name,
           (unsigned long long)rm->matched_events, (unsigned long long)rm->triggered_rules);
    for (uint32_t t = 0; t < def->rules[r].ntarget; t++) {
      const evc_target_metrics_t *m = evc_bus_target_metrics(bus, r, t);
      printf("    %-22s Invocations %llu, FailedInvocations %llu, InvocationsSentToDLQ %llu, "
             "RetryInvocationAttempts %llu\n",
             def->rules[r].targets[t].id, (unsigned long long)m->invocations,
             (unsigned long long)m->failed_invocations, (unsigned long long)m->invocations_sent_to_dlq,
             (unsigned long long)m->retry_invocation_attempts);
    }
  }
  char json[8192];
  evc_bus_metrics_json(bus, json, sizeof json);
  printf("\nmetrics as JSON:\n%s\n", json);
}

/* A virtual day: sleeps until the next due thing (a schedule or a retry), as a service loop would. */
static void run_day(evc_bus_t *sched, app_t *app, int64_t until_ms) {
  int64_t due;
  while (evc_bus_next_due(sched, &due) && due <= until_ms) {
    app->clock.now_ms = due;
    evc_bus_run_due(sched);
  }
  app->clock.now_ms = until_ms;
}

/* Replays the failed tickets archived in [from, to) into the replay bus, which reprocesses them. */
static void replay_failed(evc_bus_t *bus, evc_bus_t *replay_bus, int64_t from, int64_t to) {
  evc_replay_config_t c = {0};
  c.name = "reprocess-failed-tickets";
  c.archive = "failed-tickets-archive";
  c.start_ms = from;
  c.end_ms = to;
  c.destination = replay_bus;
  c.allow_cross_bus = 1; /* eventc opt-in: AWS replays only to the archive's own bus */
  evc_error_t err;
  evc_replay_t *r = evc_replay_start(bus, &c, &err);
  if (!r) {
    printf("  StartReplay refused: %s\n", err.message);
    return;
  }
  printf("  replay %s: %s\n", c.name, evc_replay_state_name(evc_replay_state(r)));
  while (evc_replay_state(r) == EVC_REPLAY_STARTING || evc_replay_state(r) == EVC_REPLAY_RUNNING)
    evc_replay_run(r, 100);
  char last[21];
  evc_format_time(evc_replay_last_replayed_ms(r), last);
  printf("  replay %s: %s, %llu events, EventLastReplayedTime %s\n", c.name,
         evc_replay_state_name(evc_replay_state(r)), (unsigned long long)evc_replay_count(r), last);
  evc_replay_free(r);
}

static evc_bus_t *new_bus(const evc_bus_def_t *def, app_t *app, const char *db, evc_error_t *err) {
  evc_bus_config_t cfg = {0};
  cfg.account = "123456789012";
  cfg.region = "us-east-1";
  cfg.clock = evc_clock_virtual(&app->clock);
  cfg.seed = 2025;
  cfg.backoff_base_ms = 1000;
  cfg.backoff_max_ms = 60000;
  cfg.on_drop = dropped;
  cfg.drop_ud = app;
  cfg.archive_db = db;
  return evc_bus_new(def, &cfg, err);
}

static void publish_file(evc_bus_t *bus, app_t *app, FILE *f) {
  char text[65536];
  for (int lineno = 1; fgets(text, sizeof text, f); lineno++) {
    if (text[0] == '\n' || text[0] == '#') continue;
    publish_line(bus, app, text, lineno);
    app->clock.now_ms += 1000;
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: ticket-processing EVENTS.ndjson\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f) {
    perror(argv[1]);
    return 2;
  }
  char dir[] = "/tmp/ticket-processing-XXXXXX", db[64];
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    fclose(f);
    return 1;
  }
  snprintf(db, sizeof db, "%s/archive.sqlite", dir);
  app_t app = {{START_MS}, evc_idem_new(1024), 0, NULL, 0};
  evc_error_t err;
  evc_bus_t *bus = new_bus(&tickets_ai_support_events_bus, &app, db, &err);
  evc_bus_t *replay_bus = bus ? new_bus(&tickets_ai_support_replay_bus, &app, NULL, &err) : NULL;
  evc_bus_t *sched = replay_bus ? new_bus(&tickets_default_bus, &app, NULL, &err) : NULL;
  app.bus = bus;
  int ok = sched != NULL;
  if (!ok) fprintf(stderr, "ticket-processing: %s\n", err.message);
  if (ok) {
    evc_bus_bind(replay_bus, "ReprocessTicketFunction", print_target, &app);
    evc_bus_bind(sched, "RetrainingStateMachine", retraining, &app);
    evc_bus_bind(sched, "SessionCleanupFunction", session_cleanup, &app);
    ok = bind_all(bus, &app) && start(replay_bus) && start(sched);
  }
  if (ok) {
    publish_file(bus, &app, f);
    print_metrics(bus);
    printf("\na virtual day on the default bus (scheduled rules), from 2025-11-18T10:30:00Z:\n");
    run_day(sched, &app, START_MS + 24 * 3600 * 1000);
    printf("  hourly-session-cleanup -> SessionCleanup: %d runs\n", app.cleanups);
    printf("\nreplaying the failed tickets of the first hour to the ai-support-replay bus:\n");
    replay_failed(bus, replay_bus, START_MS, START_MS + 3600 * 1000);
  }
  fclose(f);
  evc_bus_free(sched);
  evc_bus_free(replay_bus);
  evc_bus_free(bus);
  remove(db);
  rmdir(dir);
  evc_idem_free(app.notified);
  return ok ? 0 : 1;
}
