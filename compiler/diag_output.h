/* Machine-readable diagnostics: -fdiagnostics-format=json|sarif for every command, printed at exit. */
#ifndef EVCC_DIAG_OUTPUT_H
#define EVCC_DIAG_OUTPUT_H

#include "diag.h"

#include <stdio.h>

typedef enum evcc_diag_output {
  EVCC_DIAG_OUTPUT_TEXT, /* file:line:col: severity: message, as each command prints it */
  EVCC_DIAG_OUTPUT_JSON, /* one JSON array, one object per diagnostic, notes inside it */
  EVCC_DIAG_OUTPUT_SARIF /* one SARIF 2.1.0 log */
} evcc_diag_output_t;

/*
 * Parses "-fdiagnostics-format=text|json|sarif" and selects that format for the whole process:
 * 1 when `arg` is that option, 0 when it is another argument, -1 (message on stderr) for a bad value.
 */
int evcc_diag_output_option(const char *arg);

evcc_diag_output_t evcc_diag_output(void);

/*
 * In a machine format, every message any evcc_diag_t records is also kept here (a note goes with
 * the message before it), instead of being printed as text.
 */
void evcc_diag_output_collect(const evcc_diag_msg_t *m);

/*
 * Writes what was collected in the selected format (nothing in text) to `out` and forgets it.
 * `exit_status` is the command's, reported as the SARIF invocation's exit code.
 */
void evcc_diag_output_finish(FILE *out, int exit_status);

/* Forgets what was collected without freeing it: after an out-of-memory unwind freed it (mem.h). */
void evcc_diag_output_drop(void);

#endif
