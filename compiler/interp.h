/* Reference interpreter: the definition of "correct" for every generated matcher. */
#ifndef EVCC_INTERP_H
#define EVCC_INTERP_H

#include "ir.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Matches a parsed event against rule `rule` of `ir`, with EventBridge semantics: dotted-path
 * flattening, any-element array matching, array consistency across arrays of objects
 * (event-ruler's rulesForJSONEvent), null/missing/empty distinctions, numeric equality.
 * Parse events with evcc_interp_load_event() so numbers and NUL bytes are kept.
 */
bool evcc_interp_match_rule(const evcc_ir_t *ir, uint32_t rule, const json_t *event);

/* Writes the ids of every matching rule, in rule order, to `out` (room for ir->nrule). */
size_t evcc_interp_match(const evcc_ir_t *ir, const json_t *event, uint32_t *out);

/* Wildcard match of `s` against pattern `w` ('*' any run, "\\*" and "\\\\" escapes), linear, no backtracking. */
bool evcc_wildcard_match(const evcc_str_t *w, const char *s, size_t n);

/* jansson with the flags the interpreter expects (\u0000 allowed, last duplicate key wins, every number
 * read as the nearest double as §11.2 compares them), after the generated matchers' depth check:
 * nesting deeper than EVC_MAX_DEPTH is refused (NULL, err->text "nesting deeper than N at /ptr"). */
json_t *evcc_interp_load_event(const char *text, size_t len, json_error_t *err);

#endif
