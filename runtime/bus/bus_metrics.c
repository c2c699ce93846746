/* Bus metrics with their CloudWatch names: accessors and a JSON rendering. */
#include "bus_impl.h"

#include <stdarg.h>
#include <stdio.h>

typedef struct jw {
  char *out;
  size_t cap, len;
} jw_t;

static void jw_printf(jw_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void jw_printf(jw_t *w, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(w->len < w->cap ? w->out + w->len : NULL,
                    w->len < w->cap ? w->cap - w->len : 0, fmt, ap);
  va_end(ap);
  if (n > 0) w->len += (size_t)n;
}

const evc_bus_metrics_t *evc_bus_metrics(const evc_bus_t *bus) { return &bus->metrics; }

const evc_rule_metrics_t *evc_bus_rule_metrics(const evc_bus_t *bus, uint32_t rule) {
  return rule < bus->def->nrule ? &bus->rule_metrics[rule] : NULL;
}

const evc_target_metrics_t *evc_bus_target_metrics(const evc_bus_t *bus, uint32_t rule,
                                                   uint32_t target) {
  if (rule >= bus->def->nrule || target >= bus->def->rules[rule].ntarget) return NULL;
  return &bus->target_metrics[bus->rules[rule].first + target];
}

static void target_json(jw_t *w, const char *id, const evc_target_metrics_t *m) {
  jw_printf(w,
            "{\"Target\":\"%s\",\"Invocations\":%llu,\"FailedInvocations\":%llu,"
            "\"InvocationsSentToDLQ\":%llu,\"RetryInvocationAttempts\":%llu,"
            "\"InvocationsDropped\":%llu}",
            id, (unsigned long long)m->invocations, (unsigned long long)m->failed_invocations,
            (unsigned long long)m->invocations_sent_to_dlq,
            (unsigned long long)m->retry_invocation_attempts,
            (unsigned long long)m->invocations_dropped);
}

static void rule_json(jw_t *w, const evc_bus_t *bus, uint32_t r) {
  const evc_rule_def_t *rd = &bus->def->rules[r];
  const evc_rule_metrics_t *m = &bus->rule_metrics[r];
  jw_printf(w, "{\"RuleName\":\"%s\",\"MatchedEvents\":%llu,\"TriggeredRules\":%llu,\"Targets\":[",
            rd->name, (unsigned long long)m->matched_events,
            (unsigned long long)m->triggered_rules);
  for (uint32_t t = 0; t < rd->ntarget; t++) {
    if (t) jw_printf(w, ",");
    target_json(w, rd->targets[t].id, &bus->target_metrics[bus->rules[r].first + t]);
  }
  jw_printf(w, "]");
  if (rd->schedule) /* scheduled rules only, so pattern rules keep their shape */
    jw_printf(w, ",\"ScheduledEvents\":%llu,\"ScheduledEventsSkipped\":%llu",
              (unsigned long long)m->scheduled_events, (unsigned long long)m->scheduled_skipped);
  jw_printf(w, "}");
}

/* eventc's archive, replay, trusted-match and dead-letter store counters (buses with a database, replays or
 * forwarded events). */
static void archive_json(jw_t *w, const evc_bus_metrics_t *m) {
  jw_printf(w,
            "\"ArchivedEvents\":%llu,\"ReplayedEvents\":%llu,\"TrustedMatches\":%llu,\"DeadLettersStored\":%llu,"
            "\"DeadLettersStoreFailed\":%llu,\"DeadLettersRedriven\":%llu,"
            "\"RedriveFailures\":%llu,",
            (unsigned long long)m->archived_events, (unsigned long long)m->replayed_events,
            (unsigned long long)m->trusted_matches,
            (unsigned long long)m->dead_letters_stored,
            (unsigned long long)m->dead_letters_store_failed,
            (unsigned long long)m->dead_letters_redriven, (unsigned long long)m->redrive_failures);
}

/* Rule names and target Ids are limited to [.\-_A-Za-z0-9], so they need no JSON escaping. */
size_t evc_bus_metrics_json(const evc_bus_t *bus, char *out, size_t cap) {
  jw_t w = {out, cap, 0};
  if (cap) out[0] = '\0';
  jw_printf(&w,
            "{\"EventBusName\":\"%s\",\"PutEventsEntries\":%llu,\"PutEventsFailedEntries\":%llu,"
            "\"MatchedEvents\":%llu,",
            bus->def->name, (unsigned long long)bus->metrics.put_events_entries,
            (unsigned long long)bus->metrics.put_events_failed_entries,
            (unsigned long long)bus->metrics.matched_events);
  if (bus->archive || bus->metrics.replayed_events || bus->metrics.trusted_matches) archive_json(&w, &bus->metrics);
  jw_printf(&w, "\"Rules\":[");
  for (uint32_t r = 0; r < bus->def->nrule; r++) {
    if (r) jw_printf(&w, ",");
    rule_json(&w, bus, r);
  }
  jw_printf(&w, "]}");
  return w.len;
}
