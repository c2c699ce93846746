/* A bus's archives: opening the database, storing each accepted event it matches, retention. */
#include "archive_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPIRE_EVERY_MS 60000

static int set(const char *s) { return s && *s; }

static int missing_database(const evc_bus_t *bus, evc_error_t *err) {
  const evc_archive_def_t *a = &bus->def->archives[0];
  return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                  "bus %s has archive %s (%s) but no database: set evc_bus_config_t.archive_db, "
                  "or archive_disabled = 1 to run without archiving",
                  bus->def->name, a->name, a->where);
}

int evc_archive_open_bus(evc_bus_t *bus, const evc_bus_config_t *cfg, evc_error_t *err) {
  static const evc_bus_config_t none = {0};
  if (!cfg) cfg = &none;
  int archiving = bus->def->narchive && !cfg->archive_disabled;
  if (archiving && cfg->archive_external && set(cfg->archive_db))
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                    "bus %s: archive_db and archive_external are exclusive (the archives live in "
                    "one place)", bus->def->name);
  if (archiving && !cfg->archive_external && !set(cfg->archive_db))
    return missing_database(bus, err);
  if (!archiving && !set(cfg->dlq_db)) return 0;
  evc_archive_rt_t *rt = calloc(1, sizeof *rt);
  if (!rt) return evc_fail(err, EVC_E_NO_SPACE, 0, "out of memory");
  bus->archive = rt;
  rt->external = archiving && cfg->archive_external;
  if (archiving) {
    if (!rt->external) rt->db = evc_archive_db_open_mode(cfg->archive_db, 1, cfg->archive_sync, err);
    size_t ss = bus->def->archive_match_state_size;
    if (!rt->db && !rt->external) return -1;
    if (!(rt->match_state = malloc(ss ? ss : 1))) return evc_fail(err, EVC_E_NO_SPACE, 0, "out of memory");
  }
  if (set(cfg->dlq_db)) {
    int same = rt->db && strcmp(cfg->dlq_db, cfg->archive_db) == 0;
    rt->dlq = same ? rt->db : evc_archive_db_open_mode(cfg->dlq_db, 1, cfg->archive_sync, err);
    if (!rt->dlq) return -1;
  }
  rt->last_expire_ms = bus->clock.now_ms(bus->clock.ud);
  return rt->db && evc_bus_archive_expire(bus, err) < 0 ? -1 : 0;
}

void evc_archive_close_bus(evc_bus_t *bus) {
  evc_archive_rt_t *rt = bus->archive;
  if (!rt) return;
  if (rt->store) rt->store->close(rt->store_ud);
  if (rt->dlq != rt->db) evc_archive_db_close(rt->dlq);
  evc_archive_db_close(rt->db);
  free(rt->match_state);
  free(rt);
  bus->archive = NULL;
}

/* The text of a top-level string member of the envelope, without its quotes. */
static void member_text(const evc_ingest_t *in, const char *key, const char **s, int *n) {
  evc_path_step_t step = {key, (uint32_t)strlen(key), 0};
  evc_jval_t v = evc_json_locate(in->event, in->event_len, &step, 1);
  int ok = v.type == EVC_X_STRING && v.len >= 2;
  *s = ok ? v.text + 1 : "";
  *n = ok ? (int)v.len - 2 : 0;
}

static int run(evc_archive_db_t *db, sqlite3_stmt **st, const char *sql) {
  if (evc_archive_db_prepare(db, st, sql, NULL) != 0) return -1;
  int rc = sqlite3_step(*st);
  sqlite3_reset(*st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* The event's `time` in ms (its ingestion time when it has none that parses). */
static int64_t event_time_ms(const evc_ingest_t *in) {
  const char *time;
  int ntime;
  char tbuf[64];
  int64_t time_ms = in->ingest_ms;
  member_text(in, "time", &time, &ntime);
  snprintf(tbuf, sizeof tbuf, "%.*s", ntime, time);
  evc_archive_parse_time(tbuf, &time_ms);
  return time_ms;
}

static int insert_event(evc_bus_t *bus, const evc_archive_def_t *a, const evc_ingest_t *in) {
  evc_archive_db_t *db = bus->archive->db;
  static const char sql[] =
      "INSERT INTO archive_events(archive, bus, event_id, time_ms, source, detail_type,"
      " ingest_ms, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  if (evc_archive_db_prepare(db, &db->insert_event, sql, NULL) != 0) return -1;
  sqlite3_stmt *st = db->insert_event;
  const char *src, *dt;
  int nsrc, ndt;
  member_text(in, "source", &src, &nsrc);
  member_text(in, "detail-type", &dt, &ndt);
  int64_t time_ms = event_time_ms(in);
  sqlite3_bind_text(st, 1, a->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, bus->def->name, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, in->event_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 4, time_ms);
  sqlite3_bind_text(st, 5, src, nsrc, SQLITE_STATIC);
  sqlite3_bind_text(st, 6, dt, ndt, SQLITE_STATIC);
  sqlite3_bind_int64(st, 7, in->ingest_ms);
  sqlite3_bind_text(st, 8, in->event, (int)in->event_len, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* Whether archive `a` takes the event (the archive matcher ran when def->archive_match is set). */
static int wanted(const evc_bus_t *bus, const evc_archive_def_t *a, int matched) {
  if (a->match_id == EVC_ARCHIVE_ALL) return 1;
  return matched && bus->def->archive_next(bus->archive->match_state, a->match_id) == a->match_id;
}

static const char *fail_message(evc_archive_rt_t *rt) {
  char *m = rt->msg[rt->nmsg++ % EVC_MAX_ENTRIES];
  rt->last = m;
  snprintf(m, sizeof rt->msg[0], "the event could not be archived: %s",
           sqlite3_errmsg(rt->db->db));
  return m;
}

/* Archives in a store: one append per archive that takes the event. An append that fails leaves
 * the event in the archives appended before it (a store has no transaction to roll back). */
static int store_ingest(evc_bus_t *bus, const evc_ingest_t *in, int matched) {
  evc_archive_rt_t *rt = bus->archive;
  const evc_bus_def_t *def = bus->def;
  char why[160] = "no archive store is attached to the bus (evc_nats_archive_attach)";
  uint32_t stored = 0, i;
  int64_t time_ms = event_time_ms(in);
  for (i = 0; i < def->narchive; i++) {
    if (!wanted(bus, &def->archives[i], matched)) continue;
    if (!rt->store || rt->store->append(rt->store_ud, &def->archives[i], in, time_ms, why,
                                        sizeof why) != 0)
      break;
    stored++;
  }
  bus->metrics.archived_events += stored;
  if (i == def->narchive) return 0;
  char *m = rt->msg[rt->nmsg++ % EVC_MAX_ENTRIES];
  rt->last = m;
  snprintf(m, sizeof rt->msg[0], "the event could not be archived in %s: %s",
           def->archives[i].name, why);
  return -1;
}

int evc_archive_ingest(evc_bus_t *bus, const evc_ingest_t *in) {
  evc_archive_rt_t *rt = bus->archive;
  if (!rt || (!rt->db && !rt->external) || in->replay_name) return 0; /* replays: not archived */
  const evc_bus_def_t *def = bus->def;
  evc_archive_db_t *db = rt->db;
  evc_error_t merr;
  int matched = def->archive_match && def->archive_match(in->event, in->event_len,
                                                         rt->match_state, &merr) == 0;
  if (rt->external) return store_ingest(bus, in, matched);
  if (rt->in_put && !db->in_txn) {
    if (evc_archive_db_exec(db, "BEGIN", NULL) != 0) {
      fail_message(rt);
      return -1;
    }
    db->in_txn = 1;
  }
  uint32_t n = 0, stored = 0, i;
  for (i = 0; i < def->narchive; i++) n += (uint32_t)wanted(bus, &def->archives[i], matched);
  int grouped = n > 1; /* one INSERT is atomic; several rows of one event go all or none */
  if (grouped && run(db, &db->savepoint, "SAVEPOINT archive_event") != 0) {
    fail_message(rt);
    return -1;
  }
  for (i = 0; i < def->narchive && stored < n; i++) {
    if (!wanted(bus, &def->archives[i], matched)) continue;
    if (insert_event(bus, &def->archives[i], in) != 0) break;
    stored++;
  }
  if (stored < n || (grouped && run(db, &db->release, "RELEASE archive_event") != 0)) {
    fail_message(rt);
    if (grouped) run(db, &db->rollback_to, "ROLLBACK TO archive_event");
    if (grouped) run(db, &db->release, "RELEASE archive_event");
    return -1;
  }
  bus->metrics.archived_events += stored;
  return 0;
}

int evc_archive_attach_store(evc_bus_t *bus, const evc_archive_store_t *store, void *ud,
                             evc_error_t *err) {
  evc_archive_rt_t *rt = bus->archive;
  if (!rt || !rt->external)
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                    "bus %s keeps no archives in a store: it needs archives and "
                    "evc_bus_config_t.archive_external = 1", bus->def->name);
  if (rt->store)
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "bus %s already has an archive store",
                    bus->def->name);
  rt->store = store;
  rt->store_ud = ud;
  return 0;
}

int evc_archive_kept(const evc_bus_t *bus) {
  return bus->archive && (bus->archive->db || bus->archive->store);
}

int evc_archive_page(evc_bus_t *bus, const evc_archive_query_t *q, int64_t after_time,
                     int64_t after_seq, size_t limit,
                     int (*fn)(void *ud, const evc_archived_event_t *e), void *ud,
                     evc_error_t *err) {
  evc_archive_rt_t *rt = bus->archive;
  if (rt->store) return rt->store->page(rt->store_ud, q, after_time, after_seq, limit, fn, ud, err);
  return evc_archive_db_page(rt->db, q, after_time, after_seq, limit, fn, ud, err);
}

const char *evc_archive_failure(const evc_bus_t *bus) {
  return bus->archive && bus->archive->last ? bus->archive->last : "the event could not be archived";
}

void evc_archive_begin_put(evc_bus_t *bus) {
  if (bus->archive) bus->archive->in_put = 1;
}

void evc_archive_end_put(evc_bus_t *bus, evc_put_result_t *res) {
  evc_archive_rt_t *rt = bus->archive;
  if (!rt) return;
  rt->in_put = 0;
  evc_archive_db_t *db = rt->db ? rt->db : rt->dlq;
  if (db && db->in_txn) {
    db->in_txn = 0;
    if (sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
      const char *m = fail_message(rt);
      sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
      for (uint32_t i = 0; i < res->nentry; i++) {
        evc_entry_result_t *e = &res->entries[i];
        if (e->error_code) continue;
        e->error_code = "InternalException";
        e->error_message = m;
        e->event_id[0] = '\0';
        res->failed_entry_count++;
      }
    }
  }
  rt->nmsg = 0;
}

int64_t evc_bus_archive_expire(evc_bus_t *bus, evc_error_t *err) {
  evc_error_clear(err);
  evc_archive_rt_t *rt = bus->archive;
  if (!rt || !rt->db) return 0;
  int64_t now = bus->clock.now_ms(bus->clock.ud), n = 0;
  static const char sql[] =
      "DELETE FROM archive_events WHERE archive = ? AND bus = ? AND ingest_ms < ?";
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(rt->db->db, sql, -1, &st, NULL) != SQLITE_OK)
    return evc_archive_db_fail(rt->db, err, "expiring archived events");
  for (uint32_t i = 0; i < bus->def->narchive; i++) {
    const evc_archive_def_t *a = &bus->def->archives[i];
    if (!a->retention_days) continue;
    sqlite3_bind_text(st, 1, a->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, bus->def->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now - (int64_t)a->retention_days * 86400000);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) {
      evc_archive_db_fail(rt->db, err, "expiring archived events");
      sqlite3_finalize(st);
      return -1;
    }
    n += sqlite3_changes(rt->db->db);
  }
  sqlite3_finalize(st);
  return n;
}

void evc_archive_tick(evc_bus_t *bus, int64_t now) {
  evc_archive_rt_t *rt = bus->archive;
  if (!rt || !rt->db || now - rt->last_expire_ms < EXPIRE_EVERY_MS) return;
  rt->last_expire_ms = now;
  evc_bus_archive_expire(bus, NULL); /* retried at the next tick when it fails */
}
