/* Private layout of evc_nats_t shared by the NATS transport's modules (connection, publish, consume, DLQ). */
#ifndef EVC_NATS_IMPL_H
#define EVC_NATS_IMPL_H

#include "../bus/bus_impl.h"
#include "eventc/nats.h"

#include <nats/nats.h>

/* Headers of the messages in the bus's stream (besides Nats-Msg-Id). */
#define EVC_HDR_EVENT_ID "Evc-Event-Id"
#define EVC_HDR_RULES "Evc-Rules"         /* matched rule ids, "0,3"; "-" when none matched */
#define EVC_HDR_INGEST_MS "Evc-Ingest-Ms" /* when the publisher accepted it (event age counts from) */
#define EVC_HDR_TRACE "Evc-Trace"         /* the TraceHeader when it differs from the event id */
#define EVC_HDR_ONLY_TARGET "Evc-Only-Target" /* a redriven dead letter: its target index only */
#define EVC_HDR_GENERATION "Evc-Redrive"  /* how many times it was redriven */
#define EVC_HDR_ROUTE "Evc-Route"         /* a forwarded event: the buses it crossed (nats_route.c) */

/* One joined durable consumer: the (rule, target) this process delivers for. */
typedef struct evc_nats_consumer {
  uint32_t rule, target, flat;
  char durable[336];
  natsSubscription *sub;
} evc_nats_consumer_t;

/*
 * A dead letter this process decided while the DLQ stream could not store it (the server was
 * restarting or the stream was gone): the event's redelivery stores this letter instead of calling
 * the target again, which after the retries were spent could succeed past MaximumRetryAttempts.
 */
typedef struct evc_nats_deferred {
  char event_id[64]; /* "" when the slot is free */
  uint32_t rule, target, retries;
  evc_exhausted_t why;
  char code[64], message[192];
} evc_nats_deferred_t;

#define EVC_NATS_DEFERRED 32 /* letters remembered; the oldest is forgotten when more wait */

struct evc_nats {
  evc_remote_t remote; /* first: the bus reaches its evc_nats_t through bus->remote */
  evc_bus_t *bus;
  natsConnection *nc;
  jsCtx *js;
  char url[512];
  char stream[136], dlq_stream[144];
  char subject[144], dlq_subject[144]; /* a dead letter's: dlq_subject.RULE.TARGET.EVENT_ID */
  uint32_t publish_timeout_ms, publish_retry_ms, ack_wait_ms, fetch_batch;
  char failure[1024]; /* why the last publish failed */
  evc_nats_consumer_t *consumers;
  size_t nconsumer;
  evc_nats_metrics_t metrics;
  evc_nats_deferred_t deferred[EVC_NATS_DEFERRED];
  uint32_t next_deferred; /* the slot the next letter takes when none is free */
};

/* nats.c: "text" of a libnats status with its last error detail, into out. */
const char *evc_nats_status_text(natsStatus s, char *out, size_t cap);
/* Replaces what a stream, consumer or subject token may not contain with '_'. */
void evc_nats_token(char *dst, size_t cap, const char *src);
int64_t evc_nats_now_ms(const evc_nats_t *n);
/* A header as a decimal number; `dflt` when absent or not a number. */
int64_t evc_nats_header_int(natsMsg *m, const char *key, int64_t dflt);

/* nats_publish.c: the bus's accept hook; publishes `m` with `msg_id` until the server stored it
 * or publish_retry_ms passed (0, or -1 with n->failure set). */
evc_accept_t evc_nats_accept(evc_bus_t *bus, const evc_ingest_t *in);
const char *evc_nats_failure(const evc_bus_t *bus);
int evc_nats_publish(evc_nats_t *n, natsMsg *m, const char *msg_id);

/* nats_archive.c: the bus's archives in JetStream stop using `n` (their writes and replays then fail
 * with "detached"); called by evc_nats_detach. */
void evc_nats_archive_detach(evc_nats_t *n);

/* nats_route.c: the route of a forwarded event in its message; `route` gets the buses it crossed as
 * buses of other processes (nremote). */
natsStatus evc_nats_route_set(natsMsg *m, const evc_route_t *route);
void evc_nats_route_get(natsMsg *m, evc_route_t *route);

/* nats_dlq.c: a dead letter of `job` stored in the DLQ stream (0, or -1), then given to the
 * process's sinks and metrics as in process. `generation` counts redrives. */
int evc_nats_dead_letter(evc_nats_t *n, const evc_job_t *job, const char *code, const char *message,
                         evc_exhausted_t why, int64_t generation);
/* When the DLQ stream holds a dead letter of the job's event for its (rule, target): gives it to
 * the process's sinks again (the process that stored it may have died first) and returns 1; 0
 * when none is stored, -1 when the server could not say. */
int evc_nats_letter_resend(evc_nats_t *n, const evc_job_t *job);
/* Remembers the letter of `job` that could not be stored (its code, message, condition, retries). */
void evc_nats_letter_defer(evc_nats_t *n, const evc_job_t *job, const char *code, const char *message,
                           evc_exhausted_t why);
/* The deferred letter of the job's (event, rule, target), moved out into `out`: 1, or 0 when none. */
int evc_nats_letter_take(evc_nats_t *n, const evc_job_t *job, evc_nats_deferred_t *out);

#endif
