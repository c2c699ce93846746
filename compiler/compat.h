/* Compatibility of two versions of an event schema (`eventc compat`): which events one accepts and the other refuses.
 */
#ifndef EVCC_COMPAT_H
#define EVCC_COMPAT_H

#include "schema_ir.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum evcc_compat_mode {
  EVCC_COMPAT_BACKWARD = 1, /* every event valid under OLD is valid under NEW */
  EVCC_COMPAT_FORWARD = 2,  /* every event valid under NEW is valid under OLD */
  EVCC_COMPAT_FULL = 3      /* both */
} evcc_compat_mode_t;

typedef enum evcc_compat_kind {
  EVCC_COMPAT_BREAK,    /* some event of one version is refused by the other */
  EVCC_COMPAT_UNDECIDED /* eventc cannot tell (two different patterns, ...) */
} evcc_compat_kind_t;

typedef struct evcc_compat_finding {
  evcc_compat_kind_t kind;
  evcc_compat_mode_t direction; /* BACKWARD or FORWARD */
  char *pointer;                /* schema location of the keyword in NEW ("/properties/x/maximum") */
  evcc_loc_t new_loc, old_loc;  /* the keyword (or its schema) in each version */
  char *message, *old_note;
} evcc_compat_finding_t;

typedef struct evcc_compat_result {
  evcc_compat_finding_t *items;
  size_t count;
} evcc_compat_result_t;

/*
 * Compares the event schemas of two loaded sets: the AWSEvent envelopes when both have one, else
 * every schema by name (or the only schema of each). Appends the findings of `mode` to `res`;
 * false, with the reason in `err`, when the sets have no schema in common.
 */
bool evcc_compat_check(evcc_schema_set_t *old_set, evcc_schema_set_t *new_set, evcc_compat_mode_t mode,
                       evcc_compat_result_t *res, char *err, size_t cap);
void evcc_compat_result_free(evcc_compat_result_t *res);

#endif
