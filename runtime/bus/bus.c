/* The bus's life cycle: creation from generated tables, binding callbacks and DLQ sinks, start-up checks. */
#include "bus_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *str_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (!s) return NULL;
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

static void copy_field(char *dst, size_t cap, const char *src, const char *dflt) {
  snprintf(dst, cap, "%s", src && *src ? src : dflt);
}

static void default_drop(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  fprintf(stderr, "eventc: dropped event %s for rule %s target %s: %s: %s\n", dl->event_id,
          dl->rule_name, dl->target_id, dl->error_code, dl->error_message);
}

static void apply_config(evc_bus_t *bus, const evc_bus_config_t *cfg) {
  static const evc_bus_config_t none = {0};
  if (!cfg) cfg = &none;
  copy_field(bus->account, sizeof bus->account, cfg->account, "123456789012");
  copy_field(bus->region, sizeof bus->region, cfg->region, "us-east-1");
  bus->clock = cfg->clock.now_ms ? cfg->clock : evc_clock_real();
  uint64_t seed = cfg->seed;
  if (!seed) seed = (uint64_t)bus->clock.now_ms(bus->clock.ud) ^ (uint64_t)(uintptr_t)bus;
  evc_rng_seed(&bus->rng, seed);
  bus->backoff_base_ms = cfg->backoff_base_ms ? cfg->backoff_base_ms : 1000;
  bus->backoff_max_ms = cfg->backoff_max_ms ? cfg->backoff_max_ms : 300000;
  bus->on_drop = cfg->on_drop ? cfg->on_drop : default_drop;
  bus->drop_ud = cfg->on_drop ? cfg->drop_ud : NULL;
  copy_field(bus->org_id, sizeof bus->org_id, cfg->organization_id, "");
  bus->max_queued = cfg->max_queued_events ? cfg->max_queued_events : EVC_DEFAULT_MAX_QUEUED_EVENTS;
  bus->max_hops = cfg->max_bus_hops ? cfg->max_bus_hops : EVC_DEFAULT_MAX_BUS_HOPS;
  if (bus->max_hops > EVC_MAX_BUS_HOPS) bus->max_hops = EVC_MAX_BUS_HOPS;
  snprintf(bus->arn, sizeof bus->arn, "arn:aws:events:%s:%s:event-bus/%s", bus->region,
           bus->account, bus->def->name);
}

static int init_rule(evc_bus_t *bus, uint32_t i, uint32_t first) {
  const evc_bus_def_t *def = bus->def;
  const char *name = def->rules[i].name;
  evc_rule_rt_t *r = &bus->rules[i];
  r->first = first;
  if (strcmp(def->name, "default") == 0)
    r->arn = str_printf("arn:aws:events:%s:%s:rule/%s", bus->region, bus->account, name);
  else
    r->arn = str_printf("arn:aws:events:%s:%s:rule/%s/%s", bus->region, bus->account,
                        def->name, name);
  r->arn_json = r->arn ? str_printf("\"%s\"", r->arn) : NULL; /* ARN/name charsets need no escapes */
  r->name_json = str_printf("\"%s\"", name);
  return r->arn && r->arn_json && r->name_json;
}

static int alloc_tables(evc_bus_t *bus) {
  const evc_bus_def_t *def = bus->def;
  for (uint32_t i = 0; i < def->nrule; i++) bus->ntarget += def->rules[i].ntarget;
  size_t nt = bus->ntarget ? bus->ntarget : 1, nr = def->nrule ? def->nrule : 1;
  bus->rules = calloc(nr, sizeof *bus->rules);
  bus->bind = calloc(nt, sizeof *bus->bind);
  bus->dlq = calloc(nt, sizeof *bus->dlq);
  bus->rule_metrics = calloc(nr, sizeof *bus->rule_metrics);
  bus->target_metrics = calloc(nt, sizeof *bus->target_metrics);
  bus->sched_next = calloc(nr, sizeof *bus->sched_next);
  bus->match_state = malloc(def->match_state_size ? def->match_state_size : 1);
  bus->ev_cap = 16384;
  bus->ev = malloc(bus->ev_cap);
  bus->pay_cap = 16384;
  bus->pay = malloc(bus->pay_cap);
  if (!bus->rules || !bus->bind || !bus->dlq || !bus->rule_metrics || !bus->target_metrics || !bus->sched_next ||
      !bus->match_state || !bus->ev || !bus->pay)
    return 0;
  uint32_t first = 0;
  for (uint32_t i = 0; i < def->nrule; i++) {
    if (!init_rule(bus, i, first)) return 0;
    first += def->rules[i].ntarget;
  }
  return 1;
}

evc_bus_t *evc_bus_new(const evc_bus_def_t *def, const evc_bus_config_t *cfg, evc_error_t *err) {
  evc_error_clear(err);
  if (!def || def->abi != EVC_ABI_VERSION) {
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
             "bus tables were generated for another libeventc ABI: regenerate with eventc");
    return NULL;
  }
  evc_bus_t *bus = calloc(1, sizeof *bus);
  if (!bus) {
    evc_fail(err, EVC_E_NO_SPACE, 0, "out of memory");
    return NULL;
  }
  bus->def = def;
  apply_config(bus, cfg);
  if (!alloc_tables(bus)) {
    evc_bus_free(bus);
    evc_fail(err, EVC_E_NO_SPACE, 0, "out of memory");
    return NULL;
  }
  if (evc_archive_open_bus(bus, cfg, err) != 0) {
    evc_bus_free(bus);
    return NULL;
  }
  return bus;
}

void evc_bus_free(evc_bus_t *bus) {
  if (!bus) return;
  evc_pending_t *p;
  while (bus->heap && (p = evc_heap_pop(bus)) != NULL) {
    evc_bus_dead_letter(bus, &p->job, "BusShutdown", "the bus was freed before the retry ran",
                        EVC_EXHAUSTED_NONE);
    free(p);
  }
  for (uint32_t i = 0; bus->rules && i < bus->def->nrule; i++) {
    free(bus->rules[i].arn);
    free(bus->rules[i].arn_json);
    free(bus->rules[i].name_json);
  }
  free(bus->rules);
  free(bus->bind);
  free(bus->dlq);
  free(bus->rule_metrics);
  free(bus->target_metrics);
  free(bus->sched_next);
  free(bus->match_state);
  free(bus->ev);
  free(bus->pay);
  free(bus->heap);
  free(bus->peers);
  evc_archive_close_bus(bus);
  free(bus);
}

static int same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

size_t evc_bus_bind(evc_bus_t *bus, const char *name, evc_target_fn fn, void *ud) {
  size_t n = 0;
  for (uint32_t r = 0; r < bus->def->nrule; r++) {
    const evc_rule_def_t *rd = &bus->def->rules[r];
    for (uint32_t t = 0; t < rd->ntarget; t++) {
      const evc_target_def_t *td = &rd->targets[t];
      if (td->bus_name) continue; /* evc_bus_bind_bus */
      if (!same(name, td->id) && !same(name, td->arn) && !same(name, td->bind_name)) continue;
      bus->bind[bus->rules[r].first + t].fn = fn;
      bus->bind[bus->rules[r].first + t].ud = ud;
      n++;
    }
  }
  return n;
}

size_t evc_bus_bind_dlq(evc_bus_t *bus, const char *name, evc_dlq_fn fn, void *ud) {
  size_t n = 0;
  for (uint32_t r = 0; r < bus->def->nrule; r++) {
    const evc_rule_def_t *rd = &bus->def->rules[r];
    for (uint32_t t = 0; t < rd->ntarget; t++) {
      const evc_target_def_t *td = &rd->targets[t];
      if (!same(name, td->dlq_arn) && !same(name, td->dlq_bind_name)) continue;
      bus->dlq[bus->rules[r].first + t].fn = fn;
      bus->dlq[bus->rules[r].first + t].ud = ud;
      n++;
    }
  }
  return n;
}

size_t evc_bus_unbound(const evc_bus_t *bus, void (*fn)(void *ud, const char *what), void *ud) {
  size_t n = 0;
  char what[512];
  for (uint32_t r = 0; r < bus->def->nrule; r++) {
    const evc_rule_def_t *rd = &bus->def->rules[r];
    for (uint32_t t = 0; rd->enabled && t < rd->ntarget; t++) {
      const evc_target_def_t *td = &rd->targets[t];
      uint32_t flat = bus->rules[r].first + t;
      if (td->bus_name && !bus->bind[flat].bus) {
        snprintf(what, sizeof what,
                 "event bus target %s of rule %s (evc_bus_bind_bus by \"%s\" or \"%s\"; %s)",
                 td->id, rd->name, td->id, td->bus_name, td->where);
        n++;
        if (fn) fn(ud, what);
      } else if (!td->bus_name && !bus->bind[flat].fn) {
        snprintf(what, sizeof what, "target %s of rule %s (bind by \"%s\" or \"%s\"; %s)",
                 td->id, rd->name, td->id, td->bind_name, td->where);
        n++;
        if (fn) fn(ud, what);
      }
      if (td->dlq_arn && !bus->dlq[flat].fn) {
        snprintf(what, sizeof what, "dead-letter queue %s of target %s of rule %s (%s)",
                 td->dlq_bind_name, td->id, rd->name, td->where);
        n++;
        if (fn) fn(ud, what);
      }
    }
  }
  return n;
}

typedef struct unbound_msg {
  char *buf;
  size_t cap, len;
} unbound_msg_t;

static void add_unbound(void *ud, const char *what) {
  unbound_msg_t *m = ud;
  if (m->len >= m->cap) return;
  int n = snprintf(m->buf + m->len, m->cap - m->len, "%s%s", m->len ? "; " : "", what);
  if (n > 0) m->len += (size_t)n;
}

int evc_bus_start(evc_bus_t *bus, evc_error_t *err) {
  evc_error_clear(err);
  char list[sizeof err->message];
  unbound_msg_t m = {list, sizeof list, 0};
  list[0] = '\0';
  size_t n = evc_bus_unbound(bus, add_unbound, &m);
  if (n) return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "%zu unbound: %s", n, list);
  if (!bus->started) evc_bus_schedule_start(bus, bus->clock.now_ms(bus->clock.ud));
  bus->started = 1;
  return 0;
}

const evc_bus_def_t *evc_bus_definition(const evc_bus_t *bus) { return bus->def; }

const char *evc_bus_rule_arn(const evc_bus_t *bus, uint32_t rule) {
  return rule < bus->def->nrule ? bus->rules[rule].arn : NULL;
}

size_t evc_bus_pending(const evc_bus_t *bus) { return bus->nheap; }

int evc_bus_next_due(const evc_bus_t *bus, int64_t *due_ms) {
  int any = evc_bus_next_schedule(bus, due_ms);
  if (bus->nheap && (!any || bus->heap[0]->due < *due_ms)) {
    *due_ms = bus->heap[0]->due;
    any = 1;
  }
  return any;
}

evc_outcome_t evc_failure_set(evc_failure_t *f, evc_outcome_t outcome, const char *code,
                              const char *fmt, ...) {
  snprintf(f->code, sizeof f->code, "%s", code ? code : "");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(f->message, sizeof f->message, fmt, ap);
  va_end(ap);
  return outcome;
}
