/* The undeclared-bus check: every EventBusName of a rule, archive or policy names a declared bus. */
#include "model.h"

#include <stdio.h>
#include <string.h>

/* Levenshtein distance, capped: enough to suggest a declared name for a typo. */
static size_t distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64) return 99;
  size_t row[65];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      diag = up;
      row[j] = best;
    }
  }
  return row[lb];
}

static const evcc_bus_t *declared(const evcc_model_t *m, const char *name) {
  for (size_t i = 0; i < m->nbus; i++)
    if (strcmp(m->buses[i].name, name) == 0) return &m->buses[i];
  return NULL;
}

/* The closest declared bus within two edits, or NULL. */
static const evcc_bus_t *nearest(const evcc_model_t *m, const char *name) {
  const evcc_bus_t *best = NULL;
  size_t best_d = 3;
  for (size_t i = 0; i < m->nbus; i++) {
    size_t d = distance(m->buses[i].name, name);
    if (d < best_d) best = &m->buses[i], best_d = d;
  }
  return best;
}

static bool check_one(const evcc_model_t *m, evcc_diag_t *d, const char *what, const char *bus,
                      evcc_bus_ref_t ref, evcc_loc_t loc) {
  if ((ref != EVCC_BUSREF_LOCAL && ref != EVCC_BUSREF_EXTERNAL) || declared(m, bus)) return true;
  const evcc_bus_t *near = nearest(m, bus);
  if (ref == EVCC_BUSREF_LOCAL)
    evcc_error(d, loc, "%s names event bus '%s', which no input declares (declare it under buses:, or use default)",
               what, bus);
  else
    evcc_warn(d, EVCC_W_UNDECLARED_BUS, loc,
              "%s names event bus '%s', which no input declares; eventc compiles it as a bus of that name "
              "(it may be defined in another stack)",
              what, bus);
  bool shown = ref == EVCC_BUSREF_LOCAL || d->enabled[EVCC_W_UNDECLARED_BUS];
  if (near && shown) evcc_note(d, near->loc, "did you mean '%s', declared here?", near->name);
  return ref != EVCC_BUSREF_LOCAL;
}

bool evcc_model_check_buses(const evcc_model_t *m, evcc_diag_t *d) {
  bool ok = true;
  char what[160];
  for (size_t i = 0; i < m->nrule; i++) {
    const evcc_rule_t *r = &m->rules[i];
    snprintf(what, sizeof what, "rule %s", r->name);
    ok &= check_one(m, d, what, r->bus, r->bus_ref, r->bus_loc);
  }
  for (size_t i = 0; i < m->narchive; i++) {
    const evcc_archive_t *a = &m->archives[i];
    snprintf(what, sizeof what, "archive %s", a->name);
    ok &= check_one(m, d, what, a->bus, a->bus_ref, a->bus_loc);
  }
  for (size_t i = 0; i < m->npolicy; i++) {
    const evcc_policy_t *p = &m->policies[i];
    snprintf(what, sizeof what, "policy %s", p->sid);
    ok &= check_one(m, d, what, p->bus, p->bus_ref, p->bus_loc);
  }
  return ok;
}
