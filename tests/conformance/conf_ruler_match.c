/* Conformance: event-ruler's 2,038 recorded array-consistent match checks, through the interpreter. */
#include "conf_util.h"
#include "doc.h"
#include "interp.h"
#include "pattern.h"

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Builds the IR of one case: a rule name with several patterns matches when any of them does. */
static bool build(const json_t *rules, evcc_ir_t *ir, evcc_doc_t **docs, size_t *ndoc, evcc_diag_t *d) {
  const char *name;
  json_t *list;
  json_object_foreach((json_t *)rules, name, list) {
    size_t k;
    json_t *p;
    json_array_foreach(list, k, p) {
      const char *text = json_string_value(p);
      evcc_doc_t *doc = evcc_doc_parse(name, text, strlen(text), EVCC_SYNTAX_JSON, d);
      if (!doc || evcc_pattern_add(ir, doc->root, name, doc->root->loc, NULL, d) < 0) {
        evcc_doc_free(doc);
        return false;
      }
      docs[(*ndoc)++] = doc;
    }
  }
  return true;
}

/* Sorted unique names of the matching rules, as one comma-joined string. */
static void matched_names(const evcc_ir_t *ir, const json_t *ev, char *out, size_t outlen) {
  uint32_t ids[256];
  size_t n = evcc_interp_match(ir, ev, ids);
  const char *names[256];
  for (size_t i = 0; i < n; i++) names[i] = ir->rules[ids[i]].name;
  qsort(names, n, sizeof *names, cmp_str);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (i && strcmp(names[i], names[i - 1]) == 0) continue;
    strncat(out, names[i], outlen - strlen(out) - 2);
    strcat(out, ",");
  }
}

static void expected_names(const json_t *exp, char *out, size_t outlen) {
  size_t k;
  json_t *e;
  const char *names[256];
  size_t n = 0;
  json_array_foreach((json_t *)exp, k, e) names[n++] = json_string_value(e);
  qsort(names, n, sizeof *names, cmp_str);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    strncat(out, names[i], outlen - strlen(out) - 2);
    strcat(out, ",");
  }
}

int main(void) {
  json_t *root = conf_load("event-ruler/match-cases.json");
  conf_deviations_t dv;
  conf_deviations_load(&dv, "event-ruler-match");
  int passed = 0, failed = 0, skipped = 0;
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(root, "cases"), i, c) {
    const char *id = json_string_value(json_object_get(c, "id"));
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    evcc_diag_t d;
    evcc_diag_init(&d);
    evcc_doc_t *docs[256];
    size_t ndoc = 0;
    bool built = build(json_object_get(c, "rules"), &ir, docs, &ndoc, &d);
    size_t k;
    json_t *check;
    json_array_foreach(json_object_get(c, "checks"), k, check) {
      char label[128], got[4096] = "", want[4096];
      snprintf(label, sizeof label, "%s#%zu", id, k);
      const char *text = json_string_value(json_object_get(check, "event"));
      json_error_t err;
      json_t *ev = evcc_interp_load_event(text, strlen(text), &err);
      if (built && ev) matched_names(&ir, ev, got, sizeof got);
      expected_names(json_object_get(check, "expected"), want, sizeof want);
      bool ok = built && ev && strcmp(got, want) == 0;
      if (ok) passed++;
      else if (conf_deviation(&dv, label)) skipped++;
      else {
        failed++;
        printf("FAIL %s: expected [%s] got [%s]%s%s\n", label, want, got, built ? "" : " rules rejected: ",
               built ? "" : (d.count ? d.msgs[0].text : "?"));
      }
      json_decref(ev);
    }
    for (size_t k2 = 0; k2 < ndoc; k2++) evcc_doc_free(docs[k2]);
    evcc_ir_free(&ir);
    evcc_diag_free(&d);
  }
  json_decref(root);
  return conf_finish("event-ruler-match", passed, failed, skipped, &dv);
}
