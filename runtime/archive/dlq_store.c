/* The dead-letter store: every dead letter also written to SQLite, listed, and redriven on demand. */
#include "archive_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static evc_archive_db_t *store_of(const evc_bus_t *bus) {
  return bus->archive ? bus->archive->dlq : NULL;
}

void evc_dlq_store(evc_bus_t *bus, const evc_dead_letter_t *dl, int64_t ingest_ms) {
  evc_archive_db_t *db = store_of(bus);
  if (!db) return;
  static const char sql[] =
      "INSERT INTO dead_letters(bus, time_ms, ingest_ms, rule_arn, rule_name, target_id,"
      " target_arn, dlq_arn, error_code, error_message, exhausted_retry_condition,"
      " retry_attempts, event_id, trace_id, event)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  if (evc_archive_db_prepare(db, &db->insert_dead, sql, NULL) != 0) {
    bus->metrics.dead_letters_store_failed++;
    return;
  }
  sqlite3_stmt *st = db->insert_dead;
  const char *texts[] = {dl->rule_arn, dl->rule_name, dl->target_id, dl->target_arn};
  sqlite3_bind_text(st, 1, bus->def->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 2, bus->clock.now_ms(bus->clock.ud));
  sqlite3_bind_int64(st, 3, ingest_ms);
  for (int i = 0; i < 4; i++) sqlite3_bind_text(st, 4 + i, texts[i] ? texts[i] : "", -1, SQLITE_STATIC);
  if (dl->dlq_arn) sqlite3_bind_text(st, 8, dl->dlq_arn, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, 8);
  sqlite3_bind_text(st, 9, dl->error_code ? dl->error_code : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 10, dl->error_message ? dl->error_message : "", -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 11, dl->exhausted_retry_condition, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 12, dl->retry_attempts);
  sqlite3_bind_text(st, 13, dl->event_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 14, dl->trace_id ? dl->trace_id : dl->event_id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 15, dl->event, (int)dl->event_len, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc == SQLITE_DONE) bus->metrics.dead_letters_stored++;
  else bus->metrics.dead_letters_store_failed++;
}

static int no_store(const evc_bus_t *bus, evc_error_t *err) {
  evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
           "bus %s has no dead-letter store: set evc_bus_config_t.dlq_db", bus->def->name);
  return -1;
}

int evc_dlq_list(evc_bus_t *bus, int (*fn)(void *ud, const evc_stored_dead_letter_t *d), void *ud,
                 evc_error_t *err) {
  evc_error_clear(err);
  evc_archive_db_t *db = store_of(bus);
  if (!db) return no_store(bus, err);
  return evc_dlq_db_scan_bus(db, bus->def->name, 0, fn, ud, err);
}

/* ---- redrive ---- */

typedef struct letter {
  int64_t id, ingest_ms;
  uint32_t rule, target, redrives;
  char *event, *event_id, *trace_id;
  size_t event_len;
  int found;
} letter_t;

static char *dup_text(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

static void letter_free(letter_t *l) {
  free(l->event);
  free(l->event_id);
  free(l->trace_id);
}

/* Finds the rule and target of a stored letter on this bus. */
static int locate(const evc_bus_t *bus, const evc_stored_dead_letter_t *d, letter_t *l) {
  const evc_bus_def_t *def = bus->def;
  for (uint32_t r = 0; r < def->nrule; r++) {
    if (strcmp(def->rules[r].name, d->dl.rule_name) != 0) continue;
    for (uint32_t t = 0; t < def->rules[r].ntarget; t++)
      if (strcmp(def->rules[r].targets[t].id, d->dl.target_id) == 0) {
        l->rule = r;
        l->target = t;
        return 1;
      }
  }
  return 0;
}

typedef struct find {
  const evc_bus_t *bus;
  letter_t *l;
  evc_error_t *err;
} find_t;

static int take_letter(void *ud, const evc_stored_dead_letter_t *d) {
  find_t *f = ud;
  letter_t *l = f->l;
  l->found = 1;
  if (!locate(f->bus, d, l)) {
    evc_fail(f->err, EVC_E_INVALID_ARGUMENT, 0,
             "dead letter %lld: rule %s has no target %s on bus %s", (long long)d->id,
             d->dl.rule_name, d->dl.target_id, f->bus->def->name);
    return 1;
  }
  l->ingest_ms = d->ingest_ms;
  l->redrives = d->redrives;
  l->event = dup_text(d->dl.event, d->dl.event_len);
  l->event_len = d->dl.event_len;
  l->event_id = dup_text(d->dl.event_id, strlen(d->dl.event_id));
  l->trace_id = dup_text(d->dl.trace_id, strlen(d->dl.trace_id));
  if (!l->event || !l->event_id || !l->trace_id) evc_fail(f->err, EVC_E_NO_SPACE, 0, "out of memory");
  return 1;
}

static int load_letter(evc_bus_t *bus, int64_t id, letter_t *l, evc_error_t *err) {
  memset(l, 0, sizeof *l);
  l->id = id;
  find_t f = {bus, l, err};
  if (evc_dlq_db_scan_bus(store_of(bus), bus->def->name, id, take_letter, &f, err) != 0) return -1;
  if (!l->found)
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "no stored dead letter %lld on bus %s",
             (long long)id, bus->def->name);
  return err->code == EVC_E_OK ? 0 : -1;
}

/* Builds the target's input (grown until it fits) and calls the bound callback once. */
static evc_outcome_t attempt(evc_bus_t *bus, const letter_t *l, evc_failure_t *f) {
  const evc_target_def_t *td = &bus->def->rules[l->rule].targets[l->target];
  const evc_binding_t *b = &bus->bind[bus->rules[l->rule].first + l->target];
  char now_text[21], ingest_json[24];
  evc_format_time(l->ingest_ms, now_text);
  snprintf(ingest_json, sizeof ingest_json, "\"%s\"", now_text);
  evc_xctx_t x = {l->event, l->event_len,
                  {EVC_X_STRING, bus->rules[l->rule].arn_json, strlen(bus->rules[l->rule].arn_json)},
                  {EVC_X_STRING, bus->rules[l->rule].name_json, strlen(bus->rules[l->rule].name_json)},
                  {EVC_X_STRING, ingest_json, strlen(ingest_json)}};
  evc_error_t e;
  int rc;
  evc_out_t o;
  for (;;) {
    evc_out_init(&o, bus->pay, bus->pay_cap);
    evc_error_clear(&e);
    rc = td->transform(&x, &o, &e);
    if (rc != EVC_E_NO_SPACE) break;
    char *np = realloc(bus->pay, bus->pay_cap * 2);
    if (!np) break;
    bus->pay = np;
    bus->pay_cap *= 2;
  }
  if (rc != 0) return evc_failure_set(f, EVC_FAILED, "TransformFailed", "%s", e.message);
  evc_delivery_t d = {bus->pay, o.len, l->event, l->event_len, l->event_id, l->trace_id,
                      bus->def->rules[l->rule].name, bus->rules[l->rule].arn, td->id, td->arn,
                      l->redrives + 1};
  f->code[0] = f->message[0] = '\0';
  evc_outcome_t out = b->fn(b->ud, &d, f);
  if (out != EVC_DELIVERED && !f->code[0])
    evc_failure_set(f, out, "TargetFailure", "the target callback reported a failure on redrive");
  return out;
}

static int settle(evc_bus_t *bus, const letter_t *l, evc_outcome_t o, const evc_failure_t *f,
                  evc_error_t *err) {
  evc_archive_db_t *db = store_of(bus);
  sqlite3_stmt *st = NULL;
  const char *sql = o == EVC_DELIVERED
                        ? "DELETE FROM dead_letters WHERE id = ?1"
                        : "UPDATE dead_letters SET error_code = ?2, error_message = ?3,"
                          " exhausted_retry_condition = '', redrives = redrives + 1, time_ms = ?4"
                          " WHERE id = ?1";
  if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
    return evc_archive_db_fail(db, err, "updating the dead letter");
  sqlite3_bind_int64(st, 1, l->id);
  if (o != EVC_DELIVERED) {
    sqlite3_bind_text(st, 2, f->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->message, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, bus->clock.now_ms(bus->clock.ud));
  }
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return evc_archive_db_fail(db, err, "updating the dead letter");
  evc_target_metrics_t *m = &bus->target_metrics[bus->rules[l->rule].first + l->target];
  if (o == EVC_DELIVERED) {
    m->invocations++;
    bus->metrics.dead_letters_redriven++;
    return 1;
  }
  bus->metrics.redrive_failures++;
  return 0;
}

int evc_dlq_redrive(evc_bus_t *bus, int64_t id, evc_error_t *err) {
  evc_error_clear(err);
  if (!store_of(bus)) return no_store(bus, err);
  if (bus->busy)
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "evc_dlq_redrive called from a callback of the same bus");
  else if (!bus->started)
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "the bus is not started: call evc_bus_start() first");
  if (err->code != EVC_E_OK) return -1;
  letter_t l;
  int rc = load_letter(bus, id, &l, err);
  if (rc == 0 && !bus->bind[bus->rules[l.rule].first + l.target].fn) {
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "target %s of rule %s is not bound",
             bus->def->rules[l.rule].targets[l.target].id, bus->def->rules[l.rule].name);
    rc = -1;
  }
  if (rc == 0) {
    evc_failure_t f;
    evc_bus_enter(bus); /* events its callback puts queue until it returns */
    evc_outcome_t o = attempt(bus, &l, &f);
    evc_bus_leave(bus);
    rc = settle(bus, &l, o, &f, err);
  }
  letter_free(&l);
  return rc < 0 ? -1 : rc;
}

typedef struct ids {
  const char *rule, *target;
  int64_t *v;
  size_t n, cap;
  int oom;
} ids_t;

static int collect(void *ud, const evc_stored_dead_letter_t *d) {
  ids_t *s = ud;
  if (strcmp(d->dl.rule_name, s->rule) != 0 || (s->target && strcmp(d->dl.target_id, s->target) != 0))
    return 0;
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 16;
    int64_t *nv = realloc(s->v, cap * sizeof *nv);
    if (!nv) return s->oom = 1;
    s->v = nv;
    s->cap = cap;
  }
  s->v[s->n++] = d->id;
  return 0;
}

int64_t evc_dlq_redrive_all(evc_bus_t *bus, const char *rule, const char *target_id,
                            evc_error_t *err) {
  evc_error_clear(err);
  if (!store_of(bus)) return no_store(bus, err);
  ids_t s = {rule ? rule : "", target_id, NULL, 0, 0, 0};
  if (evc_dlq_db_scan_bus(store_of(bus), bus->def->name, 0, collect, &s, err) != 0) {
    free(s.v);
    return -1;
  }
  int64_t delivered = 0;
  for (size_t i = 0; i < s.n && !s.oom; i++) {
    int rc = evc_dlq_redrive(bus, s.v[i], err);
    if (rc < 0) break;
    delivered += rc;
  }
  if (s.oom) evc_fail(err, EVC_E_NO_SPACE, 0, "out of memory");
  free(s.v);
  return err->code == EVC_E_OK ? delivered : -1;
}
