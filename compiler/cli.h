/* Shared helpers of the CLI commands: option parsing, reading inputs, printing diagnostics. */
#ifndef EVCC_CLI_H
#define EVCC_CLI_H

#include "diag.h"

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

/* True when argv[i] is "-h" or "--help". */
bool evcc_cli_is_help(const char *arg);
/* Reads a whole file ("-" = stdin); NUL-terminated; NULL with a message on stderr on failure. */
char *evcc_cli_read_file(const char *path, size_t *len);
/* An argument that is a path, "-" for stdin, or inline JSON (first non-blank byte '{' or '['). */
char *evcc_cli_read_arg(const char *arg, size_t *len, const char **name);
/* Prints every recorded diagnostic to stderr, sorted by file and position (unless echoed already). */
void evcc_cli_print_diags(const evcc_diag_t *d);
/* Reads one line of any length from `f` into *buf (grown as needed); false at EOF. */
bool evcc_cli_getline(FILE *f, char **buf, size_t *cap, size_t *len);

#endif
