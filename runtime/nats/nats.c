/* The NATS transport's life cycle: connection options, the bus's streams, attach/detach, metrics. */
#include "nats_impl.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_MS INT64_C(1000000)
#define NS_PER_S INT64_C(1000000000)
#define STREAM_AGE_MARGIN_S INT64_C(3600) /* events outlive every target's MaximumEventAge by this */

int evc_nats_available(void) { return 1; }

const char *evc_nats_status_text(natsStatus s, char *out, size_t cap) {
  const char *last = nats_GetLastError(NULL);
  if (last && *last && strcmp(last, natsStatus_GetText(s)) != 0)
    snprintf(out, cap, "%s (%s)", natsStatus_GetText(s), last);
  else
    snprintf(out, cap, "%s", natsStatus_GetText(s));
  return out;
}

void evc_nats_token(char *dst, size_t cap, const char *src) {
  size_t i = 0;
  for (; src[i] && i + 1 < cap; i++) {
    char c = src[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
             c == '_';
    dst[i] = ok ? c : '_';
  }
  dst[i] = '\0';
}

int64_t evc_nats_now_ms(const evc_nats_t *n) { return n->bus->clock.now_ms(n->bus->clock.ud); }

int64_t evc_nats_header_int(natsMsg *m, const char *key, int64_t dflt) {
  const char *v = NULL;
  if (natsMsgHeader_Get(m, key, &v) != NATS_OK || !v || !*v) return dflt;
  char *end;
  long long x = strtoll(v, &end, 10);
  return *end ? dflt : (int64_t)x;
}

static uint32_t or_default(uint32_t v, uint32_t dflt) { return v ? v : dflt; }

static natsStatus set_security(natsOptions *o, const evc_nats_config_t *c) {
  natsStatus s = NATS_OK;
  if (c->tls || c->tls_ca_file || c->tls_cert_file) s = natsOptions_SetSecure(o, true);
  if (s == NATS_OK && c->tls_ca_file) s = natsOptions_LoadCATrustedCertificates(o, c->tls_ca_file);
  if (s == NATS_OK && c->tls_cert_file)
    s = natsOptions_LoadCertificatesChain(o, c->tls_cert_file, c->tls_key_file);
  if (s == NATS_OK && c->creds_file) s = natsOptions_SetUserCredentialsFromFiles(o, c->creds_file, NULL);
  if (s == NATS_OK && c->user) s = natsOptions_SetUserInfo(o, c->user, c->password);
  if (s == NATS_OK && c->token) s = natsOptions_SetToken(o, c->token);
  return s;
}

static natsStatus make_options(natsOptions **o, const evc_nats_config_t *c, const char *url) {
  natsStatus s = natsOptions_Create(o);
  int reconnects = c->max_reconnect == 0 ? -1 : c->max_reconnect < 0 ? 0 : c->max_reconnect;
  if (s == NATS_OK) s = natsOptions_SetURL(*o, url);
  if (s == NATS_OK) s = natsOptions_SetTimeout(*o, or_default(c->connect_timeout_ms, 2000));
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(*o, reconnects);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(*o, or_default(c->reconnect_wait_ms, 200));
  if (s == NATS_OK) s = set_security(*o, c);
  return s;
}

static int connect_server(evc_nats_t *n, const evc_nats_config_t *c, evc_error_t *err) {
  natsOptions *o = NULL;
  char why[256];
  natsStatus s = make_options(&o, c, n->url);
  if (s != NATS_OK) {
    natsOptions_Destroy(o);
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "%s: bad connection options: %s", n->url,
                    evc_nats_status_text(s, why, sizeof why));
  }
  s = natsConnection_Connect(&n->nc, o);
  natsOptions_Destroy(o);
  if (s != NATS_OK)
    return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s: cannot connect: %s", n->url,
                    evc_nats_status_text(s, why, sizeof why));
  jsOptions jo;
  jsOptions_Init(&jo);
  jo.Wait = n->publish_timeout_ms;
  s = natsConnection_JetStream(&n->js, n->nc, &jo);
  if (s != NATS_OK)
    return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s: no JetStream context: %s", n->url,
                    evc_nats_status_text(s, why, sizeof why));
  return 0;
}

/* Creates the stream, or updates it to this configuration when it exists. */
static int ensure_stream(evc_nats_t *n, jsStreamConfig *sc, evc_error_t *err) {
  jsErrCode jerr = 0;
  char why[256];
  natsStatus s = js_AddStream(NULL, n->js, sc, NULL, &jerr);
  if (s != NATS_OK && jerr == JSStreamNameExistErr) s = js_UpdateStream(NULL, n->js, sc, NULL, &jerr);
  if (s == NATS_OK) return 0;
  return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s: stream %s: %s (JetStream error %d; is the server "
                  "started with -js?)", n->url, sc->Name, evc_nats_status_text(s, why, sizeof why),
                  (int)jerr);
}

/* Events are kept as long as the longest MaximumEventAgeInSeconds of the bus's targets allows. */
static int64_t longest_event_age_s(const evc_bus_def_t *def) {
  int64_t longest = 0;
  for (uint32_t r = 0; r < def->nrule; r++)
    for (uint32_t t = 0; t < def->rules[r].ntarget; t++)
      if (def->rules[r].targets[t].max_event_age > longest) longest = def->rules[r].targets[t].max_event_age;
  return (longest ? longest : EVC_DEFAULT_MAX_EVENT_AGE) + STREAM_AGE_MARGIN_S;
}

static int create_streams(evc_nats_t *n, const evc_nats_config_t *c, evc_error_t *err) {
  jsStreamConfig sc;
  const char *subjects[1] = {n->subject};
  jsStreamConfig_Init(&sc);
  sc.Name = n->stream;
  sc.Subjects = subjects;
  sc.SubjectsLen = 1;
  sc.Storage = c->memory_storage ? js_MemoryStorage : js_FileStorage;
  sc.Duplicates = (int64_t)or_default(c->dedup_window_s, 120) * NS_PER_S;
  sc.MaxAge = longest_event_age_s(n->bus->def) * NS_PER_S;
  if (ensure_stream(n, &sc, err) != 0) return -1;
  char dlq_all[160];
  snprintf(dlq_all, sizeof dlq_all, "%s.>", n->dlq_subject);
  const char *dlq_subjects[1] = {dlq_all};
  sc.Name = n->dlq_stream;
  sc.Subjects = dlq_subjects;
  sc.MaxAge = 0; /* dead letters stay until redriven or removed by an operator */
  return ensure_stream(n, &sc, err);
}

static void name_things(evc_nats_t *n, const evc_nats_config_t *c) {
  char bus[96], sp[32], subj[32];
  evc_nats_token(bus, sizeof bus, n->bus->def->name);
  evc_nats_token(sp, sizeof sp, c->stream_prefix ? c->stream_prefix : "EVC");
  evc_nats_token(subj, sizeof subj, c->subject_prefix ? c->subject_prefix : "evc");
  snprintf(n->url, sizeof n->url, "%s", c->url && *c->url ? c->url : EVC_NATS_DEFAULT_URL);
  snprintf(n->stream, sizeof n->stream, "%s_%s", sp, bus);
  snprintf(n->dlq_stream, sizeof n->dlq_stream, "%s_DLQ", n->stream);
  snprintf(n->subject, sizeof n->subject, "%s.%s.events", subj, bus);
  snprintf(n->dlq_subject, sizeof n->dlq_subject, "%s.%s.dlq", subj, bus);
}

static const evc_remote_t remote_hooks = {evc_nats_accept, evc_nats_failure};

evc_nats_t *evc_nats_attach(evc_bus_t *bus, const evc_nats_config_t *cfg, evc_error_t *err) {
  static const evc_nats_config_t none = {0};
  const evc_nats_config_t *c = cfg ? cfg : &none;
  evc_error_clear(err);
  evc_nats_t *n = calloc(1, sizeof *n);
  if (!n) {
    evc_fail(err, EVC_E_INTERNAL, 0, "out of memory");
    return NULL;
  }
  n->remote = remote_hooks;
  n->bus = bus;
  n->publish_timeout_ms = or_default(c->publish_timeout_ms, 2000);
  n->publish_retry_ms = or_default(c->publish_retry_ms, 30000);
  n->ack_wait_ms = or_default(c->ack_wait_ms, 30000);
  n->fetch_batch = or_default(c->fetch_batch, 64);
  name_things(n, c);
  if (connect_server(n, c, err) != 0 || create_streams(n, c, err) != 0) {
    evc_nats_detach(n);
    return NULL;
  }
  bus->remote = &n->remote;
  if (!bus->started) /* no schedules: they fire only on a bus started in process (evc_bus_start) */
    for (uint32_t r = 0; r < bus->def->nrule; r++) bus->sched_next[r] = INT64_MAX;
  bus->started = 1;
  return n;
}

void evc_nats_detach(evc_nats_t *n) {
  if (!n) return;
  for (size_t i = 0; i < n->nconsumer; i++) natsSubscription_Destroy(n->consumers[i].sub);
  free(n->consumers);
  if (n->bus->remote == &n->remote) n->bus->remote = NULL;
  evc_nats_archive_detach(n);
  jsCtx_Destroy(n->js);
  if (n->nc) natsConnection_Close(n->nc);
  natsConnection_Destroy(n->nc);
  free(n);
}

const evc_nats_metrics_t *evc_nats_metrics(evc_nats_t *n) {
  natsStatistics *st = NULL;
  uint64_t reconnects = 0;
  if (natsStatistics_Create(&st) == NATS_OK && natsConnection_GetStats(n->nc, st) == NATS_OK)
    natsStatistics_GetCounts(st, NULL, NULL, NULL, NULL, &reconnects);
  natsStatistics_Destroy(st);
  n->metrics.reconnects = reconnects;
  return &n->metrics;
}

const char *evc_nats_stream(const evc_nats_t *n) { return n->stream; }
const char *evc_nats_dlq_stream(const evc_nats_t *n) { return n->dlq_stream; }

/* Appends to out[*len..cap) like snprintf, keeping the full length in *len. */
static void append(char *out, size_t cap, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void append(char *out, size_t cap, size_t *len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(*len < cap ? out + *len : NULL, *len < cap ? cap - *len : 0, fmt, ap);
  va_end(ap);
  if (k > 0) *len += (size_t)k;
}

size_t evc_nats_metrics_json(evc_nats_t *n, char *out, size_t cap) {
  const evc_nats_metrics_t *m = evc_nats_metrics(n);
  size_t len = 0;
  if (cap) out[0] = '\0';
  append(out, cap, &len,
         "{\"published\":%" PRIu64 ",\"publish_duplicates\":%" PRIu64 ",\"publish_retries\":%" PRIu64
         ",\"publish_failures\":%" PRIu64 ",\"deliveries\":%" PRIu64 ",\"redeliveries\":%" PRIu64
         ",\"skipped\":%" PRIu64 ",\"acks\":%" PRIu64 ",\"naks\":%" PRIu64 ",\"terms\":%" PRIu64
         ",\"dead_letters_published\":%" PRIu64 ",\"dlq_publish_failures\":%" PRIu64
         ",\"fetch_errors\":%" PRIu64 ",\"reconnects\":%" PRIu64 ",\"redriven\":%" PRIu64
         ",\"consumers\":[",
         m->published, m->publish_duplicates, m->publish_retries, m->publish_failures, m->deliveries,
         m->redeliveries, m->skipped, m->acks, m->naks, m->terms, m->dead_letters_published,
         m->dlq_publish_failures, m->fetch_errors, m->reconnects, m->redriven);
  for (size_t i = 0; i < n->nconsumer; i++) {
    const evc_nats_consumer_t *k = &n->consumers[i];
    uint64_t pending = 0, ack_pending = 0;
    append(out, cap, &len, "%s{\"durable\":\"%s\",", i ? "," : "", k->durable);
    if (evc_nats_consumer_lag(n, k->rule, k->target, &pending, &ack_pending, NULL) == 0)
      append(out, cap, &len, "\"lag\":%" PRIu64 ",\"ack_pending\":%" PRIu64 "}", pending, ack_pending);
    else
      append(out, cap, &len, "\"lag\":null,\"ack_pending\":null}");
  }
  append(out, cap, &len, "]}");
  return len;
}
