/* `eventc validate SCHEMA < events.ndjson`: validates each event line against a schema. */
#include "cli.h"
#include "schema_interp.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: eventc validate [--schema NAME] [-q] SCHEMA < events.ndjson\n\n"
    "Validates each line of standard input (one JSON event per line) against SCHEMA, an OpenAPI 3\n"
    "or JSON Schema (draft-04/07) file, and prints \"N: ok\" or \"N: /pointer: keyword: reason\".\n"
    "With several schemas in the file (OpenAPI components), --schema picks one; the default is\n"
    "AWSEvent when present, else the first. A schema other than AWSEvent (or another envelope with\n"
    "x-amazon-events-source) describes the event's detail: a line that is a whole EventBridge event\n"
    "is checked by its \"detail\" member.\n"
    "-q prints only the invalid lines.\n\n"
    "%s\n"
    "Exit status: 0 every event valid, 1 some event invalid, 2 bad usage or schema.\n";

static const evcc_sroot_t *pick_root(evcc_schema_set_t *set, const char *name) {
  evcc_sroot_t *roots;
  size_t n = evcc_schema_set_roots(set, &roots);
  for (size_t i = 0; i < n; i++)
    if (name ? !strcmp(roots[i].name, name) : !strcmp(roots[i].name, "AWSEvent")) return &roots[i];
  return !name && n ? &roots[0] : NULL;
}

static int run(evcc_schema_set_t *set, const evcc_sroot_t *root, bool quiet) {
  evcc_interp_t *in = evcc_interp_new(set);
  char *line = NULL, why[512];
  size_t cap = 0, len, lineno = 0;
  int rc = 0;
  while (evcc_cli_getline(stdin, &line, &cap, &len)) {
    lineno++;
    if (strspn(line, " \t\r\n") == len) continue;
    bool envelope = !strcmp(root->name, "AWSEvent") || root->source; /* x-amazon-events-source: a whole event */
    if (evcc_interp_check(in, root->schema, line, len, !envelope, why, sizeof why)) {
      if (!quiet) printf("%lu: ok\n", (unsigned long)lineno);
    } else {
      printf("%lu: %s\n", (unsigned long)lineno, why);
      rc = 1;
    }
  }
  free(line);
  evcc_interp_free(in);
  return rc;
}

int evcc_cmd_validate(int argc, char **argv) {
  const char *path = NULL, *name = NULL;
  bool quiet = false;
  evcc_cli_input_opts_t opts = {0};
  for (int i = 1; i < argc; i++) {
    if (evcc_cli_is_help(argv[i])) {
      printf(usage_text, evcc_cli_input_opts_help);
      evcc_cli_input_opts_free(&opts);
      return 0;
    }
    int taken = evcc_cli_input_option(&opts, true, argc, argv, &i);
    if (taken < 0) path = NULL, i = argc;
    else if (taken) continue;
    else if (!strcmp(argv[i], "--schema") && i + 1 < argc) name = argv[++i];
    else if (!strcmp(argv[i], "-q")) quiet = true;
    else if (!path && argv[i][0] != '-') path = argv[i];
    else path = NULL, i = argc;
  }
  evcc_schema_set_t *set = evcc_schema_set_new();
  if (!path || !evcc_cli_apply_schema_opts(&opts, set)) {
    if (!path) fprintf(stderr, usage_text, evcc_cli_input_opts_help);
    evcc_schema_set_free(set);
    evcc_cli_input_opts_free(&opts);
    return 2;
  }
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_doc_t *doc = evcc_doc_load_limited(path, EVCC_SYNTAX_AUTO, &opts.limits, &d);
  int rc = 2;
  if (doc && evcc_schema_set_add(set, doc, &d) && !evcc_diag_failed(&d)) {
    const evcc_sroot_t *root = pick_root(set, name);
    if (root) rc = run(set, root, quiet);
    else fprintf(stderr, "eventc validate: no schema named \"%s\" in %s\n", name ? name : "?", path);
  }
  evcc_cli_print_diags(&d);
  evcc_schema_set_free(set);
  evcc_diag_free(&d);
  evcc_cli_input_opts_free(&opts);
  return rc;
}
