/* Emits event schemas as C: typed structs, one-pass parse-and-validate functions, serializers. */
#include "emit.h"
#include "eventc/version.h"
#include "emit_schema_any.h"
#include "schema_ir.h"
#include "schema_regex.h"
#include "symtab.h"
#include "template.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct em {
  evcc_emit_ctx_t *ctx;
  evcc_schema_set_t *set;
  const char *pfx;
  evcc_buf_t types, protos, code;
  bool ok;
  const evcc_sroot_t *roots; /* with the owner of each root's names */
  const evcc_sym_owner_t *root_owners;
  size_t nroot;
} em_t;

static evcc_snode_t *deref(evcc_snode_t *s) {
  for (int i = 0; s && s->ref && i < 64; i++) s = s->ref;
  return s;
}

static char *fmt_name(em_t *e, const char *a, const char *b) {
  evcc_buf_t t;
  evcc_buf_init(&t);
  evcc_buf_puts(&t, a);
  if (b) {
    evcc_buf_putc(&t, '_');
    evcc_sym_segment(&t, b, strlen(b), "field");
  }
  char *s = evcc_schema_set_strdup(e->set, t.data);
  evcc_buf_free(&t);
  return s;
}

/* Who a node's generated names belong to: the root schema for a root's own type, else the node. */
static evcc_sym_owner_t node_owner(const evcc_snode_t *s) {
  evcc_sym_owner_t o = {"a type generated for a schema", s->src ? s->src->loc : (evcc_loc_t){0}};
  return o;
}

/* NAME_SUFFIX (fits: NAME is at most 420 bytes). */
static const char *companion(char out[480], const char *name, const char *suffix) {
  snprintf(out, 480, "%.420s_%.40s", name, suffix);
  return out;
}

/*
 * A C type name free in the symbol table, with its companion `<name>_<suffix>` (enum value
 * names table, writer): NAME, NAME_2, NAME_3, ... in the order types are planned.
 */
static char *type_name(em_t *e, const char *base, const char *suffix, const evcc_sym_owner_t *o) {
  char buf[420], extra[480];
  snprintf(buf, sizeof buf, "%.400s", base); /* deep nesting: long names are cut, then made unique */
  for (int k = 2; evcc_sym_taken(e->ctx->syms, buf, o) || evcc_sym_reserved(buf) ||
                  evcc_sym_taken(e->ctx->syms, companion(extra, buf, suffix), o) || evcc_sym_reserved(extra);
       k++)
    snprintf(buf, sizeof buf, "%.400s_%d", base, k);
  evcc_sym_claim(e->ctx->syms, buf, o, e->ctx->diag);
  evcc_sym_claim(e->ctx->syms, companion(extra, buf, suffix), o, e->ctx->diag);
  return evcc_schema_set_strdup(e->set, buf);
}

/* ---- validator function names: <pfx>_v_<Root>_<k>, numbered per root in walk order ---- */

static bool allows(const evcc_snode_t *s, unsigned t);

/* Names exactly the nodes whose validators some emitted code calls (no unused functions). */
static void name_fns(em_t *e, evcc_snode_t *s, const char *root, unsigned *k) {
  if (!s || s->fn) return;
  char buf[512];
  snprintf(buf, sizeof buf, "%s_v_%s_%u", e->pfx, root, (*k)++);
  evcc_sym_owner_t o = node_owner(s);
  s->fn = evcc_schema_set_strdup(e->set, evcc_sym_unique(e->ctx->syms, buf, &o));
  name_fns(e, s->ref, root, k);
  if (s->ref || s->boolean >= 0) return;
  bool obj = allows(s, EVCC_T_OBJECT), arr = allows(s, EVCC_T_ARRAY);
  for (size_t i = 0; i < s->nkey; i++) {
    if (obj) name_fns(e, s->keys[i].schema, root, k);
    name_fns(e, s->keys[i].dep_schema, root, k);
  }
  for (size_t i = 0; obj && i < s->npprop; i++) name_fns(e, s->pprops[i].schema, root, k);
  if (obj && s->additional && s->additional->boolean != 0) name_fns(e, s->additional, root, k);
  if (obj) name_fns(e, s->property_names, root, k);
  if (arr) {
    name_fns(e, s->items, root, k);
    for (size_t i = 0; i < s->ntuple; i++) name_fns(e, s->tuple[i], root, k);
    if (s->additional_items && s->additional_items->boolean != 0) name_fns(e, s->additional_items, root, k);
    name_fns(e, s->contains, root, k);
  }
  for (size_t i = 0; i < s->nall; i++) name_fns(e, s->all_of[i], root, k);
  for (size_t i = 0; i < s->nany; i++) name_fns(e, s->any_of[i], root, k);
  for (size_t i = 0; i < s->none; i++) name_fns(e, s->one_of[i], root, k);
  name_fns(e, s->not_, root, k);
  if (s->then_ || s->else_) {
    name_fns(e, s->if_, root, k);
    name_fns(e, s->then_, root, k);
    name_fns(e, s->else_, root, k);
  }
}

/* ---- typed representation ---- */

static bool all_strings(const evcc_node_t *l) {
  if (!l || l->kind != EVCC_NODE_SEQ || l->count == 0) return false;
  for (size_t i = 0; i < l->count; i++)
    if (l->items[i]->kind != EVCC_NODE_STRING) return false;
  return true;
}

static evcc_repr_t repr_of(em_t *e, const evcc_snode_t *s) {
  if (s->boolean >= 0 || s->ref) return EVCC_R_JSON;
  unsigned t = s->types & ~(unsigned)EVCC_T_NULL;
  if ((t == EVCC_T_OBJECT || t == 0) && s->nprop > 0) return EVCC_R_STRUCT;
  if (t == EVCC_T_ARRAY && s->items) return EVCC_R_ARRAY;
  if (t == EVCC_T_STRING) return all_strings(s->enum_) ? EVCC_R_ENUM : EVCC_R_STR;
  if (t == EVCC_T_INTEGER) return EVCC_R_INT;
  if (t == EVCC_T_NUMBER || t == (EVCC_T_NUMBER | EVCC_T_INTEGER)) return EVCC_R_NUM;
  if (t == EVCC_T_BOOLEAN) return EVCC_R_BOOL;
  if ((t & (t - 1)) || s->nany || s->none)
    evcc_warn(e->ctx->diag, EVCC_W_SCHEMA_FALLBACK, s->src->loc,
              "schema has no single C type: held as a JSON value view (evc_json_t)");
  return EVCC_R_JSON;
}

static char *field_name(em_t *e, const evcc_snode_t *owner, size_t idx) {
  evcc_buf_t t;
  evcc_buf_init(&t);
  const evcc_skey_t *k = &owner->keys[idx];
  if (k->len == 0 || (k->name[0] >= '0' && k->name[0] <= '9')) evcc_buf_putc(&t, '_');
  evcc_buf_c_ident(&t, k->name, k->len);
  if (evcc_sym_reserved(t.data) && (strstr(t.data, "__") || t.data[0] == '_')) { /* "__x", "_X", "a--b" */
    t.len = 0;
    evcc_sym_segment(&t, k->name, k->len, "field");
    if (t.data[0] >= '0' && t.data[0] <= '9') evcc_buf_puts(&t, "_field");
  }
  while (t.len > 1 && t.data[t.len - 1] == '_') t.data[--t.len] = '\0'; /* a trailing '_' marks keywords only */
  if (evcc_sym_reserved(t.data)) evcc_buf_putc(&t, '_'); /* a keyword: int -> int_ */
  if (t.len > 200) t.data[t.len = 200] = '\0'; /* fits the fixed buffers below; made unique next */
  /* keep clear of the flags has_<field> and <field>_is_null */
  if (!strncmp(t.data, "has_", 4) || (t.len >= 8 && !strcmp(t.data + t.len - 8, "_is_null"))) evcc_buf_putc(&t, '_');
  size_t base_len = t.len;
  for (int n = 2;; n++) {
    bool clash = false;
    for (size_t i = 0; i < idx && !clash; i++) clash = owner->keys[i].field && !strcmp(owner->keys[i].field, t.data);
    if (!clash) break;
    t.len = base_len;
    evcc_buf_printf(&t, "_%d", n);
  }
  char *s = evcc_schema_set_strdup(e->set, t.data);
  evcc_buf_free(&t);
  return s;
}

/* Gives every node reachable through typed edges its representation and C type name. */
/* The owner of a node's type name: the root schema it is (also when reached through a $ref), else the node. */
static evcc_sym_owner_t type_owner(const em_t *e, evcc_snode_t *s) {
  for (size_t i = 0; i < e->nroot; i++)
    if (!e->roots[i].validate_only && deref(e->roots[i].schema) == s) return e->root_owners[i];
  return node_owner(s);
}

static void plan_types(em_t *e, evcc_snode_t *s, const char *name, bool root) {
  s = deref(s);
  if (!s || s->cname || s->typed_done) return;
  s->typed_done = true;
  s->repr = repr_of(e, s);
  evcc_sym_owner_t o = type_owner(e, s);
  if (s->repr == EVCC_R_STRUCT || s->repr == EVCC_R_ARRAY || s->repr == EVCC_R_ENUM)
    s->cname = type_name(e, s->label && !root ? fmt_name(e, e->pfx, s->label) : name,
                         s->repr == EVCC_R_ENUM ? "names" : "w", &o);
  if (s->repr == EVCC_R_STRUCT)
    for (size_t i = 0; i < s->nprop; i++) {
      s->keys[i].field = field_name(e, s, i);
      plan_types(e, s->keys[i].schema, fmt_name(e, s->cname, s->keys[i].field), false);
    }
  if (s->repr == EVCC_R_ARRAY) plan_types(e, s->items, fmt_name(e, s->cname, "item"), false);
}

static const char *ctype(const evcc_snode_t *s) {
  switch (s->repr) {
  case EVCC_R_STRUCT:
  case EVCC_R_ARRAY:
  case EVCC_R_ENUM: return s->cname;
  case EVCC_R_STR: return "evc_str_t";
  case EVCC_R_INT: return "int64_t";
  case EVCC_R_NUM: return "double";
  case EVCC_R_BOOL: return "bool";
  default: return "evc_json_t";
  }
}

/*
 * <Type>_<value>; a value whose name is taken (by an earlier value: "a-b", "a_b"; by a generated
 * name: "names") gets its index: <Type>_<value>_<index>.
 */
static const char *enum_constant(em_t *e, const evcc_snode_t *s, size_t i) {
  const evcc_node_t *v = s->enum_->items[i];
  evcc_buf_t name;
  evcc_buf_init(&name);
  evcc_buf_printf(&name, "%s_", s->cname);
  evcc_sym_segment(&name, v->str, v->len, "empty");
  evcc_sym_owner_t o = {"an enum value", v->loc};
  if (evcc_sym_taken(e->ctx->syms, name.data, &o)) evcc_buf_printf(&name, "_%lu", (unsigned long)i);
  const char *claimed = evcc_sym_unique(e->ctx->syms, name.data, &o);
  evcc_buf_free(&name);
  return claimed;
}

static void emit_enum(em_t *e, evcc_snode_t *s) {
  evcc_buf_t *h = &e->types;
  evcc_buf_printf(h, "typedef enum %s {\n", s->cname);
  for (size_t i = 0; i < s->enum_->count; i++) {
    const evcc_node_t *v = s->enum_->items[i];
    evcc_buf_printf(h, "  %s = %lu, /* ", enum_constant(e, s, i), (unsigned long)i);
    evcc_buf_c_comment_text(h, v->str, v->len);
    evcc_buf_puts(h, " */\n");
  }
  evcc_buf_printf(h, "} %s;\n/* JSON text of each %s value, by value */\nextern const char *const %s_names[%lu];\n\n",
                  s->cname, s->cname, s->cname, (unsigned long)s->enum_->count);
  evcc_buf_printf(&e->code, "const char *const %s_names[%lu] = {", s->cname, (unsigned long)s->enum_->count);
  for (size_t i = 0; i < s->enum_->count; i++) {
    evcc_buf_puts(&e->code, i ? ", " : "");
    evcc_buf_c_string(&e->code, s->enum_->items[i]->str, s->enum_->items[i]->len);
  }
  evcc_buf_puts(&e->code, "};\n\n");
}

/* Length of a field name without the '_' a keyword got: the flag of `int_` is `int_is_null`. */
static int stem_len(const char *field) {
  size_t n = strlen(field);
  return (int)(n > 1 && field[n - 1] == '_' ? n - 1 : n);
}

static void emit_struct(em_t *e, evcc_snode_t *s) {
  evcc_buf_t *h = &e->types;
  evcc_buf_printf(h, "/* %s:%u:%u */\nstruct %s {\n", s->src->loc.file ? s->src->loc.file : "-",
                  s->src->loc.line, s->src->loc.col, s->cname);
  for (size_t i = 0; i < s->nprop; i++) {
    evcc_skey_t *k = &s->keys[i];
    evcc_snode_t *c = deref(k->schema);
    if (!c) continue;
    if (!k->required) evcc_buf_printf(h, "  bool has_%s;\n", k->field);
    if (c->types & EVCC_T_NULL) evcc_buf_printf(h, "  bool %.*s_is_null;\n", stem_len(k->field), k->field);
    evcc_buf_printf(h, "  %s %s; /* \"", k->by_json ? "evc_json_t" : ctype(c), k->field);
    evcc_buf_c_comment_text(h, k->name, k->len);
    evcc_buf_puts(h, "\" */\n");
  }
  if (s->additional || s->npprop)
    evcc_buf_puts(h, "  /* other properties are validated, not stored */\n");
  evcc_buf_puts(h, "};\n\n");
}

/* Type definitions, dependencies first; a by-value cycle falls back to a JSON view. */
static void emit_type(em_t *e, evcc_snode_t *s) {
  s = deref(s);
  if (!s || s->emitted || !s->cname) return;
  s->visiting = true;
  if (s->repr == EVCC_R_STRUCT) {
    for (size_t i = 0; i < s->nprop; i++) {
      evcc_snode_t *c = deref(s->keys[i].schema);
      if (c && c->visiting && c->repr == EVCC_R_STRUCT) {
        s->keys[i].by_json = true;
        evcc_warn(e->ctx->diag, EVCC_W_SCHEMA_FALLBACK, s->keys[i].schema->src->loc,
                  "recursive property \"%s\" is held as a JSON value view", s->keys[i].field);
      } else {
        emit_type(e, c);
      }
    }
  } else if (s->repr == EVCC_R_ARRAY) {
    evcc_snode_t *c = deref(s->items);
    if (c && !c->visiting) emit_type(e, c);
  }
  s->visiting = false;
  if (s->emitted) return;
  s->emitted = true;
  if (s->repr == EVCC_R_ENUM) emit_enum(e, s);
  else if (s->repr == EVCC_R_STRUCT) emit_struct(e, s);
  else evcc_buf_printf(&e->types, "struct %s {\n  %s *items;\n  size_t count;\n};\n\n", s->cname, ctype(deref(s->items)));
}


/* ---- validator functions ---- */

static bool typed(const evcc_snode_t *s) { return s->typed_done && s->repr != EVCC_R_JSON; }

static void num_lit(evcc_buf_t *b, const evcc_node_t *n) {
  double x = 0;
  if (!evcc_node_number(n, &x)) {
    evcc_buf_puts(b, n->str[0] == '-' ? "-HUGE_VAL" : "HUGE_VAL");
    return;
  }
  char t[64];
  snprintf(t, sizeof t, "%.17g", x);
  evcc_buf_puts(b, t);
  if (!strpbrk(t, ".en")) evcc_buf_puts(b, ".0");
}

static void types_text(evcc_buf_t *b, unsigned t) {
  static const char *const names[] = {"null", "boolean", "object", "array", "number", "string", "integer"};
  bool first = true;
  for (unsigned i = 0; i < 7; i++)
    if (t & (1u << i)) {
      evcc_buf_puts(b, first ? "" : " or ");
      evcc_buf_puts(b, names[i]);
      first = false;
    }
}

/* `return evc_v_fail(v, "kw", "<fmt>"<args>);` with the message format escaped once. */
static void fail(evcc_buf_t *b, const char *indent, const char *kw, const char *fmt, const char *args) {
  evcc_buf_printf(b, "%sreturn evc_v_fail(v, \"%s\", ", indent, kw);
  evcc_buf_c_string(b, fmt, strlen(fmt));
  evcc_buf_printf(b, "%s);\n", args ? args : "");
}

/* The count keywords: `if (VAR OP BOUND)` fails with "BEFORE<VAR>AFTER<BOUND>". */
static void count_bound(evcc_buf_t *b, const char *var, char op, long bound, const char *kw, const char *before,
                        const char *after) {
  char m[128], args[48];
  evcc_buf_printf(b, "    if (%s %c %luu)\n", var, op, (unsigned long)bound);
  snprintf(m, sizeof m, "%s%%lu%s%ld", before, after, bound);
  snprintf(args, sizeof args, ", (unsigned long)%s", var);
  fail(b, "      ", kw, m, args);
}

/* printf-safe text of a schema string for messages ('%' doubled). */
static char *pct(const char *s, size_t n) {
  char *o = malloc(2 * n + 1), *p = o;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '%') *p++ = '%';
    *p++ = s[i] ? s[i] : '?';
  }
  *p = '\0';
  return o;
}

static void type_fail(evcc_buf_t *b, const evcc_snode_t *s, const char *got) {
  evcc_buf_t m;
  evcc_buf_init(&m);
  evcc_buf_puts(&m, "expected ");
  types_text(&m, s->types);
  evcc_buf_printf(&m, ", got %s", got);
  fail(b, "    ", "type", m.data, NULL);
  evcc_buf_free(&m);
}

static bool allows(const evcc_snode_t *s, unsigned t) {
  if (!s->types) return true;
  if (t == EVCC_T_NUMBER) return s->types & (EVCC_T_NUMBER | EVCC_T_INTEGER);
  return s->types & t;
}

/* Calls the child validator on the value at the cursor, storing into `dst` when typed. */
static void call(evcc_buf_t *b, const char *ind, const evcc_snode_t *child, const char *dst, bool by_json,
                 const char *guard) {
  const evcc_snode_t *c = deref((evcc_snode_t *)child);
  if (dst && (by_json || !typed(c))) {
    evcc_buf_printf(b, "%s{\n%s  const char *vs_ = (evc_v_peek(v), v->p);\n", ind, ind);
    evcc_buf_printf(b, "%s  if (%s(v, NULL)) return -1;\n", ind, child->fn);
    evcc_buf_printf(b, "%s  if (%s) { (%s).ptr = vs_; (%s).len = (size_t)(v->p - vs_); }\n%s}\n", ind, guard, dst, dst, ind);
  } else if (dst) {
    evcc_buf_printf(b, "%sif (%s(v, %s ? &(%s) : NULL)) return -1;\n", ind, child->fn, guard, dst);
  } else {
    evcc_buf_printf(b, "%sif (%s(v, NULL)) return -1;\n", ind, child->fn);
  }
}

/* Key dispatch: switch on the length, then compare the few candidates of that length. */
static void emit_dispatch(evcc_buf_t *b, const evcc_snode_t *s) {
  evcc_buf_puts(b, "      switch (k.len) {\n");
  bool *done = calloc(s->nkey + 1, 1);
  for (size_t i = 0; i < s->nkey; i++) {
    if (done[i]) continue;
    evcc_buf_printf(b, "      case %lu:\n", (unsigned long)s->keys[i].len);
    for (size_t j = i; j < s->nkey; j++) {
      if (done[j] || s->keys[j].len != s->keys[i].len) continue;
      done[j] = true;
      evcc_buf_puts(b, "        if (");
      if (s->keys[j].len) {
        evcc_buf_printf(b, "k.ptr[0] == '\\%03o' && !memcmp(k.ptr, ", (unsigned char)s->keys[j].name[0]);
        evcc_buf_c_string(b, s->keys[j].name, s->keys[j].len);
        evcc_buf_printf(b, ", %lu)", (unsigned long)s->keys[j].len);
      } else {
        evcc_buf_puts(b, "1");
      }
      evcc_buf_printf(b, ") ki = %lu; /* ", (unsigned long)j);
      evcc_buf_c_comment_text(b, s->keys[j].name, s->keys[j].len);
      evcc_buf_puts(b, " */\n");
    }
    evcc_buf_puts(b, "        break;\n");
  }
  evcc_buf_puts(b, "      default:\n        break;\n      }\n");
  free(done);
}

/* The key text a member in declared order starts with: separator, quoted name, colon. */
static bool key_literal(const evcc_skey_t *k, char sep, char lit[32], size_t *len) {
  if (k->len > 27) return false;
  for (size_t j = 0; j < k->len; j++)
    if ((unsigned char)k->name[j] < 0x20 || k->name[j] == '"' || k->name[j] == '\\') return false;
  lit[0] = sep;
  lit[1] = '"';
  memcpy(lit + 2, k->name, k->len);
  memcpy(lit + 2 + k->len, "\":", 2);
  *len = k->len + 4;
  return true;
}

/* How many members, from the first declared, the in-order prologue takes (plain keys with a schema). */
static size_t in_order_members(const evcc_snode_t *s) {
  char lit[32];
  size_t len, i = 0;
  if (s->npprop || s->property_names) return 0; /* their checks see every key: the general loop does */
  while (i < s->nprop && s->keys[i].schema && key_literal(&s->keys[i], ',', lit, &len)) i++;
  return i;
}

/* The code for the value of declared property i: presence and null flags, then its validator. */
static void emit_property(evcc_buf_t *b, const evcc_snode_t *s, size_t i, const char *ind, bool hit) {
  const evcc_skey_t *k = &s->keys[i];
  if (hit) evcc_buf_printf(b, "%shit = 1;\n", ind);
  if (typed(s) && s->repr == EVCC_R_STRUCT) {
    evcc_snode_t *c = deref(k->schema);
    char dst[600];
    snprintf(dst, sizeof dst, "o->%s", k->field);
    if (!k->required) evcc_buf_printf(b, "%sif (o) o->has_%s = 1;\n", ind, k->field);
    if (c && (c->types & EVCC_T_NULL))
      evcc_buf_printf(b, "%sif (o && evc_v_peek(v) == EVC_KIND_NULL) o->%.*s_is_null = 1;\n", ind, stem_len(k->field),
                      k->field);
    call(b, ind, k->schema, dst, k->by_json, "o");
  } else {
    call(b, ind, k->schema, NULL, false, "o");
  }
}

/*
 * Members usually come in schema order: the first ones are taken in that order, each known by
 * one comparison of its separator, quoted key and colon with constant text. Any mismatch goes
 * to the general loop (other orders, unknown keys, escapes, whitespace), which jumps back to
 * member_I for those members, so that each value's code exists once and order is tried again.
 */
static void emit_in_order(evcc_buf_t *b, const evcc_snode_t *s) {
  size_t m = in_order_members(s);
  if (!m) return;
  evcc_buf_puts(b, "    /* the members in declared order */\n");
  for (size_t i = 0; i < m; i++) {
    char lit[32];
    size_t len;
    key_literal(&s->keys[i], i ? ',' : '{', lit, &len);
    evcc_buf_printf(b, "    if (v->s.end - v->p < %lu || memcmp(v->p, ", (unsigned long)len + 1);
    evcc_buf_c_string(b, lit, len);
    evcc_buf_printf(b, ", %lu)) goto any_order;\n    if (evc_v_obj_took(v, &n, %lu) < 0) return -1;\n", (unsigned long)len,
                    (unsigned long)len);
    evcc_buf_printf(b, "  member_%lu:\n    seen[%lu] |= (uint64_t)1 << %lu;\n", (unsigned long)i, (unsigned long)(i >> 6),
                    (unsigned long)(i & 63));
    emit_property(b, s, i, "    ", false);
  }
  evcc_buf_puts(b, "  any_order:\n");
}

static void emit_member(em_t *e, evcc_buf_t *b, const evcc_snode_t *s) {
  bool hit = s->npprop || s->additional;
  if (hit) evcc_buf_puts(b, "      int hit = 0;\n");
  if (s->property_names) {
    evcc_buf_printf(b, "      if (evc_v_key(v, &k, %s)) return -1;\n", s->property_names->fn);
  }
  if (s->npprop) evcc_buf_puts(b, "      evc_vmark_t mv = evc_v_mark(v);\n");
  if (s->nkey) {
    evcc_buf_puts(b, "      long ki = -1;\n");
    emit_dispatch(b, s);
    evcc_buf_puts(b, "      if (ki >= 0) seen[ki >> 6] |= (uint64_t)1 << (ki & 63);\n");
    evcc_buf_puts(b, "      switch (ki) {\n");
    size_t in_order = in_order_members(s);
    for (size_t i = 0; i < s->nprop; i++) {
      if (!s->keys[i].schema) continue;
      if (i < in_order) {
        evcc_buf_printf(b, "      case %lu:\n        goto member_%lu;\n", (unsigned long)i, (unsigned long)i);
        continue;
      }
      evcc_buf_printf(b, "      case %lu: {\n", (unsigned long)i);
      emit_property(b, s, i, "        ", hit);
      evcc_buf_puts(b, "        break;\n      }\n");
    }
    evcc_buf_puts(b, "      default:\n");
    if (!hit) evcc_buf_puts(b, "        if (evc_v_skip(v)) return -1;\n");
    evcc_buf_puts(b, "        break;\n      }\n");
  }
  for (size_t i = 0; i < s->npprop; i++) {
    evcc_buf_printf(b, "      if (%s_re_%d(k.ptr, k.len)) {\n        if (hit) evc_v_rewind(v, &mv);\n        hit = 1;\n",
                    e->pfx, s->pprops[i].regex);
    call(b, "        ", s->pprops[i].schema, NULL, false, "o");
    evcc_buf_puts(b, "      }\n");
  }
  if (s->additional) {
    evcc_buf_puts(b, "      if (!hit) {\n");
    if (s->additional->boolean == 0)
      evcc_buf_puts(b, "        v->vstart = v->p;\n        return evc_v_fail(v, \"additionalProperties\", \"property is not allowed\");\n");
    else
      call(b, "        ", s->additional, NULL, false, "o");
    evcc_buf_puts(b, "      }\n");
  }
  if (!s->additional) {
    if (hit) evcc_buf_puts(b, "      if (!hit && evc_v_skip(v)) return -1;\n");
    else if (!s->nkey) evcc_buf_puts(b, "      if (evc_v_skip(v)) return -1;\n");
  }
}

static void emit_object_case(em_t *e, evcc_buf_t *b, const evcc_snode_t *s) {
  evcc_buf_puts(b, "  case EVC_KIND_OBJECT: {\n    size_t n = 0;\n    evc_str_t k;\n    int r;\n");
  if (typed(s) && s->repr == EVCC_R_STRUCT) evcc_buf_puts(b, "    if (o) memset(o, 0, sizeof *o);\n");
  emit_in_order(b, s);
  evcc_buf_puts(b, "    while ((r = evc_v_obj_next(v, &n, &k)) > 0) {\n");
  emit_member(e, b, s);
  evcc_buf_puts(b, "    }\n    if (r < 0) return -1;\n    v->vstart = m0.p;\n");
  if (s->min_props >= 0) count_bound(b, "n", '<', s->min_props, "minProperties", "", " properties, fewer than ");
  if (s->max_props >= 0) count_bound(b, "n", '>', s->max_props, "maxProperties", "", " properties, more than ");
  for (size_t i = 0; i < s->nkey; i++) {
    const evcc_skey_t *k = &s->keys[i];
    char *name = pct(k->name, k->len);
    char m[600];
    if (k->required) {
      evcc_buf_printf(b, "    if (!(seen[%lu] & ((uint64_t)1 << %lu)))\n", (unsigned long)(i >> 6), (unsigned long)(i & 63));
      snprintf(m, sizeof m, "missing property \"%.500s\"", name);
      fail(b, "      ", "required", m, NULL);
    }
    for (size_t j = 0; k->dep_list && j < k->dep_list->count; j++) {
      const evcc_node_t *dn = k->dep_list->items[j];
      size_t di = 0;
      while (di < s->nkey && (s->keys[di].len != dn->len || memcmp(s->keys[di].name, dn->str, dn->len))) di++;
      if (di == s->nkey) continue;
      evcc_buf_printf(b, "    if ((seen[%lu] & ((uint64_t)1 << %lu)) && !(seen[%lu] & ((uint64_t)1 << %lu)))\n",
                      (unsigned long)(i >> 6), (unsigned long)(i & 63), (unsigned long)(di >> 6), (unsigned long)(di & 63));
      char *dname = pct(dn->str, dn->len);
      snprintf(m, sizeof m, "property \"%.200s\" requires property \"%.200s\"", name, dname);
      free(dname);
      fail(b, "      ", "dependencies", m, NULL);
    }
    free(name);
  }
  evcc_buf_puts(b, "    break;\n  }\n");
}

static void emit_array_case(em_t *e, evcc_buf_t *b, const evcc_snode_t *s) {
  bool arr_out = typed(s) && s->repr == EVCC_R_ARRAY;
  (void)e;
  evcc_buf_puts(b, "  case EVC_KIND_ARRAY: {\n    size_t n = 0;\n    int r;\n");
  if (s->contains) evcc_buf_puts(b, "    int found = 0;\n");
  if (arr_out) evcc_buf_puts(b, "    size_t cap = 0;\n    if (o) {\n      o->count = 0;\n      o->items = NULL;\n    }\n");
  evcc_buf_puts(b, "    while ((r = evc_v_arr_next(v, &n)) == 1) {\n");
  if (arr_out) { /* grown in the arena as elements arrive: no look-ahead pass */
    evcc_buf_printf(b, "      if (o && !(o->items = (%s *)evc_v_grow(v, o->items, &cap, n - 1, sizeof *o->items)))\n"
                       "        return -1;\n", ctype(deref(s->items)));
  }
  if (s->contains) {
    evcc_buf_printf(b, "      {\n        evc_vmark_t mc = evc_v_mark(v);\n        v->quiet++;\n        found |= !%s(v, NULL);\n"
                       "        v->quiet--;\n        if (v->fatal) return -1;\n        evc_v_rewind(v, &mc);\n      }\n", s->contains->fn);
  }
  if (s->items) {
    call(b, "      ", s->items, arr_out ? "o->items[n - 1]" : NULL, false, "o");
  } else if (s->tuple) {
    evcc_buf_puts(b, "      switch (n - 1) {\n");
    for (size_t i = 0; i < s->ntuple; i++) {
      evcc_buf_printf(b, "      case %lu:\n", (unsigned long)i);
      call(b, "        ", s->tuple[i], NULL, false, "o");
      evcc_buf_puts(b, "        break;\n");
    }
    evcc_buf_puts(b, "      default:\n");
    if (s->additional_items && s->additional_items->boolean == 0) {
      char m[96];
      snprintf(m, sizeof m, "at most %lu items are allowed", (unsigned long)s->ntuple);
      evcc_buf_puts(b, "        v->vstart = v->p;\n");
      fail(b, "        ", "additionalItems", m, NULL);
    } else if (s->additional_items) {
      call(b, "        ", s->additional_items, NULL, false, "o");
    } else {
      evcc_buf_puts(b, "        if (evc_v_skip(v)) return -1;\n");
    }
    evcc_buf_puts(b, "        break;\n      }\n");
  } else {
    evcc_buf_puts(b, "      if (evc_v_skip(v)) return -1;\n");
  }
  evcc_buf_puts(b, "    }\n    if (r < 0) return -1;\n    v->vstart = m0.p;\n");
  if (arr_out) evcc_buf_puts(b, "    if (o) o->count = n;\n");
  if (s->min_items >= 0) count_bound(b, "n", '<', s->min_items, "minItems", "", " items, fewer than ");
  if (s->max_items >= 0) count_bound(b, "n", '>', s->max_items, "maxItems", "", " items, more than ");
  if (s->contains) {
    evcc_buf_puts(b, "    if (!found)\n");
    fail(b, "      ", "contains", "no item matches the contains schema", NULL);
  }
  if (s->unique) {
    evcc_buf_puts(b, "    {\n      long d = evc_json_duplicate(m0.p, (size_t)(v->p - m0.p));\n      if (d >= 0)\n");
    fail(b, "        ", "uniqueItems", "item %ld repeats an earlier item", ", d");
    evcc_buf_puts(b, "    }\n");
  }
  evcc_buf_puts(b, "    break;\n  }\n");
}

/* Runtime checker of a `format`, or NULL when the format is not asserted. */
static const char *format_fn(const char *f) {
  static const char *const map[][2] = {
      {"date-time", "evc_fmt_date_time"}, {"date", "evc_fmt_date"}, {"time", "evc_fmt_time"},
      {"email", "evc_fmt_email"}, {"idn-email", "evc_fmt_email"}, {"hostname", "evc_fmt_hostname"},
      {"ipv4", "evc_fmt_ipv4"}, {"ipv6", "evc_fmt_ipv6"}, {"uri", "evc_fmt_uri"},
      {"iri", "evc_fmt_iri"}, {"uri-reference", "evc_fmt_uri_reference"},
      {"iri-reference", "evc_fmt_iri_reference"}, {"uuid", "evc_fmt_uuid"},
      {"uri-template", "evc_fmt_uri_template"}, {"regex", "evc_fmt_regex"},
      {"idn-hostname", "evc_fmt_idn_hostname"},
      {"json-pointer", "evc_fmt_json_pointer"}, {"relative-json-pointer", "evc_fmt_relative_json_pointer"}};
  for (size_t i = 0; f && i < sizeof map / sizeof *map; i++)
    if (!strcmp(f, map[i][0])) return map[i][1];
  return NULL;
}

static void emit_string_enum(evcc_buf_t *b, const evcc_snode_t *s) {
  evcc_buf_puts(b, "    {\n      long e = -1;\n");
  for (size_t i = 0; i < s->enum_->count; i++) {
    const evcc_node_t *x = s->enum_->items[i];
    evcc_buf_printf(b, "      %sif (sv.len == %lu && !memcmp(sv.ptr, ", i ? "else " : "", (unsigned long)x->len);
    evcc_buf_c_string(b, x->str, x->len);
    evcc_buf_printf(b, ", %lu)) e = %lu;\n", (unsigned long)x->len, (unsigned long)i);
  }
  evcc_buf_puts(b, "      if (e < 0)\n");
  fail(b, "        ", "enum", "\"%.*s\" is not an allowed value", ", (int)sv.len, sv.ptr");
  if (typed(s) && s->repr == EVCC_R_ENUM) evcc_buf_printf(b, "      if (o) *o = (%s)e;\n", s->cname);
  evcc_buf_puts(b, "    }\n");
}

static void emit_string_case(em_t *e, evcc_buf_t *b, const evcc_snode_t *s) {
  const char *ff = format_fn(s->format);
  bool str_enum = all_strings(s->enum_);
  bool need = ff || str_enum || s->pattern || s->min_len >= 0 || s->max_len >= 0 || typed(s);
  evcc_buf_puts(b, "  case EVC_KIND_STRING: {\n    evc_str_t raw, sv;\n");
  evcc_buf_puts(b, "    if (evc_v_string(v, &raw)) return -1;\n");
  if (!need) {
    evcc_buf_puts(b, "    (void)sv;\n    break;\n  }\n");
    return;
  }
  evcc_buf_puts(b, "    if (!raw.escaped) sv = raw;\n    else if (evc_v_decode(v, &raw, &sv)) return -1;\n");
  if (s->min_len > 0 || s->max_len >= 0) { /* code points: counted only when the bytes leave a bound in doubt */
    evcc_buf_puts(b, "    size_t cl = sv.len;\n    if (");
    if (s->max_len >= 0) evcc_buf_printf(b, "cl > %luu", (unsigned long)s->max_len);
    if (s->min_len > 0) evcc_buf_printf(b, "%s(cl + 3) / 4 < %luu", s->max_len >= 0 ? " || " : "", (unsigned long)s->min_len);
    evcc_buf_puts(b, ")\n      cl = evc_utf8_len(sv.ptr, sv.len);\n");
  }
  if (s->min_len > 0) count_bound(b, "cl", '<', s->min_len, "minLength", "length ", " is less than ");
  if (s->max_len >= 0) count_bound(b, "cl", '>', s->max_len, "maxLength", "length ", " is greater than ");
  if (s->pattern) {
    char *p = pct(s->pattern->str, s->pattern->len);
    char *m = malloc(strlen(p) + 64);
    sprintf(m, "\"%%.*s\" does not match /%s/", p);
    evcc_buf_printf(b, "    if (!%s_re_%d(sv.ptr, sv.len))\n", e->pfx, s->pattern_re);
    fail(b, "      ", "pattern", m, ", (int)sv.len, sv.ptr");
    free(m);
    free(p);
  }
  if (ff) {
    char m[128];
    evcc_buf_printf(b, "    if (!%s(sv.ptr, sv.len))\n", ff);
    snprintf(m, sizeof m, "\"%%.*s\" is not a valid %.64s", s->format);
    fail(b, "      ", "format", m, ", (int)sv.len, sv.ptr");
  }
  if (str_enum) emit_string_enum(b, s);
  if (typed(s) && s->repr == EVCC_R_STR) evcc_buf_puts(b, "    if (o) *o = sv;\n");
  evcc_buf_puts(b, "    break;\n  }\n");
}

/* The number's text for messages: the cursor has just passed it, and vstart is where it began. */
#define NUM_TEXT ", (int)(v->p - v->vstart), v->vstart"

static void bound(evcc_buf_t *b, const char *x, const evcc_node_t *lim, const char *op, const char *kw,
                  const char *what) {
  char *t = pct(lim->str, lim->len);
  char m[200];
  evcc_buf_printf(b, "    if (%s %s ", x, op);
  num_lit(b, lim);
  evcc_buf_puts(b, ")\n");
  snprintf(m, sizeof m, "%%.*s is %s %.80s", what, t);
  fail(b, "      ", kw, m, NUM_TEXT);
  free(t);
}

static bool has_post(const evcc_snode_t *s);

/*
 * Where nothing keeps the value (no output, or the caller passed none), a number whose integer
 * part already settles the bounds is only checked, not converted (evc_v_number_inside); `taken`
 * is the statement that follows, `ind` the indent.
 */
static void emit_number_unread(evcc_buf_t *b, const evcc_snode_t *s, const char *ind, const char *taken) {
  bool kept = typed(s) && s->repr == EVCC_R_NUM;
  double lo = -HUGE_VAL, hi = HUGE_VAL;
  if (s->minimum && !evcc_node_number(s->minimum, &lo)) lo = s->minimum->str[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  if (s->maximum && !evcc_node_number(s->maximum, &hi)) hi = s->maximum->str[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  if (!(floor(lo) + 2 < hi)) return; /* no [i, i + 1] fits strictly between the bounds */
  evcc_buf_printf(b, "%sif (%sevc_v_number_inside(v, ", ind, kept ? "!o && " : "");
  if (s->minimum) num_lit(b, s->minimum);
  else evcc_buf_puts(b, "-HUGE_VAL");
  evcc_buf_puts(b, ", ");
  if (s->maximum) num_lit(b, s->maximum);
  else evcc_buf_puts(b, "HUGE_VAL");
  evcc_buf_printf(b, "))\n%s  %s; /* in bounds whatever its fraction: the value is not needed */\n", ind, taken);
}

/*
 * A schema that takes numbers only and checks nothing after the value: the conversion-free
 * check goes first, before the value's kind is even looked up (it refuses anything else).
 */
static bool number_first(const evcc_snode_t *s) {
  return s->types == EVCC_T_NUMBER && !s->multiple_of && !s->enum_ && !s->const_ && !has_post(s) &&
         !(typed(s) && s->repr == EVCC_R_INT);
}

static void emit_number_case(evcc_buf_t *b, const evcc_snode_t *s) {
  bool int_only = s->types && (s->types & EVCC_T_INTEGER) && !(s->types & EVCC_T_NUMBER);
  bool as_int = typed(s) && s->repr == EVCC_R_INT;
  /* only the double is needed: the fast reader without integer views */
  bool plain = !int_only && !s->multiple_of && !as_int;
  const char *x = plain ? "x" : "x.d";
  if (plain) {
    evcc_buf_puts(b, "  case EVC_KIND_NUMBER: {\n    double x;\n");
    if (!number_first(s)) emit_number_unread(b, s, "    ", "break");
    evcc_buf_puts(b, "    if (evc_v_double(v, &x)) return -1;\n");
  }
  else
    evcc_buf_puts(b, "  case EVC_KIND_NUMBER: {\n    evc_vnum_t x;\n    if (evc_v_number(v, &x)) return -1;\n");
  if (int_only) {
    evcc_buf_puts(b, "    if (!x.is_int)\n");
    fail(b, "      ", "type", "expected integer, got %.*s", NUM_TEXT);
  }
  if (s->minimum)
    bound(b, x, s->minimum, s->min_excl ? "<=" : "<", s->min_excl ? "exclusiveMinimum" : "minimum",
          s->min_excl ? "less than or equal to" : "less than");
  if (s->maximum)
    bound(b, x, s->maximum, s->max_excl ? ">=" : ">", s->max_excl ? "exclusiveMaximum" : "maximum",
          s->max_excl ? "greater than or equal to" : "greater than");
  if (s->multiple_of) {
    char *t = pct(s->multiple_of->str, s->multiple_of->len);
    char m[160];
    evcc_buf_puts(b, "    if (!evc_multiple_of(x.d, ");
    num_lit(b, s->multiple_of);
    evcc_buf_puts(b, "))\n");
    snprintf(m, sizeof m, "%%.*s is not a multiple of %.80s", t);
    fail(b, "      ", "multipleOf", m, NUM_TEXT);
    free(t);
  }
  if (as_int) {
    evcc_buf_puts(b, "    if (o && !x.fits_i64)\n");
    fail(b, "      ", "type", "%.*s does not fit in a 64-bit integer", NUM_TEXT);
    evcc_buf_puts(b, "    if (o) *o = x.i;\n");
  } else if (typed(s) && s->repr == EVCC_R_NUM) {
    evcc_buf_printf(b, "    if (o) *o = %s;\n", x);
  }
  evcc_buf_puts(b, "    break;\n  }\n");
}

static bool has_post(const evcc_snode_t *s) {
  bool deps = false;
  for (size_t i = 0; i < s->nkey; i++) deps |= s->keys[i].dep_schema != NULL;
  return deps || (s->enum_ && !all_strings(s->enum_)) || s->const_ || s->nall || s->nany || s->none ||
         s->not_ || (s->if_ && (s->then_ || s->else_));
}

static void emit_literal_check(evcc_buf_t *b, const evcc_node_t *lit) {
  evcc_buf_t j;
  evcc_buf_init(&j);
  evcc_schema_json(&j, lit);
  evcc_buf_puts(b, "evc_json_equal(m0.p, (size_t)(end - m0.p), ");
  evcc_buf_c_string(b, j.data, j.len);
  evcc_buf_printf(b, ", %lu)", (unsigned long)j.len);
  evcc_buf_free(&j);
}

static void emit_branches(evcc_buf_t *b, const char *kw, evcc_snode_t **list, size_t n) {
  evcc_buf_puts(b, "  {\n    int k = 0;\n    v->quiet++;\n");
  for (size_t i = 0; i < n; i++) {
    evcc_buf_puts(b, "    evc_v_rewind(v, &m0);\n");
    evcc_buf_printf(b, "    if (!%s(v, NULL)) {\n      k++;\n      end = v->p;\n    }\n", list[i]->fn);
    if (!strcmp(kw, "anyOf")) {
      evcc_buf_puts(b, "    if (k) goto any_done;\n");
    }
  }
  if (!strcmp(kw, "anyOf")) evcc_buf_puts(b, "  any_done:\n");
  evcc_buf_puts(b, "    v->quiet--;\n    if (v->fatal) return -1;\n    evc_v_rewind(v, &m0);\n");
  char m[128];
  if (!strcmp(kw, "anyOf")) {
    evcc_buf_puts(b, "    if (!k)\n");
    snprintf(m, sizeof m, "value matches none of the %lu schemas", (unsigned long)n);
    fail(b, "      ", kw, m, NULL);
  } else {
    evcc_buf_puts(b, "    if (k != 1)\n");
    snprintf(m, sizeof m, "value matches %%d of the %lu schemas, not exactly one", (unsigned long)n);
    fail(b, "      ", kw, m, ", k");
  }
  evcc_buf_puts(b, "  }\n");
}

/* Keywords on the whole value, after it was read (end known); applicators read it again. */
static void emit_post(evcc_buf_t *b, const evcc_snode_t *s, bool read) {
  evcc_buf_printf(b, "  const char *end = %s;\n  v->vstart = m0.p;\n", read ? "v->p" : "NULL");
  if (s->enum_ && !all_strings(s->enum_)) {
    evcc_buf_puts(b, "  if (!(0");
    for (size_t i = 0; i < s->enum_->count; i++) {
      evcc_buf_puts(b, " ||\n        ");
      emit_literal_check(b, s->enum_->items[i]);
    }
    evcc_buf_puts(b, "))\n");
    fail(b, "    ", "enum", "value is not one of the allowed values", NULL);
  }
  if (s->const_) {
    evcc_buf_puts(b, "  if (!");
    emit_literal_check(b, s->const_);
    evcc_buf_puts(b, ")\n");
    fail(b, "    ", "const", "value is not the constant", NULL);
  }
  for (size_t i = 0; i < s->nkey; i++) {
    if (!s->keys[i].dep_schema) continue;
    evcc_buf_printf(b, "  if (t == EVC_KIND_OBJECT && (seen[%lu] & ((uint64_t)1 << %lu))) {\n    evc_v_rewind(v, &m0);\n",
                    (unsigned long)(i >> 6), (unsigned long)(i & 63));
    call(b, "    ", s->keys[i].dep_schema, NULL, false, "o");
    evcc_buf_puts(b, "  }\n");
  }
  for (size_t i = 0; i < s->nall; i++) {
    evcc_buf_puts(b, "  evc_v_rewind(v, &m0);\n");
    call(b, "  ", s->all_of[i], NULL, false, "o");
    evcc_buf_puts(b, "  end = v->p;\n");
  }
  if (s->nany) emit_branches(b, "anyOf", s->any_of, s->nany);
  if (s->none) emit_branches(b, "oneOf", s->one_of, s->none);
  if (s->not_) {
    evcc_buf_printf(b, "  {\n    v->quiet++;\n    evc_v_rewind(v, &m0);\n    int bad = !%s(v, NULL);\n", s->not_->fn);
    evcc_buf_puts(b, "    v->quiet--;\n    if (v->fatal) return -1;\n    evc_v_rewind(v, &m0);\n    if (bad)\n");
    fail(b, "      ", "not", "value matches a schema it must not match", NULL);
    evcc_buf_puts(b, "  }\n");
  }
  if (s->if_ && (s->then_ || s->else_)) {
    evcc_buf_printf(b, "  {\n    v->quiet++;\n    evc_v_rewind(v, &m0);\n    int c = !%s(v, NULL);\n", s->if_->fn);
    evcc_buf_puts(b, "    v->quiet--;\n    if (v->fatal) return -1;\n    evc_v_rewind(v, &m0);\n");
    if (s->then_) {
      evcc_buf_puts(b, "    if (c) {\n");
      call(b, "      ", s->then_, NULL, false, "o");
      evcc_buf_puts(b, "    }\n");
    }
    if (s->else_) {
      evcc_buf_puts(b, "    if (!c) {\n");
      call(b, "      ", s->else_, NULL, false, "o");
      evcc_buf_puts(b, "    }\n");
    }
    evcc_buf_puts(b, "  }\n");
  }
  evcc_buf_puts(b, "  v->p = end;\n");
}

/* The value kinds a schema can accept (EVCC_T_* with integer folded into number); 0 = any. */
static unsigned kinds_of(evcc_snode_t *s) {
  s = deref(s);
  if (!s || s->ref || s->boolean >= 0 || !s->types) return 0;
  return s->types & EVCC_T_INTEGER ? (s->types & ~(unsigned)EVCC_T_INTEGER) | EVCC_T_NUMBER : s->types;
}

/* anyOf or oneOf alone whose branches accept disjoint kinds: at most one branch can hold. */
static bool kind_selects_branch(const evcc_snode_t *s, evcc_snode_t ***list, size_t *n) {
  if (s->nall || (s->nany != 0) == (s->none != 0)) return false;
  *list = s->nany ? s->any_of : s->one_of;
  *n = s->nany ? s->nany : s->none;
  unsigned seen = 0;
  for (size_t i = 0; i < *n; i++) {
    unsigned k = kinds_of((*list)[i]);
    if (!k || (k & seen)) return false;
    seen |= k;
  }
  return true;
}

/*
 * anyOf/oneOf over disjoint kinds: the value's kind picks the one branch that can hold, which
 * then reads the value as the only schema, so its errors point at the real problem inside.
 */
static void emit_kind_dispatch(evcc_buf_t *b, const evcc_snode_t *s, evcc_snode_t **list, size_t n) {
  static const struct {
    unsigned t;
    const char *kinds;
  } map[] = {{EVCC_T_OBJECT, "  case EVC_KIND_OBJECT:\n"},
             {EVCC_T_ARRAY, "  case EVC_KIND_ARRAY:\n"},
             {EVCC_T_STRING, "  case EVC_KIND_STRING:\n"},
             {EVCC_T_NUMBER, "  case EVC_KIND_NUMBER:\n"},
             {EVCC_T_BOOLEAN, "  case EVC_KIND_TRUE:\n  case EVC_KIND_FALSE:\n"},
             {EVCC_T_NULL, "  case EVC_KIND_NULL:\n"}};
  char m[128];
  evcc_buf_puts(b, "  switch (evc_v_peek(v)) { /* the branches take disjoint kinds */\n");
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < sizeof map / sizeof *map; j++)
      if (kinds_of(list[i]) & map[j].t) evcc_buf_puts(b, map[j].kinds);
    evcc_buf_printf(b, "    return %s(v, NULL);\n", list[i]->fn);
  }
  evcc_buf_puts(b, "  case EVC_KIND_NONE:\n    return evc_v_skip(v); /* reports the syntax error */\n  default:\n");
  if (s->nany) snprintf(m, sizeof m, "value matches none of the %lu schemas", (unsigned long)n);
  else snprintf(m, sizeof m, "value matches 0 of the %lu schemas, not exactly one", (unsigned long)n);
  fail(b, "    ", s->nany ? "anyOf" : "oneOf", m, NULL);
  evcc_buf_puts(b, "  }\n}\n\n");
}

/* A schema of allOf/anyOf/oneOf alone: each success of those reads the whole value. */
static bool only_applicators(const evcc_snode_t *s) {
  return !s->types && !s->nkey && !s->npprop && !s->additional && !s->property_names && s->min_props < 0 &&
         s->max_props < 0 && !s->items && !s->tuple && !s->contains && s->min_items < 0 && s->max_items < 0 &&
         !s->unique && !s->minimum && !s->maximum && !s->multiple_of && s->min_len < 0 && s->max_len < 0 &&
         !s->pattern && !format_fn(s->format) && !s->enum_ && !s->const_ && !s->not_ && !s->if_ && !typed(s) &&
         (s->nall || s->nany || s->none);
}

static void emit_scalar_cases(evcc_buf_t *b, const evcc_snode_t *s) {
  if (allows(s, EVCC_T_BOOLEAN)) {
    evcc_buf_puts(b, "  case EVC_KIND_TRUE:\n  case EVC_KIND_FALSE: {\n    int x = evc_v_literal(v);\n    if (x < 0) return -1;\n");
    if (typed(s) && s->repr == EVCC_R_BOOL) evcc_buf_puts(b, "    if (o) *o = x != 0;\n");
    else evcc_buf_puts(b, "    (void)x;\n");
    evcc_buf_puts(b, "    break;\n  }\n");
  } else {
    evcc_buf_puts(b, "  case EVC_KIND_TRUE:\n  case EVC_KIND_FALSE:\n");
    type_fail(b, s, "boolean");
  }
  if (allows(s, EVCC_T_NULL)) {
    evcc_buf_puts(b, "  case EVC_KIND_NULL:\n    if (evc_v_literal(v) < 0) return -1;\n    break;\n");
  } else {
    evcc_buf_puts(b, "  case EVC_KIND_NULL:\n");
    type_fail(b, s, "null");
  }
}

static void emit_type_case(em_t *e, evcc_buf_t *b, const evcc_snode_t *s, unsigned t, const char *tname) {
  if (!allows(s, t)) {
    evcc_buf_printf(b, "  case EVC_KIND_%s:\n", tname);
    type_fail(b, s, t == EVCC_T_OBJECT ? "object" : t == EVCC_T_ARRAY ? "array" : t == EVCC_T_STRING ? "string" : "number");
    return;
  }
  if (t == EVCC_T_OBJECT) emit_object_case(e, b, s);
  else if (t == EVCC_T_ARRAY) emit_array_case(e, b, s);
  else if (t == EVCC_T_STRING) emit_string_case(e, b, s);
  else emit_number_case(b, s);
}

/*
 * Validators that call no other (scalars without applicators) and $ref forwarders are inlined
 * into their callers: the call would cost as much as their work.
 */
static bool inlined(const evcc_snode_t *s) {
  if (s->ref) return true;
  return s->boolean < 0 && s->types && !(s->types & (EVCC_T_OBJECT | EVCC_T_ARRAY)) && !s->nall && !s->nany &&
         !s->none && !s->not_ && !s->if_;
}

static void emit_node(em_t *e, evcc_snode_t *s) {
  evcc_buf_t *b = &e->code;
  const evcc_loc_t *l = &s->src->loc;
  const char *kind = inlined(s) ? "EVC_V_INLINE" : "static";
  evcc_buf_printf(&e->protos, "%s int %s(evc_vctx_t *v, void *out);\n", kind, s->fn);
  evcc_buf_printf(b, "/* %s:%u:%u */\n%s int %s(evc_vctx_t *v, void *out) {\n", l->file ? l->file : "-", l->line, l->col,
                  kind, s->fn);
  if (s->ref) {
    evcc_buf_printf(b, "  return %s(v, out); /* $ref */\n}\n\n", s->ref->fn);
    return;
  }
  if (s->boolean >= 0) {
    evcc_buf_puts(b, "  (void)out;\n");
    if (s->boolean) evcc_buf_puts(b, "  return evc_v_skip(v);\n}\n\n");
    else evcc_buf_puts(b, "  return evc_v_fail(v, \"false\", \"no value is allowed here\");\n}\n\n");
    return;
  }
  if (typed(s)) evcc_buf_printf(b, "  %s *o = (%s *)out;\n", ctype(s), ctype(s));
  else evcc_buf_puts(b, "  (void)out;\n");
  if (s->nkey) evcc_buf_printf(b, "  uint64_t seen[%lu] = {0};\n", (unsigned long)((s->nkey + 63) / 64));
  evcc_snode_t **branches;
  size_t nbranch;
  if (only_applicators(s) && kind_selects_branch(s, &branches, &nbranch)) {
    emit_kind_dispatch(b, s, branches, nbranch);
    return;
  }
  if (only_applicators(s)) { /* the first branch that succeeds reads the value: no separate pass */
    evcc_buf_puts(b, "  evc_v_peek(v);\n  evc_vmark_t m0 = evc_v_mark(v);\n");
    emit_post(b, s, false);
    evcc_buf_puts(b, "  return 0;\n}\n\n");
    return;
  }
  if (number_first(s)) emit_number_unread(b, s, "  ", "return 0");
  evcc_buf_puts(b, "  evc_kind_t t = evc_v_peek(v);\n  evc_vmark_t m0 = evc_v_mark(v);\n  (void)m0;\n  switch (t) {\n");
  emit_type_case(e, b, s, EVCC_T_OBJECT, "OBJECT");
  emit_type_case(e, b, s, EVCC_T_ARRAY, "ARRAY");
  emit_type_case(e, b, s, EVCC_T_STRING, "STRING");
  emit_type_case(e, b, s, EVCC_T_NUMBER, "NUMBER");
  emit_scalar_cases(b, s);
  evcc_buf_puts(b, "  default:\n    return evc_v_skip(v);\n  }\n");
  if (all_strings(s->enum_)) {
    evcc_buf_puts(b, "  v->vstart = m0.p;\n  if (t != EVC_KIND_STRING)\n");
    fail(b, "    ", "enum", "value is not one of the allowed strings", NULL);
  }
  if (has_post(s)) emit_post(b, s, true);
  evcc_buf_puts(b, "  return 0;\n}\n\n");
}

/* ---- serializers ---- */

static void emit_writer(em_t *e, evcc_snode_t *s);

static void write_value(em_t *e, evcc_buf_t *b, const char *ind, evcc_snode_t *c, const char *x, bool by_json) {
  c = deref(c);
  if (by_json || !typed(c)) {
    evcc_buf_printf(b, "%sif ((%s).len) evc_jw_raw(w, (%s).ptr, (%s).len);\n%selse evc_jw_raw(w, \"null\", 4);\n", ind, x, x, x, ind);
    return;
  }
  switch (c->repr) {
  case EVCC_R_STR: evcc_buf_printf(b, "%sevc_jw_string(w, (%s).ptr, (%s).len);\n", ind, x, x); break;
  case EVCC_R_INT: evcc_buf_printf(b, "%sevc_jw_int(w, %s);\n", ind, x); break;
  case EVCC_R_NUM: evcc_buf_printf(b, "%sevc_jw_double(w, %s);\n", ind, x); break;
  case EVCC_R_BOOL: evcc_buf_printf(b, "%sif (%s) evc_jw_raw(w, \"true\", 4);\n%selse evc_jw_raw(w, \"false\", 5);\n", ind, x, ind); break;
  case EVCC_R_ENUM:
    evcc_buf_printf(b, "%sevc_jw_string(w, %s_names[%s], strlen(%s_names[%s]));\n", ind, c->cname, x, c->cname, x);
    break;
  default:
    emit_writer(e, c);
    evcc_buf_printf(b, "%s%s_w(w, &(%s));\n", ind, c->cname, x);
  }
}

static void emit_struct_writer(em_t *e, evcc_buf_t *b, evcc_snode_t *s) {
  evcc_buf_puts(b, "  size_t k = 0;\n  evc_jw_raw(w, \"{\", 1);\n");
  for (size_t i = 0; i < s->nprop; i++) {
    evcc_skey_t *k = &s->keys[i];
    evcc_snode_t *c = deref(k->schema);
    if (!c) continue;
    const char *ind = "  ";
    if (!k->required) {
      evcc_buf_printf(b, "  if (x->has_%s) {\n", k->field);
      ind = "    ";
    }
    evcc_buf_t key;
    evcc_buf_init(&key);
    evcc_buf_json_string(&key, k->name, k->len);
    evcc_buf_putc(&key, ':');
    evcc_buf_printf(b, "%sif (k++) evc_jw_raw(w, \",\", 1);\n%sevc_jw_raw(w, ", ind, ind);
    evcc_buf_c_string(b, key.data, key.len);
    evcc_buf_printf(b, ", %lu);\n", (unsigned long)key.len);
    evcc_buf_free(&key);
    char x[600];
    snprintf(x, sizeof x, "x->%s", k->field);
    if (c->types & EVCC_T_NULL) {
      evcc_buf_printf(b, "%sif (x->%.*s_is_null) evc_jw_raw(w, \"null\", 4);\n%selse {\n", ind, stem_len(k->field),
                      k->field, ind);
      write_value(e, b, "      ", c, x, k->by_json);
      evcc_buf_printf(b, "%s}\n", ind);
    } else {
      write_value(e, b, ind, c, x, k->by_json);
    }
    if (!k->required) evcc_buf_puts(b, "  }\n");
  }
  evcc_buf_puts(b, "  evc_jw_raw(w, \"}\", 1);\n");
}

/* <Type>_w: writes one STRUCT or ARRAY value (emitted once, prototypes first for recursion). */
static void emit_writer(em_t *e, evcc_snode_t *s) {
  if (s->writer_done) return;
  s->writer_done = true;
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_buf_printf(&e->protos, "static void %s_w(evc_jw_t *w, const %s *x);\n", s->cname, s->cname);
  evcc_buf_printf(&b, "static void %s_w(evc_jw_t *w, const %s *x) {\n", s->cname, s->cname);
  if (s->repr == EVCC_R_STRUCT) {
    emit_struct_writer(e, &b, s);
  } else {
    evcc_buf_puts(&b, "  evc_jw_raw(w, \"[\", 1);\n  for (size_t i = 0; i < x->count; i++) {\n    if (i) evc_jw_raw(w, \",\", 1);\n");
    write_value(e, &b, "    ", s->items, "x->items[i]", false);
    evcc_buf_puts(&b, "  }\n  evc_jw_raw(w, \"]\", 1);\n");
  }
  evcc_buf_puts(&b, "}\n\n");
  evcc_buf_put(&e->code, b.data, b.len);
  evcc_buf_free(&b);
}

/* ---- public entry points ---- */

static void emit_entries(em_t *e, const evcc_sroot_t *r, const char *name) {
  evcc_snode_t *s = r->schema, *d = deref(s);
  evcc_buf_t desc;
  evcc_buf_init(&desc);
  evcc_buf_c_comment_text(&desc, r->name, strlen(r->name));
  if (r->version) {
    evcc_buf_puts(&desc, "\" version \"");
    evcc_buf_c_comment_text(&desc, r->version, strlen(r->version));
  }
  if (r->source || r->detail_type) { /* x-amazon-events-source / -detail-type of a registry envelope */
    evcc_buf_puts(&desc, "\" for source \"");
    evcc_buf_c_comment_text(&desc, r->source ? r->source : "", r->source ? strlen(r->source) : 0);
    evcc_buf_puts(&desc, "\", detail-type \"");
    evcc_buf_c_comment_text(&desc, r->detail_type ? r->detail_type : "", r->detail_type ? strlen(r->detail_type) : 0);
  }
  bool struct_api = !r->validate_only && d && typed(d) && d->repr == EVCC_R_STRUCT;
  if (struct_api) emit_writer(e, d);
  evcc_tvar_t vars[] = {{"PFX", e->pfx}, {"NAME", name}, {"FN", s->fn}, {"DESC", desc.data},
                        {"TYPE", struct_api ? d->cname : ""}};
  size_t nv = sizeof vars / sizeof *vars;
  bool ok = evcc_template_render(&e->ctx->h, "schema_api.h.in", vars, nv) &&
            evcc_template_render(&e->code, "schema_api.c.in", vars, nv);
  if (struct_api)
    ok = ok && evcc_template_render(&e->ctx->h, "schema_typed_api.h.in", vars, nv) &&
         evcc_template_render(&e->code, "schema_typed_api.c.in", vars, nv);
  if (!ok) {
    evcc_error(e->ctx->diag, s->src->loc, "internal error: schema templates missing");
    e->ok = false;
  }
  evcc_buf_free(&desc);
}

/* C name of each root: the schema name, with the version only when two versions share a name. */
static char *root_name(em_t *e, const evcc_sroot_t *roots, size_t n, size_t i) {
  evcc_buf_t t;
  evcc_buf_init(&t);
  evcc_sym_segment(&t, roots[i].name, strlen(roots[i].name), "schema");
  for (size_t j = 0; j < n; j++)
    if (j != i && !strcmp(roots[j].name, roots[i].name) && roots[i].version &&
        (!roots[j].version || strcmp(roots[j].version, roots[i].version))) {
      evcc_buf_puts(&t, "_v");
      evcc_sym_segment(&t, roots[i].version, strlen(roots[i].version), "0");
      break;
    }
  char *s = evcc_schema_set_strdup(e->set, t.data);
  evcc_buf_free(&t);
  return s;
}

/* A root's entry points and type name are what users call: two roots needing one is an error. */
static bool claim_root(em_t *e, const evcc_sroot_t *r, const char *name, const evcc_sym_owner_t *o) {
  evcc_tvar_t vars[] = {{"PFX", e->pfx}, {"NAME", name}};
  bool ok = evcc_template_claim("schema_api.h.in", vars, 2, e->ctx->syms, o, e->ctx->diag);
  if (ok && !r->validate_only) {
    char type[512];
    snprintf(type, sizeof type, "%s_%s", e->pfx, name);
    ok = evcc_template_claim("schema_typed_api.h.in", vars, 2, e->ctx->syms, o, e->ctx->diag) &&
         evcc_sym_claim(e->ctx->syms, type, o, e->ctx->diag);
  }
  return ok;
}

static bool emit_regexes(em_t *e) {
  const evcc_regex_t *res;
  size_t n = evcc_schema_set_regexes(e->set, &res);
  bool ok = true;
  for (size_t i = 0; i < n; i++) {
    evcc_diag_t quiet; /* the loader already reported patterns that do not compile */
    evcc_diag_init(&quiet);
    evcc_redfa_t *dfa = evcc_regex_compile(res[i].src, res[i].loc, &quiet);
    evcc_diag_free(&quiet);
    if (!dfa) {
      ok = false;
      continue;
    }
    char fn[256];
    snprintf(fn, sizeof fn, "%s_re_%lu", e->pfx, (unsigned long)i);
    evcc_sym_owner_t o = {"a schema pattern", res[i].loc};
    if (!evcc_sym_claim(e->ctx->syms, fn, &o, e->ctx->diag)) {
      ok = false;
      continue;
    }
    evcc_buf_puts(&e->code, "/* pattern ");
    evcc_buf_c_comment_text(&e->code, res[i].src, strlen(res[i].src));
    evcc_buf_puts(&e->code, " */\n");
    evcc_redfa_emit(dfa, &e->code, fn);
    evcc_redfa_free(dfa);
  }
  return ok;
}

/* Walk through edges that read the same value again: a cycle there never ends. */
static bool loops(em_t *e, evcc_snode_t *s) {
  if (!s) return false;
  if (s->visiting) {
    evcc_error(e->ctx->diag, s->src->loc, "schema refers to itself without reading any input (infinite recursion)");
    return true;
  }
  if (s->emitted) return false;
  s->visiting = true;
  bool bad = loops(e, s->ref);
  for (size_t i = 0; i < s->nall && !bad; i++) bad = loops(e, s->all_of[i]);
  for (size_t i = 0; i < s->nany && !bad; i++) bad = loops(e, s->any_of[i]);
  for (size_t i = 0; i < s->none && !bad; i++) bad = loops(e, s->one_of[i]);
  for (size_t i = 0; i < s->nkey && !bad; i++) bad = loops(e, s->keys[i].dep_schema);
  evcc_snode_t *same[] = {s->not_, s->if_, s->then_, s->else_};
  for (size_t i = 0; i < 4 && !bad; i++) bad = loops(e, same[i]);
  s->visiting = false;
  s->emitted = true;
  return bad;
}

bool evcc_emit_schemas(evcc_emit_ctx_t *ctx) {
  if (!ctx->schemas) return true;
  em_t e = {ctx, ctx->schemas, ctx->prefix ? ctx->prefix : ctx->name, {0}, {0}, {0}, true, NULL, NULL, 0};
  evcc_sroot_t *roots;
  size_t nroot = evcc_schema_set_roots(e.set, &roots);
  char **names = calloc(nroot + 1, sizeof *names);
  evcc_sym_owner_t *owners = calloc(nroot + 1, sizeof *owners);
  evcc_buf_t *whats = calloc(nroot + 1, sizeof *whats);
  if (!names || !owners || !whats) abort();
  for (size_t i = 0; i < nroot; i++) {
    names[i] = root_name(&e, roots, nroot, i);
    evcc_buf_printf(&whats[i], "schema \"%s\"", roots[i].name);
    owners[i] = (evcc_sym_owner_t){whats[i].data, roots[i].schema ? roots[i].schema->src->loc : (evcc_loc_t){0}};
    if (!claim_root(&e, &roots[i], names[i], &owners[i])) e.ok = false;
  }
  e.roots = roots;
  e.root_owners = owners;
  e.nroot = nroot;
  for (size_t i = 0; i < nroot; i++) {
    unsigned k = 0;
    name_fns(&e, roots[i].schema, names[i], &k);
  }
  for (evcc_snode_t *s = evcc_schema_set_nodes(e.set); s; s = s->next_all)
    if (s->fn && loops(&e, s)) e.ok = false;
  for (evcc_snode_t *s = evcc_schema_set_nodes(e.set); s; s = s->next_all) s->emitted = false;
  for (size_t i = 0; i < nroot; i++)
    if (!roots[i].validate_only) plan_types(&e, roots[i].schema, fmt_name(&e, e.pfx, names[i]), true);
  for (evcc_snode_t *s = evcc_schema_set_nodes(e.set); s; s = s->next_all)
    if (s->cname && s->repr != EVCC_R_ENUM) evcc_buf_printf(&e.types, "typedef struct %s %s;\n", s->cname, s->cname);
  for (evcc_snode_t *s = evcc_schema_set_nodes(e.set); s; s = s->next_all) emit_type(&e, s);
  if (!emit_regexes(&e)) e.ok = false;
  for (evcc_snode_t *s = evcc_schema_set_nodes(e.set); s; s = s->next_all)
    if (s->fn) emit_node(&e, s);
  evcc_buf_printf(&ctx->h, "\n/* ---- event schemas ---- */\n#include <eventc/validate.h>\n#include <eventc/version.h>\n"
                           "#include <stdbool.h>\n#include <stdint.h>\n\n"
                           "#if EVC_ABI_VERSION != %d\n#error \"generated by eventc for libeventc ABI %d: regenerate\"\n#endif\n\n",
                  EVC_ABI_VERSION, EVC_ABI_VERSION);
  if (e.types.len) evcc_buf_put(&ctx->h, e.types.data, e.types.len);
  evcc_buf_t body = e.code;
  evcc_buf_init(&e.code);
  for (size_t i = 0; i < nroot; i++) emit_entries(&e, &roots[i], names[i]);
  if (!evcc_emit_schema_any(ctx, e.set, e.pfx, names, &e.code)) e.ok = false;
  evcc_buf_puts(&ctx->c, "\n/* ---- event schemas ---- */\n#include <math.h>\n#include <string.h>\n\n");
  if (e.protos.len) evcc_buf_put(&ctx->c, e.protos.data, e.protos.len);
  evcc_buf_puts(&ctx->c, "\n");
  if (body.len) evcc_buf_put(&ctx->c, body.data, body.len);
  if (e.code.len) evcc_buf_put(&ctx->c, e.code.data, e.code.len);
  evcc_buf_free(&body);
  evcc_buf_free(&e.code);
  evcc_buf_free(&e.types);
  evcc_buf_free(&e.protos);
  for (size_t i = 0; i < nroot; i++) evcc_buf_free(&whats[i]);
  free(whats);
  free(owners);
  free(names);
  return e.ok;
}
