/* Event pattern validation (AWS/event-ruler reasons, exact texts) and lowering into the rule IR. */
#ifndef EVCC_PATTERN_H
#define EVCC_PATTERN_H

#include "diag.h"
#include "doc.h"
#include "ir.h"

#include <stdint.h>

/*
 * Validates `pattern` and, when valid, appends a rule named `name` to `ir`. Each problem is
 * reported at the offending value as an error whose text is the AWS reason
 * ("Empty arrays are not allowed"). Returns the rule id, or -1 when the pattern is invalid.
 */
int32_t evcc_pattern_add(evcc_ir_t *ir, const evcc_node_t *pattern, const char *name,
                         evcc_loc_t rule_loc, void *user, evcc_diag_t *d);

/* Checks a pattern without keeping it (archives, test-pattern). */
bool evcc_pattern_check(const evcc_node_t *pattern, evcc_diag_t *d);

#endif
