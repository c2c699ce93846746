/* The archive database: opening with version and integrity checks, the schema, shared queries. */
#include "archive_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema_sql[] =
    "CREATE TABLE archive_events("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT, archive TEXT NOT NULL, bus TEXT NOT NULL,"
    " event_id TEXT NOT NULL, time_ms INTEGER NOT NULL, source TEXT NOT NULL,"
    " detail_type TEXT NOT NULL, ingest_ms INTEGER NOT NULL, event TEXT NOT NULL);"
    "CREATE INDEX archive_events_by_time ON archive_events(time_ms, seq);"
    "CREATE INDEX archive_events_by_age ON archive_events(archive, bus, ingest_ms);"
    "CREATE TABLE dead_letters("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, bus TEXT NOT NULL, time_ms INTEGER NOT NULL,"
    " ingest_ms INTEGER NOT NULL, redrives INTEGER NOT NULL DEFAULT 0, rule_arn TEXT NOT NULL,"
    " rule_name TEXT NOT NULL, target_id TEXT NOT NULL, target_arn TEXT NOT NULL, dlq_arn TEXT,"
    " error_code TEXT NOT NULL, error_message TEXT NOT NULL,"
    " exhausted_retry_condition TEXT NOT NULL, retry_attempts INTEGER NOT NULL,"
    " event_id TEXT NOT NULL, trace_id TEXT NOT NULL, event TEXT NOT NULL);"
    "CREATE INDEX dead_letters_by_target ON dead_letters(bus, rule_name, target_id);";

int evc_archive_db_fail(evc_archive_db_t *db, evc_error_t *err, const char *what) {
  evc_fail(err, EVC_E_INTERNAL, 0, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->db));
  return -1;
}

int evc_archive_db_exec(evc_archive_db_t *db, const char *sql, evc_error_t *err) {
  if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) == SQLITE_OK) return 0;
  return evc_archive_db_fail(db, err, "SQLite");
}

int evc_archive_db_prepare(evc_archive_db_t *db, sqlite3_stmt **st, const char *sql,
                           evc_error_t *err) {
  if (*st) return 0;
  if (sqlite3_prepare_v3(db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) == SQLITE_OK)
    return 0;
  return evc_archive_db_fail(db, err, "SQLite");
}

/* One integer of a PRAGMA; -1 when SQLite cannot read the file. */
static int pragma_int(evc_archive_db_t *db, const char *sql, int64_t *out) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db->db, sql, -1, &st, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : -1;
}

static int check_integrity(evc_archive_db_t *db, evc_error_t *err) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(db->db, "PRAGMA quick_check(1)", -1, &st, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  const unsigned char *r = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
  int ok = r && strcmp((const char *)r, "ok") == 0;
  if (!ok)
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "%s: the archive database is corrupt: %s", db->path,
             r ? (const char *)r : sqlite3_errmsg(db->db));
  sqlite3_finalize(st);
  return ok ? 0 : -1;
}

/* Refuses what is not an eventc database of a version this libeventc reads. */
static int check_version(evc_archive_db_t *db, int create, int64_t *version, evc_error_t *err) {
  int64_t app = 0, tables = 0;
  if (pragma_int(db, "PRAGMA application_id", &app) != 0 ||
      pragma_int(db, "PRAGMA user_version", version) != 0 ||
      pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables) != 0) {
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "%s: not a usable SQLite database: %s", db->path,
             sqlite3_errmsg(db->db));
    return -1;
  }
  if (app != EVC_ARCHIVE_APPLICATION_ID && (app != 0 || tables != 0)) {
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
             "%s: an SQLite database of another application (application_id %lld), not an eventc "
             "archive", db->path, (long long)app);
    return -1;
  }
  if (*version > EVC_ARCHIVE_SCHEMA_VERSION) {
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
             "%s: written by a newer eventc (archive schema version %lld; this libeventc reads "
             "versions up to %d): upgrade eventc", db->path, (long long)*version,
             EVC_ARCHIVE_SCHEMA_VERSION);
    return -1;
  }
  if (*version == 0 && !create) {
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "%s: empty, no eventc archive in it", db->path);
    return -1;
  }
  return check_integrity(db, err);
}

static int setup_writer(evc_archive_db_t *db, int sync, int64_t version, evc_error_t *err) {
  if (evc_archive_db_exec(db, "PRAGMA journal_mode=WAL", err) != 0) return -1;
  if (evc_archive_db_exec(db, sync == EVC_ARCHIVE_SYNC_FULL ? "PRAGMA synchronous=FULL"
                                                            : "PRAGMA synchronous=NORMAL",
                          err) != 0)
    return -1;
  if (version != 0) return 0;
  char sql[sizeof schema_sql + 160];
  snprintf(sql, sizeof sql, "BEGIN IMMEDIATE;%sPRAGMA application_id=%d;PRAGMA user_version=%d;COMMIT;",
           schema_sql, EVC_ARCHIVE_APPLICATION_ID, EVC_ARCHIVE_SCHEMA_VERSION);
  if (evc_archive_db_exec(db, sql, err) == 0) return 0;
  sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
  return -1;
}

evc_archive_db_t *evc_archive_db_open_mode(const char *path, int create, int sync,
                                           evc_error_t *err) {
  evc_archive_db_t *db = calloc(1, sizeof *db);
  if (!db || !(db->path = malloc(strlen(path) + 1))) {
    free(db);
    evc_fail(err, EVC_E_NO_SPACE, 0, "out of memory");
    return NULL;
  }
  memcpy(db->path, path, strlen(path) + 1);
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  int64_t version = 0;
  if (sqlite3_open_v2(path, &db->db, flags, NULL) != SQLITE_OK) {
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "%s: cannot open the archive database: %s", path,
             db->db ? sqlite3_errmsg(db->db) : "out of memory");
  } else {
    sqlite3_busy_timeout(db->db, 5000);
    if (check_version(db, create, &version, err) == 0 &&
        (!create || setup_writer(db, sync, version, err) == 0))
      return db;
  }
  evc_archive_db_close(db);
  return NULL;
}

evc_archive_db_t *evc_archive_db_open(const char *path, evc_error_t *err) {
  evc_error_clear(err);
  return evc_archive_db_open_mode(path, 0, EVC_ARCHIVE_SYNC_NORMAL, err);
}

void evc_archive_db_close(evc_archive_db_t *db) {
  if (!db) return;
  sqlite3_finalize(db->insert_event);
  sqlite3_finalize(db->insert_dead);
  sqlite3_finalize(db->savepoint);
  sqlite3_finalize(db->release);
  sqlite3_finalize(db->rollback_to);
  sqlite3_close(db->db);
  free(db->path);
  free(db);
}

static const char *col_text(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? (const char *)t : "";
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s) {
  if (s)
    sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null(st, i);
}

int evc_archive_db_page(evc_archive_db_t *db, const evc_archive_query_t *q, int64_t after_time,
                        int64_t after_seq, size_t limit,
                        int (*fn)(void *ud, const evc_archived_event_t *e), void *ud,
                        evc_error_t *err) {
  static const char sql[] =
      "SELECT seq, archive, bus, event_id, source, detail_type, time_ms, ingest_ms, event"
      " FROM archive_events WHERE time_ms >= ?1 AND time_ms < ?2 AND (time_ms, seq) > (?3, ?4)"
      " AND (?5 IS NULL OR archive = ?5) AND (?6 IS NULL OR bus = ?6)"
      " ORDER BY time_ms, seq LIMIT ?7";
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
    return evc_archive_db_fail(db, err, "reading the archive");
  sqlite3_bind_int64(st, 1, q->start_ms);
  sqlite3_bind_int64(st, 2, q->end_ms);
  sqlite3_bind_int64(st, 3, after_time);
  sqlite3_bind_int64(st, 4, after_seq);
  bind_text_or_null(st, 5, q->archive);
  bind_text_or_null(st, 6, q->bus);
  sqlite3_bind_int64(st, 7, limit ? (int64_t)limit : -1);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    evc_archived_event_t e = {sqlite3_column_int64(st, 0), col_text(st, 1), col_text(st, 2),
                              col_text(st, 3), col_text(st, 4), col_text(st, 5),
                              sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7),
                              col_text(st, 8), (size_t)sqlite3_column_bytes(st, 8)};
    if (fn(ud, &e)) {
      rc = SQLITE_DONE;
      break;
    }
  }
  if (rc != SQLITE_DONE) evc_archive_db_fail(db, err, "reading the archive");
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

int evc_archive_db_scan(evc_archive_db_t *db, const evc_archive_query_t *q,
                        int (*fn)(void *ud, const evc_archived_event_t *e), void *ud,
                        evc_error_t *err) {
  evc_error_clear(err);
  return evc_archive_db_page(db, q, INT64_MIN, 0, 0, fn, ud, err);
}

int evc_dlq_db_scan_bus(evc_archive_db_t *db, const char *bus, int64_t only_id,
                        int (*fn)(void *ud, const evc_stored_dead_letter_t *d), void *ud,
                        evc_error_t *err) {
  static const char sql[] =
      "SELECT id, bus, time_ms, ingest_ms, redrives, rule_arn, rule_name, target_id, target_arn,"
      " dlq_arn, error_code, error_message, exhausted_retry_condition, retry_attempts, event_id,"
      " trace_id, event FROM dead_letters WHERE (?1 IS NULL OR bus = ?1) AND (?2 = 0 OR id = ?2) ORDER BY id";
  evc_error_clear(err);
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
    return evc_archive_db_fail(db, err, "reading the dead letters");
  bind_text_or_null(st, 1, bus);
  sqlite3_bind_int64(st, 2, only_id);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *cond = col_text(st, 12);
    evc_stored_dead_letter_t d;
    memset(&d, 0, sizeof d);
    d.id = sqlite3_column_int64(st, 0);
    d.bus = col_text(st, 1);
    d.time_ms = sqlite3_column_int64(st, 2);
    d.ingest_ms = sqlite3_column_int64(st, 3);
    d.redrives = (uint32_t)sqlite3_column_int64(st, 4);
    d.dl.rule_arn = col_text(st, 5);
    d.dl.rule_name = col_text(st, 6);
    d.dl.target_id = col_text(st, 7);
    d.dl.target_arn = col_text(st, 8);
    d.dl.dlq_arn = sqlite3_column_type(st, 9) == SQLITE_NULL ? NULL : col_text(st, 9);
    d.dl.error_code = col_text(st, 10);
    d.dl.error_message = col_text(st, 11);
    d.dl.exhausted_retry_condition = cond;
    d.dl.exhausted = strcmp(cond, "MaximumRetryAttempts") == 0 ? EVC_EXHAUSTED_RETRY_ATTEMPTS
                     : strcmp(cond, "MaximumEventAgeInSeconds") == 0 ? EVC_EXHAUSTED_EVENT_AGE
                                                                     : EVC_EXHAUSTED_NONE;
    d.dl.retry_attempts = (uint32_t)sqlite3_column_int64(st, 13);
    d.dl.event_id = col_text(st, 14);
    d.dl.trace_id = col_text(st, 15);
    d.dl.event = col_text(st, 16);
    d.dl.event_len = (size_t)sqlite3_column_bytes(st, 16);
    if (fn(ud, &d)) {
      rc = SQLITE_DONE;
      break;
    }
  }
  if (rc != SQLITE_DONE) evc_archive_db_fail(db, err, "reading the dead letters");
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

int evc_dlq_db_scan(evc_archive_db_t *db, int (*fn)(void *ud, const evc_stored_dead_letter_t *d),
                    void *ud, evc_error_t *err) {
  return evc_dlq_db_scan_bus(db, NULL, 0, fn, ud, err);
}
