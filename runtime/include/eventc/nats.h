/* Buses shared by processes over NATS JetStream: attach a bus, publish on put, work-share deliveries. */
#ifndef EVENTC_NATS_H
#define EVENTC_NATS_H

#include "eventc/bus.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Built with `-Dnats=enabled` (or `auto` with libnats found). Without it every function below
 * returns EVC_E_UNSUPPORTED / NULL with err->code EVC_E_UNSUPPORTED, and evc_nats_available() 0.
 *
 * Model. A bus attached to NATS keeps its generated tables; only where events go changes:
 *  - evc_put_events() validates each entry as in process, builds the envelope, runs the bus's
 *    matcher ONCE (in the publishing process), then publishes the event to the bus's stream
 *    "<stream_prefix>_<BUS>" on subject "<subject_prefix>.<BUS>.events", with the event id as
 *    Nats-Msg-Id (the server drops a re-publish of the same id inside dedup_window_s) and the
 *    matched rule ids in the "Evc-Rules" header. It returns once the server stored the event;
 *    through a connection loss it re-publishes with the same Nats-Msg-Id for up to
 *    publish_retry_ms, then fails the entry with "InternalException" naming the URL and reason.
 *  - every process that binds a target and calls evc_nats_join() joins the durable pull consumer
 *    of that (rule, target): each event goes to one of the joined processes (work sharing), at
 *    least once. evc_nats_run() fetches, builds the target input (transformers as in process) and
 *    calls the callback on the caller's thread: EVC_DELIVERED -> ack; EVC_RETRY -> nak with the
 *    bus's backoff (backoff_base_ms/backoff_max_ms, jitter) while attempts and event age remain;
 *    EVC_FAILED or exhausted -> the dead letter goes to the DLQ stream "<stream_prefix>_<BUS>_DLQ",
 *    then to the local sinks (DeadLetterConfig binding / on_drop / dlq_db) as in process, then term.
 *    The attempt number is the message's delivery count - 1, and the age counts from the
 *    publisher's acceptance time (header "Evc-Ingest-Ms"), so MaximumRetryAttempts and
 *    MaximumEventAgeInSeconds hold across processes. A worker that dies before acking makes the
 *    server redeliver after ack_wait_ms; that redelivery counts as an attempt.
 *  - ordering: none across events of one (rule, target) once there are retries or several workers
 *    (as EventBridge); the stream itself keeps publish order.
 * Scheduled rules fire in process only, and only on a bus started with evc_bus_start() before
 * the attach (its bound targets receive them there).
 *
 * Thread-safety: as the bus (one thread at a time per bus and its evc_nats_t); libnats runs its
 * own I/O threads, callbacks never run on them.
 */

#define EVC_NATS_DEFAULT_URL "nats://127.0.0.1:4222"

typedef struct evc_nats_config {
  const char *url;               /* server URL(s), comma separated; default EVC_NATS_DEFAULT_URL */
  const char *stream_prefix;     /* default "EVC" */
  const char *subject_prefix;    /* default "evc" */
  uint32_t connect_timeout_ms;   /* default 2000 */
  int32_t max_reconnect;         /* reconnect attempts after a loss; default 0 = forever, <0 none */
  uint32_t reconnect_wait_ms;    /* between reconnect attempts, default 200 */
  uint32_t publish_timeout_ms;   /* one publish waits this long for the server's ack, default 2000 */
  uint32_t publish_retry_ms;     /* a put keeps re-publishing this long, default 30000 */
  uint32_t ack_wait_ms;          /* a fetched, unacknowledged event is redelivered after, default 30000 */
  uint32_t fetch_batch;          /* events fetched per consumer per round, default 64 */
  uint32_t dedup_window_s;       /* the streams' duplicate window, default 120 */
  int memory_storage;            /* 1: streams in memory (lost on server restart); default file */
  /* TLS and credentials, passed to libnats as given: */
  int tls;                       /* 1: require TLS (implied by tls_ca_file / tls_cert_file) */
  const char *tls_ca_file;       /* trusted CA certificates (PEM) */
  const char *tls_cert_file;     /* client certificate chain (PEM), with tls_key_file */
  const char *tls_key_file;
  const char *creds_file;        /* NATS user credentials (.creds: JWT + nkey seed) */
  const char *user, *password;   /* or a user and password */
  const char *token;             /* or a token */
} evc_nats_config_t;

typedef struct evc_nats evc_nats_t;

/* Per process; names of eventc/bus.h metrics where they apply are counted in the bus itself
 * (evc_bus_metrics / evc_bus_target_metrics: PutEvents on the publisher, Invocations etc. on the
 * worker). These are the transport's own. */
typedef struct evc_nats_metrics {
  uint64_t published;            /* events stored by the server (acked publishes) */
  uint64_t publish_duplicates;   /* publishes the server reported as duplicates (same Msg-Id) */
  uint64_t publish_retries;      /* re-publishes after a timeout or a connection loss */
  uint64_t publish_failures;     /* entries failed after publish_retry_ms */
  uint64_t deliveries;           /* messages fetched for this process's targets */
  uint64_t redeliveries;         /* of which the server's delivery count was > 1 */
  uint64_t skipped;              /* fetched for a (rule, target) whose rule the event did not match */
  uint64_t acks, naks, terms;
  uint64_t dead_letters_published; /* dead letters stored in the DLQ stream */
  uint64_t dlq_publish_failures;   /* dead letters the DLQ stream did not take (event nak'ed) */
  uint64_t fetch_errors;         /* fetches failed other than "nothing pending" */
  uint64_t reconnects;           /* from libnats's statistics */
  uint64_t redriven;             /* dead letters re-published by evc_nats_redrive() */
} evc_nats_metrics_t;

/* 1 when libeventc was built with NATS support. */
int evc_nats_available(void);

/*
 * Connects, creates or updates the bus's event and DLQ streams, and routes `bus`'s accepted
 * events to NATS. The bus counts as started afterwards (evc_bus_start() is not needed: targets are
 * bound in whichever processes run workers; without it, its scheduled rules do not fire). NULL with err set (EVC_E_UNAVAILABLE: "nats://...:
 * no server available ...") when the server cannot be reached. `bus` must outlive the result.
 */
evc_nats_t *evc_nats_attach(evc_bus_t *bus, const evc_nats_config_t *cfg, evc_error_t *err);
/* Leaves the consumers (they stay on the server for other processes), closes the connection,
 * and routes the bus's events in process again. */
void evc_nats_detach(evc_nats_t *n);

/* Joins the durable consumer of every (rule, target) bound in this process (evc_bus_bind);
 * returns how many in *joined. Call after binding, before evc_nats_run(). */
int evc_nats_join(evc_nats_t *n, size_t *joined, evc_error_t *err);

/*
 * One round: fetches up to fetch_batch events from each joined consumer and settles them; while
 * none was pending, asks again every 10 ms for up to wait_ms. A consumer with nothing pending and
 * nothing awaiting settlement is not fetched from, so an idle round costs one look-up each. Returns 0 and the number of messages settled in
 * *handled; a lost connection is not an error (libnats reconnects; see fetch_errors).
 */
int evc_nats_run(evc_nats_t *n, uint32_t wait_ms, size_t *handled, evc_error_t *err);

/* Events not yet delivered and fetched but unacknowledged, of one (rule, target)'s consumer. */
int evc_nats_consumer_lag(evc_nats_t *n, uint32_t rule, uint32_t target, uint64_t *pending,
                          uint64_t *ack_pending, evc_error_t *err);

/* Calls fn for every dead letter stored in the DLQ stream, oldest first (read only). */
int evc_nats_dlq_each(evc_nats_t *n, evc_dlq_fn fn, void *ud, size_t *count, evc_error_t *err);
/*
 * Re-publishes every stored dead letter to the bus's stream for its own (rule, target) only, as a
 * first attempt (retries and age count afresh), and removes it from the DLQ stream.
 */
int evc_nats_redrive(evc_nats_t *n, size_t *redriven, evc_error_t *err);

const evc_nats_metrics_t *evc_nats_metrics(evc_nats_t *n);
/* The transport's metrics and every consumer's lag as JSON (NUL-terminated, truncated to cap);
 * returns the full length. */
size_t evc_nats_metrics_json(evc_nats_t *n, char *out, size_t cap);

/* Names used on the server (for tools and tests): "EVC_orders", "EVC_orders_DLQ". */
const char *evc_nats_stream(const evc_nats_t *n);
const char *evc_nats_dlq_stream(const evc_nats_t *n);

#endif
