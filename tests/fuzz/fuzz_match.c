/* libFuzzer target: the generated matcher of a rule set with every operator, checked against the interpreter. */
#include "fuzz_match_rules.h"

#include "interp.h"
#include "model.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static evcc_model_t model;
static evcc_ir_t ir;

/* The IR of the same rule file the matcher was generated from (FUZZ_MATCH_RULES), as `compile` builds it. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_model_init(&model);
  evcc_ir_init(&ir);
  const char *bus[1];
  if (!evcc_model_load_file(&model, FUZZ_MATCH_RULES, &d) || evcc_model_bus_names(&model, bus, 1) != 1 ||
      !evcc_model_build_ir(&model, bus[0], &ir, &d) || ir.nrule != fm_RULE_COUNT) {
    fprintf(stderr, "fuzz_match: cannot load %s\n", FUZZ_MATCH_RULES);
    abort();
  }
  evcc_diag_free(&d);
  return 0;
}

static void disagree(const char *what, const char *json, size_t len) {
  fprintf(stderr, "fuzz_match: generated matcher and interpreter disagree (%s) on: %.*s\n", what, (int)len, json);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *json = malloc(size ? size : 1); /* exact size: ASan sees any read past the end */
  if (!json) return 0;
  if (size) memcpy(json, data, size);
  fm_result_t r;
  evc_error_t err;
  int rc = fm_match_json(json, size, &r, &err);
  json_error_t jerr;
  json_t *event = evcc_interp_load_event(json, size, &jerr);
  if (!event && strstr(jerr.text, "NUL byte in object key")) { /* jansson cannot hold such a key: no oracle */
    free(json);
    return 0;
  }
  bool valid = event && json_is_object(event);
  if ((rc == 0) != valid) disagree(valid ? "only the interpreter accepts the event" : "only the matcher accepts the event", json, size);
  if (valid) {
    uint32_t want[fm_RULE_COUNT];
    size_t n = evcc_interp_match(&ir, event, want), k = 0;
    for (uint32_t id = fm_result_next(&r, 0); id < fm_RULE_COUNT; id = fm_result_next(&r, id + 1))
      if (k >= n || want[k++] != id) disagree(fm_rule_name(id), json, size);
    if (k != n) disagree(fm_rule_name(want[k]), json, size);
  }
  json_decref(event);
  free(json);
  return 0;
}
