/* Malloc-failure test of the compiler library: check -> IR -> emit of the example with each allocation failing in turn. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emit.h"
#include "mem.h"
#include "model.h"
#include "schema.h"
#include "symtab.h"

typedef struct job {
  const char *inputs[2]; /* rules.yaml, TicketCompleted.json: what `eventc compile` of the example reads */
  bool loaded, emitted;
  size_t h_len, c_len, errors;
} job_t;

static void emit_buses(evcc_emit_ctx_t *ctx, job_t *j) {
  const char *names[16];
  size_t nbus = evcc_model_bus_names(ctx->model, names, 16);
  for (size_t i = 0; i < nbus; i++) {
    char sym[64];
    snprintf(sym, sizeof sym, "%s_%zu", ctx->prefix, i); /* one prefix per bus, as cmd_compile does */
    evcc_emit_bus_t bus = {.bus_name = names[i], .sym = sym};
    evcc_ir_init(&bus.ir);
    if (evcc_model_build_ir(ctx->model, names[i], &bus.ir, ctx->diag))
      j->emitted &= evcc_emit_matcher(ctx, &bus) && evcc_emit_targets(ctx, &bus);
    else
      j->emitted = false;
    evcc_ir_free(&bus.ir);
  }
}

/* The run body: everything is created and freed inside it, so a clean run leaves no block behind. */
static void compile_example(void *arg) {
  job_t *j = arg;
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_model_t m;
  evcc_model_init(&m);
  evcc_schema_set_t *set = evcc_schema_set_new();
  j->loaded = evcc_model_load_file(&m, j->inputs[0], &d);
  evcc_doc_t *doc = evcc_doc_load(j->inputs[1], EVCC_SYNTAX_AUTO, &d);
  j->loaded &= doc && evcc_schema_doc_is_schema(doc) && evcc_schema_set_add(set, doc, &d);
  evcc_emit_ctx_t ctx = {"ticket", "ticket", j->inputs, 2, &m, set, {0}, {0}, &d, evcc_symtab_new(), EVCC_MATCHER_AUTO};
  evcc_buf_init(&ctx.h);
  evcc_buf_init(&ctx.c);
  j->emitted = true;
  emit_buses(&ctx, j);
  j->emitted &= evcc_emit_schemas(&ctx);
  j->h_len = ctx.h.len;
  j->c_len = ctx.c.len;
  j->errors = d.errors;
  evcc_buf_free(&ctx.h);
  evcc_buf_free(&ctx.c);
  evcc_symtab_free(ctx.syms);
  evcc_schema_set_free(set);
  evcc_model_free(&m);
  evcc_diag_free(&d);
}

static job_t example_job(void) {
  static char rules[4096], schema[4096];
  const char *root = getenv("EVENTC_SOURCE_ROOT");
  snprintf(rules, sizeof rules, "%s/examples/ticket-processing/rules.yaml", root ? root : ".");
  snprintf(schema, sizeof schema, "%s/schemas/events/TicketCompleted.json", root ? root : ".");
  job_t j = {{rules, schema}, false, false, 0, 0, 0};
  return j;
}

/* The lowest free file descriptor: a FILE left open by an unwound run would move it. */
static int lowest_free_fd(void) {
  int fd = open("/dev/null", O_RDONLY);
  assert_true(fd >= 0);
  close(fd);
  return fd;
}

static void clean_run_leaves_nothing(void **state) {
  (void)state;
  job_t j = example_job();
  evcc_mem_fail_at(0);
  assert_int_equal(evcc_mem_run(compile_example, &j), EVCC_MEM_OK);
  assert_true(j.loaded);
  assert_true(j.emitted);
  assert_int_equal(j.errors, 0);
  assert_true(j.h_len > 0 && j.c_len > 0);
  assert_true(evcc_mem_run_allocations() > 100);
  assert_int_equal(evcc_mem_run_live_blocks(), 0);
}

/* Fails allocation 1, 2, ... up to the last one a clean run makes: each run must unwind cleanly
 * (no crash, no block left; ASan's leak checker sees libyaml's and the FILEs' memory too). */
static void every_failing_allocation_unwinds(void **state) {
  (void)state;
  job_t clean = example_job();
  evcc_mem_fail_at(0);
  assert_int_equal(evcc_mem_run(compile_example, &clean), EVCC_MEM_OK);
  unsigned long total = evcc_mem_run_allocations();
  int fd = lowest_free_fd();
  for (unsigned long n = 1; n <= total; n++) {
    job_t j = example_job();
    evcc_mem_fail_at(n);
    if (evcc_mem_run(compile_example, &j) != EVCC_MEM_OUT_OF_MEMORY) fail_msg("allocation %lu of %lu did not fail", n, total);
    assert_int_equal(evcc_mem_run_live_blocks(), 0);
  }
  assert_int_equal(lowest_free_fd(), fd);
  print_message("%lu allocations, each failed in turn\n", total);
  /* after all that, a clean run still produces the same output */
  job_t again = example_job();
  evcc_mem_fail_at(0);
  assert_int_equal(evcc_mem_run(compile_example, &again), EVCC_MEM_OK);
  assert_int_equal(again.h_len, clean.h_len);
  assert_int_equal(again.c_len, clean.c_len);
}

static void put_hello(void *buf) { evcc_buf_puts(buf, "hello"); }

/* Blocks a run hands back belong to the caller, and library calls outside a run use plain malloc. */
static void successful_run_hands_blocks_to_caller(void **state) {
  (void)state;
  static evcc_buf_t out;
  evcc_buf_init(&out);
  assert_int_equal(evcc_mem_run(put_hello, &out), EVCC_MEM_OK);
  assert_int_equal(evcc_mem_run_live_blocks(), 1);
  assert_string_equal(out.data, "hello");
  evcc_buf_free(&out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(clean_run_leaves_nothing),
      cmocka_unit_test(every_failing_allocation_unwinds),
      cmocka_unit_test(successful_run_hands_blocks_to_caller),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
