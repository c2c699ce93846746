/* eventc check: loads and validates rule files and event schemas, gcc-style diagnostics. */
#include "buf.h"
#include "cli.h"
#include "model.h"
#include "rule_schema.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: eventc check [-Werror] [-W<name>] [-Wno-<name>] [--dump-ir] FILE...\n\n"
    "Loads and validates rule files (CloudFormation/SAM templates, eventc rules files, JSON event\n"
    "patterns) and event schemas (OpenAPI 3, JSON Schema), printing one\n"
    "  file:line:col: error: message\n"
    "line per problem on standard error. A clean input prints nothing.\n\n"
    "Options:\n"
    "  -Werror          treat warnings as errors\n"
    "  -Wno-<name>      disable a warning; -W<name> enables it\n"
    "  --dump-ir        print the normalized rule IR of each bus on standard output\n"
    "  -fdiagnostics-format=json|sarif  the diagnostics as one JSON array or one SARIF 2.1.0 log\n"
    "                   on standard error when the command ends (every command takes it)\n\n"
    "%s\n"
    "Warnings: pattern-size, unknown-field, unknown-keyword, ignored-field, large-automaton,\n"
    "schema-fallback, undeclared-bus, unknown-type, rule-schema.\n\n"
    "Exit status: 0 clean, 1 problems found, 2 bad usage.\n";

static void dump_ir(const evcc_model_t *m, evcc_diag_t *d) {
  const char *buses[256];
  size_t nbus = evcc_model_bus_names(m, buses, 256);
  for (size_t i = 0; i < nbus; i++) {
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    if (evcc_model_build_ir(m, buses[i], &ir, d)) {
      evcc_buf_t out;
      evcc_buf_init(&out);
      evcc_ir_dump(&ir, &out);
      printf("bus %s\n%s", buses[i], out.data ? out.data : "");
      evcc_buf_free(&out);
    }
    evcc_ir_free(&ir);
  }
}

int evcc_cmd_check(int argc, char **argv) {
  evcc_diag_t d;
  evcc_diag_init(&d);
  bool dump = false;
  int nfiles = 0;
  evcc_cli_input_opts_t opts = {0};
  const char **files = calloc((size_t)argc, sizeof *files);
  if (!files) abort();
  for (int i = 1; i < argc; i++) {
    if (evcc_cli_is_help(argv[i])) {
      printf(usage_text, evcc_cli_input_opts_help);
      evcc_diag_free(&d);
      free(files);
      return 0;
    }
    int taken = evcc_cli_input_option(&opts, true, argc, argv, &i);
    if (taken < 0) {
      evcc_diag_free(&d);
      evcc_cli_input_opts_free(&opts);
      free(files);
      return 2;
    }
    if (taken) continue;
    if (strcmp(argv[i], "--dump-ir") == 0) dump = true;
    else if (strncmp(argv[i], "-W", 2) == 0 && !evcc_diag_flag(&d, argv[i])) {
      fprintf(stderr, "eventc check: unknown warning option '%s'\n", argv[i]);
      evcc_diag_free(&d);
      evcc_cli_input_opts_free(&opts);
      free(files);
      return 2;
    } else if (argv[i][0] != '-' || strcmp(argv[i], "-") == 0) files[nfiles++] = argv[i];
    else if (strncmp(argv[i], "-W", 2) != 0) {
      fprintf(stderr, "eventc check: unknown option '%s'\n\n", argv[i]);
      fprintf(stderr, usage_text, evcc_cli_input_opts_help);
      evcc_diag_free(&d);
      evcc_cli_input_opts_free(&opts);
      free(files);
      return 2;
    }
  }
  evcc_schema_set_t *schemas = evcc_schema_set_new();
  if (nfiles == 0 || !evcc_cli_apply_schema_opts(&opts, schemas)) {
    if (nfiles == 0) {
      fprintf(stderr, "eventc check: no input files\n\n");
      fprintf(stderr, usage_text, evcc_cli_input_opts_help);
    }
    evcc_schema_set_free(schemas);
    evcc_diag_free(&d);
    evcc_cli_input_opts_free(&opts);
    free(files);
    return 2;
  }
  evcc_model_t m;
  evcc_model_init(&m);
  m.limits = &opts.limits;
  for (int i = 0; i < nfiles; i++) {
    evcc_doc_t *doc = evcc_doc_load_limited(files[i], EVCC_SYNTAX_AUTO, &opts.limits, &d);
    if (!doc) continue;
    if (evcc_schema_doc_is_schema(doc)) evcc_schema_set_add(schemas, doc, &d);
    else evcc_model_add_doc(&m, doc, &d);
  }
  evcc_model_check_buses(&m, &d);
  evcc_rule_schema_check(&m, schemas, &d);
  /* Patterns are validated while building each bus's IR. */
  const char *buses[256];
  size_t nbus = evcc_model_bus_names(&m, buses, 256);
  for (size_t i = 0; i < nbus && !dump; i++) {
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    evcc_model_build_ir(&m, buses[i], &ir, &d);
    evcc_ir_free(&ir);
  }
  if (dump) dump_ir(&m, &d);
  evcc_cli_print_diags(&d);
  int rc = evcc_diag_failed(&d) ? 1 : 0;
  evcc_schema_set_free(schemas);
  evcc_model_free(&m);
  evcc_diag_free(&d);
  evcc_cli_input_opts_free(&opts);
  free(files);
  return rc;
}
