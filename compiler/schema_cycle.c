/* Refuses schemas that refer back to themselves without descending into the event ($ref: "#" at
 * the same place, allOf cycles): every validator of such a schema would recurse forever. */
#include "schema_cycle.h"

#include <stdlib.h>

enum { WHITE, ON_PATH, DONE };

/* The k-th schema applied to the same instance as `s` ($ref, allOf/anyOf/oneOf, not, if/then/else,
 * dependencies); NULL for a slot that is empty. *more is false past the last slot. */
static evcc_snode_t *same_place(const evcc_snode_t *s, size_t k, bool *more) {
  *more = true;
  if (k == 0) return s->ref;
  k--;
  if (k < s->nall) return s->all_of[k];
  k -= s->nall;
  if (k < s->nany) return s->any_of[k];
  k -= s->nany;
  if (k < s->none) return s->one_of[k];
  k -= s->none;
  evcc_snode_t *const fixed[] = {s->not_, s->if_, s->then_, s->else_};
  if (k < 4) return fixed[k];
  k -= 4;
  if (k < s->nkey) return s->keys[k].dep_schema;
  *more = false;
  return NULL;
}

typedef struct frame {
  evcc_snode_t *node;
  size_t next;
} frame_t;

/* Depth-first from `root` with an explicit stack (chains of $ref can be long); reports the node
 * that closes a cycle. Returns false when a cycle was found. */
static bool walk(evcc_snode_t *root, evcc_diag_t *d) {
  size_t cap = 64, top = 0;
  frame_t *stack = malloc(cap * sizeof *stack);
  bool ok = true;
  stack[top++] = (frame_t){root, 0};
  root->cycle_color = ON_PATH;
  while (top) {
    frame_t *f = &stack[top - 1];
    bool more;
    evcc_snode_t *next = same_place(f->node, f->next++, &more);
    if (!more) {
      f->node->cycle_color = DONE;
      top--;
    } else if (next && next->cycle_color == ON_PATH) {
      evcc_error(d, next->src->loc,
                 "this schema applies itself to the same value again (through $ref, allOf/anyOf/oneOf, not, "
                 "if/then/else or dependencies) without descending into it: validation would never end");
      ok = false;
    } else if (next && next->cycle_color == WHITE) {
      if (top == cap) stack = realloc(stack, (cap *= 2) * sizeof *stack);
      stack[top++] = (frame_t){next, 0};
      next->cycle_color = ON_PATH;
    }
  }
  free(stack);
  return ok;
}

bool evcc_schema_refuse_cycles(evcc_snode_t *all, evcc_diag_t *d) {
  bool ok = true;
  for (evcc_snode_t *s = all; s; s = s->next_all)
    if (s->cycle_color == WHITE && !walk(s, d)) ok = false;
  return ok;
}
