/* Emits each bus's rule -> target tables and compiles Input / InputPath / InputTransformer to C. */
#include "emit.h"
#include "eventc/version.h"
#include "symtab.h"
#include "jsonpath.h"
#include "placeholder.h"
#include "schema_ir.h"
#include "template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a placeholder sits decides how its value is written (semantics doc §3.4, §11.4). */
typedef enum slot_mode {
  SLOT_VALUE,  /* unquoted: the value as JSON, strings quoted, missing -> "" */
  SLOT_QUOTED, /* inside quotes of a JSON template: objects/arrays fail the delivery */
  SLOT_TEXT    /* inside quotes of a string template: objects/arrays lose their quotes */
} slot_mode_t;

/* Predefined variables, numbered below the InputPathsMap indices (-1 - evcc_predef_t). */
enum { VAR_RULE_ARN = -1 - EVCC_PRE_RULE_ARN, VAR_RULE_NAME = -1 - EVCC_PRE_RULE_NAME,
       VAR_INGESTION_TIME = -1 - EVCC_PRE_INGESTION_TIME, VAR_EVENT = -1 - EVCC_PRE_EVENT,
       VAR_EVENT_JSON = -1 - EVCC_PRE_EVENT_JSON, VAR_UNDEFINED = -6 };

typedef struct placeholder {
  size_t off, len; /* of "<name>" in the template */
  int var;
  slot_mode_t mode;
} placeholder_t;

/* One InputTemplate being compiled. */
typedef struct tcomp {
  evcc_emit_ctx_t *ctx;
  const evcc_rule_t *r; /* the rule, whose pattern says which event schemas apply */
  const evcc_target_t *t;
  const char *text;
  size_t len;
  bool json; /* a JSON object/array template, else a string template */
  placeholder_t *ph;
  size_t nph, cap;
  bool *used; /* per InputPathsMap variable */
  int *slot;  /* its index in the transformer's v[], -1 when unused */
  bool ok;
} tcomp_t;

/* ---- positions of template bytes in the rule file ---- */

static evcc_loc_t tmpl_loc(const tcomp_t *c, size_t off) {
  const evcc_node_t *n = c->t->template_node;
  if (!n || n->len != c->len) return c->t->input_loc;
  return evcc_node_offset_loc(n, off);
}

/* ---- placeholders ---- */

static int resolve(const tcomp_t *c, const char *name, size_t len) {
  for (size_t k = 0; k < c->t->nvar; k++)
    if (strlen(c->t->vars[k].name) == len && memcmp(c->t->vars[k].name, name, len) == 0)
      return (int)k;
  int pre = evcc_predefined_var(name, len);
  return pre >= 0 ? -1 - pre : VAR_UNDEFINED;
}

/*
 * A variable inside quotes must not hold an object or array (§11.4): when the event schemas of
 * the rule's events say it always does, that is a compile-time error instead of a failed delivery.
 */
static bool quotable(tcomp_t *c, size_t off, int var) {
  const char *schema = NULL;
  const evcc_path_var_t *v = &c->t->vars[var];
  unsigned types = c->r->pattern ? evcc_schema_types_at(c->ctx->schemas, c->r->pattern, v->path, &schema) : 0;
  if (!types || (types & ~(unsigned)(EVCC_T_OBJECT | EVCC_T_ARRAY))) return true;
  evcc_error(c->ctx->diag, tmpl_loc(c, off),
             "InputTemplate for target %s: <%s> is inside quotes, but %s is always an %s in schema %s; "
             "put it outside the quotes to insert it as JSON",
             c->t->id, v->name, v->path, types & EVCC_T_OBJECT ? "object" : "array", schema);
  c->ok = false;
  return false;
}

static void add_placeholder(tcomp_t *c, size_t off, size_t len, slot_mode_t mode) {
  const char *name = c->text + off + 1;
  int nlen = (int)(len - 2);
  int var = resolve(c, name, len - 2);
  if (var == VAR_UNDEFINED) {
    evcc_error(c->ctx->diag, tmpl_loc(c, off),
               "InputTemplate for target %s contains invalid placeholder %.*s.", c->t->id, nlen,
               name);
    c->ok = false;
    return;
  }
  if ((var == VAR_EVENT || var == VAR_EVENT_JSON) && mode != SLOT_VALUE) {
    evcc_error(c->ctx->diag, tmpl_loc(c, off),
               "InputTemplate for target %s: <%.*s> can only be used as a value for a JSON "
               "field, not inside quotes (its contents are not escaped)",
               c->t->id, nlen, name);
    c->ok = false;
    return;
  }
  if (var >= 0 && mode == SLOT_QUOTED && !quotable(c, off, var)) return;
  if (c->nph == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 8;
    c->ph = realloc(c->ph, c->cap * sizeof *c->ph);
    if (!c->ph) abort();
  }
  placeholder_t p = {off, len, var, mode};
  c->ph[c->nph++] = p;
  if (var >= 0) c->used[var] = true;
}

/* Finds every placeholder and whether it sits inside quotes. */
static void lex(tcomp_t *c) {
  bool in_str = false;
  for (size_t i = 0; i < c->len; i++) {
    char ch = c->text[i];
    if (in_str && ch == '\\') {
      i++;
      continue;
    }
    if (ch == '"') {
      in_str = !in_str;
      continue;
    }
    size_t pl = evcc_placeholder_at(c->text, i, c->len);
    if (!pl) continue;
    add_placeholder(c, i, pl, in_str ? (c->json ? SLOT_QUOTED : SLOT_TEXT) : SLOT_VALUE);
    i += pl - 1;
  }
}

/* ---- the structure of a JSON template (placeholders stand for values) ---- */

typedef struct jparse {
  tcomp_t *c;
  size_t i;
  int depth;
  bool failed;
} jparse_t;

static void jfail(jparse_t *p, size_t off, const char *fmt, const char *arg) {
  if (p->failed) return;
  p->failed = true;
  p->c->ok = false;
  char what[160];
  snprintf(what, sizeof what, fmt, arg);
  evcc_error(p->c->ctx->diag, tmpl_loc(p->c, off), "InputTemplate for target %s %s",
             p->c->t->id, what);
}

static void jws(jparse_t *p) {
  while (p->i < p->c->len && strchr(" \t\r\n", p->c->text[p->i]) && p->c->text[p->i]) p->i++;
}

static char jpeek(const jparse_t *p) { return p->i < p->c->len ? p->c->text[p->i] : '\0'; }

static void jstring(jparse_t *p, bool is_key) {
  size_t start = p->i++;
  while (p->i < p->c->len && p->c->text[p->i] != '"') {
    if (is_key && evcc_placeholder_at(p->c->text, p->i, p->c->len))
      jfail(p, p->i, "uses a placeholder in an object key: %s", "placeholders can only be values");
    if (p->c->text[p->i] == '\\') p->i++;
    p->i++;
  }
  if (p->i >= p->c->len) jfail(p, start, "is not valid JSON: %s", "unterminated string");
  p->i++;
}

static void jvalue(jparse_t *p);

static void jmembers(jparse_t *p, char close) {
  p->i++;
  jws(p);
  if (jpeek(p) == close) {
    p->i++;
    return;
  }
  while (!p->failed) {
    jws(p);
    if (close == '}') {
      if (evcc_placeholder_at(p->c->text, p->i, p->c->len))
        jfail(p, p->i, "uses a placeholder as an object key: %s", "placeholders can only be values");
      else if (jpeek(p) != '"')
        jfail(p, p->i, "is not valid JSON: %s", "expected a string key");
      else
        jstring(p, true);
      jws(p);
      if (jpeek(p) != ':') jfail(p, p->i, "is not valid JSON: %s", "expected ':'");
      p->i++;
    }
    jvalue(p);
    jws(p);
    if (jpeek(p) == close) {
      p->i++;
      return;
    }
    if (jpeek(p) != ',') jfail(p, p->i, "is not valid JSON: %s", "expected ',' or a closing bracket");
    p->i++;
  }
}

static void jscalar(jparse_t *p) {
  static const char *const lits[] = {"true", "false", "null"};
  for (size_t k = 0; k < 3; k++)
    if (p->c->len - p->i >= strlen(lits[k]) && memcmp(p->c->text + p->i, lits[k], strlen(lits[k])) == 0) {
      p->i += strlen(lits[k]);
      return;
    }
  size_t start = p->i;
  while (p->i < p->c->len && strchr("+-.0123456789eE", p->c->text[p->i]) && p->c->text[p->i]) p->i++;
  if (p->i == start) jfail(p, start, "is not valid JSON: %s", "expected a value");
}

static void jvalue(jparse_t *p) {
  jws(p);
  size_t pl = evcc_placeholder_at(p->c->text, p->i, p->c->len);
  if (p->failed) return;
  if (++p->depth > 100) jfail(p, p->i, "is not valid JSON: %s", "nested too deeply");
  if (pl)
    p->i += pl;
  else if (jpeek(p) == '{' || jpeek(p) == '[')
    jmembers(p, jpeek(p) == '{' ? '}' : ']');
  else if (jpeek(p) == '"')
    jstring(p, false);
  else
    jscalar(p);
  p->depth--;
}

static void check_json(tcomp_t *c) {
  jparse_t p = {c, 0, 0, false};
  jvalue(&p);
  jws(&p);
  if (!p.failed && p.i < c->len) jfail(&p, p.i, "is not valid JSON: %s", "text after the value");
}

/* ---- JSONPath steps as C initialisers ---- */

typedef struct {
  evcc_buf_t *b;
  size_t n;
} steps_t;

static void step(void *ud, const evcc_jstep_t *s) {
  steps_t *st = ud;
  if (st->b->len) evcc_buf_puts(st->b, ", ");
  st->n++;
  if (!s->key) {
    evcc_buf_printf(st->b, "{NULL, 0u, %luu}", s->index);
    return;
  }
  evcc_buf_putc(st->b, '{');
  evcc_buf_c_string(st->b, s->key, s->len);
  evcc_buf_printf(st->b, ", %zuu, 0u}", s->len);
}

/* Appends the step initialisers of `path` to `b`; false when it is not supported. */
static bool compile_path(const char *path, evcc_buf_t *b, size_t *nstep) {
  steps_t st = {b, 0};
  bool ok = evcc_jsonpath_walk(path, step, &st);
  *nstep = st.n;
  return ok;
}

/* Emits `static const evc_path_step_t NAME[]` (none for "$"); false after an error. */
static bool emit_path(evcc_emit_ctx_t *ctx, const char *name, const char *path, evcc_loc_t loc,
                      const char *what, const char *target, size_t *nstep) {
  evcc_buf_t steps;
  evcc_buf_init(&steps);
  bool ok = compile_path(path, &steps, nstep);
  if (!ok)
    evcc_error(ctx->diag, loc,
               "%s %s of target %s is not a supported JSONPath (use $.a.b, $.a[0] or $['a'])",
               what, path, target);
  else if (*nstep)
    evcc_buf_printf(&ctx->c, "static const evc_path_step_t %s[] = {%s};\n", name, steps.data);
  evcc_buf_free(&steps);
  return ok;
}

/* ---- code of one input ---- */

#define LIT_CHUNK 1024 /* keeps every literal far below C99's 4095-character minimum */

static void emit_lit(evcc_buf_t *c, const char *s, size_t n) {
  for (size_t i = 0; i < n; i += LIT_CHUNK) {
    size_t k = n - i < LIT_CHUNK ? n - i : LIT_CHUNK;
    evcc_buf_puts(c, "  evc_out_lit(o, ");
    evcc_buf_c_string(c, s + i, k);
    evcc_buf_printf(c, ", %zuu);\n", k);
  }
}

static void fn_open(evcc_buf_t *c, const char *fn) {
  evcc_buf_printf(c,
                  "static int %s(const evc_xctx_t *x, evc_out_t *o, evc_error_t *err) {\n"
                  "  (void)x;\n",
                  fn);
}

static void fn_close(evcc_buf_t *c) { evcc_buf_puts(c, "  return evc_out_done(o, err);\n}\n\n"); }

static const char *predefined_field(int var) {
  return var == VAR_RULE_ARN ? "&x->rule_arn" : var == VAR_RULE_NAME ? "&x->rule_name"
                                                                      : "&x->ingestion_time";
}

static void emit_slot(tcomp_t *c, const placeholder_t *p) {
  evcc_buf_t *b = &c->ctx->c;
  char val[64];
  if (p->var == VAR_EVENT) {
    evcc_buf_puts(b, "  evc_out_event_nodetail(o, x->event, x->event_len);\n");
    return;
  }
  if (p->var == VAR_EVENT_JSON) {
    evcc_buf_puts(b, "  evc_out_lit(o, x->event, x->event_len);\n");
    return;
  }
  if (p->var >= 0)
    snprintf(val, sizeof val, "&v[%d]", c->slot[p->var]);
  else
    snprintf(val, sizeof val, "%s", predefined_field(p->var));
  if (p->mode == SLOT_VALUE) {
    evcc_buf_printf(b, "  evc_out_value(o, %s);\n", val);
  } else if (p->mode == SLOT_TEXT || p->var < 0) {
    evcc_buf_printf(b, "  evc_out_text(o, %s);\n", val);
  } else {
    evcc_buf_printf(b, "  if (evc_out_quoted(o, %s, ", val);
    evcc_buf_c_string(b, c->text + p->off + 1, p->len - 2);
    evcc_buf_puts(b, ", err)) return EVC_E_TRANSFORM;\n");
  }
}

/* Emits the steps of every used variable and the table of their paths, in slot order. */
static bool emit_var_paths(tcomp_t *c, const char *fn) {
  bool ok = true;
  char name[256];
  evcc_buf_t table;
  evcc_buf_init(&table);
  for (size_t k = 0; k < c->t->nvar; k++) {
    size_t n = 0;
    if (!c->used[k]) continue;
    snprintf(name, sizeof name, "%s_p%zu", fn, k);
    ok &= emit_path(c->ctx, name, c->t->vars[k].path, c->t->vars[k].loc, "InputPathsMap path",
                    c->t->id, &n);
    evcc_buf_printf(&table, "%s{%s, %zuu}", table.len ? ", " : "", n ? name : "NULL", n);
  }
  if (ok && table.len)
    evcc_buf_printf(&c->ctx->c, "static const evc_path_t %s_paths[] = {%s};\n", fn, table.data);
  evcc_buf_free(&table);
  return ok;
}

/* Numbers the used variables (their slot in v[]) and declares v[] filled in one pass. */
static void emit_var_locals(tcomp_t *c, const char *fn) {
  evcc_buf_t *b = &c->ctx->c;
  int nused = 0;
  for (size_t k = 0; k < c->t->nvar; k++) c->slot[k] = c->used[k] ? nused++ : -1;
  if (!nused) return;
  evcc_buf_printf(b, "  evc_jval_t v[%d]; /*", nused);
  for (size_t k = 0; k < c->t->nvar; k++) {
    if (!c->used[k]) continue;
    evcc_buf_puts(b, " <");
    evcc_buf_c_comment_text(b, c->t->vars[k].name, strlen(c->t->vars[k].name));
    evcc_buf_putc(b, '>');
  }
  evcc_buf_printf(b, " */\n  evc_json_locate_all(x->event, x->event_len, %s_paths, %du, v);\n", fn,
                  nused);
}

static bool emit_transformer(evcc_emit_ctx_t *ctx, const evcc_rule_t *r, const evcc_target_t *t, const char *fn) {
  tcomp_t c = {ctx, r, t, t->input_template, strlen(t->input_template), false, NULL, 0, 0, NULL, NULL, true};
  size_t i = 0;
  while (i < c.len && strchr(" \t\r\n", c.text[i])) i++;
  c.json = i < c.len && (c.text[i] == '{' || c.text[i] == '[');
  c.used = calloc(t->nvar + 1, sizeof *c.used);
  c.slot = calloc(t->nvar + 1, sizeof *c.slot);
  if (!c.used || !c.slot) abort();
  lex(&c);
  if (c.ok && c.json) check_json(&c);
  if (c.ok && emit_var_paths(&c, fn)) {
    evcc_buf_t *b = &ctx->c;
    fn_open(b, fn);
    emit_var_locals(&c, fn);
    size_t pos = 0;
    for (size_t k = 0; k < c.nph; k++) {
      emit_lit(b, c.text + pos, c.ph[k].off - pos);
      emit_slot(&c, &c.ph[k]);
      pos = c.ph[k].off + c.ph[k].len;
    }
    emit_lit(b, c.text + pos, c.len - pos);
    fn_close(b);
  } else {
    c.ok = false;
  }
  free(c.ph);
  free(c.used);
  free(c.slot);
  return c.ok;
}

static bool emit_input_path(evcc_emit_ctx_t *ctx, const evcc_target_t *t, const char *fn) {
  char name[256];
  size_t n;
  snprintf(name, sizeof name, "%s_p", fn);
  if (!emit_path(ctx, name, t->input_path, t->input_loc, "InputPath", t->id, &n)) return false;
  evcc_buf_t *b = &ctx->c;
  fn_open(b, fn);
  if (n)
    evcc_buf_printf(b, "  const evc_jval_t v = evc_json_locate(x->event, x->event_len, %s, %zuu);\n",
                    name, n);
  else
    evcc_buf_puts(b, "  const evc_jval_t v = evc_json_locate(x->event, x->event_len, NULL, 0u);\n");
  evcc_buf_puts(b, "  if (v.type == EVC_X_MISSING)\n"
                   "    return evc_fail(err, EVC_E_TRANSFORM, 0u, \"InputPath %s matches nothing in the event\", ");
  evcc_buf_c_string(b, t->input_path, strlen(t->input_path));
  evcc_buf_puts(b, ");\n  evc_out_lit(o, v.text, v.len);\n");
  fn_close(b);
  return true;
}

static void emit_constant(evcc_emit_ctx_t *ctx, const evcc_target_t *t, const char *fn) {
  fn_open(&ctx->c, fn);
  emit_lit(&ctx->c, t->input, strlen(t->input));
  fn_close(&ctx->c);
}

/* ---- tables ---- */

/* S_targets_<rule> (unique: rule names are), or S_in_<rule>_<target> made unique in the symbol table. */
static void sym_name(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, evcc_buf_t *b, const char *what,
                     const evcc_rule_t *r, const evcc_target_t *t) {
  evcc_buf_t name, owner;
  evcc_buf_init(&name);
  evcc_buf_init(&owner);
  evcc_buf_printf(&name, "%s_%s_", bus->sym, what);
  evcc_sym_segment(&name, r->name, strlen(r->name), "unnamed");
  if (t) {
    evcc_buf_putc(&name, '_');
    evcc_sym_segment(&name, t->id, strlen(t->id), "target");
    evcc_emit_bus_what(&owner, bus);
    evcc_sym_owner_t o = {owner.data, bus->loc};
    evcc_buf_puts(b, evcc_sym_unique(ctx->syms, name.data, &o));
  } else
    evcc_buf_puts(b, name.data);
  evcc_buf_free(&name);
  evcc_buf_free(&owner);
}

/* The bus definition's names, and the families of its per-rule tables, belong to the bus. */
static bool claim_names(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus) {
  evcc_buf_t owner, family;
  evcc_buf_init(&owner);
  evcc_buf_init(&family);
  evcc_emit_bus_what(&owner, bus);
  evcc_sym_owner_t o = {owner.data, bus->loc};
  evcc_tvar_t vars[] = {{"SYM", bus->sym}};
  bool ok = evcc_template_claim("bus_def.h.in", vars, 1, ctx->syms, &o, ctx->diag) &&
            evcc_template_claim("bus_def.c.in", vars, 1, ctx->syms, &o, ctx->diag);
  const char *families[] = {"in_", "targets_", "schedule_", "policy_", "policies"};
  for (size_t i = 0; ok && i < sizeof families / sizeof *families; i++) {
    family.len = 0;
    evcc_buf_printf(&family, "%s_%s", bus->sym, families[i]);
    ok = evcc_sym_claim_prefix(ctx->syms, family.data, &o, ctx->diag);
  }
  evcc_buf_free(&owner);
  evcc_buf_free(&family);
  return ok;
}

static void where(evcc_buf_t *b, evcc_loc_t loc) {
  char w[1024];
  snprintf(w, sizeof w, "%s:%u:%u", loc.file ? loc.file : "", loc.line, loc.col);
  evcc_buf_c_string(b, w, strlen(w));
}

static void c_str_or_null(evcc_buf_t *b, const char *s) {
  if (s)
    evcc_buf_c_string(b, s, strlen(s));
  else
    evcc_buf_puts(b, "NULL");
}

/* Emits the target's input function; sets *fn to its name (or the runtime's event copier). */
static bool emit_input(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, const evcc_rule_t *r,
                       const evcc_target_t *t, evcc_buf_t *fn) {
  if (t->input_kind == EVCC_INPUT_EVENT) {
    evcc_buf_puts(fn, "evc_transform_event");
    return true;
  }
  sym_name(ctx, bus, fn, "in", r, t);
  evcc_buf_printf(&ctx->c, "/* %s:%u: rule \"", t->input_loc.file ? t->input_loc.file : "",
                  t->input_loc.line);
  evcc_buf_c_comment_text(&ctx->c, r->name, strlen(r->name));
  evcc_buf_puts(&ctx->c, "\" target \"");
  evcc_buf_c_comment_text(&ctx->c, t->id, strlen(t->id));
  evcc_buf_puts(&ctx->c, "\" */\n");
  if (t->input_kind == EVCC_INPUT_CONSTANT) {
    emit_constant(ctx, t, fn->data);
    return true;
  }
  if (t->input_kind == EVCC_INPUT_PATH) return emit_input_path(ctx, t, fn->data);
  return emit_transformer(ctx, r, t, fn->data);
}

static void target_row(evcc_buf_t *b, const evcc_target_t *t, const char *fn) {
  evcc_buf_puts(b, "    {");
  c_str_or_null(b, t->id);
  evcc_buf_puts(b, ", ");
  c_str_or_null(b, t->arn.text);
  evcc_buf_puts(b, ", ");
  c_str_or_null(b, t->arn.bind_name ? t->arn.bind_name : t->arn.text);
  evcc_buf_puts(b, ", ");
  c_str_or_null(b, t->dead_letter_arn.text);
  evcc_buf_puts(b, ", ");
  c_str_or_null(b, t->dead_letter_arn.bind_name ? t->dead_letter_arn.bind_name
                                                : t->dead_letter_arn.text);
  evcc_buf_printf(b, ", %du, %du, %s, ", t->max_retry_attempts, t->max_event_age, fn);
  where(b, t->loc);
  evcc_buf_puts(b, ", ");
  c_str_or_null(b, t->bus_name);
  evcc_buf_puts(b, "},\n");
}

static bool emit_rule_targets(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, const evcc_rule_t *r) {
  bool ok = true;
  evcc_buf_t rows;
  evcc_buf_init(&rows);
  for (size_t j = 0; j < r->ntarget; j++) {
    evcc_buf_t fn;
    evcc_buf_init(&fn);
    ok &= emit_input(ctx, bus, r, &r->targets[j], &fn);
    target_row(&rows, &r->targets[j], fn.data);
    evcc_buf_free(&fn);
  }
  if (r->ntarget) {
    evcc_buf_printf(&ctx->c, "/* %s:%u: rule \"", r->loc.file ? r->loc.file : "", r->loc.line);
    evcc_buf_c_comment_text(&ctx->c, r->name, strlen(r->name));
    evcc_buf_puts(&ctx->c, "\" */\nstatic const evc_target_def_t ");
    sym_name(ctx, bus, &ctx->c, "targets", r, NULL);
    evcc_buf_printf(&ctx->c, "[] = {\n%s};\n\n", rows.data);
  }
  evcc_buf_free(&rows);
  return ok;
}

static void rule_row(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, evcc_buf_t *b, const evcc_rule_t *r) {
  evcc_buf_puts(b, "    {");
  evcc_buf_c_string(b, r->name, strlen(r->name));
  evcc_buf_printf(b, ", %d, ", r->enabled ? 1 : 0);
  if (r->ntarget)
    sym_name(ctx, bus, b, "targets", r, NULL);
  else
    evcc_buf_puts(b, "NULL");
  evcc_buf_printf(b, ", %zuu, ", r->ntarget);
  where(b, r->loc);
  evcc_buf_puts(b, ", ");
  if (r->schedule) {
    evcc_buf_puts(b, "&");
    sym_name(ctx, bus, b, "schedule", r, NULL);
  } else {
    evcc_buf_puts(b, "NULL");
  }
  evcc_buf_puts(b, "},\n");
}

/* A scheduled rule's evc_schedule_t, referenced by its row of the rules table. */
static bool emit_rule_schedule(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, const evcc_rule_t *r) {
  if (!r->schedule) return true;
  evcc_buf_t name;
  evcc_buf_init(&name);
  sym_name(ctx, bus, &name, "schedule", r, NULL);
  bool ok = evcc_emit_schedule(ctx, name.data, r);
  evcc_buf_free(&name);
  return ok;
}

/* ---- resource policies ---- */

/* `static const char *const SYM_policy_SID_WHAT[] = {...};` and its name, or "NULL" when empty. */
static void emit_str_array(evcc_emit_ctx_t *ctx, const char *sym, const evcc_policy_t *p, const char *what,
                           char *const *list, size_t n, evcc_buf_t *name) {
  if (!n) {
    evcc_buf_puts(name, "NULL");
    return;
  }
  evcc_buf_printf(name, "%s_policy_", sym);
  evcc_buf_c_ident(name, p->sid, strlen(p->sid));
  evcc_buf_printf(name, "_%s", what);
  evcc_buf_printf(&ctx->c, "static const char *const %s[] = {", name->data);
  for (size_t i = 0; i < n; i++) {
    evcc_buf_puts(&ctx->c, i ? ", " : "");
    evcc_buf_c_string(&ctx->c, list[i], strlen(list[i]));
  }
  evcc_buf_puts(&ctx->c, "};\n");
}

static void policy_row(evcc_emit_ctx_t *ctx, const char *sym, const evcc_policy_t *p, evcc_buf_t *rows) {
  evcc_buf_t principals, sources, types;
  evcc_buf_init(&principals);
  evcc_buf_init(&sources);
  evcc_buf_init(&types);
  emit_str_array(ctx, sym, p, "principals", p->principals, p->nprincipal, &principals);
  emit_str_array(ctx, sym, p, "sources", p->sources, p->nsource, &sources);
  emit_str_array(ctx, sym, p, "detail_types", p->detail_types, p->ndetail_type, &types);
  evcc_buf_puts(rows, "    {");
  evcc_buf_c_string(rows, p->sid, strlen(p->sid));
  evcc_buf_printf(rows, ", %d, %s, %zuu, ", p->deny ? 1 : 0, principals.data, p->nprincipal);
  c_str_or_null(rows, p->org_id);
  evcc_buf_printf(rows, ", %s, %zuu, %s, %zuu, ", sources.data, p->nsource, types.data, p->ndetail_type);
  where(rows, p->loc);
  evcc_buf_puts(rows, "},\n");
  evcc_buf_free(&principals);
  evcc_buf_free(&sources);
  evcc_buf_free(&types);
}

/* The bus's policy table; *n statements, `name` set to its symbol or "NULL". */
static bool emit_policies(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, evcc_buf_t *name, size_t *n) {
  evcc_buf_t rows;
  evcc_buf_init(&rows);
  bool ok = true;
  const evcc_model_t *m = ctx->model;
  *n = 0;
  for (size_t i = 0; i < m->npolicy; i++) {
    const evcc_policy_t *p = &m->policies[i];
    if (strcmp(p->bus, bus->bus_name) != 0) continue;
    for (size_t k = 0; k < i; k++)
      if (strcmp(m->policies[k].bus, p->bus) == 0 && strcmp(m->policies[k].sid, p->sid) == 0) {
        evcc_error(ctx->diag, p->loc, "event bus %s has two policy statements with StatementId %s", p->bus, p->sid);
        evcc_note(ctx->diag, m->policies[k].loc, "the first one is here");
        ok = false;
      }
    policy_row(ctx, bus->sym, p, &rows);
    (*n)++;
  }
  if (*n) {
    evcc_buf_printf(name, "%s_policies", bus->sym);
    evcc_buf_printf(&ctx->c, "static const evc_policy_def_t %s[] = {\n%s};\n\n", name->data, rows.data);
  } else {
    evcc_buf_puts(name, "NULL");
  }
  evcc_buf_free(&rows);
  return ok;
}

static bool emit_bus_def(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, const char *rules) {
  evcc_buf_t name, comment, policies;
  evcc_buf_init(&name);
  evcc_buf_init(&comment);
  evcc_buf_init(&policies);
  evcc_buf_c_string(&name, bus->bus_name, strlen(bus->bus_name));
  evcc_buf_c_comment_text(&comment, bus->bus_name, strlen(bus->bus_name));
  char nrule[32], npolicy[32];
  size_t np;
  bool ok = emit_policies(ctx, bus, &policies, &np);
  snprintf(nrule, sizeof nrule, "%zu", bus->ir.nrule);
  snprintf(npolicy, sizeof npolicy, "%zu", np);
  char abi[16];
  snprintf(abi, sizeof abi, "%d", EVC_ABI_VERSION);
  evcc_tvar_t vars[] = {{"SYM", bus->sym},     {"NAME", name.data},         {"NAME_COMMENT", comment.data},
                        {"RULES", rules},      {"NRULE", nrule},            {"POLICIES", policies.data},
                        {"NPOLICY", npolicy},           {"ABI", abi},
                        {"ARCHIVES", bus->archive_fields ? bus->archive_fields : "NULL, 0u, 0u, NULL, NULL"}};
  ok = ok && evcc_template_render(&ctx->c, "bus_def.c.in", vars, sizeof vars / sizeof vars[0]) &&
       evcc_template_render(&ctx->h, "bus_def.h.in", vars, sizeof vars / sizeof vars[0]);
  evcc_buf_free(&name);
  evcc_buf_free(&comment);
  evcc_buf_free(&policies);
  return ok;
}

bool evcc_emit_targets(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus) {
  if (!claim_names(ctx, bus)) return false;
  bool ok = true;
  evcc_buf_t rules;
  evcc_buf_init(&rules);
  evcc_buf_puts(&ctx->c, "#include \"eventc/bus.h\"\n#include \"eventc/schedule.h\"\n\n");
  for (size_t i = 0; i < bus->ir.nrule; i++) {
    const evcc_rule_t *r = bus->ir.rules[i].user;
    ok &= emit_rule_targets(ctx, bus, r);
    ok &= emit_rule_schedule(ctx, bus, r);
    rule_row(ctx, bus, &rules, r);
  }
  if (ok && !emit_bus_def(ctx, bus, bus->ir.nrule ? rules.data : "    {NULL, 0, NULL, 0u, NULL, NULL},\n")) {
    if (!evcc_diag_failed(ctx->diag))
      evcc_error(ctx->diag, (evcc_loc_t){NULL, 0, 0}, "internal error: bus_def templates missing");
    ok = false;
  }
  evcc_buf_free(&rules);
  return ok;
}
