/* Recognises inputs that hit loader bugs being fixed on another branch (see fuzz_known_bugs.h). */
#include "fuzz_known_bugs.h"

#include <string.h>

enum { MAX_VISITS = 100000, MAX_NESTING = 200 };

/* Visits the tree as the walkers do (aliases followed); false when it is too deep or too large. */
static bool walk(const evcc_node_t *n, int depth, size_t *visits, bool *bad_targets) {
  if (++*visits > MAX_VISITS || depth > MAX_NESTING) return false;
  if (n->kind != EVCC_NODE_MAP && n->kind != EVCC_NODE_SEQ) return true;
  for (size_t i = 0; i < n->count; i++) {
    const evcc_node_t *v = n->items[i];
    if (n->kind == EVCC_NODE_MAP && strcmp(n->keys[i]->str, "Targets") == 0 && v->kind == EVCC_NODE_SEQ)
      for (size_t k = 0; k < v->count; k++) *bad_targets |= v->items[k]->kind != EVCC_NODE_MAP;
    if (!walk(v, depth + 1, visits, bad_targets)) return false;
  }
  return true;
}

bool fuzz_hits_known_loader_bug(const evcc_doc_t *doc) {
  size_t visits = 0;
  bool bad_targets = false;
  return !walk(doc->root, 0, &visits, &bad_targets) || bad_targets;
}
