/* eventc replay: an archive database's events of a time window as NDJSON, as a replay would send them. */
#include "cli.h"
#include "interp.h"
#include "model.h"

#include <eventc/archive.h>

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: eventc replay --archive DB --from TIME --to TIME [--archive-name NAME] [--bus NAME]\n"
    "                     [--name REPLAY] [--rules RULE[,RULE...] RULEFILES...]\n\n"
    "Prints, one JSON object per line, the events an eventc archive database (evc_bus_config_t\n"
    ".archive_db) holds whose `time` is in [--from, --to), in time order (ties in archive order),\n"
    "each once, with \"replay-name\" inserted before \"resources\" as a replay delivers them.\n\n"
    "Options:\n"
    "  --archive DB         the SQLite archive database\n"
    "  --from TIME          EventStartTime, RFC 3339 (2025-11-18T10:00:00Z)\n"
    "  --to TIME            EventEndTime, RFC 3339; must be after --from\n"
    "  --archive-name NAME  only the events of archive NAME (default: every archive; an event\n"
    "                       stored by two archives then prints twice)\n"
    "  --bus NAME           only the events archived from event bus NAME\n"
    "  --name REPLAY        the replay-name to insert (default: eventc-replay)\n"
    "  --rules R1,R2        only events that match at least one of the named rules of RULEFILES\n"
    "                       (CloudFormation/SAM templates, eventc rules files, event patterns)\n\n"
    "Exit status: 0 success, 2 bad usage, bad times, or a database that cannot be read.\n";

typedef struct opts {
  const char *db, *from, *to, *archive, *bus, *name, *rules;
  const char **files;
  int nfile;
} opts_t;

typedef struct sink {
  const char *name;
  const evcc_ir_t *ir;
  const uint32_t *ids;
  size_t nid;
  char *buf;
  size_t cap;
} sink_t;

/* Whether the event as replayed (with its replay-name) matches one of the --rules. */
static bool wanted(const sink_t *s, size_t len) {
  if (!s->ir) return true;
  json_error_t jerr;
  json_t *ev = evcc_interp_load_event(s->buf, len, &jerr);
  bool hit = false;
  for (size_t i = 0; ev && !hit && i < s->nid; i++) hit = evcc_interp_match_rule(s->ir, s->ids[i], ev);
  json_decref(ev);
  return hit;
}

static int print_event(void *ud, const evc_archived_event_t *e) {
  sink_t *s = ud;
  size_t need = evc_replay_envelope(e->event, e->event_len, s->name, s->buf, s->cap);
  if (need > s->cap) {
    free(s->buf);
    s->cap = need * 2;
    if (!(s->buf = malloc(s->cap))) abort();
    evc_replay_envelope(e->event, e->event_len, s->name, s->buf, s->cap);
  }
  if (!wanted(s, need)) return 0;
  for (size_t i = 0; i < need; i++) /* JSON whitespace only: keeps NDJSON one event per line */
    if (s->buf[i] == '\n' || s->buf[i] == '\r') s->buf[i] = ' ';
  fwrite(s->buf, 1, need, stdout);
  putchar('\n');
  return 0;
}

static bool parse_args(int argc, char **argv, opts_t *o, int *rc) {
  *rc = 2;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = strcmp(a, "--archive") == 0        ? &o->db
                        : strcmp(a, "--from") == 0         ? &o->from
                        : strcmp(a, "--to") == 0           ? &o->to
                        : strcmp(a, "--archive-name") == 0 ? &o->archive
                        : strcmp(a, "--bus") == 0          ? &o->bus
                        : strcmp(a, "--name") == 0         ? &o->name
                        : strcmp(a, "--rules") == 0        ? &o->rules
                                                           : NULL;
    if (evcc_cli_is_help(a)) {
      fputs(usage_text, stdout);
      *rc = 0;
      return false;
    }
    if (slot && i + 1 < argc) *slot = argv[++i];
    else if (a[0] == '-') return fprintf(stderr, "eventc replay: bad option '%s'\n\n%s", a, usage_text), false;
    else o->files[o->nfile++] = a;
  }
  if (!o->db || !o->from || !o->to)
    return fprintf(stderr, "eventc replay: --archive, --from and --to are required\n\n%s", usage_text), false;
  if (o->nfile && !o->rules)
    return fprintf(stderr, "eventc replay: rule files given without --rules\n"), false;
  if (o->rules && !o->nfile)
    return fprintf(stderr, "eventc replay: --rules needs the rule files that define them\n"), false;
  return true;
}

static bool parse_window(const opts_t *o, evc_archive_query_t *q) {
  if (!evc_archive_parse_time(o->from, &q->start_ms))
    return fprintf(stderr, "eventc replay: --from '%s' is not an RFC 3339 time\n", o->from), false;
  if (!evc_archive_parse_time(o->to, &q->end_ms))
    return fprintf(stderr, "eventc replay: --to '%s' is not an RFC 3339 time\n", o->to), false;
  if (q->start_ms >= q->end_ms)
    return fprintf(stderr, "eventc replay: Parameter EventEndTime is not valid. Reason: "
                           "EventStartTime must be before EventEndTime.\n"), false;
  return true;
}

/* ReplayName: 1-64 of [.-_A-Za-z0-9] (it is inserted into the events unescaped). */
static bool valid_name(const char *name) {
  size_t n = strlen(name);
  bool ok = n >= 1 && n <= 64 && strspn(name, "._-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") == n;
  if (!ok) fprintf(stderr, "eventc replay: --name '%s' is not a valid ReplayName (1-64 of [.-_A-Za-z0-9])\n", name);
  return ok;
}

/* The ids of the --rules names in the IR of the rule files; false after a message. */
static bool select_rules(const opts_t *o, evcc_model_t *m, evcc_ir_t *ir, uint32_t *ids, size_t *n) {
  evcc_diag_t d;
  evcc_diag_init(&d);
  d.echo = true;
  bool ok = true;
  for (int i = 0; i < o->nfile; i++) ok &= evcc_model_load_file(m, o->files[i], &d);
  ok = ok && evcc_model_build_ir(m, o->bus, ir, &d) && !evcc_diag_failed(&d);
  evcc_diag_free(&d);
  char *list = ok ? malloc(strlen(o->rules) + 1) : NULL;
  if (list) strcpy(list, o->rules);
  for (char *name = list ? strtok(list, ",") : NULL; ok && name; name = strtok(NULL, ",")) {
    uint32_t r = 0;
    while (r < ir->nrule && strcmp(ir->rules[r].name, name) != 0) r++;
    if (r == ir->nrule) ok = false, fprintf(stderr, "eventc replay: no rule '%s' in the rule files\n", name);
    else ids[(*n)++] = r;
  }
  free(list);
  return ok;
}

int evcc_cmd_replay(int argc, char **argv) {
  const char **files = calloc((size_t)argc, sizeof *files);
  if (!files) abort();
  opts_t o = {NULL, NULL, NULL, NULL, NULL, "eventc-replay", NULL, files, 0};
  evc_archive_query_t q = {NULL, NULL, 0, 0};
  int rc;
  evcc_model_t m;
  evcc_model_init(&m);
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  uint32_t *ids = NULL;
  sink_t s = {NULL, NULL, NULL, 0, NULL, 0};
  bool ok = parse_args(argc, argv, &o, &rc) && parse_window(&o, &q) && valid_name(o.name);
  if (ok && o.rules) {
    if (!(ids = calloc(strlen(o.rules) + 1, sizeof *ids))) abort();
    s.ids = ids;
    ok = select_rules(&o, &m, &ir, ids, &s.nid);
  }
  if (ok) {
    evc_error_t err;
    evc_archive_db_t *db = evc_archive_db_open(o.db, &err);
    q.archive = o.archive;
    q.bus = o.bus;
    s.name = o.name;
    s.ir = o.rules ? &ir : NULL;
    if (db && evc_archive_db_scan(db, &q, print_event, &s, &err) == 0) rc = 0;
    else fprintf(stderr, "eventc replay: %s\n", err.message);
    evc_archive_db_close(db);
  }
  free(s.buf);
  free(ids);
  free(files);
  evcc_ir_free(&ir);
  evcc_model_free(&m);
  return rc;
}
