/* eventc explain's analysis: the interpreter's search decides, then each pattern field is explained. */
#include "explain.h"

#include "explain_reason.h"
#include "interp_fields.h"

#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) abort();
  return p;
}

static char *copy(const char *s) {
  char *c = strdup(s);
  if (!c) abort();
  return c;
}

const char *evcc_explain_status_name(evcc_explain_status_t s) {
  static const char *const names[] = {"ok", "missing", "no-match", "present", "inconsistent"};
  return names[s];
}

static void value_set(evcc_explain_value_t *xv, const evcc_fields_t *fs, const evcc_field_t *f, bool ok, char *reason) {
  xv->value = f->value;
  xv->ok = ok;
  xv->reason = reason;
  xv->nelement = f->nmember;
  xv->elements = xcalloc(f->nmember, sizeof *xv->elements);
  for (size_t i = 0; i < f->nmember; i++)
    xv->elements[i] = (evcc_explain_element_t){copy(fs->array_paths[f->members[i].array]), f->members[i].index};
}

void evcc_explain_put_elements(evcc_buf_t *b, const evcc_explain_value_t *xv) {
  for (size_t i = 0; i < xv->nelement; i++)
    evcc_buf_printf(b, "%s element %u of %s%s", i ? "," : " (in", xv->elements[i].index, xv->elements[i].array,
                    i + 1 == xv->nelement ? ")" : "");
}

static char *ok_reason(const evcc_explain_value_t *xv) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_explain_put_value(&b, xv->value);
  evcc_explain_put_elements(&b, xv);
  return evcc_buf_take(&b);
}

static void field_start(evcc_explain_field_t *xf, const evcc_ir_t *ir, const evcc_term_t *t) {
  xf->path = ir->paths[t->path].s;
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_explain_put_condition(&b, ir, t);
  xf->condition = evcc_buf_take(&b);
}

static bool term_has_absence(const evcc_ir_t *ir, const evcc_term_t *t) {
  for (size_t k = 0; k < t->ncond; k++)
    if (ir->conds[t->conds[k]].kind == EVCC_COND_NOT_EXISTS) return true;
  return false;
}

static void field_absent(evcc_explain_field_t *xf) {
  xf->status = EVCC_EXPLAIN_OK;
  xf->reason = copy("absent, as {\"exists\":false} requires");
}

/* ---- an alternative that holds: the fields the search chose ---- */

static void explain_chosen(const evcc_ir_t *ir, const evcc_fields_t *fs, const evcc_alt_t *alt,
                           const evcc_field_t **chosen, evcc_explain_alt_t *xa) {
  xa->matched = true;
  for (size_t t = 0; t < alt->nterm; t++) {
    evcc_explain_field_t *xf = &xa->fields[t];
    field_start(xf, ir, &alt->terms[t]);
    if (!chosen[t]) {
      field_absent(xf);
      continue;
    }
    xf->values = xcalloc(1, sizeof *xf->values);
    xf->nvalue = 1;
    value_set(&xf->values[0], fs, chosen[t], true, NULL);
    xf->status = EVCC_EXPLAIN_OK;
    xf->reason = ok_reason(&xf->values[0]);
  }
}

/* ---- an alternative that fails: each field alone, then the fields together ---- */

static size_t count_at_path(const evcc_fields_t *fs, const char *path) {
  size_t n = 0;
  for (size_t i = 0; i < fs->n; i++) n += strcmp(fs->v[i].path, path) == 0;
  return n;
}

/* Every value at the field's path, with whether it satisfies the field and why not. */
static void field_values(evcc_explain_field_t *xf, const evcc_ir_t *ir, const evcc_fields_t *fs, const evcc_term_t *t,
                         size_t *nsat, size_t *first_sat) {
  xf->values = xcalloc(count_at_path(fs, xf->path), sizeof *xf->values);
  *nsat = 0;
  for (size_t i = 0; i < fs->n; i++) {
    const evcc_field_t *f = &fs->v[i];
    if (strcmp(f->path, xf->path) != 0) continue;
    bool ok = evcc_interp_field_satisfies(ir, t, f);
    if (ok && (*nsat)++ == 0) *first_sat = xf->nvalue;
    value_set(&xf->values[xf->nvalue++], fs, f, ok, ok ? NULL : evcc_explain_value_reason(ir, t, f->value));
  }
}

static bool in_array_elements(const evcc_explain_field_t *xf) {
  for (size_t i = 0; i < xf->nvalue; i++)
    if (xf->values[i].nelement == 0) return false;
  return xf->nvalue > 0;
}

static void explain_alone(const evcc_ir_t *ir, const evcc_fields_t *fs, const evcc_term_t *t,
                          evcc_explain_field_t *xf) {
  field_start(xf, ir, t);
  size_t nsat, first_sat = 0;
  field_values(xf, ir, fs, t, &nsat, &first_sat);
  bool absence = term_has_absence(ir, t), only_absence = absence && t->ncond == 1;
  evcc_buf_t b;
  evcc_buf_init(&b);
  if (nsat) {
    xf->status = EVCC_EXPLAIN_OK;
    xf->reason = ok_reason(&xf->values[first_sat]);
    return;
  }
  if (xf->nvalue == 0 && absence) {
    field_absent(xf);
    return;
  }
  if (absence && in_array_elements(xf)) { /* absent from some element, maybe the one the others use */
    xf->status = EVCC_EXPLAIN_OK;
    xf->reason = copy("absent from some array elements, as {\"exists\":false} requires");
    return;
  }
  if (xf->nvalue == 0) {
    xf->status = EVCC_EXPLAIN_MISSING;
    evcc_buf_printf(&b, "missing: the event has no value here, and %s needs one", xf->condition);
  } else if (xf->nvalue == 1) {
    xf->status = only_absence ? EVCC_EXPLAIN_PRESENT : EVCC_EXPLAIN_NO_VALUE;
    evcc_buf_puts(&b, xf->values[0].reason);
    evcc_explain_put_elements(&b, &xf->values[0]);
  } else {
    xf->status = only_absence ? EVCC_EXPLAIN_PRESENT : EVCC_EXPLAIN_NO_VALUE;
    evcc_buf_printf(&b, "none of its %zu values satisfies %s", xf->nvalue, xf->condition);
  }
  xf->reason = evcc_buf_take(&b);
}

/* The element index of value `xv` in the array at `array`, or -1 when it is not in one. */
static long index_in(const evcc_explain_value_t *xv, const char *array) {
  for (size_t i = 0; i < xv->nelement; i++)
    if (strcmp(xv->elements[i].array, array) == 0) return xv->elements[i].index;
  return -1;
}

/* The array whose elements two fields disagree on: the first array both satisfying values sit in at different indexes.
 */
static const char *conflict_array(const evcc_explain_value_t *a, const evcc_explain_value_t *b) {
  for (size_t i = 0; i < a->nelement; i++) {
    long j = index_in(b, a->elements[i].array);
    if (j >= 0 && j != (long)a->elements[i].index) return a->elements[i].array;
  }
  return NULL;
}

/* "element 0" / "elements 0, 2" of `array` where the field's satisfying values are. */
static void put_satisfying_elements(evcc_buf_t *b, const evcc_explain_field_t *xf, const char *array) {
  size_t n = 0;
  for (size_t i = 0; i < xf->nvalue; i++) n += xf->values[i].ok && index_in(&xf->values[i], array) >= 0;
  evcc_buf_puts(b, n == 1 ? "element " : "elements ");
  size_t k = 0;
  for (size_t i = 0; i < xf->nvalue; i++)
    if (xf->values[i].ok && index_in(&xf->values[i], array) >= 0)
      evcc_buf_printf(b, "%s%ld", k++ ? ", " : "", index_in(&xf->values[i], array));
}

static const evcc_explain_value_t *first_ok(const evcc_explain_field_t *xf) {
  for (size_t i = 0; i < xf->nvalue; i++)
    if (xf->values[i].ok) return &xf->values[i];
  return NULL;
}

static bool pair_consistent(const evcc_fields_t *fs, const evcc_ir_t *ir, const evcc_term_t *ta,
                            const evcc_term_t *tb) {
  for (size_t i = 0; i < fs->n; i++) {
    const evcc_field_t *f = &fs->v[i];
    if (strcmp(f->path, ir->paths[ta->path].s) != 0 || !evcc_interp_field_satisfies(ir, ta, f)) continue;
    for (size_t j = 0; j < fs->n; j++) {
      const evcc_field_t *g = &fs->v[j];
      if (strcmp(g->path, ir->paths[tb->path].s) == 0 && evcc_interp_field_satisfies(ir, tb, g) &&
          evcc_fields_consistent(f, g))
        return true;
    }
  }
  return false;
}

static void mark_inconsistent(evcc_explain_field_t *xf, const char *array, const char *other) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_buf_puts(&b, "holds only in ");
  put_satisfying_elements(&b, xf, array);
  evcc_buf_printf(&b, " of %s, not in the one where %s holds", array, other);
  free(xf->reason);
  xf->reason = evcc_buf_take(&b);
  xf->status = EVCC_EXPLAIN_INCONSISTENT;
}

/* Two fields that hold alone but never in the same array element: named, with their elements. */
static bool explain_pair_conflict(const evcc_ir_t *ir, const evcc_fields_t *fs, const evcc_alt_t *alt,
                                  evcc_explain_alt_t *xa) {
  for (size_t a = 0; a < alt->nterm; a++)
    for (size_t c = a + 1; c < alt->nterm; c++) {
      evcc_explain_field_t *fa = &xa->fields[a], *fc = &xa->fields[c];
      const evcc_explain_value_t *va = first_ok(fa), *vc = first_ok(fc);
      if (!va || !vc || pair_consistent(fs, ir, &alt->terms[a], &alt->terms[c])) continue;
      const char *array = conflict_array(va, vc);
      if (!array) continue;
      evcc_buf_t b;
      evcc_buf_init(&b);
      evcc_buf_printf(&b, "no single element of %s satisfies both %s (", array, fa->path);
      put_satisfying_elements(&b, fa, array);
      evcc_buf_printf(&b, ") and %s (", fc->path);
      put_satisfying_elements(&b, fc, array);
      evcc_buf_puts(&b, "): fields in arrays of objects must match within one element");
      xa->consistency = evcc_buf_take(&b);
      mark_inconsistent(fa, array, fc->path);
      mark_inconsistent(fc, array, fa->path);
      return true;
    }
  return false;
}

/* An exists:false field that is present in every element where the other fields hold. */
static bool explain_absence_conflict(const evcc_ir_t *ir, const evcc_alt_t *alt, evcc_explain_alt_t *xa) {
  for (size_t t = 0; t < alt->nterm; t++) {
    evcc_explain_field_t *xf = &xa->fields[t];
    if (!term_has_absence(ir, &alt->terms[t]) || first_ok(xf) || xf->nvalue == 0) continue;
    evcc_buf_t b;
    evcc_buf_init(&b);
    evcc_buf_printf(&b,
                    "%s must be absent from the array element the other fields use, but it is present in every "
                    "element where they hold",
                    xf->path);
    xa->consistency = evcc_buf_take(&b);
    free(xf->reason);
    xf->reason = copy("present in the array elements where the other fields hold");
    xf->status = EVCC_EXPLAIN_INCONSISTENT;
    return true;
  }
  return false;
}

static void explain_failed(const evcc_ir_t *ir, const evcc_fields_t *fs, const evcc_alt_t *alt,
                           evcc_explain_alt_t *xa) {
  bool all_ok = true;
  for (size_t t = 0; t < alt->nterm; t++) {
    explain_alone(ir, fs, &alt->terms[t], &xa->fields[t]);
    all_ok = all_ok && xa->fields[t].status == EVCC_EXPLAIN_OK;
  }
  if (!all_ok || explain_pair_conflict(ir, fs, alt, xa) || explain_absence_conflict(ir, alt, xa)) return;
  xa->consistency = copy("every field holds alone, and every two hold in a common array element, but no one choice "
                         "of array elements satisfies all fields together");
}

void evcc_explain_rule(const evcc_ir_t *ir, uint32_t rule, const json_t *event, evcc_explain_t *out) {
  memset(out, 0, sizeof *out);
  const evcc_ir_rule_t *r = &ir->rules[rule];
  evcc_fields_t fs;
  evcc_fields_flatten(event, &fs);
  out->rule = rule;
  out->nalt = r->nalt;
  out->alts = xcalloc(r->nalt, sizeof *out->alts);
  for (size_t a = 0; a < r->nalt; a++) {
    const evcc_alt_t *alt = &r->alts[a];
    evcc_explain_alt_t *xa = &out->alts[a];
    xa->nfield = alt->nterm;
    xa->fields = xcalloc(alt->nterm, sizeof *xa->fields);
    const evcc_field_t **chosen = xcalloc(alt->nterm + 1, sizeof *chosen);
    if (evcc_interp_alt_search(ir, &fs, alt, chosen))
      explain_chosen(ir, &fs, alt, chosen, xa);
    else
      explain_failed(ir, &fs, alt, xa);
    free(chosen);
    out->matched = out->matched || xa->matched;
  }
  evcc_fields_free(&fs);
}

void evcc_explain_free(evcc_explain_t *x) {
  for (size_t a = 0; a < x->nalt; a++) {
    evcc_explain_alt_t *xa = &x->alts[a];
    for (size_t f = 0; f < xa->nfield; f++) {
      evcc_explain_field_t *xf = &xa->fields[f];
      for (size_t v = 0; v < xf->nvalue; v++) {
        free(xf->values[v].reason);
        for (size_t e = 0; e < xf->values[v].nelement; e++) free(xf->values[v].elements[e].array);
        free(xf->values[v].elements);
      }
      free(xf->values);
      free(xf->condition);
      free(xf->reason);
    }
    free(xa->fields);
    free(xa->consistency);
  }
  free(x->alts);
  memset(x, 0, sizeof *x);
}
