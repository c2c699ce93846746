/* `eventc sample SCHEMA`: prints random events of a schema as NDJSON, valid or each breaking one keyword. */
#include "cli.h"
#include "sample.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: eventc sample [-n N] [--seed S] [--invalid] [--name TYPE] [--extra-property NAME]... SCHEMA\n\n"
    "Prints N (default 10) random events of SCHEMA (OpenAPI 3 or JSON Schema draft-04/07), one JSON\n"
    "object per line. The same seed (default 0) gives the same events. Each event is valid by\n"
    "construction for the keywords eventc checks (formats, patterns, oneOf exactly one, ...) and\n"
    "checked with the schema interpreter of `eventc validate`. For an OpenAPI registry schema the\n"
    "events are whole AWSEvent envelopes (source and detail-type from x-amazon-events-*); --name\n"
    "picks another schema of the file (default AWSEvent, else the first).\n\n"
    "--invalid prints instead, per line, {\"event\":E,\"breaks\":K,\"at\":P}: E breaks exactly one\n"
    "keyword, at schema location K (a JSON Pointer through properties/items, $ref followed:\n"
    "\"/properties/detail/required\"), on the value at instance location P (\"/detail\").\n"
    "--extra-property NAME (repeatable): where the schema allows additional properties, sampled\n"
    "objects sometimes carry NAME with a value of any type (default: generated names).\n\n"
    "%s\n"
    "Exit status: 0 events printed, 1 the schema cannot be sampled (the reason on stderr,\n"
    "e.g. \"cannot sample pattern /.../\"), 2 bad usage or schema.\n";

typedef struct sample_args {
  const char *path, *name;
  unsigned long long seed;
  unsigned long count;
  bool invalid;
  const char **extra;
  size_t nextra;
} sample_args_t;

static bool parse_number(const char *s, unsigned long long *out) {
  char *end;
  errno = 0;
  *out = strtoull(s, &end, 10);
  return *s && *s != '-' && !*end && !errno;
}

/* 1 parsed, 0 help printed, -1 bad usage. */
static int parse_args(int argc, char **argv, sample_args_t *a, evcc_cli_input_opts_t *opts) {
  unsigned long long n = 10;
  for (int i = 1; i < argc; i++) {
    if (evcc_cli_is_help(argv[i])) return printf(usage_text, evcc_cli_input_opts_help), 0;
    int taken = evcc_cli_input_option(opts, true, argc, argv, &i);
    bool value = i + 1 < argc;
    if (taken < 0) return -1;
    if (taken) continue;
    if (!strcmp(argv[i], "-n") && value) {
      if (!parse_number(argv[++i], &n) || n > 100000000) return -1;
    } else if (!strcmp(argv[i], "--seed") && value) {
      if (!parse_number(argv[++i], &a->seed)) return -1;
    } else if (!strcmp(argv[i], "--name") && value) {
      a->name = argv[++i];
    } else if (!strcmp(argv[i], "--extra-property") && value) {
      a->extra = realloc(a->extra, (a->nextra + 1) * sizeof *a->extra);
      if (!a->extra) abort();
      a->extra[a->nextra++] = argv[++i];
    } else if (!strcmp(argv[i], "--invalid")) {
      a->invalid = true;
    } else if (!a->path && argv[i][0] != '-') {
      a->path = argv[i];
    } else {
      return -1;
    }
  }
  a->count = (unsigned long)n;
  return a->path ? 1 : -1;
}

static const evcc_sroot_t *pick_root(evcc_schema_set_t *set, const char *name) {
  evcc_sroot_t *roots;
  size_t n = evcc_schema_set_roots(set, &roots);
  for (size_t i = 0; i < n; i++)
    if (name ? !strcmp(roots[i].name, name) : !strcmp(roots[i].name, "AWSEvent")) return &roots[i];
  return !name && n ? &roots[0] : NULL;
}

static int print_events(evcc_schema_set_t *set, const evcc_sroot_t *root, const sample_args_t *a) {
  evcc_sample_opts_t o = {a->seed, a->extra, a->nextra};
  evcc_sampler_t *sp = evcc_sampler_new(set, root, &o);
  evcc_buf_t line;
  char err[600];
  int rc = 0;
  evcc_buf_init(&line);
  for (unsigned long i = 0; i < a->count && !rc; i++) {
    line.len = 0;
    bool ok =
        a->invalid ? evcc_sample_invalid(sp, &line, err, sizeof err) : evcc_sample_valid(sp, &line, err, sizeof err);
    if (ok)
      printf("%s\n", line.data);
    else
      fprintf(stderr, "eventc sample: %s: %s\n", a->path, err), rc = 1;
  }
  evcc_buf_free(&line);
  evcc_sampler_free(sp);
  return rc;
}

int evcc_cmd_sample(int argc, char **argv) {
  sample_args_t a = {0};
  evcc_cli_input_opts_t opts = {0};
  int parsed = parse_args(argc, argv, &a, &opts);
  evcc_schema_set_t *set = parsed > 0 ? evcc_schema_set_new() : NULL;
  int rc = parsed == 0 ? 0 : 2;
  if (parsed < 0) fprintf(stderr, usage_text, evcc_cli_input_opts_help);
  if (set && evcc_cli_apply_schema_opts(&opts, set)) {
    evcc_diag_t d;
    evcc_diag_init(&d);
    evcc_doc_t *doc = evcc_doc_load_limited(a.path, EVCC_SYNTAX_AUTO, &opts.limits, &d);
    if (doc && evcc_schema_set_add(set, doc, &d) && !evcc_diag_failed(&d)) {
      const evcc_sroot_t *root = pick_root(set, a.name);
      if (root)
        rc = print_events(set, root, &a);
      else
        fprintf(stderr, "eventc sample: no schema named \"%s\" in %s\n", a.name ? a.name : "?", a.path);
    }
    evcc_cli_print_diags(&d);
    evcc_diag_free(&d);
  }
  evcc_schema_set_free(set);
  evcc_cli_input_opts_free(&opts);
  free(a.extra);
  return rc;
}
