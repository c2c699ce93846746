/* Emits each bus's archive table and a second matcher over the archive EventPatterns only. */
#include "emit.h"
#include "pattern.h"

#include <stdio.h>
#include <string.h>

static void archive_row(evcc_buf_t *b, const evcc_archive_t *a, int32_t match_id) {
  char where[1024];
  snprintf(where, sizeof where, "%s:%u:%u", a->loc.file ? a->loc.file : "", a->loc.line, a->loc.col);
  evcc_buf_puts(b, "    {");
  evcc_buf_c_string(b, a->name, strlen(a->name));
  evcc_buf_printf(b, ", %du, ", a->retention_days);
  if (match_id < 0)
    evcc_buf_puts(b, "EVC_ARCHIVE_ALL, ");
  else
    evcc_buf_printf(b, "%du, ", match_id);
  evcc_buf_c_string(b, where, strlen(where));
  evcc_buf_puts(b, "},\n");
}

/* Adds archive `a` to the table (and its pattern to the archive IR); false on errors. */
static bool add_archive(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, evcc_emit_bus_t *am,
                        size_t i, evcc_buf_t *rows) {
  const evcc_model_t *m = ctx->model;
  const evcc_archive_t *a = &m->archives[i];
  for (size_t k = 0; k < i; k++)
    if (strcmp(m->archives[k].name, a->name) == 0 && strcmp(m->archives[k].bus, a->bus) == 0) {
      evcc_error(ctx->diag, a->loc, "archive %s is defined twice on bus %s", a->name, bus->bus_name);
      evcc_note(ctx->diag, m->archives[k].loc, "the first definition is here");
      return false;
    }
  int32_t id = -1;
  if (a->pattern) {
    id = evcc_pattern_add(&am->ir, a->pattern, a->name, a->loc, (void *)a, ctx->diag);
    if (id < 0) return false;
  }
  archive_row(rows, a, id);
  return true;
}

static void emit_match_glue(evcc_emit_ctx_t *ctx, const char *S) {
  evcc_buf_printf(&ctx->c,
                  "static int %s_bus_match(const char *json, size_t len, void *state, evc_error_t *err) {\n"
                  "  return %s_match_json(json, len, (%s_result_t *)state, err);\n}\n\n"
                  "static uint32_t %s_bus_next(const void *state, uint32_t from) {\n"
                  "  return %s_result_next((const %s_result_t *)state, from);\n}\n\n",
                  S, S, S, S, S, S);
}

bool evcc_emit_archives(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, evcc_buf_t *fields) {
  const evcc_model_t *m = ctx->model;
  evcc_buf_t sym, rows;
  evcc_buf_init(&sym);
  evcc_buf_init(&rows);
  evcc_buf_printf(&sym, "%s_archive", bus->sym);
  evcc_emit_bus_t am;
  memset(&am, 0, sizeof am);
  am.bus_name = bus->bus_name;
  am.sym = sym.data;
  evcc_ir_init(&am.ir);
  bool ok = true;
  size_t n = 0;
  for (size_t i = 0; i < m->narchive; i++) {
    if (strcmp(m->archives[i].bus, bus->bus_name) != 0) continue;
    ok &= add_archive(ctx, bus, &am, i, &rows);
    n++;
  }
  if (ok && am.ir.nrule) {
    ok = evcc_emit_matcher(ctx, &am);
    emit_match_glue(ctx, am.sym);
  }
  if (ok && n) {
    evcc_buf_puts(&ctx->c, "#include \"eventc/bus.h\"\n\n");
    evcc_buf_printf(&ctx->c, "/* Archives of bus %s (eventc/archive.h stores their events). */\n", am.sym);
    evcc_buf_printf(&ctx->c, "static const evc_archive_def_t %ss[] = {\n%s};\n\n", am.sym, rows.data);
  }
  if (n && am.ir.nrule)
    evcc_buf_printf(fields, "%ss, %zuu, sizeof(%s_result_t), %s_bus_match, %s_bus_next", am.sym, n,
                    am.sym, am.sym, am.sym);
  else if (n)
    evcc_buf_printf(fields, "%ss, %zuu, 0u, NULL, NULL", am.sym, n);
  else
    evcc_buf_puts(fields, "NULL, 0u, 0u, NULL, NULL");
  evcc_ir_free(&am.ir);
  evcc_buf_free(&sym);
  evcc_buf_free(&rows);
  return ok;
}
