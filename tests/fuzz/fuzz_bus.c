/* libFuzzer target: PutEvents with fuzzed entries through a generated bus (transformers, retries, DLQs) in virtual time. */
#include "retry_rules.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Input: one byte of target behaviour (bit i set: target i asks for a retry; bit 5: Audit fails
 * permanently), then fields separated by NUL bytes, six per entry, up to EVC_MAX_ENTRIES
 * entries: source, detail-type, detail, resources (split at ','), time, event bus name. An
 * empty field is "not set".
 */
enum { FIELDS = 6, MAX_RESOURCES = 8 };

typedef struct fuzz_entry {
  char *field[FIELDS];
  const char *resources[MAX_RESOURCES];
} fuzz_entry_t;

typedef struct world {
  evc_vclock_t clock;
  unsigned behaviour;
  int detail_is_json; /* every detail of the request parses: payloads must then parse too */
} world_t;

static void must_parse(const char *what, const char *text, size_t len, size_t flags) {
  json_error_t e;
  json_t *v = json_loadb(text, len, flags | JSON_ALLOW_NUL, &e);
  if (!v) {
    fprintf(stderr, "fuzz_bus: %s is not JSON (%s): %.*s\n", what, e.text, (int)len, text);
    abort();
  }
  json_decref(v);
}

static evc_outcome_t outcome(world_t *w, unsigned bit, const evc_delivery_t *d, evc_failure_t *f) {
  if (w->detail_is_json) must_parse("the event", d->event, d->event_len, 0);
  if (w->behaviour >> 5 & 1 && bit == 2) return evc_failure_set(f, EVC_FAILED, "Rejected", "permanent");
  if (w->behaviour >> bit & 1 && d->attempt < 2) return evc_failure_set(f, EVC_RETRY, "Throttled", "%u", d->attempt);
  return EVC_DELIVERED;
}

static evc_outcome_t notify(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  world_t *w = ud;
  if (w->detail_is_json) must_parse("the Notify payload", d->payload, d->payload_len, 0);
  return outcome(w, 0, d, f);
}

static evc_outcome_t archive(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  world_t *w = ud;
  if (w->detail_is_json) must_parse("the Archive payload", d->payload, d->payload_len, JSON_DECODE_ANY);
  return outcome(w, 1, d, f);
}

static evc_outcome_t audit(void *ud, const evc_delivery_t *d, evc_failure_t *f) { return outcome(ud, 2, d, f); }
static evc_outcome_t label(void *ud, const evc_delivery_t *d, evc_failure_t *f) { return outcome(ud, 3, d, f); }
static evc_outcome_t review(void *ud, const evc_delivery_t *d, evc_failure_t *f) { return outcome(ud, 4, d, f); }

static void dead(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  if (!dl->error_code || !dl->rule_arn || !dl->event) abort();
}

/* Splits the fields in place (the copy ends with a NUL); returns the number of entries. */
static size_t read_entries(char *text, size_t len, fuzz_entry_t *out, evc_entry_t *entries) {
  size_t n = 0, f = 0;
  char *p = text, *end = text + len;
  while (p <= end && n < EVC_MAX_ENTRIES) {
    char *stop = memchr(p, '\0', (size_t)(end - p) + 1);
    out[n].field[f] = p;
    p = stop + 1;
    if (++f == FIELDS || p > end) {
      for (; f < FIELDS; f++) out[n].field[f] = end;
      f = 0;
      n++;
    }
  }
  for (size_t i = 0; i < n; i++) {
    char **fl = out[i].field;
    size_t nres = 0;
    for (char *r = fl[3]; *fl[3] && nres < MAX_RESOURCES && r; nres++) {
      out[i].resources[nres] = r;
      r = strchr(r, ',');
      if (r) *r++ = '\0';
    }
    evc_entry_t e = {*fl[0] ? fl[0] : NULL, *fl[1] ? fl[1] : NULL, *fl[2] ? fl[2] : NULL, 0,
                     out[i].resources, nres, *fl[4] ? fl[4] : NULL, *fl[5] ? fl[5] : NULL, NULL};
    entries[i] = e;
  }
  return n;
}

static int details_parse(const evc_entry_t *entries, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!entries[i].detail) continue;
    json_t *v = json_loads(entries[i].detail, JSON_ALLOW_NUL, NULL);
    if (!v) return 0;
    json_decref(v);
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  world_t w = {{1796360400000}, data[0], 0};
  char *text = malloc(size);
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  static fuzz_entry_t fe[EVC_MAX_ENTRIES];
  evc_entry_t entries[EVC_MAX_ENTRIES];
  size_t n = read_entries(text, size - 1, fe, entries);
  w.detail_is_json = details_parse(entries, n);

  evc_bus_config_t cfg = {NULL, NULL, evc_clock_virtual(&w.clock), 1, 1000, 60000, dead, &w};
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&retry_bus, &cfg, &err);
  if (!bus) abort();
  evc_bus_bind(bus, "NotifyFunction", notify, &w);
  evc_bus_bind(bus, "ArchiveFunction", archive, &w);
  evc_bus_bind(bus, "AuditFunction", audit, &w);
  evc_bus_bind(bus, "LabelFunction", label, &w);
  evc_bus_bind(bus, "ReviewFunction", review, &w);
  evc_bus_bind_dlq(bus, "OrdersDLQ", dead, &w);
  if (evc_bus_start(bus, &err) != 0) abort();
  evc_put_result_t res;
  if (evc_put_events(bus, entries, n, &res, &err) == 0 && res.nentry != n) abort();
  int64_t due;
  for (int rounds = 0; evc_bus_next_due(bus, &due) && rounds < 1024; rounds++) { /* each callback asks for 2 retries at most */
    w.clock.now_ms = due;
    evc_bus_run_due(bus);
  }
  if (evc_bus_pending(bus) != 0) abort();
  evc_bus_free(bus);
  free(text);
  return 0;
}
