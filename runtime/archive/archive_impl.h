/* Private interface of the archive part: the SQLite database and the hooks the bus calls. */
#ifndef EVC_ARCHIVE_IMPL_H
#define EVC_ARCHIVE_IMPL_H

#include "../bus/bus_impl.h"
#include "eventc/archive.h"

#include <sqlite3.h>

struct evc_archive_db {
  sqlite3 *db;
  char *path;
  sqlite3_stmt *insert_event, *insert_dead, *savepoint, *release, *rollback_to;
  int in_txn; /* a put's transaction is open */
};

/* db.c: opens (creating the schema when `create`), checks version and integrity. */
evc_archive_db_t *evc_archive_db_open_mode(const char *path, int create, int sync,
                                           evc_error_t *err);
int evc_archive_db_exec(evc_archive_db_t *db, const char *sql, evc_error_t *err);
int evc_archive_db_prepare(evc_archive_db_t *db, sqlite3_stmt **st, const char *sql,
                           evc_error_t *err);
/* Fails `err` with "what: <SQLite's message>". */
int evc_archive_db_fail(evc_archive_db_t *db, evc_error_t *err, const char *what);
/* Events of `q` after the cursor (time, seq), at most `limit` (0: all), in time order. */
int evc_archive_db_page(evc_archive_db_t *db, const evc_archive_query_t *q, int64_t after_time,
                        int64_t after_seq, size_t limit,
                        int (*fn)(void *ud, const evc_archived_event_t *e), void *ud,
                        evc_error_t *err);

/* Dead letters of one bus (NULL: all), oldest first; only letter `only_id` unless 0. */
int evc_dlq_db_scan_bus(evc_archive_db_t *db, const char *bus, int64_t only_id,
                        int (*fn)(void *ud, const evc_stored_dead_letter_t *d), void *ud,
                        evc_error_t *err);

/* An archive store other than SQLite (runtime/jetstream/js_archive.c): `append` keeps one event
 * of archive `a` (event time `time_ms`), writing why it failed to `msg`; `page` has the contract of
 * evc_archive_db_page over the store; `close` frees it with the bus. */
typedef struct evc_archive_store {
  int (*append)(void *ud, const evc_archive_def_t *a, const evc_ingest_t *in, int64_t time_ms,
                char *msg, size_t cap);
  int (*page)(void *ud, const evc_archive_query_t *q, int64_t after_time, int64_t after_seq,
              size_t limit, int (*fn)(void *fn_ud, const evc_archived_event_t *e), void *fn_ud,
              evc_error_t *err);
  void (*close)(void *ud);
} evc_archive_store_t;

/* Makes `store` hold the archives of a bus created with archive_external; 0, or -1 with `err`. */
int evc_archive_attach_store(evc_bus_t *bus, const evc_archive_store_t *store, void *ud,
                             evc_error_t *err);
/* The events of `q` after the cursor from the bus's store or database (evc_archive_db_page). */
int evc_archive_page(evc_bus_t *bus, const evc_archive_query_t *q, int64_t after_time,
                     int64_t after_seq, size_t limit,
                     int (*fn)(void *ud, const evc_archived_event_t *e), void *ud,
                     evc_error_t *err);
/* Whether the bus keeps its archives anywhere (a database or a store). */
int evc_archive_kept(const evc_bus_t *bus);

/* Per-bus archive state (bus->archive). */
typedef struct evc_archive_rt {
  evc_archive_db_t *db;     /* archive_db, or NULL */
  evc_archive_db_t *dlq;    /* dlq_db (== db when the same path), or NULL */
  void *match_state;
  int in_put;               /* inside evc_put_events: one transaction per call */
  int64_t last_expire_ms;
  unsigned nmsg;
  const char *last;         /* the latest of msg[] */
  char msg[EVC_MAX_ENTRIES][192]; /* messages of failed archive writes, per failed entry */
  int external;             /* archive_external: the archives go to `store` */
  const evc_archive_store_t *store;
  void *store_ud;
} evc_archive_rt_t;

#endif
