/* Differential: eventc explain's verdict and reasons against the interpreter, over every recorded match corpus. */
#include "conf_util.h"
#include "doc.h"
#include "explain.h"
#include "interp.h"
#include "pattern.h"

typedef struct {
  int passed, failed;
} tally_t;

/* Whether an explanation says why, consistently with its verdict: a match shows only ok fields in the
 * alternative that holds; a miss names a failing field or an array conflict in every alternative. */
static bool reasons_fit(const evcc_explain_t *x) {
  for (size_t a = 0; a < x->nalt; a++) {
    const evcc_explain_alt_t *xa = &x->alts[a];
    bool failing_field = false;
    for (size_t f = 0; f < xa->nfield; f++) {
      failing_field = failing_field || xa->fields[f].status != EVCC_EXPLAIN_OK;
      if (!xa->fields[f].reason || !xa->fields[f].condition) return false;
    }
    if (xa->matched && (failing_field || xa->consistency)) return false;
    if (!xa->matched && !failing_field && !xa->consistency) return false;
  }
  return true;
}

/* The JSON output parses and carries the same verdict; the text output says FAIL exactly when it does not match. */
static bool outputs_fit(const evcc_explain_t *x) {
  evcc_buf_t js, txt;
  evcc_buf_init(&js);
  evcc_buf_init(&txt);
  evcc_explain_json(x, "r", &js);
  evcc_explain_text(x, "r", &txt);
  json_error_t err;
  json_t *parsed = json_loads(js.data, 0, &err);
  bool ok = parsed && json_is_boolean(json_object_get(parsed, "matched")) &&
            json_boolean_value(json_object_get(parsed, "matched")) == x->matched &&
            (x->nalt == 0 || (strstr(txt.data, "FAIL") == NULL) == x->matched);
  json_decref(parsed);
  evcc_buf_free(&js);
  evcc_buf_free(&txt);
  return ok;
}

static void check_event(const evcc_ir_t *ir, const char *event, const char *label, tally_t *t) {
  json_error_t err;
  json_t *ev = evcc_interp_load_event(event, strlen(event), &err);
  if (!json_is_object(ev)) {
    json_decref(ev);
    return; /* refused events are the interpreter's tests, not explain's */
  }
  for (uint32_t r = 0; r < ir->nrule; r++) {
    evcc_explain_t x;
    evcc_explain_rule(ir, r, ev, &x);
    bool verdict = evcc_interp_match_rule(ir, r, ev);
    if (x.matched == verdict && reasons_fit(&x) && outputs_fit(&x)) {
      t->passed++;
    } else {
      t->failed++;
      printf("FAIL %s rule %s: interpreter %s, explain %s\n", label, ir->rules[r].name,
             verdict ? "matches" : "does not", x.matched ? "matches" : "does not");
    }
    evcc_explain_free(&x);
  }
  json_decref(ev);
}

/* Adds one pattern as rule `name`; false when the pattern is refused (those cases test validation). */
static bool add_pattern(evcc_ir_t *ir, const char *name, const char *text, evcc_doc_t **docs, size_t *ndoc) {
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_doc_t *doc = evcc_doc_parse(name, text, strlen(text), EVCC_SYNTAX_JSON, &d);
  bool ok = doc && evcc_pattern_add(ir, doc->root, name, doc->root->loc, NULL, &d) >= 0;
  if (doc) docs[(*ndoc)++] = doc;
  evcc_diag_free(&d);
  return ok;
}

static void free_docs(evcc_doc_t **docs, size_t n) {
  for (size_t i = 0; i < n; i++) evcc_doc_free(docs[i]);
}

/* event-ruler's recorded cases: several rules, several events each. */
static void ruler_match_cases(tally_t *t) {
  json_t *root = conf_load("event-ruler/match-cases.json");
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(root, "cases"), i, c) {
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    evcc_doc_t *docs[256];
    size_t ndoc = 0;
    bool built = true;
    const char *name;
    json_t *list;
    json_object_foreach(json_object_get(c, "rules"), name, list) {
      size_t k;
      json_t *p;
      json_array_foreach(list, k, p) built =
          built && ndoc < 256 && add_pattern(&ir, name, json_string_value(p), docs, &ndoc);
    }
    size_t k;
    json_t *check;
    json_array_foreach(json_object_get(c, "checks"), k, check) {
      if (built)
        check_event(&ir, json_string_value(json_object_get(check, "event")),
                    json_string_value(json_object_get(c, "id")), t);
    }
    free_docs(docs, ndoc);
    evcc_ir_free(&ir);
  }
  json_decref(root);
}

/* One pattern and one event a case: the event-ruler differential sample and AWS's test-event-pattern records. */
static void single_pattern_cases(const char *rel, bool lines, tally_t *t) {
  json_t *root = lines ? conf_load_lines(rel) : conf_load(rel);
  json_t *cases = lines ? root : json_object_get(root, "cases");
  size_t i;
  json_t *c;
  json_array_foreach(cases, i, c) {
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    evcc_doc_t *docs[16];
    size_t ndoc = 0;
    bool built = true;
    json_t *patterns = json_object_get(c, "patterns");
    if (patterns) {
      const char *name;
      json_t *p;
      json_object_foreach(patterns, name, p) built =
          built && ndoc < 16 && add_pattern(&ir, name, json_string_value(p), docs, &ndoc);
    } else {
      built = add_pattern(&ir, "pattern", json_string_value(json_object_get(c, "event_pattern")), docs, &ndoc);
    }
    if (built)
      check_event(&ir, json_string_value(json_object_get(c, "event")), json_string_value(json_object_get(c, "name")),
                  t);
    free_docs(docs, ndoc);
    evcc_ir_free(&ir);
  }
  json_decref(root);
}

int main(void) {
  tally_t t = {0, 0};
  ruler_match_cases(&t);
  single_pattern_cases("event-ruler/differential-sample.jsonl", true, &t);
  single_pattern_cases("eventbridge/test-event-pattern.json", false, &t);
  printf("explain-vs-interpreter: %d passed, %d failed\n", t.passed, t.failed);
  return t.failed || t.passed == 0 ? 1 : 0;
}
