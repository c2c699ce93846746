/* Versioned dispatch of schemas compiled side by side (Name.v1.json, Name.v2.json): <PFX>_<Name>_parse_any(). */
#ifndef EVCC_EMIT_SCHEMA_ANY_H
#define EVCC_EMIT_SCHEMA_ANY_H

#include "emit.h"
#include "schema.h"

/*
 * For each schema name with two or more versions that all have a struct API and a version member
 * (x-eventc-version-field, else schema_version in every version): the version enum, the union of
 * the versions' structs and parse_any, declared in ctx->h and defined in `code`. `names[i]` is the
 * C name of root i's entry points. Returns false after reporting symbol clashes.
 */
bool evcc_emit_schema_any(evcc_emit_ctx_t *ctx, evcc_schema_set_t *set, const char *pfx, char *const *names,
                          evcc_buf_t *code);

#endif
