/* Archives kept in NATS JetStream streams (retention = RetentionDays), replayed through eventc/archive.h. */
#ifndef EVENTC_NATS_ARCHIVE_H
#define EVENTC_NATS_ARCHIVE_H

#include "eventc/archive.h"
#include "eventc/nats.h"

/*
 * Each archive of the bus becomes the stream "<stream>_ARCHIVE_<ARCHIVE>" (<stream> is
 * evc_nats_stream(n): "EVC_tickets_ARCHIVE_failed-tickets") on the subject
 * "<subject_prefix>.<BUS>.archive.<ARCHIVE>", with MaxAge = RetentionDays days (0: no limit,
 * kept forever) and the event id as Nats-Msg-Id (an event re-published within the dedup window
 * is stored once). The process that accepts an event (the one calling evc_put_events) runs the
 * archive matcher and publishes it to every archive that takes it before the event itself; an
 * archive the server does not take fails the entry ("InternalException", naming the archive and
 * the reason), as a failed SQLite write does. Replayed events are not archived.
 *
 * Replays use the evc_replay_* API of eventc/archive.h unchanged: evc_replay_start() on a bus whose
 * archives live in JetStream reads, at its first step, the headers of the archive's stream through
 * an ordered consumer up to the stream's last message at that moment, keeps (event time, stream
 * sequence) of the events in [start_ms, end_ms) — event time, as AWS compares — sorted, and each
 * evc_replay_run() step fetches the next events by sequence, in event time order (ties: archive
 * order), and puts them to the destination with "replay-name". An event the stream dropped since
 * (MaxAge) is skipped. When the destination bus is attached (evc_nats_attach), the replayed events
 * are published to its stream and delivered by its workers.
 *
 * The bus must be created with evc_bus_config_t.archive_external = 1 (and no archive_db), in
 * every process that puts events to it or replays it; SQLite stays the default otherwise.
 */

/* Creates or updates the archives' streams of n's bus and keeps the bus's archives there; the
 * streams are removed by nobody (MaxAge expires their events). 0, or -1 with `err` set. */
int evc_nats_archive_attach(evc_nats_t *n, evc_error_t *err);

/* The stream holding archive `archive` of n's bus ("EVC_tickets_ARCHIVE_all"), into out. */
const char *evc_nats_archive_stream(const evc_nats_t *n, const char *archive, char *out, size_t cap);

#endif
