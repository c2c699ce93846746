/* Scheduled rules: each occurrence becomes an "aws.events" Scheduled Event delivered to the rule's targets. */
#include "bus_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE INT64_MAX

static const evc_schedule_t *schedule_of(const evc_bus_t *bus, uint32_t r) {
  const evc_rule_def_t *rd = &bus->def->rules[r];
  return rd->enabled ? rd->schedule : NULL;
}

/* Moves rule r's next occurrence past `at` (NONE when the schedule is over). */
static void advance(evc_bus_t *bus, uint32_t r, int64_t at) {
  int64_t next;
  bus->sched_next[r] = evc_schedule_next(schedule_of(bus, r), at, bus->sched_anchor, &next) ? next : NONE;
}

void evc_bus_schedule_start(evc_bus_t *bus, int64_t now) {
  bus->sched_anchor = now;
  for (uint32_t r = 0; r < bus->def->nrule; r++) {
    bus->sched_next[r] = NONE;
    if (schedule_of(bus, r)) advance(bus, r, now - 1); /* an occurrence at the start instant fires */
  }
}

/* Occurrences older than the catch-up window are counted, not fired. */
static void skip_stale(evc_bus_t *bus, uint32_t r, int64_t oldest) {
  const evc_schedule_t *s = schedule_of(bus, r);
  int64_t *next = &bus->sched_next[r];
  if (*next >= oldest) return;
  if (s->is_rate) { /* whole periods at once: a jump of years must not loop per occurrence */
    int64_t first = *next, period = (int64_t)s->rate_minutes * 60000;
    evc_schedule_next(s, oldest - 1, bus->sched_anchor, next);
    bus->rule_metrics[r].scheduled_skipped += (uint64_t)((*next - first) / period);
    return;
  }
  while (*next < oldest) {
    bus->rule_metrics[r].scheduled_skipped++;
    advance(bus, r, *next);
  }
}

static int envelope(char *out, size_t cap, const evc_bus_t *bus, uint32_t r, const char *id, const char *time) {
  /* account, region and the ARN need no JSON escapes, as for the ARN in bus.c */
  return snprintf(out, cap,
                  "{\"version\":\"0\",\"id\":\"%s\",\"detail-type\":\"Scheduled Event\","
                  "\"source\":\"aws.events\",\"account\":\"%s\",\"time\":\"%s\",\"region\":\"%s\","
                  "\"resources\":[%s],\"detail\":{}}",
                  id, bus->account, time, bus->region, bus->rules[r].arn_json);
}

/* Sends the occurrence `at` of rule r to its targets; returns the attempts made. */
static size_t fire(evc_bus_t *bus, uint32_t r, int64_t at, int64_t now) {
  char id[40], time_text[21], time_json[24]; /* id: the size pending_copy() reads */
  evc_uuid4(&bus->rng, id);
  evc_format_time(at, time_text);
  /* the fixed text, id and time take under 256 bytes */
  size_t cap = 256 + sizeof bus->account + sizeof bus->region + strlen(bus->rules[r].arn_json);
  char *ev = malloc(cap);
  evc_job_t job;
  memset(&job, 0, sizeof job);
  job.event_id = job.trace_id = id;
  job.ingest_ms = now;
  job.rule = r;
  if (!ev) { /* every target reports the occurrence it did not get */
    for (job.target = 0; job.target < bus->def->rules[r].ntarget; job.target++)
      evc_bus_dead_letter(bus, &job, "InternalError", "out of memory building a scheduled event", EVC_EXHAUSTED_NONE);
    return 0;
  }
  job.event = ev;
  job.event_len = (size_t)envelope(ev, cap, bus, r, id, time_text);
  evc_xctx_t x;
  evc_bus_xctx_init(&x, &job, time_json);
  bus->rule_metrics[r].scheduled_events++;
  evc_bus_run_rule(bus, r, &job, &x);
  free(ev);
  return bus->def->rules[r].ntarget;
}

/* The rule whose next occurrence is the earliest at or before `now`, or nrule. */
static uint32_t earliest_due(const evc_bus_t *bus, int64_t now) {
  uint32_t best = bus->def->nrule;
  for (uint32_t r = 0; r < bus->def->nrule; r++)
    if (bus->sched_next[r] <= now && (best == bus->def->nrule || bus->sched_next[r] < bus->sched_next[best])) best = r;
  return best;
}

size_t evc_bus_fire_schedules(evc_bus_t *bus, int64_t now) {
  if (!bus->started) return 0;
  for (uint32_t r = 0; r < bus->def->nrule; r++)
    if (bus->sched_next[r] != NONE) skip_stale(bus, r, now - EVC_SCHEDULE_CATCH_UP_MS);
  size_t attempts = 0;
  for (uint32_t r; (r = earliest_due(bus, now)) < bus->def->nrule;) {
    int64_t at = bus->sched_next[r];
    advance(bus, r, at);
    attempts += fire(bus, r, at, now);
  }
  return attempts;
}

int evc_bus_next_schedule(const evc_bus_t *bus, int64_t *due_ms) {
  int64_t best = NONE;
  for (uint32_t r = 0; bus->started && r < bus->def->nrule; r++)
    if (bus->sched_next[r] < best) best = bus->sched_next[r];
  if (best == NONE) return 0;
  *due_ms = best;
  return 1;
}
