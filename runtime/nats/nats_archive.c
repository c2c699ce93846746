/* Archives in JetStream: one stream per archive (MaxAge = RetentionDays), and replay pages read by event time. */
#include "../archive/archive_impl.h"
#include "eventc/nats_archive.h"
#include "nats_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_MS INT64_C(1000000)
#define NS_PER_DAY (INT64_C(86400) * 1000000000)
#define HDR_EVENT_TIME "Evc-Event-Time" /* the event's `time` in ms: what a replay window compares */
#define SCAN_WAIT_MS 5000               /* the ordered consumer's longest silence while reading */
#define RETRY_PAUSE_MS 50

typedef struct js_archive_stream {
  const evc_archive_def_t *def;
  char stream[256], subject[256];
} js_archive_stream_t;

/* One event of a replay window: where it is in the stream and its event time. */
typedef struct js_index_entry {
  int64_t time_ms;
  uint64_t seq;
} js_index_entry_t;

typedef struct js_archive {
  evc_nats_t *n; /* NULL once detached (evc_nats_detach) */
  const evc_bus_t *bus;
  js_archive_stream_t *streams; /* per archive of the bus, in definition order */
  /* The window the last replay step read: its archive, bounds and sorted events. */
  const js_archive_stream_t *window;
  int64_t window_start, window_end;
  js_index_entry_t *index;
  size_t nindex, index_cap;
} js_archive_t;

const char *evc_nats_archive_stream(const evc_nats_t *n, const char *archive, char *out, size_t cap) {
  char token[128];
  evc_nats_token(token, sizeof token, archive);
  snprintf(out, cap, "%s_ARCHIVE_%s", n->stream, token);
  return out;
}

/* "<subject_prefix>.<BUS>.archive.<ARCHIVE>" next to the bus's "<subject_prefix>.<BUS>.events". */
static void archive_subject(const evc_nats_t *n, const char *archive, char *out, size_t cap) {
  char token[128];
  evc_nats_token(token, sizeof token, archive);
  const char *dot = strrchr(n->subject, '.');
  int base = dot ? (int)(dot - n->subject) : (int)strlen(n->subject);
  snprintf(out, cap, "%.*s.archive.%s", base, n->subject, token);
}

static int ensure_stream(js_archive_t *ja, const js_archive_stream_t *as, evc_error_t *err) {
  jsStreamConfig sc;
  jsStreamConfig_Init(&sc);
  const char *subjects[1] = {as->subject};
  sc.Name = as->stream;
  sc.Subjects = subjects;
  sc.SubjectsLen = 1;
  sc.Storage = js_FileStorage;
  sc.MaxAge = (int64_t)as->def->retention_days * NS_PER_DAY; /* 0: no limit */
  jsErrCode jerr = 0;
  natsStatus s = js_AddStream(NULL, ja->n->js, &sc, NULL, &jerr);
  if (s != NATS_OK && jerr == JSStreamNameExistErr) s = js_UpdateStream(NULL, ja->n->js, &sc, NULL, &jerr);
  if (s == NATS_OK) return 0;
  char why[200];
  return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s: archive %s (%s): stream %s: %s (JetStream error %d)", ja->n->url,
                  as->def->name, as->def->where, as->stream, evc_nats_status_text(s, why, sizeof why), (int)jerr);
}

static const js_archive_stream_t *stream_of(const js_archive_t *ja, const char *archive) {
  const evc_bus_def_t *def = ja->bus->def;
  for (uint32_t i = 0; archive && i < def->narchive; i++)
    if (strcmp(def->archives[i].name, archive) == 0) return &ja->streams[i];
  return NULL;
}

static natsStatus build_message(const js_archive_stream_t *as, const evc_ingest_t *in, int64_t time_ms, natsMsg **m) {
  char t[24], ingest[24];
  snprintf(t, sizeof t, "%" PRId64, time_ms);
  snprintf(ingest, sizeof ingest, "%" PRId64, in->ingest_ms);
  natsStatus s = natsMsg_Create(m, as->subject, NULL, in->event, (int)in->event_len);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, EVC_HDR_EVENT_ID, in->event_id);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, HDR_EVENT_TIME, t);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, EVC_HDR_INGEST_MS, ingest);
  return s;
}

/* Publishes until the server stored it (the same Nats-Msg-Id each time) or publish_retry_ms passed. */
static natsStatus publish(evc_nats_t *n, natsMsg *m, const char *msg_id, jsErrCode *jerr) {
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MsgId = msg_id;
  po.MaxWait = n->publish_timeout_ms;
  int64_t deadline = nats_Now() + n->publish_retry_ms;
  for (;;) {
    jsPubAck *ack = NULL;
    natsStatus s = js_PublishMsg(&ack, n->js, m, &po, jerr);
    jsPubAck_Destroy(ack);
    if (s == NATS_OK || s == NATS_INVALID_ARG || s == NATS_CONNECTION_CLOSED || *jerr) return s;
    if (nats_Now() >= deadline) return s;
    nats_Sleep(RETRY_PAUSE_MS);
  }
}

static int append(void *ud, const evc_archive_def_t *a, const evc_ingest_t *in, int64_t time_ms, char *msg,
                  size_t cap) {
  js_archive_t *ja = ud;
  const js_archive_stream_t *as = &ja->streams[a - ja->bus->def->archives];
  if (!ja->n) {
    snprintf(msg, cap, "the bus was detached from NATS (evc_nats_detach)");
    return -1;
  }
  natsMsg *m = NULL;
  jsErrCode jerr = 0;
  natsStatus s = build_message(as, in, time_ms, &m);
  if (s == NATS_OK) s = publish(ja->n, m, in->event_id, &jerr);
  natsMsg_Destroy(m);
  if (s == NATS_OK) return 0;
  char why[120];
  snprintf(msg, cap, "%s: stream %s: %s", ja->n->url, as->stream, evc_nats_status_text(s, why, sizeof why));
  return -1;
}

static int by_time_then_seq(const void *x, const void *y) {
  const js_index_entry_t *a = x, *b = y;
  if (a->time_ms != b->time_ms) return a->time_ms < b->time_ms ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int index_add(js_archive_t *ja, int64_t time_ms, uint64_t seq) {
  if (ja->nindex == ja->index_cap) {
    size_t cap = ja->index_cap ? ja->index_cap * 2 : 256;
    js_index_entry_t *p = realloc(ja->index, cap * sizeof *p);
    if (!p) return -1;
    ja->index = p;
    ja->index_cap = cap;
  }
  ja->index[ja->nindex].time_ms = time_ms;
  ja->index[ja->nindex++].seq = seq;
  return 0;
}

static int scan_failed(js_archive_t *ja, const js_archive_stream_t *as, natsStatus s, evc_error_t *err) {
  char why[200];
  return evc_fail(err, EVC_E_UNAVAILABLE, 0, "%s: reading archive stream %s: %s", ja->n->url, as->stream,
                  evc_nats_status_text(s, why, sizeof why));
}

/* Reads the headers of every message up to `last` through an ordered consumer; keeps the window's. */
static int scan_headers(js_archive_t *ja, const js_archive_stream_t *as, uint64_t last, int64_t start, int64_t end,
                        evc_error_t *err) {
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = as->stream;
  so.Ordered = true;
  so.Config.HeadersOnly = true;
  so.Config.DeliverPolicy = js_DeliverAll;
  natsSubscription *sub = NULL;
  jsErrCode jerr = 0;
  natsStatus s = js_SubscribeSync(&sub, ja->n->js, as->subject, NULL, &so, &jerr);
  uint64_t seq = 0;
  while (s == NATS_OK && seq < last) {
    natsMsg *m = NULL;
    jsMsgMetaData *meta = NULL;
    s = natsSubscription_NextMsg(&m, sub, SCAN_WAIT_MS);
    if (s == NATS_OK) s = natsMsg_GetMetaData(&meta, m);
    if (s == NATS_OK) {
      seq = meta->Sequence.Stream;
      int64_t t = evc_nats_header_int(m, HDR_EVENT_TIME, INT64_MIN);
      if (t >= start && t < end && index_add(ja, t, seq) != 0) s = NATS_NO_MEMORY;
    }
    jsMsgMetaData_Destroy(meta);
    natsMsg_Destroy(m);
  }
  if (sub) natsSubscription_Unsubscribe(sub);
  natsSubscription_Destroy(sub);
  return s == NATS_OK ? 0 : scan_failed(ja, as, s, err);
}

/* The window's events as of now, sorted by (event time, stream sequence). */
static int build_index(js_archive_t *ja, const js_archive_stream_t *as, int64_t start, int64_t end, evc_error_t *err) {
  ja->window = NULL;
  ja->nindex = 0;
  jsStreamInfo *si = NULL;
  jsErrCode jerr = 0;
  natsStatus s = js_GetStreamInfo(&si, ja->n->js, as->stream, NULL, &jerr);
  if (s != NATS_OK) return scan_failed(ja, as, s, err);
  uint64_t msgs = si->State.Msgs, last = si->State.LastSeq;
  jsStreamInfo_Destroy(si);
  if (msgs && scan_headers(ja, as, last, start, end, err) != 0) return -1;
  qsort(ja->index, ja->nindex, sizeof *ja->index, by_time_then_seq);
  ja->window = as;
  ja->window_start = start;
  ja->window_end = end;
  return 0;
}

/* The first index entry after the cursor (time, seq). */
static size_t first_after(const js_archive_t *ja, int64_t after_time, int64_t after_seq) {
  js_index_entry_t key = {after_time, (uint64_t)after_seq};
  size_t lo = 0, hi = ja->nindex;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (by_time_then_seq(&ja->index[mid], &key) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* A top-level string member of the envelope, as JSON text without its quotes. */
static void member(const char *ev, size_t len, const char *key, char *out, size_t cap) {
  evc_path_step_t step = {key, (uint32_t)strlen(key), 0};
  evc_jval_t v = evc_json_locate(ev, len, &step, 1);
  int ok = v.type == EVC_X_STRING && v.len >= 2;
  snprintf(out, cap, "%.*s", ok ? (int)v.len - 2 : 0, ok ? v.text + 1 : "");
}

/* Fetches the event at `e` and passes it on; 1 when gone (expired), -1 on a server error. */
static int fetch_one(js_archive_t *ja, const js_index_entry_t *e, evc_archived_event_t *out, natsMsg **m,
                     char source[257], char detail_type[257], evc_error_t *err) {
  const js_archive_stream_t *as = ja->window;
  jsErrCode jerr = 0;
  natsStatus s = js_GetMsg(m, ja->n->js, as->stream, e->seq, NULL, &jerr);
  if (s == NATS_NOT_FOUND || jerr == JSNoMessageFoundErr) return 1;
  if (s != NATS_OK) return scan_failed(ja, as, s, err);
  memset(out, 0, sizeof *out);
  out->seq = (int64_t)e->seq;
  out->archive = as->def->name;
  out->bus = ja->bus->def->name;
  out->event = natsMsg_GetData(*m);
  out->event_len = (size_t)natsMsg_GetDataLength(*m);
  if (natsMsgHeader_Get(*m, EVC_HDR_EVENT_ID, &out->event_id) != NATS_OK) out->event_id = "";
  out->time_ms = e->time_ms;
  out->ingest_ms = evc_nats_header_int(*m, EVC_HDR_INGEST_MS, e->time_ms);
  member(out->event, out->event_len, "source", source, 257);
  member(out->event, out->event_len, "detail-type", detail_type, 257);
  out->source = source;
  out->detail_type = detail_type;
  return 0;
}

static int page(void *ud, const evc_archive_query_t *q, int64_t after_time, int64_t after_seq, size_t limit,
                int (*fn)(void *fn_ud, const evc_archived_event_t *e), void *fn_ud, evc_error_t *err) {
  js_archive_t *ja = ud;
  const js_archive_stream_t *as = stream_of(ja, q->archive);
  if (!as) return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "no archive %s", q->archive ? q->archive : "");
  if (!ja->n)
    return evc_fail(err, EVC_E_UNAVAILABLE, 0, "archive %s: the bus was detached from NATS (evc_nats_detach)",
                    as->def->name);
  int fresh =
      after_time == INT64_MIN || ja->window != as || ja->window_start != q->start_ms || ja->window_end != q->end_ms;
  if (fresh && build_index(ja, as, q->start_ms, q->end_ms, err) != 0) return -1;
  size_t given = 0;
  for (size_t i = first_after(ja, after_time, after_seq); i < ja->nindex && (!limit || given < limit); i++) {
    evc_archived_event_t e;
    natsMsg *m = NULL;
    char source[257], detail_type[257];
    int rc = fetch_one(ja, &ja->index[i], &e, &m, source, detail_type, err);
    int stop = rc == 0 && fn(fn_ud, &e);
    natsMsg_Destroy(m);
    if (rc < 0) return -1;
    given += rc == 0;
    if (stop) break;
  }
  return 0;
}

static void close_store(void *ud) {
  js_archive_t *ja = ud;
  free(ja->streams);
  free(ja->index);
  free(ja);
}

static const evc_archive_store_t js_store = {append, page, close_store};

void evc_nats_archive_detach(evc_nats_t *n) {
  struct evc_archive_rt *rt = n->bus->archive;
  if (rt && rt->store == &js_store) ((js_archive_t *)rt->store_ud)->n = NULL;
}

int evc_nats_archive_attach(evc_nats_t *n, evc_error_t *err) {
  evc_error_clear(err);
  const evc_bus_def_t *def = n->bus->def;
  js_archive_t *ja = calloc(1, sizeof *ja);
  if (ja) ja->streams = calloc(def->narchive ? def->narchive : 1, sizeof *ja->streams);
  if (!ja || !ja->streams) {
    free(ja);
    return evc_fail(err, EVC_E_NO_SPACE, 0, "out of memory");
  }
  ja->n = n;
  ja->bus = n->bus;
  for (uint32_t i = 0; i < def->narchive; i++) {
    js_archive_stream_t *as = &ja->streams[i];
    as->def = &def->archives[i];
    evc_nats_archive_stream(n, as->def->name, as->stream, sizeof as->stream);
    archive_subject(n, as->def->name, as->subject, sizeof as->subject);
    if (ensure_stream(ja, as, err) != 0) {
      close_store(ja);
      return -1;
    }
  }
  if (evc_archive_attach_store(n->bus, &js_store, ja, err) == 0) return 0;
  close_store(ja);
  return -1;
}
