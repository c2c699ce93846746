/* -Wrule-schema: rule conditions and input paths that the rule's event schemas say can never hold. */
#ifndef EVCC_RULE_SCHEMA_H
#define EVCC_RULE_SCHEMA_H

#include "diag.h"
#include "model.h"
#include "schema.h"

/*
 * Checks every rule of `m` whose events a schema of `set` describes (README "Rules checked
 * against schemas" gives the association): a warning at the rule's pattern value or input path,
 * with a note at the schema, for each condition or path the schema makes impossible.
 */
void evcc_rule_schema_check(const evcc_model_t *m, const evcc_schema_set_t *set, evcc_diag_t *d);

#endif
