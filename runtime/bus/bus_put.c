/* PutEvents: entry validation with the AWS messages, the event envelope, matching and fan-out. */
#include "bus_impl.h"
#include "eventc/scan.h"
#include "../core/utf8_seq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOURCE_REQUIRED "Parameter Source is not valid. Reason: Source is a required argument."
#define DETAIL_TYPE_REQUIRED \
  "Parameter DetailType is not valid. Reason: DetailType is a required argument."
#define DETAIL_REQUIRED "Parameter Detail is not valid. Reason: Detail is a required argument."
#define DETAIL_MALFORMED "Detail is malformed."
#define TIME_INVALID "Parameter Time is not valid. Reason: Time must be an RFC 3339 timestamp."
#define TOO_FEW                                                                   \
  "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: " \
  "Member must have length greater than or equal to 1"
#define TOO_MANY                                                             \
  "1 validation error detected: Value at 'entries' failed to satisfy constraint: " \
  "Member must have length less than or equal to 10"
#define TOO_BIG "Total size of the entries in the request is over the limit."

static int set(const char *s) { return s && *s; }

static size_t detail_len(const evc_entry_t *e) {
  return e->detail ? (e->detail_len ? e->detail_len : strlen(e->detail)) : 0;
}

/* The entry size of §1.3: Time counts 14 bytes, then the UTF-8 lengths of the text fields. */
static size_t entry_size(const evc_entry_t *e) {
  size_t n = set(e->time) ? 14 : 0;
  n += (e->source ? strlen(e->source) : 0) + (e->detail_type ? strlen(e->detail_type) : 0);
  n += detail_len(e);
  for (size_t i = 0; i < e->nresource; i++) n += e->resources[i] ? strlen(e->resources[i]) : 0;
  return n;
}

static int detail_is_object(const char *d, size_t len) {
  evc_scan_limits_t limits = {len, EVC_DETAIL_MAX_DEPTH}; /* the event around it adds one level */
  evc_scan_t s;
  const char *p = evc_scan_begin(&s, d, len, &limits, NULL);
  if (!p || evc_scan_kind(&s, p) != EVC_KIND_OBJECT) return 0;
  p = evc_scan_skip(&s, p);
  return p && evc_scan_finish(&s, p) == 0;
}

/* "Event bus NAME does not exist.", NAME being what follows "event-bus/" in an ARN. */
static const char *bus_unknown(const char *n, char *msg, size_t cap) {
  const char *at = strncmp(n, "arn:", 4) == 0 ? strstr(n, ":event-bus/") : NULL;
  const char *name = at ? at + 11 : n;
  snprintf(msg, cap, "Event bus %s does not exist.", name);
  return msg;
}

/*
 * NULL when the entry is valid, else the AWS message with its error code in *code; *dest is the
 * bus the entry goes to. `msg` holds messages that name something.
 */
static const char *validate(evc_bus_t *bus, const evc_entry_t *e, evc_bus_t **dest, const char **code,
                            char *msg, size_t cap) {
  *code = "InvalidArgument";
  if (!set(e->source)) return SOURCE_REQUIRED;
  if (!set(e->detail_type)) return DETAIL_TYPE_REQUIRED;
  if (!set(e->detail)) return DETAIL_REQUIRED;
  int64_t ms;
  if (set(e->time) && !evc_time_parse(e->time, &ms)) return TIME_INVALID;
  *dest = set(e->event_bus_name) ? evc_bus_resolve(bus, e->event_bus_name) : bus;
  if (!*dest) {
    *code = "ResourceNotFoundException";
    return bus_unknown(e->event_bus_name, msg, cap);
  }
  *code = "MalformedDetail";
  if (!detail_is_object(e->detail, detail_len(e))) return DETAIL_MALFORMED;
  *code = "AccessDeniedException";
  const char *denied = evc_bus_policy_denies(*dest, bus, e->source, e->detail_type, msg, cap);
  if (denied) return denied;
  *code = NULL;
  return NULL;
}

/* Length of the valid UTF-8 sequence at s (1..4; a NUL-terminated string), or 0. */
static size_t utf8_len(const unsigned char *s) {
  if (s[0] < 0x80) return 1;
  int n = utf8_seq_len(s, strnlen((const char *)s, 4));
  return n > 0 ? (size_t)n : 0;
}

static char *put(char *o, const char *s, size_t n) {
  memcpy(o, s, n);
  return o + n;
}

/* A JSON string literal; control characters escaped, invalid UTF-8 replaced by U+FFFD. */
static char *put_json(char *o, const char *str) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)str;
  *o++ = '"';
  while (*s) {
    size_t n = utf8_len(s);
    if (*s == '"' || *s == '\\') {
      *o++ = '\\';
      *o++ = (char)*s++;
    } else if (*s < 0x20) {
      o = put(o, "\\u00", 4);
      *o++ = hex[*s >> 4];
      *o++ = hex[*s++ & 15];
    } else if (!n) {
      o = put(o, "\\ufffd", 6);
      s++;
    } else {
      o = put(o, (const char *)s, n);
      s += n;
    }
  }
  *o++ = '"';
  return o;
}

static size_t envelope_bound(const evc_bus_t *bus, const evc_entry_t *e) {
  size_t n = 256 + 6 * (strlen(bus->account) + strlen(bus->region) + entry_size(e));
  return n + 4 * e->nresource;
}

static int reserve_envelope(evc_bus_t *bus, size_t need) {
  if (need <= bus->ev_cap) return 1;
  char *p = realloc(bus->ev, need);
  if (!p) return 0;
  bus->ev = p;
  bus->ev_cap = need;
  return 1;
}

/* The envelope: `bus` is the caller's (its account), `region` the receiving bus's. */
static size_t build_envelope(const evc_bus_t *bus, const char *region, char *out, const evc_entry_t *e,
                             const char *id, const char *time) {
  char *o = out;
  o = put(o, "{\"version\":\"0\",\"id\":\"", 21);
  o = put(o, id, strlen(id));
  o = put(o, "\",\"detail-type\":", 16);
  o = put_json(o, e->detail_type);
  o = put(o, ",\"source\":", 10);
  o = put_json(o, e->source);
  o = put(o, ",\"account\":", 11);
  o = put_json(o, bus->account);
  o = put(o, ",\"time\":", 8);
  o = put_json(o, time);
  o = put(o, ",\"region\":", 10);
  o = put_json(o, region);
  o = put(o, ",\"resources\":[", 14);
  for (size_t i = 0; i < e->nresource; i++) {
    if (i) *o++ = ',';
    o = put_json(o, e->resources[i] ? e->resources[i] : "");
  }
  o = put(o, "],\"detail\":", 11);
  o = put(o, e->detail, detail_len(e));
  *o++ = '}';
  return (size_t)(o - out);
}

static evc_jval_t jstring(const char *json) {
  evc_jval_t v = {EVC_X_STRING, json, strlen(json)};
  return v;
}

void evc_bus_xctx_init(evc_xctx_t *x, const evc_job_t *job, char time_json[24]) {
  char text[21];
  evc_format_time(job->ingest_ms, text);
  snprintf(time_json, 24, "\"%s\"", text);
  x->event = job->event;
  x->event_len = job->event_len;
  x->ingestion_time = jstring(time_json);
}

void evc_bus_run_rule(evc_bus_t *bus, uint32_t r, evc_job_t *job, evc_xctx_t *x) {
  const evc_rule_def_t *rd = &bus->def->rules[r];
  if (rd->ntarget) bus->rule_metrics[r].triggered_rules++;
  x->rule_arn = jstring(bus->rules[r].arn_json);
  x->rule_name = jstring(bus->rules[r].name_json);
  for (uint32_t t = 0; t < rd->ntarget; t++) {
    job->rule = r;
    job->target = t;
    job->retries = 0;
    evc_bus_deliver_first(bus, job, x);
  }
}

/* Every target of every enabled matching rule (of the filter, when given) gets the event. */
static void dispatch(evc_bus_t *bus, evc_job_t *job, const unsigned char *rule_filter) {
  const evc_bus_def_t *def = bus->def;
  evc_xctx_t x;
  char time_json[24];
  evc_bus_xctx_init(&x, job, time_json);
  int any = 0;
  for (uint32_t r = def->next(bus->match_state, 0); r < def->nrule;
       r = def->next(bus->match_state, r + 1)) {
    if (!def->rules[r].enabled || (rule_filter && !rule_filter[r])) continue;
    any = 1;
    bus->rule_metrics[r].matched_events++;
    evc_bus_run_rule(bus, r, job, &x);
  }
  if (any) bus->metrics.matched_events++;
}

int evc_bus_ingest(evc_bus_t *bus, const evc_ingest_t *in) {
  evc_job_t job;
  memset(&job, 0, sizeof job);
  job.event = in->event;
  job.event_len = in->event_len;
  job.event_id = in->event_id;
  job.trace_id = in->trace_id ? in->trace_id : in->event_id;
  job.ingest_ms = in->ingest_ms;
  if (in->route) job.route = *in->route; /* forwarded: this bus joins the route */
  job.route.via[job.route.nvia++] = bus;
  if (evc_bus_match(bus, in) != 0) return -1;
  if (evc_archive_ingest(bus, in) != 0) return -2;
  dispatch(bus, &job, in->rule_filter);
  return 0;
}

/*
 * The envelope goes to the caller's buffer when the caller's bus is the idle receiver (it stays
 * in use until the dispatch ends), else to a buffer of its own: the caller's may be in use.
 */
static char *envelope_buffer(evc_bus_t *bus, const evc_bus_t *dest, size_t need) {
  if (dest == bus && !bus->busy) return reserve_envelope(bus, need) ? bus->ev : NULL;
  return malloc(need);
}

static void put_one(evc_bus_t *bus, const evc_entry_t *e, evc_entry_result_t *res, char *msg,
                    size_t cap) {
  evc_bus_t *dest;
  const char *text = validate(bus, e, &dest, &res->error_code, msg, cap);
  if (text) {
    res->error_message = text;
    return;
  }
  char *ev = envelope_buffer(bus, dest, envelope_bound(bus, e) + 6 * strlen(dest->region));
  if (!ev) {
    res->error_code = "InternalException";
    res->error_message = "out of memory building the event";
    return;
  }
  int64_t now = dest->clock.now_ms(dest->clock.ud);
  char time_text[21];
  int64_t event_ms = now;
  if (set(e->time)) evc_time_parse(e->time, &event_ms); /* delivered in UTC, whole seconds */
  evc_format_time(event_ms, time_text);
  evc_uuid4(&bus->rng, res->event_id);
  evc_ingest_t in = {0};
  in.event = ev;
  in.event_len = build_envelope(bus, dest->region, ev, e, res->event_id, time_text);
  in.event_id = res->event_id;
  in.trace_id = set(e->trace_header) ? e->trace_header : res->event_id;
  in.ingest_ms = now;
  evc_accept_t a = dest->remote ? dest->remote->accept(dest, &in) : evc_bus_accept(dest, &in);
  if (ev != bus->ev) free(ev);
  if (a == EVC_ACCEPTED) return;
  res->event_id[0] = '\0';
  res->error_code = a == EVC_ACCEPT_QUEUE_FULL                                  ? "ThrottlingException"
                    : a == EVC_ACCEPT_NO_MEMORY || a == EVC_ACCEPT_ARCHIVE_FAILED ||
                            a == EVC_ACCEPT_REMOTE_FAILED
                        ? "InternalException"
                                                                                  : "MalformedDetail";
  res->error_message = a == EVC_ACCEPT_QUEUE_FULL
                           ? "the bus is dispatching and its queue of events put from callbacks is "
                             "full (evc_bus_config_t.max_queued_events): the entry was not accepted"
                       : a == EVC_ACCEPT_NO_MEMORY      ? "out of memory queueing the event"
                       : a == EVC_ACCEPT_ARCHIVE_FAILED ? evc_archive_failure(dest)
                       : a == EVC_ACCEPT_REMOTE_FAILED  ? dest->remote->failure(dest)
                                                        : DETAIL_MALFORMED;
}

static int refuse(evc_error_t *err, const char *msg) {
  return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "%s", msg);
}

int evc_put_events(evc_bus_t *bus, const evc_entry_t *entries, size_t n, evc_put_result_t *res,
                   evc_error_t *err) {
  evc_error_clear(err);
  memset(res, 0, sizeof *res);
  if (!bus->started) return refuse(err, "the bus is not started: call evc_bus_start() first");
  if (n < 1) return refuse(err, TOO_FEW);
  if (n > EVC_MAX_ENTRIES) return refuse(err, TOO_MANY);
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += entry_size(&entries[i]);
  if (total >= EVC_MAX_REQUEST_SIZE) return refuse(err, TOO_BIG);
  res->nentry = (uint32_t)n;
  evc_archive_begin_put(bus);
  for (size_t i = 0; i < n; i++) {
    put_one(bus, &entries[i], &res->entries[i], res->messages[i], sizeof res->messages[i]);
    if (res->entries[i].error_code) res->failed_entry_count++;
  }
  evc_archive_end_put(bus, res); /* one transaction per call; a failed commit fails the entries */
  bus->metrics.put_events_entries += n - res->failed_entry_count;
  bus->metrics.put_events_failed_entries += res->failed_entry_count;
  return 0;
}
