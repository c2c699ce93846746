/* Shape checks on loaded documents: the kind a field must have, literal trees, text C can carry. */
#include "node_check.h"

#include <string.h>

const char *evcc_node_kind_shape(evcc_node_kind_t k) {
  switch (k) {
  case EVCC_NODE_NULL: return "null";
  case EVCC_NODE_BOOL: return "a boolean";
  case EVCC_NODE_NUMBER: return "a number";
  case EVCC_NODE_STRING: return "a string";
  case EVCC_NODE_MAP: return "a mapping";
  case EVCC_NODE_SEQ: return "a sequence";
  }
  return "?";
}

const char *evcc_node_shape(const evcc_node_t *n) { return n->tag ? n->tag : evcc_node_kind_shape(n->kind); }

bool evcc_node_expect(evcc_diag_t *d, const evcc_node_t *n, evcc_node_kind_t kind, const char *what) {
  if (n->kind == kind && !n->tag) return true;
  evcc_error(d, n->loc, "%s: expected %s, got %s", what, evcc_node_kind_shape(kind), evcc_node_shape(n));
  return false;
}

bool evcc_node_expect_scalar(evcc_diag_t *d, const evcc_node_t *n, const char *what) {
  bool scalar = n->kind == EVCC_NODE_STRING || n->kind == EVCC_NODE_NUMBER || n->kind == EVCC_NODE_BOOL;
  if (scalar && !n->tag) return true;
  evcc_error(d, n->loc, "%s: expected a string, got %s", what, evcc_node_shape(n));
  return false;
}

bool evcc_node_text_ok(evcc_diag_t *d, const evcc_node_t *n, const char *what) {
  if (!n->str || !memchr(n->str, '\0', n->len)) return true;
  evcc_error(d, n->loc, "%s contains a NUL byte", what);
  return false;
}

bool evcc_node_literal_tree(evcc_diag_t *d, const evcc_node_t *n, const char *where) {
  bool ok = true;
  if (n->tag) {
    evcc_error(d, n->loc,
               "%s inside %s: eventc cannot resolve CloudFormation functions there, and the value would be "
               "compared as the literal text; write the value out",
               n->tag, where);
    ok = false;
  } else if (n->kind == EVCC_NODE_STRING && memchr(n->str, '\0', n->len)) {
    evcc_error(d, n->loc, "a string inside %s contains a NUL byte", where);
    ok = false;
  }
  if (n->kind != EVCC_NODE_MAP && n->kind != EVCC_NODE_SEQ) return ok;
  for (size_t i = 0; i < n->count; i++) {
    if (n->kind == EVCC_NODE_MAP && memchr(n->keys[i]->str, '\0', n->keys[i]->len)) {
      evcc_error(d, n->keys[i]->loc, "a key inside %s contains a NUL byte", where);
      ok = false;
    }
    ok = evcc_node_literal_tree(d, n->items[i], where) && ok;
  }
  return ok;
}
