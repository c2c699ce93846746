/* What the event schemas say a JSONPath of a rule's events holds: used to refuse impossible templates early. */
#include "jsonpath.h"
#include "schema_ir.h"

#include <string.h>

/* The single exact string a pattern requires at top-level `key`, or NULL. */
static const char *only_value(const evcc_node_t *pattern, const char *key) {
  const evcc_node_t *v = evcc_map_get(pattern, key);
  if (!v || v->kind != EVCC_NODE_SEQ || v->count != 1 || v->items[0]->kind != EVCC_NODE_STRING) return NULL;
  return v->items[0]->str;
}

static const evcc_snode_t *deref(const evcc_snode_t *s) {
  for (int hops = 0; s && s->ref && hops < 64; hops++) s = s->ref;
  return s;
}

typedef struct {
  const evcc_snode_t *at; /* NULL once the path leaves what the schema describes */
} walk_t;

static void descend(void *ud, const evcc_jstep_t *st) {
  walk_t *w = ud;
  const evcc_snode_t *s = deref(w->at);
  w->at = NULL;
  if (!s) return;
  if (st->key) {
    for (size_t i = 0; i < s->nprop; i++)
      if (s->keys[i].len == st->len && memcmp(s->keys[i].name, st->key, st->len) == 0) w->at = s->keys[i].schema;
  } else if (s->items) {
    w->at = s->items;
  } else if (st->index < s->ntuple) {
    w->at = s->tuple[st->index];
  }
}

unsigned evcc_schema_types_at(const evcc_schema_set_t *set, const evcc_node_t *pattern, const char *path,
                              const char **schema_name) {
  const char *source = only_value(pattern, "source"), *detail_type = only_value(pattern, "detail-type");
  if (!set || !source || !detail_type) return 0;
  evcc_sroot_t *roots;
  size_t n = evcc_schema_set_roots(set, &roots);
  unsigned types = 0;
  for (size_t i = 0; i < n; i++) {
    const evcc_sroot_t *r = &roots[i];
    if (!r->source || !r->detail_type || strcmp(r->source, source) != 0 || strcmp(r->detail_type, detail_type) != 0)
      continue;
    walk_t w = {r->schema};
    if (!evcc_jsonpath_walk(path, descend, &w) || !deref(w.at) || !deref(w.at)->types) return 0; /* one is silent */
    types |= deref(w.at)->types;
    *schema_name = r->name;
  }
  return types;
}
