/* Suggestions for misspelled names (case, truncation, edit distance) and the unknown-field warning built on them. */
#include "spelling.h"

#include <ctype.h>
#include <string.h>

#define MAX_COMPARED 64 /* names longer than this are not misspellings of a CloudFormation name */

static bool equal_nocase(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
  return *a == *b;
}

static bool prefix_nocase(const char *prefix, const char *s) {
  for (; *prefix; prefix++, s++)
    if (tolower((unsigned char)*prefix) != tolower((unsigned char)*s)) return false;
  return true;
}

/* Levenshtein distance, case ignored; both strings at most MAX_COMPARED bytes. */
static size_t edit_distance(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  size_t row[MAX_COMPARED + 1];
  for (size_t j = 0; j <= nb; j++) row[j] = j;
  for (size_t i = 1; i <= na; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= nb; j++) {
      size_t up = row[j];
      size_t subst = diag + (tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]));
      size_t best = up + 1 < row[j - 1] + 1 ? up + 1 : row[j - 1] + 1;
      row[j] = subst < best ? subst : best;
      diag = up;
    }
  }
  return row[nb];
}

const char *evcc_spelling_suggest(const char *word, const char *const *known, size_t nknown) {
  size_t len = strlen(word);
  if (len == 0 || len > MAX_COMPARED) return NULL;
  for (size_t k = 0; k < nknown; k++)
    if (equal_nocase(word, known[k])) return known[k];
  for (size_t k = 0; k < nknown && len >= 6; k++)
    if (prefix_nocase(word, known[k])) return known[k];
  const char *best = NULL;
  size_t best_distance = len / 3 + 1;
  for (size_t k = 0; k < nknown; k++) {
    if (strlen(known[k]) > MAX_COMPARED) continue;
    size_t distance = edit_distance(word, known[k]);
    if (distance < best_distance) {
      best = known[k];
      best_distance = distance;
    }
  }
  return best;
}

bool evcc_check_known_key(evcc_diag_t *d, const evcc_node_t *key, const char *const *known, size_t nknown,
                          const char *what) {
  for (size_t k = 0; k < nknown; k++)
    if (strcmp(key->str, known[k]) == 0) return true;
  const char *guess = evcc_spelling_suggest(key->str, known, nknown);
  if (guess)
    evcc_warn(d, EVCC_W_UNKNOWN_FIELD, key->loc, "unknown field '%s' in %s; did you mean '%s'?", key->str, what, guess);
  else
    evcc_warn(d, EVCC_W_UNKNOWN_FIELD, key->loc, "unknown field '%s' in %s", key->str, what);
  return false;
}

void evcc_check_known_keys(evcc_diag_t *d, const evcc_node_t *map, const char *const *known, size_t nknown,
                           const char *what) {
  if (!map || map->kind != EVCC_NODE_MAP) return;
  for (size_t i = 0; i < map->count; i++) evcc_check_known_key(d, map->keys[i], known, nknown, what);
}
