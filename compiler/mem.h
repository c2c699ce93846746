/* Compiler allocations: out of memory unwinds the run to its entry point and frees what the run allocated. */
#ifndef EVCC_MEM_H
#define EVCC_MEM_H

/*
 * Design. Every compiler source is compiled with `-include mem.h` (compiler/meson.build), so
 * its malloc/calloc/realloc/free/strdup/strndup calls go through the evcc_* functions below
 * without any call site naming them. Outside a run they are the C library's functions. Inside
 * evcc_mem_run() each block the run allocates is recorded in a table of live blocks (a block
 * freed in the run leaves it); when an allocation fails, the run's unwind guards are called
 * (newest first: they release what is not ours, e.g. a libyaml parser or a FILE), every block
 * still in the table is freed, and evcc_mem_run() returns EVCC_MEM_OUT_OF_MEMORY through a
 * longjmp. So the ~100 allocation sites keep their `if (!p) abort();` for callers that use the
 * library without a run, and inside a run they never see NULL. A successful run hands its
 * blocks to the caller (the table is emptied, nothing is freed).
 *
 * Rules for run bodies: everything the body allocates belongs to the run — initialise the
 * structures it fills inside the body, not before — and on EVCC_MEM_OUT_OF_MEMORY none of it
 * may be used or freed again. jansson is used only by the interpreters (match, validate,
 * test-pattern), not by check/IR/emit; its allocations stay jansson's own and fail as NULL.
 * libyaml allocates with its own malloc and reports its own memory errors.
 */
#include <stddef.h> /* only: a system header included here would come before a file's own feature macros */

enum { EVCC_MEM_OK = 0, EVCC_MEM_OUT_OF_MEMORY = -1 };

/* Runs `body(ctx)`; EVCC_MEM_OK, or EVCC_MEM_OUT_OF_MEMORY after unwinding. A run inside a
 * run is part of the outer one. */
int evcc_mem_run(void (*body)(void *ctx), void *ctx);

/* Something to release when the current run unwinds; push and pop in LIFO order, typically on
 * the stack of the function owning the resource. Outside a run both do nothing. */
typedef struct evcc_mem_guard {
  void (*release)(void *arg);
  void *arg;
  struct evcc_mem_guard *prev;
} evcc_mem_guard_t;
void evcc_mem_guard_push(evcc_mem_guard_t *g, void (*release)(void *arg), void *arg);
void evcc_mem_guard_pop(evcc_mem_guard_t *g);

/* Test hooks: make the n-th allocation of each following run fail (0: none); the number of
 * allocations the last run made, and how many of its blocks were still live when it ended. */
void evcc_mem_fail_at(unsigned long n);
unsigned long evcc_mem_run_allocations(void);
size_t evcc_mem_run_live_blocks(void);

void *evcc_malloc(size_t n);
void *evcc_calloc(size_t count, size_t size);
void *evcc_realloc(void *p, size_t n);
void evcc_free(void *p);
char *evcc_strdup(const char *s);
char *evcc_strndup(const char *s, size_t n);

#define malloc(n) evcc_malloc(n)
#define calloc(count, size) evcc_calloc(count, size)
#define realloc(p, n) evcc_realloc(p, n)
#define free(p) evcc_free(p)
#define strdup(s) evcc_strdup(s)
#define strndup(s, n) evcc_strndup(s, n)

#endif
