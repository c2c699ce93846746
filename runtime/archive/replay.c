/* StartReplay: an archive's events of a time window fed into a bus in time order, in bounded steps. */
#include "archive_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME_PATTERN "[\\.\\-_A-Za-z0-9]+"

struct evc_replay {
  evc_bus_t *source, *dest;
  char name[65];
  char archive[49];
  evc_archive_query_t query;
  unsigned char *rule_filter; /* per destination rule, NULL: all */
  evc_replay_state_t state;
  int64_t cursor_time, cursor_seq;
  int64_t last_replayed_ms;
  uint64_t count;
  char *buf;
  size_t cap;
  char failure[192];
};

int evc_archive_parse_time(const char *text, int64_t *ms) { return evc_time_parse(text, ms); }

/* Offset of the top-level "resources" key of an object, or of its closing brace. */
static size_t insert_point(const char *s, size_t len) {
  int depth = 0, in_str = 0;
  size_t key_start = 0, last_close = len;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (in_str) {
      if (c == '\\') i++;
      else if (c == '"') {
        in_str = 0;
        if (depth == 1 && i - key_start == 10 && memcmp(s + key_start, "\"resources", 10) == 0)
          return key_start;
      }
    } else if (c == '"') {
      in_str = 1;
      key_start = i;
    } else if (c == '{' || c == '[') {
      depth++;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) last_close = i;
    }
  }
  return last_close;
}

size_t evc_replay_envelope(const char *event, size_t len, const char *name, char *out, size_t cap) {
  size_t at = insert_point(event, len);
  int before_key = at < len && event[at] == '"';
  char member[96];
  int n = before_key ? snprintf(member, sizeof member, "\"replay-name\":\"%s\",", name)
                     : snprintf(member, sizeof member, ",\"replay-name\":\"%s\"", name);
  size_t need = len + (size_t)n;
  if (need > cap) return need;
  memcpy(out, event, at);
  memcpy(out + at, member, (size_t)n);
  memcpy(out + at + (size_t)n, event + at, len - at);
  return need;
}

static int valid_name(const char *s) {
  size_t n = s ? strlen(s) : 0;
  if (n < 1 || n > 64) return 0;
  for (size_t i = 0; i < n; i++)
    if (!strchr(".-_", s[i]) && !((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
                                  (s[i] >= '0' && s[i] <= '9')))
      return 0;
  return 1;
}

static int check_name(const char *name, evc_error_t *err) {
  size_t n = name ? strlen(name) : 0;
  if (n > 64)
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                    "1 validation error detected: Value '%.64s...' at 'replayName' failed to "
                    "satisfy constraint: Member must have length less than or equal to 64", name);
  if (!valid_name(name))
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                    "1 validation error detected: Value '%s' at 'replayName' failed to satisfy "
                    "constraint: Member must satisfy regular expression pattern: " NAME_PATTERN,
                    name ? name : "");
  return 0;
}

static const evc_archive_def_t *find_archive(const evc_bus_t *bus, const char *name) {
  for (uint32_t i = 0; name && i < bus->def->narchive; i++)
    if (strcmp(bus->def->archives[i].name, name) == 0) return &bus->def->archives[i];
  return NULL;
}

/* Destination.FilterArns: each a rule ARN or name of the destination bus. */
static int build_filter(evc_replay_t *r, const evc_replay_config_t *cfg, evc_error_t *err) {
  if (!cfg->nfilter) return 0;
  const evc_bus_def_t *def = r->dest->def;
  if (!(r->rule_filter = calloc(def->nrule ? def->nrule : 1, 1)))
    return evc_fail(err, EVC_E_NO_SPACE, 0, "out of memory");
  for (size_t k = 0; k < cfg->nfilter; k++) {
    const char *f = cfg->filter_arns[k] ? cfg->filter_arns[k] : "";
    uint32_t i = 0;
    while (i < def->nrule && strcmp(f, def->rules[i].name) != 0 && strcmp(f, r->dest->rules[i].arn) != 0) i++;
    if (i == def->nrule)
      return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                      "Parameter Destination.FilterArns is not valid. Reason: Rule %s does not "
                      "exist on event bus %s.", f, def->name);
    r->rule_filter[i] = 1;
  }
  return 0;
}

static int check_config(evc_bus_t *source, const evc_replay_config_t *cfg, evc_error_t *err) {
  if (check_name(cfg->name, err)) return -1;
  if (!find_archive(source, cfg->archive))
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                    "Parameter EventSourceArn is not valid. Reason: Archive %s does not exist.",
                    cfg->archive ? cfg->archive : "");
  if (!evc_archive_kept(source))
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                    "archive %s has no database or store on this bus (archive_db not set, "
                    "disabled, or no store attached)",
                    cfg->archive);
  if (cfg->start_ms >= cfg->end_ms)
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                    "Parameter EventEndTime is not valid. Reason: EventStartTime must be before "
                    "EventEndTime.");
  if (cfg->destination && cfg->destination != source && !cfg->allow_cross_bus)
    return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
                    "Parameter Destination.Arn is not valid. Reason: Cross event bus replay is "
                    "not permitted.");
  return 0;
}

evc_replay_t *evc_replay_start(evc_bus_t *source, const evc_replay_config_t *cfg, evc_error_t *err) {
  evc_error_clear(err);
  if (check_config(source, cfg, err)) return NULL;
  evc_replay_t *r = calloc(1, sizeof *r);
  if (!r) {
    evc_fail(err, EVC_E_NO_SPACE, 0, "out of memory");
    return NULL;
  }
  r->source = source;
  r->dest = cfg->destination ? cfg->destination : source;
  snprintf(r->name, sizeof r->name, "%s", cfg->name);
  snprintf(r->archive, sizeof r->archive, "%s", cfg->archive);
  r->query.archive = r->archive;
  r->query.bus = source->def->name;
  r->query.start_ms = cfg->start_ms;
  r->query.end_ms = cfg->end_ms;
  r->cursor_time = INT64_MIN;
  r->state = EVC_REPLAY_STARTING;
  if (build_filter(r, cfg, err)) {
    evc_replay_free(r);
    return NULL;
  }
  return r;
}

typedef struct step {
  evc_replay_t *r;
  size_t n;
  int failed;
} step_t;

static int replay_one(void *ud, const evc_archived_event_t *e) {
  step_t *s = ud;
  evc_replay_t *r = s->r;
  size_t need = evc_replay_envelope(e->event, e->event_len, r->name, r->buf, r->cap);
  if (need > r->cap) {
    char *nb = realloc(r->buf, need * 2);
    if (!nb) {
      snprintf(r->failure, sizeof r->failure, "out of memory replaying event %s", e->event_id);
      return s->failed = 1;
    }
    r->buf = nb;
    r->cap = need * 2;
    evc_replay_envelope(e->event, e->event_len, r->name, r->buf, r->cap);
  }
  evc_ingest_t in;
  memset(&in, 0, sizeof in);
  in.event = r->buf;
  in.event_len = need;
  in.event_id = e->event_id;
  in.ingest_ms = r->dest->clock.now_ms(r->dest->clock.ud);
  in.replay_name = r->name;
  in.rule_filter = r->rule_filter;
  in.trusted = 1; /* archived only after the source bus's matcher validated it, stored byte for byte */
  if (r->dest->remote) { /* a bus attached to a transport: published for the processes serving it */
    evc_accept_t a = r->dest->remote->accept(r->dest, &in);
    if (a == EVC_ACCEPT_REMOTE_FAILED) {
      snprintf(r->failure, sizeof r->failure, "replaying event %s: %s", e->event_id,
               r->dest->remote->failure(r->dest));
      return s->failed = 1;
    }
  } else {
    evc_bus_ingest(r->dest, &in); /* an envelope the matcher refuses is skipped, as AWS would */
  }
  r->cursor_time = e->time_ms;
  r->cursor_seq = e->seq;
  r->last_replayed_ms = e->time_ms;
  r->count++;
  r->dest->metrics.replayed_events++;
  s->n++;
  return 0;
}

size_t evc_replay_run(evc_replay_t *r, size_t max_events) {
  if (r->state == EVC_REPLAY_CANCELLING) r->state = EVC_REPLAY_CANCELLED;
  if (r->state != EVC_REPLAY_STARTING && r->state != EVC_REPLAY_RUNNING) return 0;
  if (r->dest->busy || max_events == 0) return 0;
  if (!r->dest->started) {
    snprintf(r->failure, sizeof r->failure, "the destination bus %s is not started",
             r->dest->def->name);
    r->state = EVC_REPLAY_FAILED;
    return 0;
  }
  r->state = EVC_REPLAY_RUNNING;
  step_t s = {r, 0, 0};
  evc_error_t err;
  evc_error_clear(&err);
  evc_bus_enter(r->dest); /* events put by its callbacks queue until the step ends */
  int rc = evc_archive_page(r->source, &r->query, r->cursor_time, r->cursor_seq, max_events,
                            replay_one, &s, &err);
  evc_bus_leave(r->dest);
  if (rc != 0 || s.failed) {
    if (rc != 0) snprintf(r->failure, sizeof r->failure, "%s", err.message);
    r->state = EVC_REPLAY_FAILED;
  } else if (s.n < max_events) {
    r->state = EVC_REPLAY_COMPLETED;
  }
  return s.n;
}

int evc_replay_cancel(evc_replay_t *r, evc_error_t *err) {
  evc_error_clear(err);
  if (r->state != EVC_REPLAY_STARTING && r->state != EVC_REPLAY_RUNNING) {
    evc_fail(err, EVC_E_INVALID_ARGUMENT, 0,
             "Replay %s is not in a valid state for this operation.", r->name);
    return -1;
  }
  r->state = EVC_REPLAY_CANCELLING;
  return 0;
}

evc_replay_state_t evc_replay_state(const evc_replay_t *r) { return r->state; }

const char *evc_replay_state_name(evc_replay_state_t s) {
  static const char *const names[] = {"STARTING", "RUNNING", "CANCELLING",
                                      "COMPLETED", "CANCELLED", "FAILED"};
  return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "UNKNOWN";
}

uint64_t evc_replay_count(const evc_replay_t *r) { return r->count; }
int64_t evc_replay_last_replayed_ms(const evc_replay_t *r) { return r->last_replayed_ms; }
const char *evc_replay_failure(const evc_replay_t *r) { return r->failure; }

void evc_replay_free(evc_replay_t *r) {
  if (!r) return;
  free(r->rule_filter);
  free(r->buf);
  free(r);
}
