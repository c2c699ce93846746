/* `eventc compat OLD NEW`: reports the changes of an event schema that break its readers or writers. */
#include "cli.h"
#include "compat.h"
#include "git_source.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: eventc compat [--mode backward|forward|full] [--transitive] OLD NEW\n"
    "       eventc compat [--mode ...] --transitive NEW\n\n"
    "Checks that NEW, a version of an event schema (OpenAPI 3 as the EventBridge Schema Registry\n"
    "exports it, or JSON Schema draft-04/07), is compatible with OLD:\n"
    "  backward (default)  every event valid under OLD is valid under NEW (consumers on NEW read old events)\n"
    "  forward             every event valid under NEW is valid under OLD (consumers on OLD read new events)\n"
    "  full                both\n"
    "OpenAPI documents are compared by the AWSEvent envelope (detail through its $ref), else schema by\n"
    "schema by name. OLD and NEW are files or git:REF:PATH, read from the repository around the\n"
    "current directory as `git show REF:PATH` would (PATH from the top of the repository unless it\n"
    "starts with ./); relative $refs resolve in the same revision.\n"
    "--transitive checks NEW against every earlier version: files Name.vN.json or Name@N.json (any\n"
    "extension) beside NEW with a lower N, or when there is none, NEW's path in each commit of the git\n"
    "history that changed it (at most 100), and OLD when given.\n\n"
    "Each breaking change is one line at NEW's position, with the JSON Pointer of the keyword and a\n"
    "note at OLD's position:\n"
    "  new.json:12:20: error: /properties/priority/maximum: upper bound lowered: ... [backward]\n"
    "  old.json:11:20: note: the old schema's \"maximum\" is here\n"
    "A change eventc cannot decide (two different patterns) is a warning: \"cannot decide: ...\".\n\n"
    "%s\n"
    "Exit status: 0 compatible, 1 incompatible, 3 no breaking change found but some change cannot\n"
    "be decided, 2 bad usage or unreadable schema.\n";

typedef struct compat_args {
  const char *old, *new;
  evcc_compat_mode_t mode;
  bool transitive;
} compat_args_t;

/* One loaded version: its schema set, the copy a git: version was read from. */
typedef struct version {
  evcc_schema_set_t *set;
  evcc_git_copy_t copy;
  char *display; /* the name its positions carry */
  char *ref;     /* "git:REF:" of a git: version */
} version_t;

static void version_free(version_t *v) {
  evcc_schema_set_free(v->set);
  evcc_git_copy_remove(&v->copy);
  free(v->display);
  free(v->ref);
  memset(v, 0, sizeof *v);
}

/* Parses a git: version's copy under the name `spec`, then points the document at the copy for its $refs. */
static evcc_doc_t *load_copy(const char *spec, version_t *v, const evcc_cli_input_opts_t *opts, evcc_diag_t *d) {
  size_t len;
  char *text = evcc_cli_read_file(
      v->copy.file, opts->limits.max_file_bytes ? opts->limits.max_file_bytes : EVCC_DEFAULT_MAX_FILE_BYTES, &len);
  evcc_doc_t *doc = text ? evcc_doc_parse_limited(spec, text, len, EVCC_SYNTAX_AUTO, &opts->limits, d) : NULL;
  free(text);
  if (doc) {
    v->display = doc->path; /* the positions keep pointing at it */
    doc->path = strdup(v->copy.file);
  }
  return doc;
}

/* Loads a file or git:REF:PATH into v; false after printing why. */
static bool load_version(const char *spec, const evcc_cli_input_opts_t *opts, version_t *v, evcc_diag_t *d) {
  char err[600];
  memset(v, 0, sizeof *v);
  if (!strncmp(spec, "git:", 4)) {
    const char *colon = strchr(spec + 4, ':');
    char *ref = colon ? strndup(spec + 4, (size_t)(colon - spec - 4)) : NULL;
    bool ok = ref && *ref && colon[1] && evcc_git_copy(ref, colon + 1, &v->copy, err, sizeof err);
    free(ref);
    if (ok) v->ref = strndup(spec, (size_t)(colon - spec + 1));
    if (!ok) {
      fprintf(stderr, "eventc compat: %s: %s\n", spec, colon ? err : "expected git:REF:PATH");
      return false;
    }
  }
  v->set = evcc_schema_set_new();
  if (!evcc_cli_apply_schema_opts(opts, v->set)) return false;
  evcc_doc_t *doc =
      v->copy.file ? load_copy(spec, v, opts, d) : evcc_doc_load_limited(spec, EVCC_SYNTAX_AUTO, &opts->limits, d);
  return doc && evcc_schema_set_add(v->set, doc, d) && !evcc_diag_failed(d);
}

/* ---- output ---- */

/* A position; files of a git: version's copy (its $ref targets) are named git:REF:PATH as well. */
static void print_loc(evcc_loc_t l, const version_t *const versions[2]) {
  for (int i = 0; l.file && i < 2; i++) {
    const char *tmp = versions[i]->copy.tmpdir;
    size_t n = tmp ? strlen(tmp) : 0;
    if (n && !strncmp(l.file, tmp, n) && l.file[n] == '/') {
      fprintf(stderr, "%s%s:%u:%u: ", versions[i]->ref, l.file + n + 1, l.line, l.col);
      return;
    }
  }
  if (l.file)
    fprintf(stderr, "%s:%u:%u: ", l.file, l.line, l.col);
  else
    fputs("eventc compat: ", stderr);
}

static void print_findings(const evcc_compat_result_t *r, const version_t *const versions[2]) {
  for (size_t i = 0; i < r->count; i++) {
    const evcc_compat_finding_t *f = &r->items[i];
    print_loc(f->new_loc, versions);
    fprintf(stderr, "%s: %s: %s [%s]\n", f->kind == EVCC_COMPAT_BREAK ? "error" : "warning", f->pointer, f->message,
            f->direction == EVCC_COMPAT_BACKWARD ? "backward" : "forward");
    if (f->old_loc.file) {
      print_loc(f->old_loc, versions);
      fprintf(stderr, "note: %s\n", f->old_note);
    }
  }
}

static const char *mode_name(evcc_compat_mode_t m) {
  return m == EVCC_COMPAT_FULL ? "full" : m == EVCC_COMPAT_FORWARD ? "forward" : "backward";
}

/* Compares two specs; 0, 1, 3 as the exit status, 2 when one cannot be loaded. */
static int compare(const char *old_spec, const char *new_spec, const compat_args_t *a,
                   const evcc_cli_input_opts_t *opts) {
  version_t old = {0}, new = {0};
  evcc_diag_t d;
  evcc_diag_init(&d);
  int rc = 2;
  bool loaded = load_version(old_spec, opts, &old, &d) && load_version(new_spec, opts, &new, &d);
  evcc_cli_print_diags(&d);
  if (loaded) {
    evcc_compat_result_t res = {NULL, 0};
    char err[256];
    if (evcc_compat_check(old.set, new.set, a->mode, &res, err, sizeof err)) {
      size_t breaks = 0;
      for (size_t i = 0; i < res.count; i++) breaks += res.items[i].kind == EVCC_COMPAT_BREAK;
      const version_t *const versions[2] = {&old, &new};
      print_findings(&res, versions);
      rc = breaks ? 1 : res.count ? 3 : 0;
      printf("%s -> %s: %s (%s)\n", old_spec, new_spec,
             rc == 0   ? "compatible"
             : rc == 1 ? "incompatible"
                       : "cannot decide",
             mode_name(a->mode));
    } else {
      fprintf(stderr, "eventc compat: %s and %s: %s\n", old_spec, new_spec, err);
    }
    evcc_compat_result_free(&res);
  }
  version_free(&old);
  version_free(&new);
  evcc_diag_free(&d);
  return rc;
}

/* ---- earlier versions (--transitive) ---- */

/* "dir/Ticket.v2.json" -> stem "Ticket", version "2" (NULL when the name carries none). */
static char *split_name(const char *path, char **version) {
  const char *base = strrchr(path, '/');
  char *stem = strdup(base ? base + 1 : path), *dot = strrchr(stem, '.'), *at, *v;
  if (dot && dot != stem) *dot = '\0';
  *version = NULL;
  if ((at = strrchr(stem, '@')) && at[1])
    *version = strdup(at + 1), *at = '\0';
  else if ((v = strstr(stem, ".v")) && v[2] >= '0' && v[2] <= '9')
    *version = strdup(v + 2), *v = '\0';
  return stem;
}

static int cmp_version(const char *a, const char *b) {
  char *ea, *eb;
  double x = strtod(a, &ea), y = strtod(b, &eb);
  if (!*ea && !*eb) return x < y ? -1 : x > y;
  return strcmp(a, b);
}

typedef struct found {
  char *path, *version;
} found_t;

static int cmp_found(const void *x, const void *y) {
  return cmp_version(((const found_t *)x)->version, ((const found_t *)y)->version);
}

/* Files beside `path` holding earlier versions of its schema, oldest first. */
static size_t versions_beside(const char *path, found_t **out) {
  char *version, *stem = split_name(path, &version), *dir = strdup(path), *slash = strrchr(dir, '/');
  if (slash) *slash = '\0';
  DIR *dh = opendir(slash ? dir : ".");
  size_t n = 0;
  struct dirent *e;
  *out = NULL;
  while (dh && (e = readdir(dh))) {
    char *v, *s = split_name(e->d_name, &v);
    bool earlier = v && !strcmp(s, stem) && (!version || cmp_version(v, version) < 0);
    if (earlier) {
      *out = realloc(*out, (n + 1) * sizeof **out);
      if (!*out) abort();
      evcc_buf_t p;
      evcc_buf_init(&p);
      evcc_buf_printf(&p, "%s/%s", slash ? dir : ".", e->d_name);
      (*out)[n++] = (found_t){evcc_buf_take(&p), v};
    } else {
      free(v);
    }
    free(s);
  }
  if (dh) closedir(dh);
  if (n) qsort(*out, n, sizeof **out, cmp_found);
  free(stem), free(version), free(dir);
  return n;
}

/* Revisions of `spec` in git history, as git:COMMIT:PATH specs, oldest first. */
static size_t versions_in_history(const char *spec, found_t **out) {
  bool is_git = !strncmp(spec, "git:", 4);
  const char *colon = is_git ? strchr(spec + 4, ':') : NULL;
  char *ref = colon ? strndup(spec + 4, (size_t)(colon - spec - 4)) : NULL, **commits, *top_path;
  size_t n = evcc_git_history(ref, colon ? colon + 1 : spec, 100, &commits, &top_path);
  *out = n ? calloc(n, sizeof **out) : NULL;
  for (size_t i = 0; i < n; i++) {
    evcc_buf_t p;
    evcc_buf_init(&p);
    evcc_buf_printf(&p, "git:%.12s:%s", commits[i], top_path);
    (*out)[n - 1 - i] = (found_t){evcc_buf_take(&p), NULL};
    free(commits[i]);
  }
  free(commits), free(top_path), free(ref);
  return n;
}

static int transitive(const compat_args_t *a, const evcc_cli_input_opts_t *opts) {
  found_t *found;
  size_t n = strncmp(a->new, "git:", 4) ? versions_beside(a->new, &found) : 0;
  if (!n) n = versions_in_history(a->new, &found);
  int rc = a->old ? compare(a->old, a->new, a, opts) : n ? 0 : 2;
  if (!a->old && !n) fprintf(stderr, "eventc compat: no earlier version of %s found\n", a->new);
  for (size_t i = 0; i < n; i++) {
    int r = compare(found[i].path, a->new, a, opts);
    rc = r == 2 || rc == 2 ? 2 : r == 1 || rc == 1 ? 1 : r == 3 || rc == 3 ? 3 : 0;
    free(found[i].path), free(found[i].version);
  }
  free(found);
  return rc;
}

/* ---- arguments ---- */

/* 1 parsed, 0 help printed, -1 bad usage. */
static int parse_args(int argc, char **argv, compat_args_t *a, evcc_cli_input_opts_t *opts) {
  const char *pos[3] = {NULL, NULL, NULL};
  size_t npos = 0;
  a->mode = EVCC_COMPAT_BACKWARD;
  for (int i = 1; i < argc; i++) {
    if (evcc_cli_is_help(argv[i])) return printf(usage_text, evcc_cli_input_opts_help), 0;
    int taken = evcc_cli_input_option(opts, true, argc, argv, &i);
    if (taken < 0) return -1;
    if (taken) continue;
    if (!strcmp(argv[i], "--mode") && i + 1 < argc) {
      const char *m = argv[++i];
      if (!strcmp(m, "backward"))
        a->mode = EVCC_COMPAT_BACKWARD;
      else if (!strcmp(m, "forward"))
        a->mode = EVCC_COMPAT_FORWARD;
      else if (!strcmp(m, "full"))
        a->mode = EVCC_COMPAT_FULL;
      else
        return -1;
    } else if (!strcmp(argv[i], "--transitive")) {
      a->transitive = true;
    } else if (argv[i][0] != '-' && npos < 3) {
      pos[npos++] = argv[i];
    } else {
      return -1;
    }
  }
  if (npos == 2)
    a->old = pos[0], a->new = pos[1];
  else if (npos == 1 && a->transitive)
    a->new = pos[0];
  else
    return -1;
  return 1;
}

int evcc_cmd_compat(int argc, char **argv) {
  compat_args_t a = {0};
  evcc_cli_input_opts_t opts = {0};
  int parsed = parse_args(argc, argv, &a, &opts), rc = 0;
  if (parsed < 0)
    fprintf(stderr, usage_text, evcc_cli_input_opts_help), rc = 2;
  else if (parsed > 0)
    rc = a.transitive ? transitive(&a, &opts) : compare(a.old, a.new, &a, &opts);
  evcc_cli_input_opts_free(&opts);
  return rc;
}
