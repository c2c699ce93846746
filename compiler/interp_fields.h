/* The reference interpreter's view of an event (flattened leaf fields) and its search, for `eventc explain`. */
#ifndef EVCC_INTERP_FIELDS_H
#define EVCC_INTERP_FIELDS_H

#include "ir.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A field sits in element `index` of the event's array number `array`. */
typedef struct evcc_member {
  uint32_t array;
  uint32_t index;
} evcc_member_t;

/* One leaf of the event: its dotted path, its value, the elements of arrays of objects it is in. */
typedef struct evcc_field {
  char *path;
  const json_t *value;
  evcc_member_t *members; /* outermost array first */
  size_t nmember;
} evcc_field_t;

typedef struct evcc_fields {
  evcc_field_t *v;
  size_t n, cap;
  uint32_t next_array;
  char **array_paths; /* dotted path of each array, by array number */
} evcc_fields_t;

/* Flattens an event (a JSON object; anything else has no fields). */
void evcc_fields_flatten(const json_t *event, evcc_fields_t *fs);
void evcc_fields_free(evcc_fields_t *fs);

/* Whether two fields may be used in one match: they agree on every array they both sit in (§11.3). */
bool evcc_fields_consistent(const evcc_field_t *a, const evcc_field_t *b);

/* Whether a leaf value satisfies a condition (NOT_EXISTS is decided on the whole event). */
bool evcc_interp_value_cond(const evcc_cond_t *k, const json_t *v);

/* Whether field `f` (at the term's path) satisfies one of the term's value conditions. */
bool evcc_interp_field_satisfies(const evcc_ir_t *ir, const evcc_term_t *t, const evcc_field_t *f);

/*
 * The interpreter's array-consistent search for one alternative: true when it holds, with
 * chosen[t] (room for alt->nterm) the field used for term t, NULL where the term holds by absence.
 */
bool evcc_interp_alt_search(const evcc_ir_t *ir, const evcc_fields_t *fs, const evcc_alt_t *alt,
                            const evcc_field_t **chosen);

#endif
