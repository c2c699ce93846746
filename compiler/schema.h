/* Event schemas (OpenAPI 3, JSON Schema draft-04/07): loading, checking, and the set `compile` emits. */
#ifndef EVCC_SCHEMA_H
#define EVCC_SCHEMA_H

#include "diag.h"
#include "doc.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct evcc_schema_set evcc_schema_set_t;

evcc_schema_set_t *evcc_schema_set_new(void);
void evcc_schema_set_free(evcc_schema_set_t *set);

/* True when a loaded document is an event schema (OpenAPI 3 or JSON Schema), not a rule file. */
bool evcc_schema_doc_is_schema(const evcc_doc_t *doc);

/*
 * Adds a schema document (already loaded; the set takes ownership) and everything it
 * references by relative path, checking it: invalid $ref is an error with file:line:col,
 * unknown keywords are warnings (-Wunknown-keyword). Returns false on errors.
 */
bool evcc_schema_set_add(evcc_schema_set_t *set, evcc_doc_t *doc, evcc_diag_t *d);

/*
 * The JSON types (EVCC_T_* of schema_ir.h) the set's event schemas allow at JSONPath `path` of the
 * events a rule with `pattern` matches: the envelope schemas (x-amazon-events-source and
 * -detail-type) whose source and detail-type are the only ones the pattern accepts. 0 when no
 * schema applies or one of them does not say; *schema_name then names a schema that did.
 */
unsigned evcc_schema_types_at(const evcc_schema_set_t *set, const evcc_node_t *pattern, const char *path,
                              const char **schema_name);

/* Limits of every document a $ref loads (NULL: the defaults); the file size also caps $ref targets. */
void evcc_schema_set_limits(evcc_schema_set_t *set, const evcc_load_limits_t *limits);

/*
 * $ref policy: a $ref may read regular files under the directories of the schemas added and
 * under each root given here (canonicalised; false when `dir` does not exist), or any regular
 * file once allowed outside. A refusal is an error at the $ref naming the path and the reason.
 */
bool evcc_schema_set_ref_root(evcc_schema_set_t *set, const char *dir);
void evcc_schema_set_allow_ref_outside(evcc_schema_set_t *set, bool allow);

/* Every file the set read (for --depfile). */
size_t evcc_schema_set_files(const evcc_schema_set_t *set, const char *const **files);

#endif
