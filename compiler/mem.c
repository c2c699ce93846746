/* Compiler allocations: a table of the live blocks of the current run, unwound with longjmp on failure (see mem.h). */
#include "mem.h"

/* This file is the allocator the macros of mem.h name: here the names mean the C library's. */
#undef malloc
#undef calloc
#undef realloc
#undef free
#undef strdup
#undef strndup

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct run {
  bool active;
  jmp_buf *unwind;
  void **slots; /* open addressing, linear probing; NULL = empty */
  size_t cap, count;
  evcc_mem_guard_t *guards;
  unsigned long allocations, fail_at;
  size_t live_at_end;
} run_t;

static run_t run;

static size_t slot_of(const void *p, size_t cap) {
  uint64_t h = (uint64_t)(uintptr_t)p * UINT64_C(0x9E3779B97F4A7C15);
  return (size_t)(h >> 32) & (cap - 1);
}

static void put(void **slots, size_t cap, void *p) {
  size_t i = slot_of(p, cap);
  while (slots[i]) i = (i + 1) & (cap - 1);
  slots[i] = p;
}

static bool grow(void) {
  size_t cap = run.cap ? run.cap * 2 : 1024;
  void **slots = calloc(cap, sizeof *slots);
  if (!slots) return false;
  for (size_t i = 0; i < run.cap; i++)
    if (run.slots[i]) put(slots, cap, run.slots[i]);
  free(run.slots);
  run.slots = slots;
  run.cap = cap;
  return true;
}

/* Frees every block still live in the run, after the guards released what is not ours. */
static void release_all(void) {
  for (evcc_mem_guard_t *g = run.guards; g; g = g->prev) g->release(g->arg);
  run.guards = NULL;
  for (size_t i = 0; i < run.cap; i++) free(run.slots[i]);
  free(run.slots);
  run.slots = NULL;
  run.cap = run.count = 0;
}

static _Noreturn void out_of_memory(void) {
  release_all();
  longjmp(*run.unwind, 1);
}

/* Counts one allocation of the run, fails it when the test asked for it, and makes room to track it. */
static void before_allocation(void) {
  run.allocations++;
  if (run.fail_at && run.allocations == run.fail_at) out_of_memory();
  if ((run.count + 1) * 2 > run.cap && !grow()) out_of_memory();
}

static void track(void *p) {
  put(run.slots, run.cap, p);
  run.count++;
}

/* Removes `p` from the table (backward-shift deletion); false when the run did not allocate it. */
static bool untrack(const void *p) {
  if (!run.cap) return false;
  size_t i = slot_of(p, run.cap);
  while (run.slots[i] != p) {
    if (!run.slots[i]) return false;
    i = (i + 1) & (run.cap - 1);
  }
  for (size_t j = (i + 1) & (run.cap - 1); run.slots[j]; j = (j + 1) & (run.cap - 1)) {
    size_t home = slot_of(run.slots[j], run.cap);
    bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (stays) continue;
    run.slots[i] = run.slots[j];
    i = j;
  }
  run.slots[i] = NULL;
  run.count--;
  return true;
}

void *evcc_malloc(size_t n) {
  if (!run.active) return malloc(n);
  before_allocation();
  void *p = malloc(n ? n : 1);
  if (!p) out_of_memory();
  track(p);
  return p;
}

void *evcc_calloc(size_t count, size_t size) {
  if (!run.active) return calloc(count, size);
  before_allocation();
  void *p = count && size ? calloc(count, size) : calloc(1, 1);
  if (!p) out_of_memory();
  track(p);
  return p;
}

void *evcc_realloc(void *p, size_t n) {
  if (!run.active) return realloc(p, n);
  before_allocation();
  bool owned = !p || untrack(p); /* a block from before the run stays the caller's */
  void *q = realloc(p, n ? n : 1);
  if (!q) {
    if (p && owned) track(p); /* still live: the unwind frees it */
    out_of_memory();
  }
  if (owned) track(q);
  return q;
}

void evcc_free(void *p) {
  if (run.active && p) untrack(p);
  free(p);
}

char *evcc_strndup(const char *s, size_t n) {
  size_t len = strnlen(s, n);
  char *r = evcc_malloc(len + 1);
  if (!r) return NULL;
  memcpy(r, s, len);
  r[len] = '\0';
  return r;
}

char *evcc_strdup(const char *s) { return evcc_strndup(s, strlen(s)); }

int evcc_mem_run(void (*body)(void *ctx), void *ctx) {
  if (run.active) {
    body(ctx);
    return EVCC_MEM_OK;
  }
  jmp_buf unwind;
  run.active = true;
  run.unwind = &unwind;
  run.allocations = 0;
  volatile int rc = EVCC_MEM_OUT_OF_MEMORY;
  if (setjmp(unwind) == 0) {
    body(ctx);
    rc = EVCC_MEM_OK;
  }
  run.live_at_end = run.count;
  run.guards = NULL;
  free(run.slots); /* the blocks now belong to the caller */
  run.slots = NULL;
  run.cap = run.count = 0;
  run.active = false;
  run.unwind = NULL;
  return rc;
}

void evcc_mem_guard_push(evcc_mem_guard_t *g, void (*release)(void *arg), void *arg) {
  g->release = release;
  g->arg = arg;
  g->prev = run.active ? run.guards : g;
  if (run.active) run.guards = g;
}

void evcc_mem_guard_pop(evcc_mem_guard_t *g) {
  if (g->prev != g && run.guards == g) run.guards = g->prev;
}

void evcc_mem_fail_at(unsigned long n) { run.fail_at = n; }

unsigned long evcc_mem_run_allocations(void) { return run.allocations; }

size_t evcc_mem_run_live_blocks(void) { return run.live_at_end; }
