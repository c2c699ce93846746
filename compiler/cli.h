/* Shared helpers of the CLI commands: option parsing, reading inputs, printing diagnostics. */
#ifndef EVCC_CLI_H
#define EVCC_CLI_H

#include "diag.h"
#include "doc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef int (*evcc_cmd_fn)(int argc, char **argv);

typedef struct evcc_command {
  const char *name;
  const char *summary;
  evcc_cmd_fn run;
} evcc_command_t;

/* Commands, one file each. Exit codes: 0 ok, 1 problems found, 2 bad usage or invalid input. */
int evcc_cmd_check(int argc, char **argv);
int evcc_cmd_test_pattern(int argc, char **argv);
int evcc_cmd_match(int argc, char **argv);
int evcc_cmd_compile(int argc, char **argv);
int evcc_cmd_validate(int argc, char **argv);
int evcc_cmd_replay(int argc, char **argv);
int evcc_cmd_dlq(int argc, char **argv);
int evcc_cmd_graph(int argc, char **argv);
int evcc_cmd_infer(int argc, char **argv);
int evcc_cmd_sample(int argc, char **argv);
int evcc_cmd_compat(int argc, char **argv);
int evcc_cmd_explain(int argc, char **argv);

/* The options of every command that reads input files: loader limits and the $ref policy. */
typedef struct evcc_cli_input_opts {
  evcc_load_limits_t limits;  /* 0 fields: defaults */
  const char **ref_roots;     /* --ref-root DIR, repeatable */
  size_t nref_roots;
  bool allow_ref_outside;     /* --allow-ref-outside */
} evcc_cli_input_opts_t;

/* Help text of those options, for the usage of commands that take them all. */
extern const char evcc_cli_input_opts_help[];

/*
 * When argv[*i] is one of those options (only --max-file-size unless `all`), consumes it and
 * its value (advancing *i) and returns 1; returns 0 when it is not one; -1 with a message on
 * stderr when its value is bad.
 */
int evcc_cli_input_option(evcc_cli_input_opts_t *o, bool all, int argc, char **argv, int *i);
void evcc_cli_input_opts_free(evcc_cli_input_opts_t *o);

struct evcc_schema_set;
/* Hands the limits and the $ref policy to a schema set; false (message on stderr) for a bad --ref-root. */
bool evcc_cli_apply_schema_opts(const evcc_cli_input_opts_t *o, struct evcc_schema_set *set);

/* True when argv[i] is "-h" or "--help". */
bool evcc_cli_is_help(const char *arg);
/*
 * Reads a whole file ("-" = stdin) of at most `max` bytes (0: no limit); NUL-terminated; NULL
 * with a message on stderr on failure.
 */
char *evcc_cli_read_file(const char *path, size_t max, size_t *len);
/* An argument that is a path, "-" for stdin, or inline JSON (first non-blank byte '{' or '['). */
char *evcc_cli_read_arg(const char *arg, size_t max, size_t *len, const char **name);
/* Prints every recorded diagnostic to stderr, sorted by file and position (unless echoed already). */
void evcc_cli_print_diags(const evcc_diag_t *d);
/* Reads one line of any length from `f` into *buf (grown as needed); false at EOF. */
bool evcc_cli_getline(FILE *f, char **buf, size_t *cap, size_t *len);

#endif
