/* Conformance: the minimised eventc/event-ruler disagreements of a differential run, through the interpreter. */
#include "conf_util.h"
#include "doc.h"
#include "interp.h"
#include "pattern.h"
#include "test_pattern.h"

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Joins sorted names into "a,b," (the empty list is ""). */
static void join_sorted(const char **names, size_t n, char *out, size_t outlen) {
  qsort(names, n, sizeof *names, cmp_str);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++)
    if (strlen(out) + strlen(names[i]) + 2 < outlen) {
      strcat(out, names[i]);
      strcat(out, ",");
    }
}

/*
 * What eventc answers for one case, in the sample's terms: the sorted matching rule names, or
 * "error: ..." when a pattern or the event is refused.
 */
static void eventc_answer(const json_t *patterns, const char *event, char *out, size_t outlen) {
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_doc_t *docs[16];
  size_t ndoc = 0;
  const char *name;
  json_t *p;
  snprintf(out, outlen, "?");
  json_object_foreach((json_t *)patterns, name, p) {
    evcc_doc_t *doc = ndoc < 16 ? evcc_doc_parse(name, json_string_value(p), json_string_length(p), EVCC_SYNTAX_JSON, &d)
                                : NULL;
    if (doc) docs[ndoc++] = doc;
    if (!doc || evcc_pattern_add(&ir, doc->root, name, doc->root->loc, NULL, &d) < 0) {
      snprintf(out, outlen, "error: %s", d.count ? d.msgs[0].text : "pattern refused");
      goto done;
    }
  }
  json_error_t err;
  json_t *ev = evcc_interp_load_event(event, strlen(event), &err);
  if (!ev || !json_is_object(ev)) {
    snprintf(out, outlen, "error: %s", ev ? "not an object" : err.text);
  } else {
    uint32_t ids[16];
    const char *names[16];
    size_t n = evcc_interp_match(&ir, ev, ids);
    for (size_t i = 0; i < n; i++) names[i] = ir.rules[ids[i]].name;
    join_sorted(names, n, out, outlen);
  }
  json_decref(ev);
done:
  for (size_t i = 0; i < ndoc; i++) evcc_doc_free(docs[i]);
  evcc_ir_free(&ir);
  evcc_diag_free(&d);
}

static void ruler_answer(const json_t *expected, char *out, size_t outlen) {
  const char *names[16];
  size_t n = 0, i;
  json_t *e;
  json_array_foreach((json_t *)expected, i, e) if (n < 16) names[n++] = json_string_value(e);
  join_sorted(names, n, out, outlen);
}

/* Tally of one sample file. */
typedef struct {
  int passed, failed, skipped;
} tally_t;

static void judge(tally_t *t, conf_deviations_t *dv, const char *label, bool agree, const char *want, const char *got) {
  if (agree) t->passed++;
  else if (conf_deviation(dv, label)) t->skipped++;
  else {
    t->failed++;
    printf("FAIL %s: event-ruler %s, eventc %s\n", label, want, got);
  }
}

static void match_sample(tally_t *t, conf_deviations_t *dv) {
  json_t *root = conf_load_lines("event-ruler/differential-sample.jsonl");
  size_t i;
  json_t *c;
  json_array_foreach(root, i, c) {
    char want[1024], got[1024];
    ruler_answer(json_object_get(c, "event_ruler"), want, sizeof want);
    eventc_answer(json_object_get(c, "patterns"), json_string_value(json_object_get(c, "event")), got, sizeof got);
    judge(t, dv, json_string_value(json_object_get(c, "name")), strcmp(want, got) == 0, want, got);
  }
  json_decref(root);
}

static void validity_sample(tally_t *t, conf_deviations_t *dv) {
  static const char event[] = "{\"id\":\"1\",\"account\":\"1\",\"source\":\"s\",\"time\":\"t\",\"region\":\"r\","
                              "\"detail-type\":\"d\"}";
  json_t *root = conf_load_lines("event-ruler/validity-differential-sample.jsonl");
  size_t i;
  json_t *c;
  json_array_foreach(root, i, c) {
    const char *pattern = json_string_value(json_object_get(c, "pattern"));
    const char *want = json_string_value(json_object_get(c, "event_ruler_error"));
    char reason[1024] = "", label[32];
    evcc_loc_t where;
    bool valid = evcc_test_pattern(pattern, strlen(pattern), "pattern", event, sizeof event - 1, reason, sizeof reason,
                                   &where) != EVCC_TP_BAD_PATTERN;
    snprintf(label, sizeof label, "validity-%03zu", i);
    bool agree = want ? !valid && strcmp(want, reason) == 0 : valid;
    judge(t, dv, label, agree, want ? want : "valid", valid ? "valid" : reason);
  }
  json_decref(root);
}

int main(void) {
  conf_deviations_t *dv = malloc(sizeof *dv);
  if (!dv) return 2;
  conf_deviations_load(dv, "event-ruler-differential");
  tally_t t = {0, 0, 0};
  match_sample(&t, dv);
  validity_sample(&t, dv);
  int rc = conf_finish("event-ruler-differential (interpreter)", t.passed, t.failed, t.skipped, dv);
  free(dv);
  return rc;
}
