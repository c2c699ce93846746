/* eventc: the command-line entry point; dispatches to one command per file. */
#include "cli.h"
#include "diag_output.h"
#include "evcc_version.h"
#include "mem.h"

#include <stdio.h>
#include <string.h>

static const evcc_command_t commands[] = {
    {"check", "load and validate rule files and schemas; gcc-style diagnostics", evcc_cmd_check},
    {"test-pattern", "test one event against one event pattern (aws events test-event-pattern)",
     evcc_cmd_test_pattern},
    {"match", "print the rules each event of an NDJSON stream matches", evcc_cmd_match},
    {"compile", "compile rules and schemas into a C matcher (NAME.h, NAME.c)", evcc_cmd_compile},
    {"validate", "validate each event of an NDJSON stream against an event schema", evcc_cmd_validate},
    {"replay", "print an archive database's events of a time window as a replay sends them", evcc_cmd_replay},
    {"dlq", "list the dead letters of a dead-letter store database", evcc_cmd_dlq},
    {"graph", "print the routing diagram of rule files (Graphviz DOT or Mermaid)", evcc_cmd_graph},
    {"infer", "infer event schemas from an NDJSON stream (the registry's schema discovery)", evcc_cmd_infer},
    {"sample", "print random events of an event schema (valid, or each breaking one keyword)", evcc_cmd_sample},
    {"compat", "check that a new version of an event schema is compatible with the old one", evcc_cmd_compat},
    {"explain", "why an event does or does not match each rule, field by field", evcc_cmd_explain},
};

static void usage(FILE *out) {
  fputs("usage: eventc [--version] [--help] COMMAND [ARGS]\n\n"
        "eventc compiles Amazon EventBridge rules (CloudFormation/SAM templates, eventc rules files,\n"
        "JSON event patterns) and event schemas (OpenAPI 3, JSON Schema) into C.\n\n"
        "Commands:\n",
        out);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
  fputs("\nRun 'eventc COMMAND --help' for the options of one command.\n\n"
        "Every command takes -fdiagnostics-format=text|json|sarif: text (the default) prints\n"
        "file:line:col: severity: message lines; json prints one JSON array of the diagnostics on\n"
        "standard error when the command ends, sarif one SARIF 2.1.0 log (see README.md).\n",
        out);
}

typedef struct command_call {
  const evcc_command_t *command;
  int argc;
  char **argv;
  int status;
} command_call_t;

static void call_command(void *ctx) {
  command_call_t *c = ctx;
  c->status = c->command->run(c->argc, c->argv);
}

/* Runs a command as one allocation run: out of memory is a message and status 1, never a crash. */
static int run_command(const evcc_command_t *command, int argc, char **argv) {
  command_call_t call = {command, argc, argv, 0};
  if (evcc_mem_run(call_command, &call) == EVCC_MEM_OK) return call.status;
  fflush(stdout);
  fputs("eventc: out of memory\n", stderr);
  evcc_diag_output_drop();
  return 1;
}

/* Takes every -fdiagnostics-format=FORMAT out of argv (any position); false for a bad FORMAT. */
static bool take_output_options(int *argc, char **argv) {
  int kept = 1;
  bool ok = true;
  for (int i = 1; i < *argc; i++) {
    int taken = evcc_diag_output_option(argv[i]);
    if (taken < 0) ok = false;
    if (taken == 0) argv[kept++] = argv[i];
  }
  *argc = kept;
  argv[kept] = NULL;
  return ok;
}

static int run_and_report(const evcc_command_t *command, int argc, char **argv) {
  int status = run_command(command, argc, argv);
  evcc_diag_output_finish(stderr, status);
  return status;
}

int main(int argc, char **argv) {
  if (!take_output_options(&argc, argv)) return 2;
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (evcc_cli_is_help(argv[1])) {
    usage(stdout);
    return 0;
  }
  if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
    printf("eventc %s\n", EVCC_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(argv[1], commands[i].name) == 0) return run_and_report(&commands[i], argc - 1, argv + 1);
  fprintf(stderr, "eventc: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return 2;
}
