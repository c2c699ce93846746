/* `eventc infer < events.ndjson`: schema discovery, one registry-style schema per (source, detail-type). */
#include "cli.h"
#include "infer.h"
#include "registry_name.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "usage: eventc infer [--name NAME] [--format openapi|jsonschema] [--update OLD] [-o DIR] [-W...] [FILE]\n\n"
    "Infers event schemas from an NDJSON stream (FILE, or standard input; blank lines and lines\n"
    "starting with # are skipped) as the EventBridge schema registry's discovery does: one schema\n"
    "per (source, detail-type), an AWSEvent envelope with x-amazon-events-source/-detail-type and a\n"
    "detail schema named from the detail-type (\"ticket.completed\" -> TicketCompleted); nested\n"
    "objects become named schemas. Lines may be events, PutEvents entries (Source, DetailType,\n"
    "Detail) or any JSON value (one schema named Event). Types are merged across events: a member\n"
    "present in every event is required; null makes a type nullable; integer and number give\n"
    "number; a format (date-time, email, uuid, ipv4) is kept when every string had it.\n\n"
    "Options:\n"
    "  --name NAME      the schema's name and title (one pair only)\n"
    "  --format F       openapi (OpenAPI 3, the default) or jsonschema (the registry's draft-04 export)\n"
    "  --update OLD     a new version of the schema in OLD that stays backward compatible with it where\n"
    "                   the events allow: OLD's optional members kept, types widened, nothing made\n"
    "                   required that OLD did not require; each place it cannot is a warning\n"
    "                   [-Wincompatible-update] at OLD's position (one pair only)\n"
    "  -o DIR           write one file per pair, DIR/NAME.json (needed for several pairs)\n"
    "  -Werror, -Wno-<name>  as for check; a line that is not JSON, or a PutEvents entry PutEvents\n"
    "                   would refuse, is skipped with a warning [-Wskipped-event]\n\n"
    "Exit status: 0 success, 1 invalid events or an incompatible update, 2 bad usage.\n";

typedef struct opts {
  const char *name, *old, *dir, *input;
  evcc_infer_format_t format;
} opts_t;

static int parse(int argc, char **argv, opts_t *o, evcc_diag_t *d) {
  memset(o, 0, sizeof *o);
  o->input = "-";
  bool have_input = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (evcc_cli_is_help(a)) return fputs(usage_text, stdout), 0;
    if (!strcmp(a, "--name") && v) o->name = v, i++;
    else if (!strcmp(a, "--update") && v) o->old = v, i++;
    else if (!strcmp(a, "-o") && v) o->dir = v, i++;
    else if (!strcmp(a, "--format") && v && (!strcmp(v, "openapi") || !strcmp(v, "jsonschema")))
      o->format = !strcmp(v, "openapi") ? EVCC_INFER_OPENAPI : EVCC_INFER_JSONSCHEMA, i++;
    else if ((a[0] != '-' || !strcmp(a, "-")) && !have_input) o->input = a, have_input = true;
    else if (!strncmp(a, "-W", 2) && evcc_diag_flag(d, a)) continue;
    else return fprintf(stderr, "eventc infer: bad argument '%s'\n\n%s", a, usage_text), 2;
  }
  if (o->name && !*o->name) return fprintf(stderr, "eventc infer: --name must not be empty\n"), 2;
  return -1;
}

/* Reads every line into `in`; a line it cannot use is a warning at file:line:col. False under -Werror. */
static bool read_events(const char *path, evcc_infer_t *in, evcc_diag_t *d) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    fprintf(stderr, "eventc infer: cannot read %s: %s\n", path, strerror(errno));
    return false;
  }
  const char *shown = strcmp(path, "-") ? path : "<stdin>";
  char *line = NULL, why[160];
  size_t cap = 0, len, at;
  unsigned lineno = 0;
  while (evcc_cli_getline(f, &line, &cap, &len)) {
    lineno++;
    size_t lead = strspn(line, " \t\r\n");
    if (lead == len || line[lead] == '#') continue;
    if (!evcc_infer_add(in, line, len, why, sizeof why, &at))
      evcc_warn(d, EVCC_W_SKIPPED_EVENT, (evcc_loc_t){shown, lineno, (unsigned)at + 1}, "line skipped: %s", why);
  }
  free(line);
  if (f != stdin) fclose(f);
  return !evcc_diag_failed(d);
}

/* File names of the pairs under -o: the schema name, prefixed by the source's when two pairs share one. */
static char **file_names(const evcc_infer_t *in, const opts_t *o) {
  char **names = calloc(in->npair, sizeof *names);
  if (!names) abort();
  for (size_t i = 0; i < in->npair; i++) names[i] = evcc_infer_name(&in->pairs[i], o->name);
  for (size_t i = 0; i < in->npair; i++) {
    bool clash = false;
    for (size_t j = 0; j < in->npair; j++) clash |= j != i && !strcmp(names[i], names[j]);
    evcc_buf_t b;
    evcc_buf_init(&b);
    if (clash && in->pairs[i].source) evcc_registry_name(&b, in->pairs[i].source, strlen(in->pairs[i].source));
    evcc_buf_printf(&b, "%s.json", names[i]);
    free(names[i]);
    names[i] = evcc_buf_take(&b);
  }
  return names;
}

static bool write_file(const char *dir, const char *name, const evcc_buf_t *b) {
  evcc_buf_t path;
  evcc_buf_init(&path);
  evcc_buf_printf(&path, "%s/%s", dir, name);
  FILE *f = fopen(path.data, "wb");
  bool ok = f && fwrite(b->data, 1, b->len, f) == b->len;
  if (f && fclose(f)) ok = false;
  if (!ok) fprintf(stderr, "eventc infer: cannot write %s\n", path.data);
  evcc_buf_free(&path);
  return ok;
}

/* Builds every document first: files are written only when all of them were made. */
static int emit(const evcc_infer_t *in, const opts_t *o, const evcc_node_t *old, evcc_diag_t *d) {
  evcc_infer_out_t out = {o->format, o->name, old, d};
  evcc_buf_t *docs = calloc(in->npair, sizeof *docs);
  if (!docs) abort();
  for (size_t i = 0; i < in->npair; i++) {
    evcc_buf_init(&docs[i]);
    evcc_infer_write(&in->pairs[i], &out, &docs[i]);
  }
  bool ok = true;
  if (o->dir) {
    char **names = file_names(in, o);
    for (size_t i = 0; i < in->npair; i++) {
      bool dup = false;
      for (size_t j = 0; j < i; j++) dup |= !strcmp(names[i], names[j]);
      if (dup) fprintf(stderr, "eventc infer: two pairs would both be written to %s\n", names[i]);
      ok &= !dup;
    }
    mkdir(o->dir, 0777);
    for (size_t i = 0; i < in->npair && ok; i++) ok = write_file(o->dir, names[i], &docs[i]);
    for (size_t i = 0; i < in->npair; i++) free(names[i]);
    free(names);
  } else {
    fwrite(docs[0].data, 1, docs[0].len, stdout);
  }
  for (size_t i = 0; i < in->npair; i++) evcc_buf_free(&docs[i]);
  free(docs);
  size_t breaks = 0;
  for (size_t i = 0; i < d->count; i++)
    breaks += d->msgs[i].severity == EVCC_WARNING && d->msgs[i].warning == EVCC_W_INCOMPATIBLE_UPDATE;
  return !ok ? 2 : breaks ? 1 : 0;
}

static int check_pairs(const evcc_infer_t *in, const opts_t *o) {
  if (!in->npair) return fputs("eventc infer: no events in the input\n", stderr), 1;
  if (in->npair == 1) return 0;
  if (o->name || o->old)
    return fprintf(stderr, "eventc infer: %s applies to one (source, detail-type) pair; the events have %lu\n",
                   o->name ? "--name" : "--update", (unsigned long)in->npair), 2;
  if (!o->dir)
    return fprintf(stderr, "eventc infer: the events have %lu (source, detail-type) pairs: write one file per pair "
                   "with -o DIR\n", (unsigned long)in->npair), 2;
  return 0;
}

int evcc_cmd_infer(int argc, char **argv) {
  opts_t o;
  evcc_diag_t d;
  evcc_diag_init(&d);
  int rc = parse(argc, argv, &o, &d);
  if (rc >= 0) {
    evcc_diag_free(&d);
    return rc;
  }
  evcc_infer_t in;
  evcc_infer_init(&in);
  evcc_doc_t *old = o.old ? evcc_doc_load(o.old, EVCC_SYNTAX_AUTO, &d) : NULL;
  if (o.old && (!old || old->root->kind != EVCC_NODE_MAP)) {
    if (old) evcc_error(&d, old->root->loc, "the old version is not a schema document");
    rc = 2;
  } else if (!read_events(o.input, &in, &d)) {
    rc = 1;
  } else {
    rc = check_pairs(&in, &o);
    if (!rc) rc = emit(&in, &o, old ? old->root : NULL, &d);
  }
  evcc_cli_print_diags(&d);
  evcc_infer_free(&in);
  if (old) evcc_doc_free(old);
  evcc_diag_free(&d);
  return rc;
}
