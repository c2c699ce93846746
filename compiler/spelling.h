/* "Did you mean": the known name closest to a misspelled field or type name, and the unknown-field check. */
#ifndef EVCC_SPELLING_H
#define EVCC_SPELLING_H

#include "diag.h"
#include "doc.h"

#include <stddef.h>

/*
 * The entry of `known` that `word` most likely misspells, or NULL: one that differs only in
 * case, one that `word` is a truncation of ("MaximumEventAge" for "MaximumEventAgeInSeconds"),
 * else the nearest by edit distance (case ignored) within a third of the word's length.
 */
const char *evcc_spelling_suggest(const char *word, const char *const *known, size_t nknown);

/*
 * Warns (-Wunknown-field) at every key of `map` that is not in `known`, naming the likely
 * intended one: "unknown field 'eventPattern' in a rule; did you mean 'EventPattern'?".
 */
/* Warns (-Wunknown-field, with a "did you mean") when `key` is not one of `known`; false then. */
bool evcc_check_known_key(evcc_diag_t *d, const evcc_node_t *key, const char *const *known, size_t nknown,
                          const char *what);
void evcc_check_known_keys(evcc_diag_t *d, const evcc_node_t *map, const char *const *known, size_t nknown,
                           const char *what);

#endif
