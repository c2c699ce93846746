/* The ticket-processing bus split over processes: `produce` puts events.ndjson and replays the failed-tickets archive
 * (kept in JetStream); `work` delivers to the targets. */
#define _POSIX_C_SOURCE 200809L /* strndup, access */
#include "ticket_rules.h"
#include "eventc/nats.h"
#include "eventc/nats_archive.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IDLE_WAIT_MS 200

static void die(const char *what, const evc_error_t *err) {
  fprintf(stderr, "ticket-nats: %s: %s\n", what, err->message);
  exit(1);
}

static void no_drop(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  printf("dropped %s/%s: %s\n", dl->rule_name, dl->target_id, dl->error_code);
}

/* A bus of the example; its archives live in JetStream. */
static evc_bus_t *new_bus(const evc_bus_def_t *def) {
  evc_bus_config_t c;
  memset(&c, 0, sizeof c);
  c.archive_external = 1;
  c.on_drop = no_drop;
  c.backoff_base_ms = 100;
  c.backoff_max_ms = 400;
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(def, &c, &err);
  if (!bus) die("evc_bus_new", &err);
  return bus;
}

static evc_nats_t *attach(evc_bus_t *bus, const char *url) {
  evc_nats_config_t c;
  memset(&c, 0, sizeof c);
  c.url = url;
  c.ack_wait_ms = 5000;
  c.fetch_batch = 4; /* small batches: the two workers share the events */
  evc_error_t err;
  evc_nats_t *n = evc_nats_attach(bus, &c, &err);
  if (!n) die("evc_nats_attach", &err);
  return n;
}

/* ---- producer ---- */

static void entry_from(json_t *line, evc_entry_t *e, char **detail) {
  memset(e, 0, sizeof *e);
  json_t *d = json_object_get(line, "Detail");
  *detail = json_is_string(d) ? strdup(json_string_value(d)) : d ? json_dumps(d, JSON_COMPACT) : NULL;
  e->detail = *detail;
  e->source = json_string_value(json_object_get(line, "Source"));
  e->detail_type = json_string_value(json_object_get(line, "DetailType"));
  e->time = json_string_value(json_object_get(line, "Time"));
}

static void put_line(evc_bus_t *bus, const char *text, int lineno) {
  json_t *line = json_loads(text, 0, NULL);
  if (!json_is_object(line)) {
    printf("line %d: not a PutEvents entry, skipped\n", lineno);
    json_decref(line);
    return;
  }
  evc_entry_t e;
  char *detail;
  entry_from(line, &e, &detail);
  evc_put_result_t res;
  evc_error_t err;
  if (evc_put_events(bus, &e, 1, &res, &err) != 0) die("evc_put_events", &err);
  if (res.failed_entry_count)
    printf("line %d: refused: %s: %s\n", lineno, res.entries[0].error_code, res.entries[0].error_message);
  else
    printf("line %d: %s stored in the bus's stream\n", lineno, e.detail_type);
  free(detail);
  json_decref(line);
}

/* Replays the whole failed-tickets archive into the replay bus, whose workers reprocess them. */
static void replay_failed(evc_bus_t *events, evc_bus_t *replay_bus) {
  evc_error_t err;
  evc_replay_config_t rc = {"reprocess-failed", "failed-tickets-archive", 0, INT64_MAX, NULL, 0, replay_bus, 1};
  evc_replay_t *r = evc_replay_start(events, &rc, &err);
  if (!r) die("evc_replay_start", &err);
  while (evc_replay_run(r, 100)) continue;
  printf("replay reprocess-failed: %s, %llu events\n", evc_replay_state_name(evc_replay_state(r)),
         (unsigned long long)evc_replay_count(r));
  if (evc_replay_state(r) == EVC_REPLAY_FAILED) printf("  %s\n", evc_replay_failure(r));
  evc_replay_free(r);
}

static int produce(const char *url, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    return 1;
  }
  evc_bus_t *events = new_bus(&tickets_ai_support_events_bus);
  evc_bus_t *replay_bus = new_bus(&tickets_ai_support_replay_bus);
  evc_nats_t *ne = attach(events, url), *nr = attach(replay_bus, url);
  evc_error_t err;
  if (evc_nats_archive_attach(ne, &err) != 0) die("evc_nats_archive_attach", &err);
  char text[8192];
  int lineno = 0;
  while (fgets(text, sizeof text, f)) {
    lineno++;
    if (text[0] != '#' && text[0] != '\n') put_line(events, text, lineno);
  }
  fclose(f);
  replay_failed(events, replay_bus);
  printf("producer: %llu events published\n",
         (unsigned long long)(evc_nats_metrics(ne)->published + evc_nats_metrics(nr)->published));
  evc_nats_detach(nr);
  evc_nats_detach(ne);
  evc_bus_free(replay_bus);
  evc_bus_free(events);
  return 0;
}

/* ---- worker ---- */

/* The string value of "key" in the event text, or "-". */
static void field(const char *ev, size_t len, const char *key, char *out, size_t cap) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":\"", key);
  char *copy = strndup(ev, len);
  const char *p = copy ? strstr(copy, pat) : NULL;
  const char *end = p ? strchr(p + strlen(pat), '"') : NULL;
  if (end)
    snprintf(out, cap, "%.*s", (int)(end - p - strlen(pat)), p + strlen(pat));
  else
    snprintf(out, cap, "-");
  free(copy);
}

/* Every delivery: one line (the run script sorts the workers' lines together). A flaky customer's
 * notification fails once and succeeds on the retry; compensation fails for good (to the DLQ). */
static evc_outcome_t target(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)ud;
  char ticket[64], type[64], replay[64], email[128];
  field(d->event, d->event_len, "ticket_id", ticket, sizeof ticket);
  field(d->event, d->event_len, "detail-type", type, sizeof type);
  field(d->event, d->event_len, "replay-name", replay, sizeof replay);
  field(d->event, d->event_len, "email", email, sizeof email);
  if (strcmp(d->target_id, "CustomerNotification") == 0 && strstr(email, "flaky") && d->attempt == 0)
    return evc_failure_set(f, EVC_RETRY, "MailServerBusy", "try again later");
  if (strcmp(d->target_id, "CompensateDeleteTicket") == 0)
    return evc_failure_set(f, EVC_FAILED, "TicketLocked", "ticket %s is locked", ticket);
  printf("%s <- %s %s%s%s (attempt %u)\n", d->target_id, type, ticket, strcmp(replay, "-") ? " replay " : "",
         strcmp(replay, "-") ? replay : "", d->attempt);
  return EVC_DELIVERED;
}

static void to_dlq(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  printf("EventDLQ <- %s/%s %s after %u retries\n", dl->rule_name, dl->target_id, dl->error_code, dl->retry_attempts);
}

static evc_bus_t *worker_bus(const evc_bus_def_t *def) {
  evc_bus_t *bus = new_bus(def);
  for (uint32_t r = 0; r < def->nrule; r++)
    for (uint32_t t = 0; t < def->rules[r].ntarget; t++) evc_bus_bind(bus, def->rules[r].targets[t].id, target, NULL);
  evc_bus_bind_dlq(bus, "EventDLQ", to_dlq, NULL);
  return bus;
}

/* 1 when no joined consumer of the bus has events waiting or unacknowledged. */
static int drained(evc_nats_t *n, const evc_bus_def_t *def) {
  for (uint32_t r = 0; r < def->nrule; r++)
    for (uint32_t t = 0; t < def->rules[r].ntarget; t++) {
      uint64_t pending = 0, unacked = 0;
      evc_error_t err;
      if (evc_nats_consumer_lag(n, r, t, &pending, &unacked, &err) != 0) die("consumer lag", &err);
      if (pending || unacked) return 0;
    }
  return 1;
}

/* Delivers until `done_file` exists (the producer finished) and both buses' consumers are drained. */
static int work(const char *url, const char *name, const char *done_file) {
  evc_bus_t *events = worker_bus(&tickets_ai_support_events_bus);
  evc_bus_t *replay_bus = worker_bus(&tickets_ai_support_replay_bus);
  evc_nats_t *ne = attach(events, url), *nr = attach(replay_bus, url);
  size_t joined;
  evc_error_t err;
  if (evc_nats_join(ne, &joined, &err) != 0 || evc_nats_join(nr, &joined, &err) != 0) die("evc_nats_join", &err);
  size_t total = 0;
  for (;;) {
    size_t a = 0, b = 0;
    if (evc_nats_run(ne, IDLE_WAIT_MS / 2, &a, &err) != 0 || evc_nats_run(nr, IDLE_WAIT_MS / 2, &b, &err) != 0)
      die("evc_nats_run", &err);
    total += a + b;
    fflush(stdout);
    if (!a && !b && access(done_file, F_OK) == 0 && drained(ne, &tickets_ai_support_events_bus) &&
        drained(nr, &tickets_ai_support_replay_bus))
      break;
  }
  fprintf(stderr, "worker %s: %zu messages settled\n", name, total);
  evc_nats_detach(nr);
  evc_nats_detach(ne);
  evc_bus_free(replay_bus);
  evc_bus_free(events);
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "produce") == 0) return produce(argv[2], argv[3]);
  if (argc == 5 && strcmp(argv[1], "work") == 0) return work(argv[2], argv[3], argv[4]);
  fprintf(stderr, "usage: ticket-nats produce URL EVENTS.ndjson\n"
                  "       ticket-nats work URL NAME DONE-FILE\n");
  return 2;
}
