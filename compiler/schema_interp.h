/* A second, independent implementation of schema validation over jansson values (validate command, differential tests). */
#ifndef EVCC_SCHEMA_INTERP_H
#define EVCC_SCHEMA_INTERP_H

#include "schema_ir.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct evcc_interp evcc_interp_t;

evcc_interp_t *evcc_interp_new(evcc_schema_set_t *set);
void evcc_interp_free(evcc_interp_t *in);
/*
 * Validates the JSON text against `root`; on failure `why` holds "/pointer: keyword: message".
 * With `detail`, an EventBridge envelope (an object with "detail-type" and "detail") is checked
 * by its detail: what a schema without the AWSEvent wrapper describes.
 */
bool evcc_interp_check(evcc_interp_t *in, const evcc_snode_t *root, const char *json, size_t len, bool detail,
                       char *why, size_t cap);

#endif
