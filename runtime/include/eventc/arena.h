/* Caller-provided bump arena: generated parsers take arrays and decoded strings from it, never malloc. */
#ifndef EVENTC_ARENA_H
#define EVENTC_ARENA_H

#include <stddef.h>

typedef struct evc_arena {
  unsigned char *base;
  size_t cap;
  size_t used;
} evc_arena_t;

/* Uses `cap` bytes at `buf` (any alignment) as the arena. */
void evc_arena_init(evc_arena_t *a, void *buf, size_t cap);
/* Forgets every allocation (call between events). */
void evc_arena_reset(evc_arena_t *a);
/* `size` bytes aligned for any object type, or NULL when the arena (or `a`) is exhausted/NULL. */
void *evc_arena_alloc(evc_arena_t *a, size_t size);

#endif
