/* Schema discovery, writing side: shapes as registry-style OpenAPI 3 / JSON Schema, merged with --update's OLD. */
#include "infer.h"
#include "json_out.h"
#include "registry_name.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct comp {
  char *name;
  evcc_jout_t *schema; /* NULL while being built, or for a name only reserved */
  const evcc_node_t *old_copy; /* an OLD component copied as OLD wrote it */
} comp_t;

typedef struct writer {
  const evcc_infer_out_t *o;
  const char *ref_prefix;     /* "#/components/schemas/" or "#/definitions/" */
  const char *old_prefix;     /* the same for OLD */
  const evcc_node_t *old_comps; /* OLD's components.schemas / definitions */
  comp_t *comps;
  size_t ncomp, cap;
} writer_t;

static const char *const formats[] = {
#define EVCC_F_NAME(id, name) name,
    EVCC_INFER_FORMATS(EVCC_F_NAME)
#undef EVCC_F_NAME
};

/* ---- components ---- */

static comp_t *comp_find(writer_t *w, const char *name) {
  for (size_t i = 0; i < w->ncomp; i++)
    if (!strcmp(w->comps[i].name, name)) return &w->comps[i];
  return NULL;
}

static comp_t *comp_add(writer_t *w, const char *name) {
  if (w->ncomp == w->cap) {
    w->cap = w->cap ? 2 * w->cap : 8;
    w->comps = realloc(w->comps, w->cap * sizeof *w->comps);
    if (!w->comps) abort();
  }
  comp_t *c = &w->comps[w->ncomp++];
  c->name = strdup(name);
  if (!c->name) abort();
  c->schema = NULL;
  c->old_copy = NULL;
  return c;
}

/* A fresh component name: the registry name of `key`, else prefixed by its parent's, else numbered. */
static comp_t *comp_new(writer_t *w, const char *parent, const char *key, size_t len, const char *suffix) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_registry_name(&b, key, len);
  if (!b.len) evcc_buf_puts(&b, "Value");
  evcc_buf_puts(&b, suffix);
  if (comp_find(w, b.data)) {
    evcc_buf_t p;
    evcc_buf_init(&p);
    evcc_buf_puts(&p, parent);
    evcc_buf_put(&p, b.data, b.len);
    evcc_buf_free(&b);
    b = p;
  }
  size_t base = b.len;
  for (unsigned n = 2; comp_find(w, b.data); n++) {
    b.len = base;
    evcc_buf_printf(&b, "%u", n);
  }
  comp_t *c = comp_add(w, b.data);
  evcc_buf_free(&b);
  return c;
}

static evcc_jout_t *ref_to(writer_t *w, const char *name) {
  evcc_jout_t *r = evcc_jout_object();
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_buf_printf(&b, "%s%s", w->ref_prefix, name);
  evcc_jout_set(r, "$ref", evcc_jout_string(b.data, b.len));
  evcc_buf_free(&b);
  return r;
}

/* ---- OLD ---- */

static const evcc_node_t *old_component(const writer_t *w, const char *ref) {
  if (!ref || !w->old_comps || strncmp(ref, w->old_prefix, strlen(w->old_prefix))) return NULL;
  const evcc_node_t *n = evcc_map_get(w->old_comps, ref + strlen(w->old_prefix));
  return n && n->kind == EVCC_NODE_MAP ? n : NULL;
}

static const char *str_of(const evcc_node_t *map, const char *key) {
  const evcc_node_t *v = map && map->kind == EVCC_NODE_MAP ? evcc_map_get(map, key) : NULL;
  return v && v->kind == EVCC_NODE_STRING ? v->str : NULL;
}

/* Copies an OLD value, pointing its local $refs at our components (copied too, once). */
static evcc_jout_t *copy_old(writer_t *w, const evcc_node_t *n) {
  if (n->kind == EVCC_NODE_STRING) return evcc_jout_string(n->str, n->len);
  if (n->kind != EVCC_NODE_MAP && n->kind != EVCC_NODE_SEQ) return evcc_jout_raw(n->str);
  evcc_jout_t *out = n->kind == EVCC_NODE_MAP ? evcc_jout_object() : evcc_jout_array();
  for (size_t i = 0; i < n->count; i++) {
    const evcc_node_t *v = n->items[i];
    if (n->kind == EVCC_NODE_SEQ) {
      evcc_jout_push(out, copy_old(w, v));
      continue;
    }
    const char *key = n->keys[i]->str;
    const evcc_node_t *target = !strcmp(key, "$ref") ? old_component(w, v->str) : NULL;
    if (target) {
      const char *name = v->str + strlen(w->old_prefix);
      comp_t *c = comp_find(w, name);
      if (c && !c->schema && !c->old_copy) c->old_copy = target;
      evcc_buf_t r;
      evcc_buf_init(&r);
      evcc_buf_printf(&r, "%s%s", w->ref_prefix, name);
      evcc_jout_set(out, key, evcc_jout_string(r.data, r.len));
      evcc_buf_free(&r);
    } else {
      evcc_jout_set(out, key, copy_old(w, v));
    }
  }
  return out;
}

/* The OLD schema at a place with its local $ref followed; *name gets the component name when it was one. */
static const evcc_node_t *old_resolved(const writer_t *w, const evcc_node_t *old, const char **name) {
  *name = NULL;
  for (int hops = 0; old && old->kind == EVCC_NODE_MAP && hops < 16; hops++) {
    const char *ref = str_of(old, "$ref");
    if (!ref) return old;
    const evcc_node_t *t = old_component(w, ref);
    if (!t) return NULL;
    *name = ref + strlen(w->old_prefix);
    old = t;
  }
  return old && old->kind == EVCC_NODE_MAP ? old : NULL;
}

static bool old_is_plain(const evcc_node_t *old) {
  static const char *const combinators[] = {"allOf", "anyOf", "oneOf", "not", "if", "$ref"};
  for (size_t i = 0; i < sizeof combinators / sizeof *combinators; i++)
    if (evcc_map_get(old, combinators[i])) return false;
  return true;
}

static bool old_required(const evcc_node_t *old, const char *key) {
  const evcc_node_t *req = old ? evcc_map_get(old, "required") : NULL;
  for (size_t i = 0; req && req->kind == EVCC_NODE_SEQ && i < req->count; i++)
    if (req->items[i]->kind == EVCC_NODE_STRING && !strcmp(req->items[i]->str, key)) return true;
  return false;
}

/* OLD's single type (with nullable / ["T","null"]), or NULL when it has none or several. */
static const char *old_type(const evcc_node_t *old, bool *nullable) {
  const evcc_node_t *t = evcc_map_get(old, "type"), *nl = evcc_map_get(old, "nullable");
  *nullable = nl && nl->kind == EVCC_NODE_BOOL && nl->boolean;
  if (t && t->kind == EVCC_NODE_STRING) return t->str;
  const char *one = NULL;
  for (size_t i = 0; t && t->kind == EVCC_NODE_SEQ && i < t->count; i++) {
    const char *s = t->items[i]->str;
    if (t->items[i]->kind != EVCC_NODE_STRING) return NULL;
    if (!strcmp(s, "null")) *nullable = true;
    else if (one) return NULL;
    else one = s;
  }
  return one;
}

/* ---- shapes ---- */

typedef struct place {
  const char *parent;     /* component name of the enclosing object */
  const char *key;        /* member name (for component names) */
  size_t key_len;
  const char *suffix;     /* "" or "Item" */
  const char *pointer;    /* JSON Pointer into the events, for diagnostics */
  const char *own_name;   /* the component this object must be (the detail), or NULL */
} place_t;

static evcc_jout_t *schema_of(writer_t *w, const evcc_shape_t *s, const evcc_node_t *old, const place_t *at);

static unsigned kinds_of(const evcc_shape_t *s) {
  unsigned k = 0;
  for (int i = EVCC_SEEN_BOOL; i < EVCC_SEEN__COUNT; i++)
    if (s->seen[i]) k |= 1u << i;
  return k;
}

static const char *type_name(unsigned kinds) {
  unsigned num = 1u << EVCC_SEEN_INT | 1u << EVCC_SEEN_NUM;
  if (kinds == 1u << EVCC_SEEN_INT) return "integer";
  if (kinds && !(kinds & ~num)) return "number";
  if (kinds == 1u << EVCC_SEEN_BOOL) return "boolean";
  if (kinds == 1u << EVCC_SEEN_STR) return "string";
  if (kinds == 1u << EVCC_SEEN_OBJ) return "object";
  if (kinds == 1u << EVCC_SEEN_ARR) return "array";
  return NULL;
}

static void put_type(writer_t *w, evcc_jout_t *o, const char *type, bool nullable) {
  if (nullable && w->o->format == EVCC_INFER_JSONSCHEMA) {
    evcc_jout_t *t = evcc_jout_array();
    evcc_jout_push(t, evcc_jout_string(type, strlen(type)));
    evcc_jout_push(t, evcc_jout_string("null", 4));
    evcc_jout_set(o, "type", t);
    return;
  }
  evcc_jout_set(o, "type", evcc_jout_string(type, strlen(type)));
  if (nullable) evcc_jout_set(o, "nullable", evcc_jout_raw("true"));
}

static int by_name(const void *a, const void *b) {
  const evcc_shape_field_t *x = *(evcc_shape_field_t *const *)a, *y = *(evcc_shape_field_t *const *)b;
  int c = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);
  return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void warn_break(writer_t *w, const evcc_node_t *old, const char *pointer, const char *fmt, const char *a,
                       const char *b) {
  char text[256];
  snprintf(text, sizeof text, fmt, a, b);
  evcc_warn(w->o->d, EVCC_W_INCOMPATIBLE_UPDATE, old->loc,
            "%s: %s, so events valid under the old version are invalid under the new one", pointer[0] ? pointer : "/",
            text);
}

/* properties (sorted) and required: present in every event here, and required in OLD when OLD had the place. */
static evcc_jout_t *object_body(writer_t *w, const evcc_shape_t *s, const evcc_node_t *old, const char *self,
                                const place_t *at, bool nullable) {
  evcc_jout_t *o = evcc_jout_object();
  put_type(w, o, "object", nullable);
  evcc_shape_field_t **sorted = calloc(s->nfield + 1, sizeof *sorted);
  if (!sorted) abort();
  for (size_t i = 0; i < s->nfield; i++) sorted[i] = &s->fields[i];
  qsort(sorted, s->nfield, sizeof *sorted, by_name);
  evcc_jout_t *req = evcc_jout_array(), *props = evcc_jout_object();
  const evcc_node_t *old_props = old ? evcc_map_get(old, "properties") : NULL;
  for (size_t i = 0; i < s->nfield; i++) {
    const evcc_shape_field_t *f = sorted[i];
    if (f->present == s->seen[EVCC_SEEN_OBJ] && (!old || old_required(old, f->name)))
      evcc_jout_push(req, evcc_jout_string(f->name, f->len));
    evcc_buf_t ptr;
    evcc_buf_init(&ptr);
    evcc_buf_puts(&ptr, at->pointer);
    evcc_buf_putc(&ptr, '/');
    for (size_t k = 0; k < f->len; k++)
      evcc_buf_puts(&ptr, f->name[k] == '~' ? "~0" : f->name[k] == '/' ? "~1" : (char[]){f->name[k], 0});
    const evcc_node_t *old_f = old_props && old_props->kind == EVCC_NODE_MAP ? evcc_map_get(old_props, f->name) : NULL;
    place_t sub = {self, f->name, f->len, "", ptr.data, NULL};
    evcc_jout_set_n(props, f->name, f->len, schema_of(w, f->shape, old_f, &sub));
    evcc_buf_free(&ptr);
  }
  for (size_t i = 0; old_props && old_props->kind == EVCC_NODE_MAP && i < old_props->count; i++) {
    const evcc_node_t *k = old_props->keys[i];
    if (!evcc_jout_get_n(props, k->str, k->len)) evcc_jout_set_n(props, k->str, k->len, copy_old(w, old_props->items[i]));
  }
  evcc_jout_sort(props);
  if (evcc_jout_count(req)) evcc_jout_set(o, "required", req);
  else evcc_jout_free(req);
  evcc_jout_set(o, "properties", props);
  free(sorted);
  return o;
}

/* The component an object place becomes: the detail's own name, OLD's name for the place, or a new one. */
static comp_t *component_for(writer_t *w, const char *old_name, const place_t *at) {
  if (at->own_name) {
    comp_t *c = comp_find(w, at->own_name);
    return c ? c : comp_add(w, at->own_name);
  }
  comp_t *c = old_name ? comp_find(w, old_name) : NULL;
  if (c && !c->schema && !c->old_copy) return c;
  return comp_new(w, at->parent, at->key, at->key_len, at->suffix);
}

/* An object place: a component referenced by $ref (inline when nullable: OpenAPI 3.0's $ref has no siblings). */
static evcc_jout_t *object_schema(writer_t *w, const evcc_shape_t *s, const evcc_node_t *old, const char *old_name,
                                  const place_t *at, bool nullable) {
  if (nullable) return object_body(w, s, old, at->parent, at, true);
  comp_t *c = component_for(w, old_name, at);
  char *name = strdup(c->name);
  if (!name) abort();
  c->old_copy = NULL;
  evcc_jout_t *body = object_body(w, s, old, name, at, false);
  comp_find(w, name)->schema = body; /* comps may have moved */
  evcc_jout_t *r = ref_to(w, name);
  free(name);
  return r;
}

static evcc_jout_t *typed(writer_t *w, const evcc_shape_t *s, const char *type, const evcc_node_t *old,
                          const char *old_name, const place_t *at, bool nullable) {
  if (!strcmp(type, "object")) return object_schema(w, s, old, old_name, at, nullable);
  evcc_jout_t *o = evcc_jout_object();
  put_type(w, o, type, nullable);
  if (!strcmp(type, "integer")) evcc_jout_set(o, "format", evcc_jout_string("int64", 5));
  if (!strcmp(type, "number")) evcc_jout_set(o, "format", evcc_jout_string("double", 6));
  if (!strcmp(type, "string")) {
    const char *old_fmt = old ? str_of(old, "format") : NULL;
    for (unsigned b = 0; b < EVCC_FMT__COUNT; b++)
      if (s->formats & (1u << b) && (!old || (old_fmt && !strcmp(old_fmt, formats[b])))) {
        evcc_jout_set(o, "format", evcc_jout_string(formats[b], strlen(formats[b])));
        break;
      }
  }
  if (!strcmp(type, "array")) {
    const evcc_node_t *old_items = old ? evcc_map_get(old, "items") : NULL;
    place_t sub = {at->parent, at->key, at->key_len, "Item", at->pointer, NULL};
    static const evcc_shape_t none;
    evcc_jout_set(o, "items", schema_of(w, s->items ? s->items : &none, old_items, &sub));
  }
  return o;
}

/* The type covering both OLD's and the events': OLD's when it covers them, number for integer+number. */
static const char *widened(const char *old, const char *now) {
  if (!now || !strcmp(old, now)) return old;
  if (!strcmp(old, "number") && !strcmp(now, "integer")) return old;
  if (!strcmp(old, "integer") && !strcmp(now, "number")) return now;
  return NULL;
}

static evcc_jout_t *schema_of(writer_t *w, const evcc_shape_t *s, const evcc_node_t *old_at, const place_t *at) {
  const char *old_name;
  const evcc_node_t *old = old_resolved(w, old_at, &old_name);
  unsigned kinds = kinds_of(s);
  bool nulls = s->seen[EVCC_SEEN_NULL] > 0;
  const char *now = type_name(kinds);
  if (old_at && (!old || !old_is_plain(old))) return copy_old(w, old_at); /* OLD says more than we can merge */
  if (!old) {
    if (!now) return evcc_jout_object(); /* only nulls, or several types: the registry's {} */
    return typed(w, s, now, NULL, NULL, at, nulls);
  }
  bool old_null;
  const char *was = old_type(old, &old_null);
  if (!was) return copy_old(w, old_at);
  if (!kinds) return typed(w, s, was, old, old_name, at, old_null || nulls);
  const char *both = widened(was, now);
  if (!both) {
    warn_break(w, old, at->pointer, "the old version says %s, the events have %s", was, now ? now : "several types");
    return now ? typed(w, s, now, NULL, NULL, at, nulls) : evcc_jout_object();
  }
  return typed(w, s, both, old, old_name, at, old_null || nulls);
}

/* ---- documents ---- */

static evcc_jout_t *envelope(writer_t *w, const evcc_infer_pair_t *p, const char *detail) {
  static const char *const required[] = {"detail-type", "resources", "detail", "id", "source", "time", "region",
                                         "version", "account"};
  static const char *const strings[] = {"account", "detail-type", "id", "region", "source", "version"};
  evcc_jout_t *e = evcc_jout_object(), *req = evcc_jout_array(), *props = evcc_jout_object();
  evcc_jout_set(e, "type", evcc_jout_string("object", 6));
  for (size_t i = 0; i < sizeof required / sizeof *required; i++)
    evcc_jout_push(req, evcc_jout_string(required[i], strlen(required[i])));
  evcc_jout_set(e, "required", req);
  evcc_jout_set(e, "x-amazon-events-detail-type", evcc_jout_string(p->detail_type, strlen(p->detail_type)));
  evcc_jout_set(e, "x-amazon-events-source", evcc_jout_string(p->source, strlen(p->source)));
  evcc_jout_set(props, "detail", ref_to(w, detail));
  for (size_t i = 0; i < sizeof strings / sizeof *strings; i++) {
    evcc_jout_t *t = evcc_jout_object();
    evcc_jout_set(t, "type", evcc_jout_string("string", 6));
    evcc_jout_set(props, strings[i], t);
  }
  evcc_jout_t *res = evcc_jout_object(), *item = evcc_jout_object(), *time = evcc_jout_object();
  evcc_jout_set(res, "type", evcc_jout_string("array", 5));
  evcc_jout_set(item, "type", evcc_jout_string("string", 6));
  evcc_jout_set(res, "items", item);
  evcc_jout_set(props, "resources", res);
  evcc_jout_set(time, "type", evcc_jout_string("string", 6));
  evcc_jout_set(time, "format", evcc_jout_string("date-time", 9));
  evcc_jout_set(props, "time", time);
  evcc_jout_sort(props);
  evcc_jout_set(e, "properties", props);
  return e;
}

/* OLD's detail schema for the pair: its envelope's detail, else the component named like ours, else its root. */
static const evcc_node_t *old_detail(writer_t *w, const evcc_infer_pair_t *p, const char *name) {
  const evcc_node_t *root = w->o->old, *comps = w->old_comps;
  for (size_t i = 0; comps && comps->kind == EVCC_NODE_MAP && i < comps->count; i++) {
    const evcc_node_t *c = comps->items[i];
    const char *src = str_of(c, "x-amazon-events-source"), *dt = str_of(c, "x-amazon-events-detail-type");
    const evcc_node_t *props = c->kind == EVCC_NODE_MAP ? evcc_map_get(c, "properties") : NULL;
    if (p->source && src && dt && !strcmp(src, p->source) && !strcmp(dt, p->detail_type) && props &&
        props->kind == EVCC_NODE_MAP && evcc_map_get(props, "detail"))
      return evcc_map_get(props, "detail");
  }
  const evcc_node_t *props = str_of(root, "x-amazon-events-source") ? evcc_map_get(root, "properties") : NULL;
  if (props && props->kind == EVCC_NODE_MAP && evcc_map_get(props, "detail")) return evcc_map_get(props, "detail");
  const evcc_node_t *named = comps && comps->kind == EVCC_NODE_MAP ? evcc_map_get(comps, name) : NULL;
  if (named) return named;
  return evcc_map_get(root, "openapi") ? NULL : root;
}

static char *next_version(const evcc_node_t *old) {
  const evcc_node_t *info = evcc_map_get(old, "info");
  const char *v = info && info->kind == EVCC_NODE_MAP ? str_of(info, "version") : NULL;
  char *end;
  unsigned long n = v ? strtoul(v, &end, 10) : 1;
  char out[32];
  snprintf(out, sizeof out, "%lu", v && *end ? 2 : n + 1);
  return strdup(out);
}

char *evcc_infer_name(const evcc_infer_pair_t *p, const char *name) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  if (name) evcc_buf_puts(&b, name);
  else if (p->detail_type) evcc_registry_name(&b, p->detail_type, strlen(p->detail_type));
  if (!b.len) evcc_buf_puts(&b, "Event");
  return evcc_buf_take(&b);
}

/* Every OLD component is reserved (its name means what OLD says); those referenced are copied when not rebuilt. */
static void reserve_old(writer_t *w) {
  for (size_t i = 0; w->old_comps && w->old_comps->kind == EVCC_NODE_MAP && i < w->old_comps->count; i++)
    if (strcmp(w->old_comps->keys[i]->str, "AWSEvent")) comp_add(w, w->old_comps->keys[i]->str);
}

/* Copies the reserved OLD components something now refers to (copies can refer to more). */
static void copy_referenced(writer_t *w) {
  for (bool more = true; more;) {
    more = false;
    for (size_t i = 0; i < w->ncomp; i++)
      if (!w->comps[i].schema && w->comps[i].old_copy) {
        const evcc_node_t *n = w->comps[i].old_copy;
        w->comps[i].old_copy = NULL;
        char *name = strdup(w->comps[i].name);
        if (!name) abort();
        evcc_jout_t *copy = copy_old(w, n);
        comp_find(w, name)->schema = copy;
        free(name);
        more = true;
      }
  }
}

void evcc_infer_write(const evcc_infer_pair_t *p, const evcc_infer_out_t *o, evcc_buf_t *out) {
  bool openapi = o->format == EVCC_INFER_OPENAPI;
  writer_t w = {o, openapi ? "#/components/schemas/" : "#/definitions/", NULL, NULL, NULL, 0, 0};
  if (o->old) {
    const evcc_node_t *c = evcc_map_get(o->old, "components");
    w.old_prefix = c ? "#/components/schemas/" : "#/definitions/";
    w.old_comps = c && c->kind == EVCC_NODE_MAP ? evcc_map_get(c, "schemas") : evcc_map_get(o->old, "definitions");
  }
  char *name = evcc_infer_name(p, o->name);
  const evcc_node_t *old = o->old ? old_detail(&w, p, name) : NULL;
  reserve_old(&w);
  place_t at = {name, name, strlen(name), "", p->source ? "/detail" : "", name};
  evcc_jout_t *detail = schema_of(&w, &p->detail, old, &at);
  comp_t *own = comp_find(&w, name) ? comp_find(&w, name) : comp_add(&w, name);
  if (own->schema) evcc_jout_free(detail); /* an object: `detail` is the $ref to it */
  else own->schema = detail, own->old_copy = NULL; /* anything else is a component all the same */
  copy_referenced(&w);
  char *version = o->old ? next_version(o->old) : strdup("1");
  evcc_jout_t *doc = evcc_jout_object(), *defs = evcc_jout_object();
  if (p->source) evcc_jout_set(defs, "AWSEvent", envelope(&w, p, name));
  for (size_t i = 0; i < w.ncomp; i++)
    if (w.comps[i].schema) evcc_jout_set(defs, w.comps[i].name, w.comps[i].schema);
  if (openapi) {
    evcc_jout_t *info = evcc_jout_object(), *comps = evcc_jout_object();
    evcc_jout_set(doc, "openapi", evcc_jout_string("3.0.0", 5));
    evcc_jout_set(info, "version", evcc_jout_string(version, strlen(version)));
    evcc_jout_set(info, "title", evcc_jout_string(name, strlen(name)));
    evcc_jout_set(doc, "info", info);
    evcc_jout_set(doc, "paths", evcc_jout_object());
    evcc_jout_set(comps, "schemas", defs);
    evcc_jout_set(doc, "components", comps);
  } else {
    /* the registry's draft-04 export: the envelope (or the schema) at the root, the rest under definitions */
    evcc_jout_t *root = evcc_jout_take(defs, p->source ? "AWSEvent" : name);
    evcc_jout_set(doc, "$schema", evcc_jout_string("http://json-schema.org/draft-04/schema#", 39));
    evcc_jout_set(doc, "title", evcc_jout_string(name, strlen(name)));
    evcc_jout_merge(doc, root);
    if (evcc_jout_count(defs)) evcc_jout_set(doc, "definitions", defs);
    else evcc_jout_free(defs);
  }
  evcc_jout_print(doc, out);
  evcc_jout_free(doc);
  for (size_t i = 0; i < w.ncomp; i++) free(w.comps[i].name);
  free(w.comps);
  free(version);
  free(name);
}
