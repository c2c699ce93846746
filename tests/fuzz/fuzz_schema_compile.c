/* libFuzzer target: the schema front-end and regex compiler up to the emitted C text, on one buffer. */
#include "emit.h"
#include "schema.h"
#include "symtab.h"

#include <stdint.h>

static const char *const names[] = {"schema.json", "schema.yaml"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_schema_set_t *set = evcc_schema_set_new();
  evcc_doc_t *doc = evcc_doc_parse(names[data[0] % 2], (const char *)data + 1, size - 1, EVCC_SYNTAX_AUTO, &d);
  if (doc && evcc_schema_doc_is_schema(doc)) {
    if (evcc_schema_set_add(set, doc, &d)) {
      const char *inputs[] = {"schema.json"};
      evcc_model_t m;
      evcc_model_init(&m);
      evcc_emit_ctx_t ctx = {"fuzz", "fuzz", inputs, 1, &m, set, {0}, {0}, &d, evcc_symtab_new()};
      evcc_buf_init(&ctx.h);
      evcc_buf_init(&ctx.c);
      evcc_emit_schemas(&ctx);
      evcc_buf_free(&ctx.h);
      evcc_buf_free(&ctx.c);
      evcc_symtab_free(ctx.syms);
      evcc_model_free(&m);
    }
  } else {
    evcc_doc_free(doc);
  }
  evcc_schema_set_free(set);
  evcc_diag_free(&d);
  return 0;
}
