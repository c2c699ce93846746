/* Archives on SQLite, replays of an archive into a bus, and the dead-letter store with redrive. */
#ifndef EVENTC_ARCHIVE_H
#define EVENTC_ARCHIVE_H

#include "eventc/bus.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Database layout (SQLite, WAL mode): PRAGMA application_id = EVC_ARCHIVE_APPLICATION_ID,
 * PRAGMA user_version = EVC_ARCHIVE_SCHEMA_VERSION, table archive_events (one row per event and
 * archive, seq = archive order) and table dead_letters. A database whose user_version is higher
 * than this libeventc's is refused (written by a newer eventc), as is a corrupt file, a file that
 * is not SQLite, or an SQLite file of another application.
 */
#define EVC_ARCHIVE_SCHEMA_VERSION 1
#define EVC_ARCHIVE_APPLICATION_ID 0x45564341 /* "EVCA" */

enum evc_archive_sync {
  EVC_ARCHIVE_SYNC_NORMAL, /* PRAGMA synchronous=NORMAL: a committed put survives kill -9 */
  EVC_ARCHIVE_SYNC_FULL    /* PRAGMA synchronous=FULL: it also survives a power loss */
};

/* ---- reading a database (tools, the eventc CLI) ---- */

typedef struct evc_archive_db evc_archive_db_t;

/* Opens an existing database (never creates one); NULL with `err` set when it cannot be used. */
evc_archive_db_t *evc_archive_db_open(const char *path, evc_error_t *err);
void evc_archive_db_close(evc_archive_db_t *db);

typedef struct evc_archived_event {
  int64_t seq;               /* archive order */
  const char *archive;
  const char *bus;
  const char *event_id;
  const char *source;        /* as JSON string text, without the quotes */
  const char *detail_type;
  int64_t time_ms;           /* the event's `time` */
  int64_t ingest_ms;         /* when the bus accepted it */
  const char *event;         /* the full envelope JSON */
  size_t event_len;
} evc_archived_event_t;

typedef struct evc_archive_query {
  const char *archive;       /* NULL: every archive */
  const char *bus;           /* NULL: every bus */
  int64_t start_ms, end_ms;  /* event time in [start_ms, end_ms) */
} evc_archive_query_t;

/* Calls `fn` for each matching event in time order (ties: archive order); `fn` returns nonzero
 * to stop. Returns 0, or -1 with `err` set. */
int evc_archive_db_scan(evc_archive_db_t *db, const evc_archive_query_t *q,
                        int (*fn)(void *ud, const evc_archived_event_t *e), void *ud,
                        evc_error_t *err);

typedef struct evc_stored_dead_letter {
  int64_t id;
  const char *bus;
  int64_t time_ms;           /* when it was (last) dead-lettered */
  int64_t ingest_ms;         /* when the bus accepted the event */
  uint32_t redrives;         /* failed redrive attempts so far */
  evc_dead_letter_t dl;      /* the six DLQ attributes, the event, its id and trace id */
} evc_stored_dead_letter_t;

/* Calls `fn` for each stored dead letter, oldest first; 0, or -1 with `err` set. */
int evc_dlq_db_scan(evc_archive_db_t *db, int (*fn)(void *ud, const evc_stored_dead_letter_t *d),
                    void *ud, evc_error_t *err);

/* Parses an RFC 3339 time ("2025-11-18T10:30:00Z", fraction and offset allowed); 0 if not one. */
int evc_archive_parse_time(const char *text, int64_t *ms);

/*
 * Writes `event` with "replay-name":NAME inserted before its top-level "resources" member (at the
 * end when there is none), as AWS delivers replayed events. Returns the length needed; writes only
 * when it fits `cap`. `name` must be a valid ReplayName (no escaping needed).
 */
size_t evc_replay_envelope(const char *event, size_t len, const char *name, char *out, size_t cap);

/* ---- a bus's archives ---- */

/* Deletes the events older than their archive's RetentionDays now (also done at evc_bus_new and
 * once a minute from evc_bus_run_due); returns how many, or -1 with `err` set. */
int64_t evc_bus_archive_expire(evc_bus_t *bus, evc_error_t *err);

/* ---- replay (StartReplay) ---- */

typedef enum evc_replay_state {
  EVC_REPLAY_STARTING,
  EVC_REPLAY_RUNNING,
  EVC_REPLAY_CANCELLING,
  EVC_REPLAY_COMPLETED,
  EVC_REPLAY_CANCELLED,
  EVC_REPLAY_FAILED
} evc_replay_state_t;

typedef struct evc_replay_config {
  const char *name;          /* ReplayName: 1-64 of [.-_A-Za-z0-9] */
  const char *archive;       /* ArchiveName, an archive of the source bus */
  int64_t start_ms, end_ms;  /* EventStartTime <= event time < EventEndTime */
  const char *const *filter_arns; /* Destination.FilterArns: rule ARNs or names; none = all rules */
  size_t nfilter;
  evc_bus_t *destination;    /* NULL: the archive's own bus */
  int allow_cross_bus;       /* eventc opt-in: 1 lets `destination` be another bus object */
} evc_replay_config_t;

typedef struct evc_replay evc_replay_t;

/* Starts a replay of `source`'s archive (state STARTING); NULL with AWS's message in `err`. */
evc_replay_t *evc_replay_start(evc_bus_t *source, const evc_replay_config_t *cfg, evc_error_t *err);
/* Replays up to `max_events` more events, in time order; returns how many were replayed. Moves
 * STARTING to RUNNING, then COMPLETED at the window's end; CANCELLING becomes CANCELLED without
 * delivering anything. Does nothing (0) when called from a callback of the destination bus. */
size_t evc_replay_run(evc_replay_t *r, size_t max_events);
/* CancelReplay: only while STARTING or RUNNING (else -1 with AWS's message in `err`). */
int evc_replay_cancel(evc_replay_t *r, evc_error_t *err);
evc_replay_state_t evc_replay_state(const evc_replay_t *r);
const char *evc_replay_state_name(evc_replay_state_t s); /* "RUNNING", ... */
uint64_t evc_replay_count(const evc_replay_t *r);         /* events replayed so far */
/* EventLastReplayedTime: the time of the last replayed event; 0 when none yet. */
int64_t evc_replay_last_replayed_ms(const evc_replay_t *r);
const char *evc_replay_failure(const evc_replay_t *r);   /* why it FAILED, else "" */
void evc_replay_free(evc_replay_t *r);

/* ---- dead-letter store (evc_bus_config_t.dlq_db) ---- */

/* Lists the bus's stored dead letters, oldest first; 0, or -1 with `err` set. */
int evc_dlq_list(evc_bus_t *bus, int (*fn)(void *ud, const evc_stored_dead_letter_t *d), void *ud,
                 evc_error_t *err);
/* Delivers stored dead letter `id` to its target again (one attempt, the target's input rebuilt).
 * Returns 1 when delivered (the letter leaves the store), 0 when it failed again (the letter
 * stays, with the new ERROR_CODE/ERROR_MESSAGE), -1 with `err` set when it could not be tried. */
int evc_dlq_redrive(evc_bus_t *bus, int64_t id, evc_error_t *err);
/* Redrives every stored letter of `rule` (and of `target_id`, unless NULL); returns how many were
 * delivered, or -1 with `err` set. */
int64_t evc_dlq_redrive_all(evc_bus_t *bus, const char *rule, const char *target_id,
                            evc_error_t *err);

#endif
