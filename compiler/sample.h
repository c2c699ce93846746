/* Random events from an event schema (`eventc sample`): valid by construction, or breaking exactly one keyword. */
#ifndef EVCC_SAMPLE_H
#define EVCC_SAMPLE_H

#include "buf.h"
#include "schema_ir.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct evcc_sampler evcc_sampler_t;

typedef struct evcc_sample_opts {
  unsigned long long seed;        /* same seed, same schema: same events */
  const char *const *extra_names; /* names sampled objects may carry as additional properties */
  size_t nextra;                  /* (0: generated names) where the schema allows them */
} evcc_sample_opts_t;

/* A sampler of `root` (one of `set`'s roots; the set must outlive it). */
evcc_sampler_t *evcc_sampler_new(evcc_schema_set_t *set, const evcc_sroot_t *root, const evcc_sample_opts_t *opts);
void evcc_sampler_free(evcc_sampler_t *sp);

/*
 * Appends one event (compact JSON, no newline) that is valid under the root, checked with the schema
 * interpreter. False, with the reason in `err` ("cannot sample pattern /.../ ..."), when the schema
 * cannot be sampled.
 */
bool evcc_sample_valid(evcc_sampler_t *sp, evcc_buf_t *out, char *err, size_t cap);

/*
 * Appends `{"event":E,"breaks":K,"at":P}`: E is an event that breaks exactly the keyword at schema
 * location K (a JSON Pointer into the schema, through properties/items, $ref followed, such as
 * "/properties/detail/required") at instance location P. False with the reason in `err` when the
 * schema has no keyword an event can break (e.g. `{}`) or cannot be sampled.
 */
bool evcc_sample_invalid(evcc_sampler_t *sp, evcc_buf_t *out, char *err, size_t cap);

#endif
