/* Caller-provided bump arena used by generated parsers for arrays and decoded strings. */
#include "eventc/arena.h"

#include <stdint.h>

#define EVC_ARENA_ALIGN 16u

void evc_arena_init(evc_arena_t *a, void *buf, size_t cap) {
  a->base = (unsigned char *)buf;
  a->cap = cap;
  a->used = 0;
}

void evc_arena_reset(evc_arena_t *a) { a->used = 0; }

void *evc_arena_alloc(evc_arena_t *a, size_t size) {
  if (!a || !a->base) return NULL;
  uintptr_t at = (uintptr_t)(a->base + a->used);
  size_t pad = (size_t)((EVC_ARENA_ALIGN - at % EVC_ARENA_ALIGN) % EVC_ARENA_ALIGN);
  if (pad > a->cap - a->used || size > a->cap - a->used - pad) return NULL;
  void *p = a->base + a->used + pad;
  a->used += pad + size;
  return p;
}
