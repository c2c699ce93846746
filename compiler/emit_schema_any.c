/* Versioned dispatch: <PFX>_<Name>_parse_any() over the versions of one schema compiled side by side. */
#include "emit_schema_any.h"
#include "schema_ir.h"
#include "symtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VERSIONS 32
#define MAX_SPELLINGS 16

/* One version of the group: its root, its C name, and the values of the version field that select it. */
typedef struct version {
  const evcc_sroot_t *root;
  const char *cname;     /* "Ticket_v2": the entry points' name */
  const char *type;      /* its struct type */
  const char *strings[MAX_SPELLINGS];
  size_t nstring;
  double numbers[MAX_SPELLINGS];
  size_t nnumber;
  char owned[3][64];     /* spellings made from the version string */
} version_t;

static const evcc_snode_t *deref(const evcc_snode_t *s) {
  for (int hops = 0; s && s->ref && hops < 64; hops++) s = s->ref;
  return s;
}

static const evcc_snode_t *property(const evcc_snode_t *s, const char *name) {
  s = deref(s);
  for (size_t i = 0; s && i < s->nprop; i++)
    if (strlen(name) == s->keys[i].len && !memcmp(s->keys[i].name, name, s->keys[i].len)) return deref(s->keys[i].schema);
  return NULL;
}

/* x-eventc-version-field of any version, else schema_version when every version has that property. */
static const char *version_field(const version_t *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const evcc_snode_t *s = deref(v[i].root->schema);
    const evcc_node_t *f = s && s->src->kind == EVCC_NODE_MAP ? evcc_map_get(s->src, "x-eventc-version-field") : NULL;
    if (f && f->kind == EVCC_NODE_STRING) return f->str;
  }
  for (size_t i = 0; i < n; i++)
    if (!property(v[i].root->schema, "schema_version")) return NULL;
  return "schema_version";
}

static void add_value(version_t *v, const evcc_node_t *n) {
  double x;
  if (n->kind == EVCC_NODE_STRING && v->nstring < MAX_SPELLINGS) v->strings[v->nstring++] = n->str;
  if (n->kind == EVCC_NODE_NUMBER && evcc_node_number(n, &x) && v->nnumber < MAX_SPELLINGS) v->numbers[v->nnumber++] = x;
}

/*
 * The values selecting a version: the field's const/enum in that version's schema when it has one,
 * else the version string; a numeric one also with trailing ".0" and as a number ("2" selects "2", "2.0",
 * "2.0.0" and 2).
 */
static void spellings(version_t *v, const char *field) {
  const evcc_snode_t *f = property(v->root->schema, field);
  if (f && f->const_) add_value(v, f->const_);
  for (size_t i = 0; f && f->enum_ && i < f->enum_->count; i++) add_value(v, f->enum_->items[i]);
  if (v->nstring || v->nnumber) return;
  char base[64];
  snprintf(base, sizeof base, "%s", v->root->version);
  size_t len = strlen(base);
  while (len > 2 && !strcmp(base + len - 2, ".0")) base[len -= 2] = '\0';
  char *end;
  double x = strtod(base, &end);
  bool numeric = *base && !*end;
  snprintf(v->owned[0], sizeof v->owned[0], "%s", base);
  snprintf(v->owned[1], sizeof v->owned[1], "%s.0", base);
  snprintf(v->owned[2], sizeof v->owned[2], "%s.0.0", base);
  for (int i = 0; i < (numeric ? 3 : 1); i++) v->strings[v->nstring++] = v->owned[i];
  if (numeric) v->numbers[v->nnumber++] = x;
}

static void pointer_of(evcc_buf_t *b, const char *field) {
  evcc_buf_putc(b, '/');
  for (const char *p = field; *p; p++) evcc_buf_puts(b, *p == '~' ? "~0" : *p == '/' ? "~1" : (char[]){*p, 0});
}

static void emit_header(evcc_emit_ctx_t *ctx, const char *pfx, const char *name, const version_t *v, size_t n,
                        const char *field) {
  evcc_buf_t *h = &ctx->h;
  evcc_buf_printf(h, "\n/* Schema \"");
  evcc_buf_c_comment_text(h, name, strlen(name));
  evcc_buf_puts(h, "\": versions side by side; parse_any picks one by the member \"");
  evcc_buf_c_comment_text(h, field, strlen(field));
  evcc_buf_printf(h, "\". */\ntypedef enum %s_%s_version {\n", pfx, name);
  for (size_t i = 0; i < n; i++) {
    evcc_buf_printf(h, "  %s_%s_V", pfx, name);
    evcc_sym_segment(h, v[i].root->version, strlen(v[i].root->version), "0");
    evcc_buf_printf(h, " = %lu%s /* version \"", (unsigned long)i + 1, i + 1 < n ? "," : "");
    evcc_buf_c_comment_text(h, v[i].root->version, strlen(v[i].root->version));
    evcc_buf_puts(h, "\" */\n");
  }
  evcc_buf_printf(h, "} %s_%s_version_t;\n\ntypedef struct %s_%s_any {\n  %s_%s_version_t version;\n  union {\n", pfx, name, pfx,
                  name, pfx, name);
  for (size_t i = 0; i < n; i++) evcc_buf_printf(h, "    %s %s;\n", v[i].type, v[i].cname);
  evcc_buf_printf(h, "  } as;\n} %s_%s_any;\n\n", pfx, name);
  evcc_buf_printf(h,
                  "/* Parses the version the member names (out->version says which, out->as holds it); an unknown\n"
                  "   or missing version is EVC_E_SCHEMA at that member's JSON Pointer. */\n"
                  "int %s_%s_parse_any(const char *json, size_t len, %s_%s_any *out, evc_arena_t *arena, evc_error_t *err);\n",
                  pfx, name, pfx, name);
}

static void emit_match(evcc_buf_t *c, const version_t *v, const char *pfx, const char *name, bool numbers) {
  evcc_buf_puts(c, "  if (");
  size_t k = 0;
  for (size_t i = 0; i < v->nstring; i++, k++) {
    evcc_buf_puts(c, k ? " || " : "");
    evcc_buf_puts(c, "(str && evc_str_equals(&s, ");
    evcc_buf_c_string(c, v->strings[i], strlen(v->strings[i]));
    evcc_buf_printf(c, ", %lu))", (unsigned long)strlen(v->strings[i]));
  }
  for (size_t i = 0; numbers && i < v->nnumber; i++, k++)
    evcc_buf_printf(c, "%s(nv.len && num == %.17g)", k ? " || " : "", v->numbers[i]);
  evcc_buf_printf(c, ") {\n    out->version = %s_%s_V", pfx, name);
  evcc_sym_segment(c, v->root->version, strlen(v->root->version), "0");
  evcc_buf_printf(c, ";\n    return %s_%s_parse(json, len, &out->as.%s, arena, err);\n  }\n", pfx, v->cname, v->cname);
}

/* Finds the member without validating the rest (the version's own parser does), then dispatches. */
static void emit_code(evcc_buf_t *c, const char *pfx, const char *name, const version_t *v, size_t n,
                      const char *field) {
  bool numbers = false;
  for (size_t i = 0; i < n; i++) numbers |= v[i].nnumber > 0;
  evcc_buf_t ptr, about;
  evcc_buf_init(&ptr);
  evcc_buf_init(&about);
  pointer_of(&ptr, field);
  evcc_buf_printf(&about, "of %s (known:", name);
  for (size_t i = 0; i < n; i++) evcc_buf_printf(&about, "%s %s", i ? "," : "", v[i].nstring ? v[i].strings[0] : v[i].root->version);
  evcc_buf_puts(&about, ")");
  evcc_buf_printf(c, "\nint %s_%s_parse_any(const char *json, size_t len, %s_%s_any *out, evc_arena_t *arena, evc_error_t *err) {\n",
                  pfx, name, pfx, name);
  evcc_buf_puts(c, "  evc_scan_t sc;\n  evc_str_t key, s = {0, 0, false};\n  evc_num_t nv = {0, 0};\n  int str = 0;\n");
  if (numbers) evcc_buf_puts(c, "  double num = 0;\n");
  evcc_buf_puts(c, "  const char *p = evc_scan_begin(&sc, json, len, NULL, err);\n  int more;\n  size_t at;\n"
                   "  memset(out, 0, sizeof *out);\n  if (!p) return sc.err_code;\n"
                   "  more = evc_scan_obj_first(&sc, &p, &key);\n  while (more > 0 && !evc_str_equals(&key, ");
  evcc_buf_c_string(c, field, strlen(field));
  evcc_buf_printf(c, ", %lu)) {\n", (unsigned long)strlen(field));
  evcc_buf_puts(c, "    p = evc_scan_skip(&sc, p);\n    if (!p) return sc.err_code;\n"
                   "    more = evc_scan_obj_next(&sc, &p, &key);\n  }\n  if (more < 0) return sc.err_code;\n"
                   "  if (more == 0) return evc_fail(err, EVC_E_SCHEMA, 0, \"no member %s names the version %s\", ");
  evcc_buf_t quoted;
  evcc_buf_init(&quoted);
  evcc_buf_json_string(&quoted, field, strlen(field));
  evcc_buf_c_string(c, quoted.data, quoted.len);
  evcc_buf_puts(c, ", ");
  evcc_buf_c_string(c, about.data, about.len);
  evcc_buf_puts(c, ");\n  at = evc_scan_offset(&sc, p);\n"
                   "  if (*p == '\"') p = evc_scan_string(&sc, p, &s), str = 1;\n"
                   "  else if (*p == '-' || (*p >= '0' && *p <= '9')) p = evc_scan_number(&sc, p, &nv);\n"
                   "  if (!p) return sc.err_code;\n");
  if (numbers) evcc_buf_puts(c, "  if (nv.len) num = evc_num_to_double(&nv);\n");
  for (size_t i = 0; i < n; i++) emit_match(c, &v[i], pfx, name, numbers);
  evcc_buf_puts(c, "  evc_error_set_pointer(err, ");
  evcc_buf_c_string(c, ptr.data, ptr.len);
  evcc_buf_printf(c, ", %lu);\n", (unsigned long)ptr.len);
  evcc_buf_puts(c, "  return evc_fail(err, EVC_E_SCHEMA, at, \"unknown version %.*s %s\", "
                   "str || nv.len ? (int)(evc_scan_offset(&sc, p) - at) : 0, json + at, ");
  evcc_buf_c_string(c, about.data, about.len);
  evcc_buf_puts(c, ");\n}\n");
  evcc_buf_free(&quoted);
  evcc_buf_free(&ptr);
  evcc_buf_free(&about);
}

/* The struct API of a root (what parse_any fills), or NULL when it has none. */
static const char *struct_type(const evcc_sroot_t *r) {
  const evcc_snode_t *d = deref(r->schema);
  return !r->validate_only && d && d->repr == EVCC_R_STRUCT && d->cname && d->typed_done ? d->cname : NULL;
}

static bool claim(evcc_emit_ctx_t *ctx, const char *pfx, const char *name, const char *what, evcc_loc_t loc) {
  static const char *const forms[] = {"%s_%s_parse_any", "%s_%s_any", "%s_%s_version_t", "%s_%s_version"};
  evcc_sym_owner_t o = {what, loc};
  bool ok = true;
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
    char sym[512];
    snprintf(sym, sizeof sym, forms[i], pfx, name);
    ok &= evcc_sym_claim(ctx->syms, sym, &o, ctx->diag);
  }
  return ok;
}

/* Collects the versions sharing roots[first]'s name; false when they cannot have a parse_any. */
static size_t group(const evcc_sroot_t *roots, size_t nroot, size_t first, char *const *names, bool *done,
                    version_t *v) {
  size_t n = 0;
  bool typed = true;
  for (size_t j = first; j < nroot; j++) {
    if (!roots[j].version || strcmp(roots[j].name, roots[first].name)) continue;
    done[j] = true;
    if (n == MAX_VERSIONS) return 0;
    memset(&v[n], 0, sizeof v[n]);
    v[n].root = &roots[j];
    v[n].cname = names[j];
    v[n].type = struct_type(&roots[j]);
    typed &= v[n].type != NULL;
    n++;
  }
  return typed && n >= 2 ? n : 0;
}

bool evcc_emit_schema_any(evcc_emit_ctx_t *ctx, evcc_schema_set_t *set, const char *pfx, char *const *names,
                          evcc_buf_t *code) {
  evcc_sroot_t *roots;
  size_t nroot = evcc_schema_set_roots(set, &roots);
  bool *done = calloc(nroot + 1, sizeof *done), ok = true;
  version_t *v = calloc(MAX_VERSIONS, sizeof *v);
  if (!done || !v) abort();
  for (size_t i = 0; i < nroot; i++) {
    if (done[i] || !roots[i].version) continue;
    size_t n = group(roots, nroot, i, names, done, v);
    const char *field = n ? version_field(v, n) : NULL;
    if (!field) continue;
    for (size_t k = 0; k < n; k++) spellings(&v[k], field);
    evcc_buf_t name, what;
    evcc_buf_init(&name);
    evcc_buf_init(&what);
    evcc_sym_segment(&name, roots[i].name, strlen(roots[i].name), "schema");
    evcc_buf_printf(&what, "the versioned dispatch of schema \"%s\"", roots[i].name);
    if (claim(ctx, pfx, name.data, what.data, roots[i].schema->src->loc)) {
      emit_header(ctx, pfx, name.data, v, n, field);
      emit_code(code, pfx, name.data, v, n, field);
    } else {
      ok = false;
    }
    evcc_buf_free(&name);
    evcc_buf_free(&what);
  }
  free(v);
  free(done);
  return ok;
}
