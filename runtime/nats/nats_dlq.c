/* The DLQ stream: dead letters stored with the AWS attributes as headers, read back, and redriven. */
#include "nats_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The attributes AWS puts on a DLQ message, then eventc's own. */
#define H_RULE_ARN "RULE_ARN"
#define H_TARGET_ARN "TARGET_ARN"
#define H_ERROR_CODE "ERROR_CODE"
#define H_ERROR_MESSAGE "ERROR_MESSAGE"
#define H_EXHAUSTED "EXHAUSTED_RETRY_CONDITION"
#define H_RETRY_ATTEMPTS "RETRY_ATTEMPTS"
#define H_RULE_NAME "Evc-Rule-Name"
#define H_TARGET_ID "Evc-Target-Id"
#define H_DLQ_ARN "Evc-Dlq-Arn"
#define H_RULE "Evc-Rule"     /* rule index in the tables */
#define H_TARGET "Evc-Target" /* target index in its rule */

static const char *const exhausted_names[] = {"", "MaximumRetryAttempts", "MaximumEventAgeInSeconds"};

static natsStatus set_int(natsMsg *m, const char *key, int64_t v) {
  char text[24];
  snprintf(text, sizeof text, "%" PRId64, v);
  return natsMsgHeader_Set(m, key, text);
}

/* Header values are single lines: a message's line breaks become spaces. */
static natsStatus set_text(natsMsg *m, const char *key, const char *v) {
  char line[256];
  size_t i = 0;
  for (; v[i] && i + 1 < sizeof line; i++) line[i] = v[i] == '\r' || v[i] == '\n' ? ' ' : v[i];
  line[i] = '\0';
  return natsMsgHeader_Set(m, key, line);
}

static void local_sinks(evc_bus_t *bus, const evc_job_t *job, evc_dead_letter_t *dl);

/* One subject per (rule, target, event): whether a letter is stored is one look-up. */
static void letter_subject(const evc_nats_t *n, const evc_job_t *job, char *out, size_t cap) {
  char id[48];
  evc_nats_token(id, sizeof id, job->event_id);
  snprintf(out, cap, "%s.%" PRIu32 ".%" PRIu32 ".%s", n->dlq_subject, job->rule, job->target, id);
}

static int letter_of(natsMsg *m, const evc_bus_def_t *def, evc_dead_letter_t *dl);

int evc_nats_letter_resend(evc_nats_t *n, const evc_job_t *job) {
  char subject[256];
  letter_subject(n, job, subject, sizeof subject);
  natsMsg *m = NULL;
  jsErrCode jerr = 0;
  natsStatus s = js_GetLastMsg(&m, n->js, n->dlq_stream, subject, NULL, &jerr);
  evc_dead_letter_t dl;
  int stored = s == NATS_OK ? 1 : jerr == JSNoMessageFoundErr || s == NATS_NOT_FOUND ? 0 : -1;
  if (stored == 1 && letter_of(m, n->bus->def, &dl)) local_sinks(n->bus, job, &dl);
  natsMsg_Destroy(m);
  return stored;
}

static natsStatus letter_message(const evc_nats_t *n, const evc_dead_letter_t *dl, const evc_job_t *job,
                                 int64_t generation, natsMsg **m) {
  char subject[256];
  letter_subject(n, job, subject, sizeof subject);
  natsStatus s = natsMsg_Create(m, subject, NULL, dl->event, (int)dl->event_len);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, H_RULE_ARN, dl->rule_arn);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, H_TARGET_ARN, dl->target_arn);
  if (s == NATS_OK) s = set_text(*m, H_ERROR_CODE, dl->error_code);
  if (s == NATS_OK) s = set_text(*m, H_ERROR_MESSAGE, dl->error_message);
  if (s == NATS_OK && dl->exhausted != EVC_EXHAUSTED_NONE)
    s = natsMsgHeader_Set(*m, H_EXHAUSTED, dl->exhausted_retry_condition);
  if (s == NATS_OK) s = set_int(*m, H_RETRY_ATTEMPTS, dl->retry_attempts);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, H_RULE_NAME, dl->rule_name);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, H_TARGET_ID, dl->target_id);
  if (s == NATS_OK && dl->dlq_arn) s = natsMsgHeader_Set(*m, H_DLQ_ARN, dl->dlq_arn);
  if (s == NATS_OK) s = set_int(*m, H_RULE, job->rule);
  if (s == NATS_OK) s = set_int(*m, H_TARGET, job->target);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, EVC_HDR_EVENT_ID, dl->event_id);
  if (s == NATS_OK && strcmp(dl->trace_id, dl->event_id) != 0)
    s = natsMsgHeader_Set(*m, EVC_HDR_TRACE, dl->trace_id);
  if (s == NATS_OK) s = set_int(*m, EVC_HDR_INGEST_MS, job->ingest_ms);
  if (s == NATS_OK) s = set_int(*m, EVC_HDR_GENERATION, generation);
  return s;
}

/* The process's sinks and metrics, as evc_bus_dead_letter does in process. */
static void local_sinks(evc_bus_t *bus, const evc_job_t *job, evc_dead_letter_t *dl) {
  uint32_t flat = bus->rules[job->rule].first + job->target;
  evc_target_metrics_t *m = &bus->target_metrics[flat];
  m->invocations++;
  m->failed_invocations++;
  if (dl->dlq_arn) {
    m->invocations_sent_to_dlq++;
    if (bus->dlq[flat].fn) bus->dlq[flat].fn(bus->dlq[flat].ud, dl);
  } else {
    m->invocations_dropped++;
    bus->on_drop(bus->drop_ud, dl);
  }
  evc_dlq_store(bus, dl, job->ingest_ms);
}

int evc_nats_dead_letter(evc_nats_t *n, const evc_job_t *job, const char *code, const char *message,
                         evc_exhausted_t why, int64_t generation) {
  evc_bus_t *bus = n->bus;
  const evc_rule_def_t *rd = &bus->def->rules[job->rule];
  const evc_target_def_t *td = &rd->targets[job->target];
  evc_dead_letter_t dl = {bus->rules[job->rule].arn, rd->name, td->id, td->arn, td->dlq_arn,
                          code, message, why, exhausted_names[why], job->retries, job->event,
                          job->event_len, job->event_id, job->trace_id};
  char msg_id[128];
  snprintf(msg_id, sizeof msg_id, "%s:%" PRIu32 ":%" PRIu32 ":%" PRId64, job->event_id, job->rule,
           job->target, generation);
  natsMsg *m = NULL;
  natsStatus s = letter_message(n, &dl, job, generation, &m);
  int rc = s == NATS_OK ? evc_nats_publish(n, m, msg_id) : -1;
  natsMsg_Destroy(m);
  if (rc != 0) {
    n->metrics.dlq_publish_failures++;
    return -1;
  }
  n->metrics.dead_letters_published++;
  local_sinks(bus, job, &dl);
  return 0;
}

static evc_nats_deferred_t *deferred_of(evc_nats_t *n, const evc_job_t *job) {
  for (size_t i = 0; i < EVC_NATS_DEFERRED; i++) {
    evc_nats_deferred_t *d = &n->deferred[i];
    if (d->event_id[0] && d->rule == job->rule && d->target == job->target && !strcmp(d->event_id, job->event_id))
      return d;
  }
  return NULL;
}

void evc_nats_letter_defer(evc_nats_t *n, const evc_job_t *job, const char *code, const char *message,
                           evc_exhausted_t why) {
  if (strlen(job->event_id) >= sizeof n->deferred[0].event_id) return; /* the redelivery calls again */
  evc_nats_deferred_t *d = deferred_of(n, job);
  for (size_t i = 0; !d && i < EVC_NATS_DEFERRED; i++)
    if (!n->deferred[i].event_id[0]) d = &n->deferred[i];
  if (!d) d = &n->deferred[n->next_deferred++ % EVC_NATS_DEFERRED];
  snprintf(d->event_id, sizeof d->event_id, "%s", job->event_id);
  d->rule = job->rule;
  d->target = job->target;
  d->retries = job->retries;
  d->why = why;
  snprintf(d->code, sizeof d->code, "%s", code);
  snprintf(d->message, sizeof d->message, "%s", message);
}

int evc_nats_letter_take(evc_nats_t *n, const evc_job_t *job, evc_nats_deferred_t *out) {
  evc_nats_deferred_t *d = deferred_of(n, job);
  if (!d) return 0;
  *out = *d;
  d->event_id[0] = '\0';
  return 1;
}

static const char *header(natsMsg *m, const char *key) {
  const char *v = NULL;
  return natsMsgHeader_Get(m, key, &v) == NATS_OK && v ? v : "";
}

/* A stored dead letter as evc_dead_letter_t; its texts point into `m`. */
static int letter_of(natsMsg *m, const evc_bus_def_t *def, evc_dead_letter_t *dl) {
  int64_t rule = evc_nats_header_int(m, H_RULE, -1), target = evc_nats_header_int(m, H_TARGET, -1);
  if (rule < 0 || rule >= (int64_t)def->nrule || target < 0 ||
      target >= (int64_t)def->rules[rule].ntarget)
    return 0;
  const char *exhausted = header(m, H_EXHAUSTED);
  memset(dl, 0, sizeof *dl);
  dl->rule_arn = header(m, H_RULE_ARN);
  dl->rule_name = header(m, H_RULE_NAME);
  dl->target_id = header(m, H_TARGET_ID);
  dl->target_arn = header(m, H_TARGET_ARN);
  dl->dlq_arn = *header(m, H_DLQ_ARN) ? header(m, H_DLQ_ARN) : NULL;
  dl->error_code = header(m, H_ERROR_CODE);
  dl->error_message = header(m, H_ERROR_MESSAGE);
  dl->exhausted = strcmp(exhausted, exhausted_names[1]) == 0   ? EVC_EXHAUSTED_RETRY_ATTEMPTS
                  : strcmp(exhausted, exhausted_names[2]) == 0 ? EVC_EXHAUSTED_EVENT_AGE
                                                               : EVC_EXHAUSTED_NONE;
  dl->exhausted_retry_condition = exhausted_names[dl->exhausted];
  dl->retry_attempts = (uint32_t)evc_nats_header_int(m, H_RETRY_ATTEMPTS, 0);
  dl->event = natsMsg_GetData(m);
  dl->event_len = (size_t)natsMsg_GetDataLength(m);
  dl->event_id = header(m, EVC_HDR_EVENT_ID);
  dl->trace_id = *header(m, EVC_HDR_TRACE) ? header(m, EVC_HDR_TRACE) : dl->event_id;
  return 1;
}

typedef int (*letter_fn)(evc_nats_t *n, natsMsg *m, uint64_t seq, void *ud);

/* Calls fn for every message of the DLQ stream present now, by sequence. */
static int each_stored(evc_nats_t *n, letter_fn fn, void *ud, evc_error_t *err) {
  jsStreamInfo *si = NULL;
  jsErrCode jerr = 0;
  char why[200];
  natsStatus s = js_GetStreamInfo(&si, n->js, n->dlq_stream, NULL, &jerr);
  if (s != NATS_OK)
    return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s: stream %s: %s", n->url, n->dlq_stream,
                    evc_nats_status_text(s, why, sizeof why));
  uint64_t first = si->State.FirstSeq, last = si->State.LastSeq, msgs = si->State.Msgs;
  jsStreamInfo_Destroy(si);
  for (uint64_t seq = first; msgs && seq <= last; seq++) {
    natsMsg *m = NULL;
    s = js_GetMsg(&m, n->js, n->dlq_stream, seq, NULL, &jerr);
    if (s != NATS_OK && jerr == JSNoMessageFoundErr) continue; /* removed (redriven) */
    if (s != NATS_OK)
      return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s: stream %s message %" PRIu64 ": %s", n->url,
                      n->dlq_stream, seq, evc_nats_status_text(s, why, sizeof why));
    int rc = fn(n, m, seq, ud);
    natsMsg_Destroy(m);
    if (rc != 0) return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s", n->failure);
  }
  return 0;
}

typedef struct each_ctx {
  evc_dlq_fn fn;
  void *ud;
  size_t count;
} each_ctx_t;

static int give_letter(evc_nats_t *n, natsMsg *m, uint64_t seq, void *ud) {
  each_ctx_t *c = ud;
  evc_dead_letter_t dl;
  (void)seq;
  if (!letter_of(m, n->bus->def, &dl)) return 0; /* not an eventc dead letter */
  c->fn(c->ud, &dl);
  c->count++;
  return 0;
}

int evc_nats_dlq_each(evc_nats_t *n, evc_dlq_fn fn, void *ud, size_t *count, evc_error_t *err) {
  evc_error_clear(err);
  each_ctx_t c = {fn, ud, 0};
  int rc = each_stored(n, give_letter, &c, err);
  *count = c.count;
  return rc;
}

static natsStatus redrive_message(const evc_nats_t *n, natsMsg *letter, int64_t generation,
                                  natsMsg **m) {
  char rules[16];
  snprintf(rules, sizeof rules, "%" PRId64, evc_nats_header_int(letter, H_RULE, 0));
  natsStatus s = natsMsg_Create(m, n->subject, NULL, natsMsg_GetData(letter),
                                natsMsg_GetDataLength(letter));
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, EVC_HDR_EVENT_ID, header(letter, EVC_HDR_EVENT_ID));
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, EVC_HDR_RULES, rules);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, EVC_HDR_ONLY_TARGET, header(letter, H_TARGET));
  if (s == NATS_OK) s = set_int(*m, EVC_HDR_INGEST_MS, evc_nats_now_ms(n));
  if (s == NATS_OK && *header(letter, EVC_HDR_TRACE))
    s = natsMsgHeader_Set(*m, EVC_HDR_TRACE, header(letter, EVC_HDR_TRACE));
  if (s == NATS_OK) s = set_int(*m, EVC_HDR_GENERATION, generation);
  return s;
}

/* Re-publishes one letter for its own (rule, target), then removes it from the DLQ stream. */
static int redrive_letter(evc_nats_t *n, natsMsg *letter, uint64_t seq, void *ud) {
  size_t *redriven = ud;
  evc_dead_letter_t dl;
  if (!letter_of(letter, n->bus->def, &dl)) return 0;
  int64_t generation = evc_nats_header_int(letter, EVC_HDR_GENERATION, 0) + 1;
  char msg_id[160];
  snprintf(msg_id, sizeof msg_id, "%s:%s:%s:redrive%" PRId64, dl.event_id, header(letter, H_RULE),
           header(letter, H_TARGET), generation);
  natsMsg *m = NULL;
  natsStatus s = redrive_message(n, letter, generation, &m);
  int rc = s == NATS_OK ? evc_nats_publish(n, m, msg_id) : -1;
  natsMsg_Destroy(m);
  if (rc != 0) return -1;
  jsErrCode jerr = 0;
  s = js_DeleteMsg(n->js, n->dlq_stream, seq, NULL, &jerr);
  if (s != NATS_OK && jerr != JSNoMessageFoundErr) { /* published but still stored: say so */
    char why[200];
    snprintf(n->failure, sizeof n->failure, "%s: redriven, but removing message %" PRIu64
             " from %s failed: %s", n->url, seq, n->dlq_stream, evc_nats_status_text(s, why, sizeof why));
    return -1;
  }
  n->metrics.redriven++;
  (*redriven)++;
  return 0;
}

int evc_nats_redrive(evc_nats_t *n, size_t *redriven, evc_error_t *err) {
  evc_error_clear(err);
  *redriven = 0;
  return each_stored(n, redrive_letter, redriven, err);
}
