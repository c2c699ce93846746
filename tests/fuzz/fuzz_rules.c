/* libFuzzer target: the rule-file front-end (load -> check -> IR, as `eventc check` does) on one buffer. */
#include "buf.h"
#include "model.h"

#include <stdint.h>

/* The first byte picks the file name, which picks the syntax as for a file on the command line. */
static const char *const names[] = {"rules.yaml", "template.json", "pattern.json", "rules.yml"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const char *name = names[data[0] % 4];
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_model_t m;
  evcc_model_init(&m);
  evcc_doc_t *doc = evcc_doc_parse(name, (const char *)data + 1, size - 1, EVCC_SYNTAX_AUTO, &d);
  if (doc) evcc_model_add_doc(&m, doc, &d);
  const char *buses[64];
  size_t nbus = evcc_model_bus_names(&m, buses, 64);
  for (size_t i = 0; i < nbus; i++) {
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    if (evcc_model_build_ir(&m, buses[i], &ir, &d)) {
      evcc_buf_t dump;
      evcc_buf_init(&dump);
      evcc_ir_dump(&ir, &dump);
      evcc_buf_free(&dump);
    }
    evcc_ir_free(&ir);
  }
  /* Every diagnostic formats (file:line:col inside the buffer), syntax errors included. */
  for (size_t i = 0; i < d.count; i++) {
    char line[512];
    evcc_diag_format(&d.msgs[i], line, sizeof line);
  }
  evcc_model_free(&m);
  evcc_diag_free(&d);
  return 0;
}
