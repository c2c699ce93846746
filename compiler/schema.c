/* Event schema front-end: loads OpenAPI 3 / JSON Schema documents, resolves $ref, builds evcc_snode_t trees. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "ref_policy.h"
#include "schema_cycle.h"
#include "schema_ir.h"
#include "schema_regex.h"

#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct sdoc {
  const evcc_node_t *root;
  char *uri; /* without fragment */
  evcc_draft_t draft;
  evcc_doc_t *owned;
} sdoc_t;

typedef struct sid {
  char *uri;
  const evcc_node_t *node;
  size_t doc;
} sid_t;

/* Pointer-keyed open-addressing map. */
typedef struct pmap {
  const void **k;
  void **v;
  size_t cap, n;
} pmap_t;

typedef struct umap {
  char *prefix, *dir;
} umap_t;

struct evcc_schema_set {
  evcc_draft_t default_draft;
  umap_t *maps;
  size_t nmap;
  sdoc_t *docs;
  size_t ndoc;
  sid_t *ids;
  size_t nid;
  pmap_t bases, nodes, docof;
  evcc_snode_t *all, **tail;
  evcc_sroot_t *roots;
  size_t nroot;
  evcc_regex_t *res;
  size_t nre;
  char **files;
  size_t nfile;
  void **own;
  size_t nown;
  evcc_diag_t *d;
  evcc_ref_policy_t policy;  /* files a $ref may read */
  evcc_load_limits_t limits; /* of every document a $ref loads */
  size_t build_depth;        /* schemas being built, nested or through $ref chains */
  bool depth_exceeded;       /* the depth limit was hit: the set is invalid, stop building */
};

#define GROW(arr, n) ((arr) = grow((arr), (n) + 1, sizeof *(arr)))

static void *grow(void *p, size_t n, size_t size) {
  void *q = realloc(p, n * size);
  if (!q) abort();
  return q;
}

static void *keep(evcc_schema_set_t *s, void *p) {
  GROW(s->own, s->nown);
  s->own[s->nown++] = p;
  return p;
}

static char *kstrdup(evcc_schema_set_t *s, const char *t) { return keep(s, strdup(t)); }

char *evcc_schema_set_strdup(evcc_schema_set_t *set, const char *s) { return kstrdup(set, s); }

static size_t phash(const void *p, size_t cap) {
  return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ULL) & (cap - 1);
}

static void *pmap_get(const pmap_t *m, const void *k) {
  if (!m->cap) return NULL;
  for (size_t i = phash(k, m->cap);; i = (i + 1) & (m->cap - 1)) {
    if (m->k[i] == k) return m->v[i];
    if (!m->k[i]) return NULL;
  }
}

static void pmap_put(pmap_t *m, const void *k, void *v) {
  if (2 * (m->n + 1) > m->cap) {
    pmap_t b = {calloc(m->cap ? m->cap * 2 : 64, sizeof(void *)),
                calloc(m->cap ? m->cap * 2 : 64, sizeof(void *)), m->cap ? m->cap * 2 : 64, 0};
    for (size_t i = 0; i < m->cap; i++)
      if (m->k[i]) pmap_put(&b, m->k[i], m->v[i]);
    free(m->k);
    free(m->v);
    *m = b;
  }
  size_t i = phash(k, m->cap);
  while (m->k[i] && m->k[i] != k) i = (i + 1) & (m->cap - 1);
  if (!m->k[i]) m->n++;
  m->k[i] = k;
  m->v[i] = v;
}

evcc_schema_set_t *evcc_schema_set_new(void) {
  evcc_schema_set_t *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->default_draft = EVCC_DRAFT7;
  s->tail = &s->all;
  s->limits = evcc_load_limits_resolve(NULL);
  s->policy.max_bytes = s->limits.max_file_bytes;
  return s;
}

void evcc_schema_set_free(evcc_schema_set_t *s) {
  if (!s) return;
  for (size_t i = 0; i < s->ndoc; i++) evcc_doc_free(s->docs[i].owned);
  for (evcc_snode_t *n = s->all; n; n = n->next_all) free(n->keys);
  for (size_t i = 0; i < s->nown; i++) free(s->own[i]);
  for (size_t i = 0; i < s->nmap; i++) free(s->maps[i].prefix), free(s->maps[i].dir);
  free(s->maps);
  free(s->own);
  free(s->docs);
  free(s->ids);
  free(s->roots);
  free(s->res);
  free(s->files);
  free(s->bases.k), free(s->bases.v), free(s->nodes.k), free(s->nodes.v);
  free(s->docof.k), free(s->docof.v);
  evcc_ref_policy_free(&s->policy);
  free(s);
}

void evcc_schema_set_map_uri(evcc_schema_set_t *s, const char *prefix, const char *dir) {
  GROW(s->maps, s->nmap);
  s->maps[s->nmap].prefix = strdup(prefix);
  s->maps[s->nmap++].dir = strdup(dir);
  evcc_ref_policy_add_root(&s->policy, dir); /* a directory the caller chose to serve */
}

void evcc_schema_set_limits(evcc_schema_set_t *s, const evcc_load_limits_t *limits) {
  s->limits = evcc_load_limits_resolve(limits);
  s->policy.max_bytes = s->limits.max_file_bytes;
}

bool evcc_schema_set_ref_root(evcc_schema_set_t *s, const char *dir) { return evcc_ref_policy_add_root(&s->policy, dir); }

void evcc_schema_set_allow_ref_outside(evcc_schema_set_t *s, bool allow) { s->policy.allow_outside = allow; }

void evcc_schema_set_default_draft(evcc_schema_set_t *s, evcc_draft_t draft) { s->default_draft = draft; }

size_t evcc_schema_set_roots(const evcc_schema_set_t *s, evcc_sroot_t **roots) {
  *roots = s->roots;
  return s->nroot;
}

size_t evcc_schema_set_regexes(const evcc_schema_set_t *s, const evcc_regex_t **res) {
  *res = s->res;
  return s->nre;
}

evcc_snode_t *evcc_schema_set_nodes(const evcc_schema_set_t *s) { return s->all; }

size_t evcc_schema_set_files(const evcc_schema_set_t *s, const char *const **files) {
  *files = (const char *const *)s->files;
  return s->nfile;
}

bool evcc_schema_doc_is_schema(const evcc_doc_t *doc) {
  const evcc_node_t *r = doc->root;
  if (!r || r->kind != EVCC_NODE_MAP) return false;
  if (evcc_map_get(r, "openapi") || evcc_map_get(r, "$schema")) return true;
  const evcc_node_t *t = evcc_map_get(r, "type");
  return t && evcc_map_get(r, "properties") && !evcc_map_get(r, "Resources") &&
         !evcc_map_get(r, "source") && !evcc_map_get(r, "detail");
}

/* ---- documents, ids and base URIs ---- */

static evcc_draft_t doc_draft(const evcc_schema_set_t *s, const evcc_node_t *root) {
  if (root->kind != EVCC_NODE_MAP) return s->default_draft;
  if (evcc_map_get(root, "openapi")) return EVCC_OPENAPI3;
  const evcc_node_t *sc = evcc_map_get(root, "$schema");
  if (sc && sc->kind == EVCC_NODE_STRING) {
    if (strstr(sc->str, "draft-04")) return EVCC_DRAFT4;
    if (strstr(sc->str, "draft-06") || strstr(sc->str, "draft-07")) return EVCC_DRAFT7;
  }
  return s->default_draft;
}

static const char *id_key(evcc_draft_t d) { return d == EVCC_DRAFT4 ? "id" : d == EVCC_DRAFT7 ? "$id" : NULL; }

static char *strip_empty_fragment(char *u) {
  size_t n = strlen(u);
  if (n && u[n - 1] == '#') u[n - 1] = '\0';
  return u;
}

static void index_schema(evcc_schema_set_t *s, const evcc_node_t *n, const char *base, size_t doc);

static void index_map_of(evcc_schema_set_t *s, const evcc_node_t *m, const char *base, size_t doc) {
  if (m && m->kind == EVCC_NODE_MAP)
    for (size_t i = 0; i < m->count; i++) index_schema(s, m->items[i], base, doc);
}

static void index_list(evcc_schema_set_t *s, const evcc_node_t *l, const char *base, size_t doc) {
  if (l && l->kind == EVCC_NODE_SEQ)
    for (size_t i = 0; i < l->count; i++) index_schema(s, l->items[i], base, doc);
  else if (l)
    index_schema(s, l, base, doc);
}

static void index_schema(evcc_schema_set_t *s, const evcc_node_t *n, const char *base, size_t doc) {
  if (!n || n->kind != EVCC_NODE_MAP || pmap_get(&s->bases, n)) return;
  const char *ik = id_key(s->docs[doc].draft);
  const evcc_node_t *id = ik ? evcc_map_get(n, ik) : NULL;
  if (id && id->kind == EVCC_NODE_STRING && !evcc_map_get(n, "$ref")) {
    char *abs = keep(s, strip_empty_fragment(evcc_uri_resolve(base, id->str)));
    GROW(s->ids, s->nid);
    s->ids[s->nid++] = (sid_t){abs, n, doc};
    if (!strchr(abs, '#')) base = abs;
  }
  pmap_put(&s->bases, n, (void *)base);
  pmap_put(&s->docof, n, (void *)(uintptr_t)(doc + 1));
  static const char *const maps[] = {"properties", "patternProperties", "definitions", "$defs",
                                     "dependencies"};
  static const char *const lists[] = {"items", "allOf", "anyOf", "oneOf"};
  static const char *const ones[] = {"additionalItems", "additionalProperties", "not", "if",
                                     "then", "else", "contains", "propertyNames"};
  for (size_t i = 0; i < sizeof maps / sizeof *maps; i++) index_map_of(s, evcc_map_get(n, maps[i]), base, doc);
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) index_list(s, evcc_map_get(n, lists[i]), base, doc);
  for (size_t i = 0; i < sizeof ones / sizeof *ones; i++) index_schema(s, evcc_map_get(n, ones[i]), base, doc);
  const evcc_node_t *comp = evcc_map_get(n, "components");
  if (comp && comp->kind == EVCC_NODE_MAP) index_map_of(s, evcc_map_get(comp, "schemas"), base, doc);
}

static size_t add_doc(evcc_schema_set_t *s, const evcc_node_t *root, const char *uri, evcc_doc_t *owned) {
  GROW(s->docs, s->ndoc);
  size_t i = s->ndoc++;
  s->docs[i] = (sdoc_t){root, kstrdup(s, uri), doc_draft(s, root), owned};
  index_schema(s, root, s->docs[i].uri, i);
  return i;
}

static char *file_uri(const char *path) {
  char real[PATH_MAX]; /* not realpath(path, NULL): its block would leak if the next malloc unwinds (mem.h) */
  const char *p = realpath(path, real) ? real : path;
  char *u = malloc(strlen(p) + 8);
  strcpy(u, "file://");
  strcat(u, p);
  return u;
}

/* Local file behind a URI: a mapped prefix or file://. */
static char *uri_path(const evcc_schema_set_t *s, const char *uri) {
  for (size_t i = 0; i < s->nmap; i++) {
    size_t n = strlen(s->maps[i].prefix);
    if (strncmp(uri, s->maps[i].prefix, n) == 0) {
      char *p = malloc(strlen(s->maps[i].dir) + strlen(uri + n) + 2);
      strcpy(p, s->maps[i].dir);
      strcat(p, "/");
      strcat(p, uri + n);
      return p;
    }
  }
  return strncmp(uri, "file://", 7) == 0 ? strdup(uri + 7) : NULL;
}

static void add_file(evcc_schema_set_t *s, const char *path) {
  GROW(s->files, s->nfile);
  s->files[s->nfile++] = kstrdup(s, path);
}

/* Finds (or loads) the document or embedded resource named by an absolute URI without fragment. */
static const evcc_node_t *find_resource(evcc_schema_set_t *s, const char *uri, size_t *doc, evcc_loc_t loc) {
  for (size_t i = 0; i < s->nid; i++)
    if (!strcmp(s->ids[i].uri, uri)) return *doc = s->ids[i].doc, s->ids[i].node;
  for (size_t i = 0; i < s->ndoc; i++)
    if (!strcmp(s->docs[i].uri, uri)) return *doc = i, s->docs[i].root;
  char *path = uri_path(s, uri);
  if (!path) return NULL;
  char why[600];
  char *real = evcc_ref_policy_check(&s->policy, path, why, sizeof why);
  if (!real) {
    evcc_error(s->d, loc, "$ref to \"%s\" refused: %s", path, why);
    free(path);
    return NULL;
  }
  evcc_diag_t quiet;
  evcc_diag_init(&quiet);
  evcc_doc_t *d = evcc_doc_load_limited(real, EVCC_SYNTAX_AUTO, &s->limits, &quiet);
  free(real);
  if (!d) {
    evcc_error(s->d, loc, "cannot load \"%s\" for $ref", path);
    for (size_t i = 0; i < quiet.count; i++) {
      char line[512];
      evcc_diag_format(&quiet.msgs[i], line, sizeof line);
      evcc_note(s->d, loc, "%s", line);
    }
  } else {
    add_file(s, path);
    *doc = add_doc(s, d->root, uri, d);
  }
  evcc_diag_free(&quiet);
  free(path);
  return d ? d->root : NULL;
}

/* Percent-decodes and unescapes one JSON Pointer token (~1 -> '/', ~0 -> '~'). */
static size_t pointer_token(const char *t, size_t n, char *out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char c = t[i];
    if (c == '%' && i + 2 < n) {
      char hex[3] = {t[i + 1], t[i + 2], 0};
      c = (char)strtol(hex, NULL, 16);
      i += 2;
    }
    out[k++] = c;
  }
  size_t j = 0;
  for (size_t i = 0; i < k; i++) {
    if (out[i] == '~' && i + 1 < k && (out[i + 1] == '0' || out[i + 1] == '1')) {
      out[j++] = out[i + 1] == '1' ? '/' : '~';
      i++;
    } else {
      out[j++] = out[i];
    }
  }
  return j;
}

static const evcc_node_t *walk_pointer(const evcc_node_t *n, const char *ptr) {
  char *tok = malloc(strlen(ptr) + 1);
  while (n && *ptr == '/') {
    const char *end = strchr(ptr + 1, '/');
    size_t len = end ? (size_t)(end - ptr - 1) : strlen(ptr + 1);
    size_t k = pointer_token(ptr + 1, len, tok);
    const evcc_node_t *next = NULL;
    if (n->kind == EVCC_NODE_MAP) {
      for (size_t i = 0; i < n->count; i++)
        if (n->keys[i]->len == k && !memcmp(n->keys[i]->str, tok, k)) next = n->items[i];
    } else if (n->kind == EVCC_NODE_SEQ) {
      char *e;
      tok[k] = '\0';
      unsigned long idx = strtoul(tok, &e, 10);
      if (k && !*e && idx < n->count) next = n->items[idx];
    }
    n = next;
    ptr += len + 1;
  }
  free(tok);
  return *ptr ? NULL : n;
}

/* ---- building snodes ---- */

static evcc_snode_t *build(evcc_schema_set_t *s, const evcc_node_t *n, const char *base, evcc_draft_t draft);

/* "x.json#/definitions/Address" -> "Address": the C type name of a $ref target. */
static const char *ref_label(evcc_schema_set_t *s, const char *abs) {
  static const char *const parents[] = {"/definitions/", "/$defs/", "/components/schemas/"};
  const char *hash = strchr(abs, '#');
  for (size_t i = 0; hash && i < sizeof parents / sizeof *parents; i++) {
    const char *at = strstr(hash, parents[i]);
    const char *name = at ? at + strlen(parents[i]) : NULL;
    if (name && *name && !strchr(name, '/')) return kstrdup(s, name);
  }
  return NULL;
}

static evcc_snode_t *resolve_ref(evcc_schema_set_t *s, const evcc_node_t *ref, const char *base) {
  if (ref->kind != EVCC_NODE_STRING) {
    evcc_error(s->d, ref->loc, "$ref must be a string");
    return NULL;
  }
  char *abs = evcc_uri_resolve(base, ref->str);
  char *hash = strchr(abs, '#');
  const evcc_node_t *target = NULL;
  size_t doc = 0, before = s->d->errors;
  if (hash && hash[1] && hash[1] != '/') {
    for (size_t i = 0; i < s->nid && !target; i++)
      if (!strcmp(s->ids[i].uri, abs)) target = s->ids[i].node, doc = s->ids[i].doc;
  }
  if (!target) {
    if (hash) *hash = '\0';
    target = find_resource(s, abs, &doc, ref->loc);
    if (target && hash && hash[1]) target = hash[1] == '/' ? walk_pointer(target, hash + 1) : NULL;
    if (hash) *hash = '#';
  }
  if (!target) {
    if (s->d->errors == before)
      evcc_error(s->d, ref->loc, "invalid $ref \"%s\": no schema at \"%s\"", ref->str, abs);
    free(abs);
    return NULL;
  }
  const char *tb = pmap_get(&s->bases, target);
  evcc_snode_t *sn = build(s, target, tb ? tb : s->docs[doc].uri, s->docs[doc].draft);
  if (sn && !sn->label) sn->label = ref_label(s, abs);
  free(abs);
  return sn;
}

static bool is_number(const evcc_node_t *n) { return n && n->kind == EVCC_NODE_NUMBER; }

static long count_kw(evcc_schema_set_t *s, const evcc_node_t *m, const char *kw) {
  const evcc_node_t *n = evcc_map_get(m, kw);
  double x;
  if (!n) return -1;
  if (!is_number(n) || !evcc_node_number(n, &x) || x < 0 || x > 1e15 || x != floor(x)) {
    evcc_error(s->d, n->loc, "%s must be a non-negative integer", kw);
    return -1;
  }
  return (long)x;
}

static unsigned type_bit(const char *t) {
  static const char *const names[] = {"null", "boolean", "object", "array", "number", "string", "integer"};
  for (unsigned i = 0; i < 7; i++)
    if (!strcmp(t, names[i])) return 1u << i;
  return 0;
}

static unsigned parse_types(evcc_schema_set_t *s, const evcc_node_t *t) {
  unsigned bits = 0;
  size_t n = t->kind == EVCC_NODE_SEQ ? t->count : 1;
  for (size_t i = 0; i < n; i++) {
    const evcc_node_t *e = t->kind == EVCC_NODE_SEQ ? t->items[i] : t;
    unsigned b = e->kind == EVCC_NODE_STRING ? type_bit(e->str) : 0;
    if (!b) evcc_error(s->d, e->loc, "unknown type \"%s\"", e->kind == EVCC_NODE_STRING ? e->str : "?");
    bits |= b;
  }
  return bits;
}

static evcc_snode_t **build_list(evcc_schema_set_t *s, const evcc_node_t *l, size_t *count,
                                 const char *base, evcc_draft_t draft, const char *kw) {
  *count = 0;
  if (!l) return NULL;
  if (l->kind != EVCC_NODE_SEQ) {
    evcc_error(s->d, l->loc, "%s must be an array of schemas", kw);
    return NULL;
  }
  evcc_snode_t **v = keep(s, calloc(l->count + 1, sizeof *v));
  for (size_t i = 0; i < l->count; i++) v[i] = build(s, l->items[i], base, draft);
  *count = l->count;
  return v;
}

static evcc_snode_t *sub(evcc_schema_set_t *s, const evcc_node_t *m, const char *kw, const char *base,
                         evcc_draft_t draft) {
  const evcc_node_t *n = evcc_map_get(m, kw);
  return n ? build(s, n, base, draft) : NULL;
}

static evcc_skey_t *key_of(evcc_snode_t *sn, const evcc_node_t *name) {
  for (size_t i = 0; i < sn->nkey; i++)
    if (sn->keys[i].len == name->len && !memcmp(sn->keys[i].name, name->str, name->len)) return &sn->keys[i];
  GROW(sn->keys, sn->nkey);
  evcc_skey_t *k = &sn->keys[sn->nkey++];
  memset(k, 0, sizeof *k);
  k->name = name->str;
  k->len = name->len;
  return k;
}

static int add_regex(evcc_schema_set_t *s, const evcc_node_t *n) {
  for (size_t i = 0; i < s->nre; i++)
    if (!strcmp(s->res[i].src, n->str)) return (int)i;
  evcc_redfa_free(evcc_regex_compile(n->str, n->loc, s->d)); /* reports what the emitter could not compile */
  GROW(s->res, s->nre);
  s->res[s->nre] = (evcc_regex_t){kstrdup(s, n->str), n->loc};
  return (int)s->nre++;
}

static void build_object_kw(evcc_schema_set_t *s, evcc_snode_t *sn, const evcc_node_t *m) {
  const evcc_node_t *props = evcc_map_get(m, "properties"), *req = evcc_map_get(m, "required");
  const evcc_node_t *pp = evcc_map_get(m, "patternProperties"), *deps = evcc_map_get(m, "dependencies");
  if (props && props->kind == EVCC_NODE_MAP) {
    for (size_t i = 0; i < props->count; i++) key_of(sn, props->keys[i])->schema = build(s, props->items[i], sn->base, sn->draft);
    sn->nprop = sn->nkey;
  }
  if (req && req->kind == EVCC_NODE_SEQ) {
    for (size_t i = 0; i < req->count; i++)
      if (req->items[i]->kind == EVCC_NODE_STRING) key_of(sn, req->items[i])->required = true;
      else evcc_error(s->d, req->items[i]->loc, "required must list strings");
  } else if (req && req->kind != EVCC_NODE_BOOL) {
    evcc_error(s->d, req->loc, "required must be an array of strings");
  }
  if (deps && deps->kind == EVCC_NODE_MAP) {
    for (size_t i = 0; i < deps->count; i++) {
      const evcc_node_t *dep = deps->items[i];
      key_of(sn, deps->keys[i]);
      if (dep->kind == EVCC_NODE_SEQ) {
        for (size_t j = 0; j < dep->count; j++)
          if (dep->items[j]->kind == EVCC_NODE_STRING) key_of(sn, dep->items[j]);
        key_of(sn, deps->keys[i])->dep_list = dep; /* key_of may move the array: look it up again */
      } else {
        evcc_snode_t *d = build(s, dep, sn->base, sn->draft);
        key_of(sn, deps->keys[i])->dep_schema = d;
      }
    }
  }
  if (pp && pp->kind == EVCC_NODE_MAP) {
    sn->pprops = keep(s, calloc(pp->count + 1, sizeof *sn->pprops));
    for (size_t i = 0; i < pp->count; i++)
      sn->pprops[i] = (evcc_spattern_t){pp->keys[i], add_regex(s, pp->keys[i]),
                                         build(s, pp->items[i], sn->base, sn->draft)};
    sn->npprop = pp->count;
  }
  sn->additional = sub(s, m, "additionalProperties", sn->base, sn->draft);
  sn->property_names = sub(s, m, "propertyNames", sn->base, sn->draft);
  sn->min_props = count_kw(s, m, "minProperties");
  sn->max_props = count_kw(s, m, "maxProperties");
}

static void build_array_kw(evcc_schema_set_t *s, evcc_snode_t *sn, const evcc_node_t *m) {
  const evcc_node_t *items = evcc_map_get(m, "items");
  if (items && items->kind == EVCC_NODE_SEQ) sn->tuple = build_list(s, items, &sn->ntuple, sn->base, sn->draft, "items");
  else if (items) sn->items = build(s, items, sn->base, sn->draft);
  sn->additional_items = sn->tuple ? sub(s, m, "additionalItems", sn->base, sn->draft) : NULL;
  sn->contains = sn->draft != EVCC_DRAFT4 ? sub(s, m, "contains", sn->base, sn->draft) : NULL;
  sn->min_items = count_kw(s, m, "minItems");
  sn->max_items = count_kw(s, m, "maxItems");
  const evcc_node_t *u = evcc_map_get(m, "uniqueItems");
  sn->unique = u && u->kind == EVCC_NODE_BOOL && u->boolean;
}

static void build_number_kw(evcc_schema_set_t *s, evcc_snode_t *sn, const evcc_node_t *m) {
  sn->minimum = evcc_map_get(m, "minimum");
  sn->maximum = evcc_map_get(m, "maximum");
  sn->multiple_of = evcc_map_get(m, "multipleOf");
  const evcc_node_t *xmin = evcc_map_get(m, "exclusiveMinimum"), *xmax = evcc_map_get(m, "exclusiveMaximum");
  /* draft-04 and OpenAPI 3.0: booleans modifying minimum/maximum; draft-06+: numbers of their own */
  if (xmin && xmin->kind == EVCC_NODE_BOOL) sn->min_excl = xmin->boolean;
  else if (is_number(xmin)) sn->minimum = xmin, sn->min_excl = true;
  if (xmax && xmax->kind == EVCC_NODE_BOOL) sn->max_excl = xmax->boolean;
  else if (is_number(xmax)) sn->maximum = xmax, sn->max_excl = true;
  const evcc_node_t *nums[] = {sn->minimum, sn->maximum, sn->multiple_of};
  for (size_t i = 0; i < 3; i++)
    if (nums[i] && !is_number(nums[i])) evcc_error(s->d, nums[i]->loc, "expected a number");
  double mo;
  if (is_number(sn->multiple_of) && (!evcc_node_number(sn->multiple_of, &mo) || mo <= 0))
    evcc_error(s->d, sn->multiple_of->loc, "multipleOf must be greater than 0");
  if (xmin && is_number(xmin) && is_number(evcc_map_get(m, "minimum"))) {
    double a, b; /* both given: the stricter bound wins */
    evcc_node_number(xmin, &a);
    evcc_node_number(evcc_map_get(m, "minimum"), &b);
    if (b > a) sn->minimum = evcc_map_get(m, "minimum"), sn->min_excl = false;
  }
  if (xmax && is_number(xmax) && is_number(evcc_map_get(m, "maximum"))) {
    double a, b;
    evcc_node_number(xmax, &a);
    evcc_node_number(evcc_map_get(m, "maximum"), &b);
    if (b < a) sn->maximum = evcc_map_get(m, "maximum"), sn->max_excl = false;
  }
}

static void build_string_kw(evcc_schema_set_t *s, evcc_snode_t *sn, const evcc_node_t *m) {
  sn->min_len = count_kw(s, m, "minLength");
  sn->max_len = count_kw(s, m, "maxLength");
  sn->pattern = evcc_map_get(m, "pattern");
  if (sn->pattern && sn->pattern->kind != EVCC_NODE_STRING) {
    evcc_error(s->d, sn->pattern->loc, "pattern must be a string");
    sn->pattern = NULL;
  }
  if (sn->pattern) sn->pattern_re = add_regex(s, sn->pattern);
  const evcc_node_t *f = evcc_map_get(m, "format");
  if (f && f->kind == EVCC_NODE_STRING) sn->format = f->str;
}

static const char *const known_keywords[] = {
    "$schema", "id", "$id", "$ref", "title", "description", "default", "type", "enum", "const",
    "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
    "minLength", "pattern", "items", "additionalItems", "maxItems", "minItems", "uniqueItems",
    "contains", "maxProperties", "minProperties", "required", "properties", "patternProperties",
    "additionalProperties", "dependencies", "propertyNames", "allOf", "anyOf", "oneOf", "not",
    "if", "then", "else", "format", "definitions", "$defs", "examples", "$comment", "readOnly",
    "writeOnly", "contentMediaType", "contentEncoding", "nullable", "example", "deprecated",
    "discriminator", "xml", "externalDocs", "openapi", "info", "paths", "components", "servers",
    "tags", "security", "version"};

static void warn_unknown(evcc_schema_set_t *s, const evcc_node_t *m) {
  for (size_t i = 0; i < m->count; i++) {
    const char *k = m->keys[i]->str;
    bool known = !strncmp(k, "x-", 2);
    for (size_t j = 0; !known && j < sizeof known_keywords / sizeof *known_keywords; j++)
      known = !strcmp(k, known_keywords[j]);
    if (!known) evcc_warn(s->d, EVCC_W_UNKNOWN_KEYWORD, m->keys[i]->loc, "unknown schema keyword \"%s\" ignored", k);
  }
}

static void build_applicators(evcc_schema_set_t *s, evcc_snode_t *sn, const evcc_node_t *m) {
  sn->all_of = build_list(s, evcc_map_get(m, "allOf"), &sn->nall, sn->base, sn->draft, "allOf");
  sn->any_of = build_list(s, evcc_map_get(m, "anyOf"), &sn->nany, sn->base, sn->draft, "anyOf");
  sn->one_of = build_list(s, evcc_map_get(m, "oneOf"), &sn->none, sn->base, sn->draft, "oneOf");
  sn->not_ = sub(s, m, "not", sn->base, sn->draft);
  if (sn->draft != EVCC_DRAFT4 && evcc_map_get(m, "if")) {
    sn->if_ = sub(s, m, "if", sn->base, sn->draft);
    sn->then_ = sub(s, m, "then", sn->base, sn->draft);
    sn->else_ = sub(s, m, "else", sn->base, sn->draft);
  }
}

static void build_definitions(evcc_schema_set_t *s, evcc_snode_t *sn, const evcc_node_t *m) {
  static const char *const kws[] = {"definitions", "$defs"};
  for (size_t k = 0; k < 2; k++) {
    const evcc_node_t *defs = evcc_map_get(m, kws[k]);
    if (defs && defs->kind == EVCC_NODE_MAP)
      for (size_t i = 0; i < defs->count; i++) {
        evcc_snode_t *d = build(s, defs->items[i], sn->base, sn->draft);
        if (d && !d->label) d->label = defs->keys[i]->str;
      }
  }
}

static void build_keywords(evcc_schema_set_t *s, evcc_snode_t *sn, const evcc_node_t *m) {
  const evcc_node_t *ref = evcc_map_get(m, "$ref");
  warn_unknown(s, m);
  build_definitions(s, sn, m);
  if (ref) { /* draft-04/07 and OpenAPI 3.0: $ref replaces its siblings */
    sn->ref = resolve_ref(s, ref, sn->base);
    return;
  }
  const evcc_node_t *t = evcc_map_get(m, "type");
  if (t) sn->types = parse_types(s, t);
  const evcc_node_t *nl = evcc_map_get(m, "nullable");
  if (sn->draft == EVCC_OPENAPI3 && nl && nl->kind == EVCC_NODE_BOOL && nl->boolean && sn->types)
    sn->types |= EVCC_T_NULL;
  sn->enum_ = evcc_map_get(m, "enum");
  if (sn->enum_ && sn->enum_->kind != EVCC_NODE_SEQ) {
    evcc_error(s->d, sn->enum_->loc, "enum must be an array");
    sn->enum_ = NULL;
  }
  sn->const_ = sn->draft != EVCC_DRAFT4 ? evcc_map_get(m, "const") : NULL;
  build_number_kw(s, sn, m);
  build_string_kw(s, sn, m);
  build_array_kw(s, sn, m);
  build_object_kw(s, sn, m);
  build_applicators(s, sn, m);
}

static evcc_snode_t *build_new(evcc_schema_set_t *s, const evcc_node_t *n, const char *base, evcc_draft_t draft);

/* A schema's node, built once; nesting (subschemas and $ref chains) bounded by the depth limit. */
static evcc_snode_t *build(evcc_schema_set_t *s, const evcc_node_t *n, const char *base, evcc_draft_t draft) {
  evcc_snode_t *sn = pmap_get(&s->nodes, n);
  if (sn) return sn;
  if (s->depth_exceeded) return NULL; /* reported once; every chain through it would fail again */
  if (s->build_depth >= s->limits.max_depth) {
    evcc_error(s->d, n->loc, "schemas nested (or chained by $ref) deeper than %zu levels (raise with --max-depth)",
               s->limits.max_depth);
    s->depth_exceeded = true;
    return NULL;
  }
  s->build_depth++;
  sn = build_new(s, n, base, draft);
  s->build_depth--;
  return sn;
}

static evcc_snode_t *build_new(evcc_schema_set_t *s, const evcc_node_t *n, const char *base, evcc_draft_t draft) {
  evcc_snode_t *sn;
  if (n->kind != EVCC_NODE_MAP && n->kind != EVCC_NODE_BOOL) {
    evcc_error(s->d, n->loc, "a schema must be an object or a boolean, not %s", evcc_node_kind_name(n->kind));
    return NULL;
  }
  sn = keep(s, calloc(1, sizeof *sn));
  *s->tail = sn;
  s->tail = &sn->next_all;
  pmap_put(&s->nodes, n, sn);
  const char *own_base = pmap_get(&s->bases, n);
  sn->src = n;
  sn->base = own_base ? own_base : base;
  sn->draft = draft;
  sn->boolean = n->kind == EVCC_NODE_BOOL ? n->boolean : -1;
  sn->min_len = sn->max_len = sn->min_items = sn->max_items = sn->min_props = sn->max_props = -1;
  if (n->kind == EVCC_NODE_MAP) build_keywords(s, sn, n);
  return sn;
}

/* ---- roots ---- */

static void add_root(evcc_schema_set_t *s, evcc_snode_t *sn, const char *name, const char *version,
                     bool validate_only) {
  if (!sn) return;
  GROW(s->roots, s->nroot);
  evcc_sroot_t *r = &s->roots[s->nroot++];
  memset(r, 0, sizeof *r);
  r->schema = sn;
  r->name = kstrdup(s, name);
  r->version = version ? kstrdup(s, version) : NULL;
  r->validate_only = validate_only;
  if (sn->src->kind == EVCC_NODE_MAP) {
    const evcc_node_t *src = evcc_map_get(sn->src, "x-amazon-events-source");
    const evcc_node_t *dt = evcc_map_get(sn->src, "x-amazon-events-detail-type");
    if (src && src->kind == EVCC_NODE_STRING) r->source = src->str;
    if (dt && dt->kind == EVCC_NODE_STRING) r->detail_type = dt->str;
    const evcc_node_t *v = evcc_map_get(sn->src, "x-eventc-version"); /* overrides file name and info.version */
    if (v && (v->kind == EVCC_NODE_STRING || v->kind == EVCC_NODE_NUMBER)) r->version = kstrdup(s, v->str);
  }
}

/* "dir/TicketCompleted.v2.json" -> name "TicketCompleted", version "2"; "Name@3.yaml" likewise. */
static void name_from_path(const char *path, char **name, char **version) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  char *n = strdup(b);
  char *dot = strrchr(n, '.');
  if (dot && dot != n) *dot = '\0';
  char *at = strrchr(n, '@');
  char *v = strstr(n, ".v");
  *version = NULL;
  if (at) *at = '\0', *version = strdup(at + 1);
  else if (v && v[2] >= '0' && v[2] <= '9') *v = '\0', *version = strdup(v + 2);
  *name = n;
}

/* A key written twice in one map: the loader keeps both, and two schemas cannot share one name. */
static bool duplicate_key(evcc_schema_set_t *s, const evcc_node_t *map, size_t i) {
  const evcc_node_t *k = map->keys[i];
  for (size_t j = 0; j < i; j++) {
    const evcc_node_t *first = map->keys[j];
    if (first->len != k->len || memcmp(first->str, k->str, k->len)) continue;
    evcc_error(s->d, k->loc, "schema \"%s\" is defined twice in components.schemas", k->str);
    evcc_note(s->d, first->loc, "the first definition of \"%s\" is here", k->str);
    return true;
  }
  return false;
}

static bool add_openapi(evcc_schema_set_t *s, size_t doc) {
  const evcc_node_t *root = s->docs[doc].root;
  const evcc_node_t *comp = evcc_map_get(root, "components"), *info = evcc_map_get(root, "info");
  const evcc_node_t *schemas = comp ? evcc_map_get(comp, "schemas") : NULL;
  const evcc_node_t *ver = info ? evcc_map_get(info, "version") : NULL;
  if (!schemas || schemas->kind != EVCC_NODE_MAP) {
    evcc_error(s->d, root->loc, "OpenAPI document without components.schemas");
    return false;
  }
  for (size_t i = 0; i < schemas->count; i++) {
    if (duplicate_key(s, schemas, i)) continue;
    evcc_snode_t *sn = build(s, schemas->items[i], s->docs[doc].uri, EVCC_OPENAPI3);
    if (sn && !sn->label) sn->label = schemas->keys[i]->str;
    add_root(s, sn, schemas->keys[i]->str, ver && ver->str ? ver->str : NULL, false);
  }
  return true;
}

bool evcc_schema_set_add(evcc_schema_set_t *s, evcc_doc_t *doc, evcc_diag_t *d) {
  size_t before = d->errors;
  s->d = d;
  add_file(s, doc->path);
  bool from_stdin = strcmp(doc->path, "-") == 0 || strcmp(doc->path, "<stdin>") == 0;
  if (from_stdin) evcc_ref_policy_add_root(&s->policy, ".");
  else evcc_ref_policy_add_root_of(&s->policy, doc->path);
  char *uri = strcmp(doc->path, "-") ? file_uri(doc->path) : strdup("file:///dev/stdin");
  size_t i = add_doc(s, doc->root, uri, doc);
  free(uri);
  if (s->docs[i].draft == EVCC_OPENAPI3) {
    add_openapi(s, i);
  } else {
    char *name, *version;
    name_from_path(doc->path, &name, &version);
    const evcc_node_t *title = doc->root->kind == EVCC_NODE_MAP ? evcc_map_get(doc->root, "title") : NULL;
    evcc_snode_t *sn = build(s, doc->root, s->docs[i].uri, s->docs[i].draft);
    add_root(s, sn, title && title->kind == EVCC_NODE_STRING ? title->str : name, version, false);
    free(name);
    free(version);
  }
  evcc_schema_refuse_cycles(s->all, d);
  return d->errors == before;
}

bool evcc_schema_set_add_node(evcc_schema_set_t *s, const evcc_node_t *node, const char *name,
                              bool validate_only, evcc_diag_t *d) {
  size_t before = d->errors;
  s->d = d;
  char uri[256];
  snprintf(uri, sizeof uri, "file:///eventc-schema/%s.json", name);
  size_t i = add_doc(s, node, uri, NULL);
  add_root(s, build(s, node, s->docs[i].uri, s->docs[i].draft), name, NULL, validate_only);
  evcc_schema_refuse_cycles(s->all, d);
  return d->errors == before;
}

/* ---- JSON text of document values (enum/const literals) ---- */

void evcc_schema_json(evcc_buf_t *b, const evcc_node_t *n) {
  switch (n->kind) {
  case EVCC_NODE_NULL: evcc_buf_puts(b, "null"); break;
  case EVCC_NODE_BOOL: evcc_buf_puts(b, n->boolean ? "true" : "false"); break;
  case EVCC_NODE_NUMBER: evcc_buf_put(b, n->str, n->len); break;
  case EVCC_NODE_STRING: evcc_buf_json_string(b, n->str, n->len); break;
  case EVCC_NODE_SEQ:
    evcc_buf_putc(b, '[');
    for (size_t i = 0; i < n->count; i++) {
      if (i) evcc_buf_putc(b, ',');
      evcc_schema_json(b, n->items[i]);
    }
    evcc_buf_putc(b, ']');
    break;
  case EVCC_NODE_MAP:
    evcc_buf_putc(b, '{');
    for (size_t i = 0; i < n->count; i++) {
      if (i) evcc_buf_putc(b, ',');
      evcc_buf_json_string(b, n->keys[i]->str, n->keys[i]->len);
      evcc_buf_putc(b, ':');
      evcc_schema_json(b, n->items[i]);
    }
    evcc_buf_putc(b, '}');
    break;
  }
}
