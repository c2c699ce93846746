/* Unit tests of evc_actions_run: each action kind writes its bit, rows stay apart, a negative row does nothing;
 * evc_actions_later keeps rows for the end of the event and runs them at once when its room is full. */
#include "eventc/actions.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

/* One two-term conjunction (rule 70) over condition bits 0 and 1; bit 0 makes it a candidate. */
static const uint32_t trig_off[3] = {0, 1, 1}, trig[1] = {0}, use_off[3] = {0, 0, 0}, use[1] = {0};
static const uint32_t prog_off[2] = {0, 7}, prog[7] = {70, 0, 2, 1, 0, 1, 1};
static const evc_conj_tab_t tab = {1, trig_off, trig, use_off, use, prog_off, prog};

/* Rows: 0 rule 5 and rule 4100; 1 exclusion bit 65; 2 condition bit 0; 3 condition bit 1; 4 empty. */
static const uint32_t acts[] = {EVC_ACT(EVC_ACT_RULE, 5),     EVC_ACT(EVC_ACT_RULE, 4100),
                                EVC_ACT(EVC_ACT_EXCLUDE, 65), EVC_ACT(EVC_ACT_COND, 0),
                                EVC_ACT(EVC_ACT_COND, 1)};
static const uint32_t off[6] = {0, 2, 3, 4, 5, 5};

typedef struct {
  uint64_t matched[65], excluded[2], cond[1], live[1], set[1];
  uint32_t list[1], count;
  evc_conj_t conj;
  evc_actions_ctx_t cx;
} fixture_t;

static void fixture_init(fixture_t *f) {
  memset(f, 0, sizeof *f);
  f->conj.cond = f->cond;
  f->conj.live = f->live;
  f->conj.list = f->list;
  f->conj.set = f->set;
  evc_conj_start(&f->conj, 0);
  f->cx = (evc_actions_ctx_t){f->matched, &f->count, &f->conj, &tab, f->excluded};
}

static void rule_rows_set_bits_and_count_each_rule_once(void **state) {
  (void)state;
  fixture_t f;
  fixture_init(&f);
  evc_actions_run(&f.cx, acts, off, 0);
  assert_int_equal(f.matched[0], UINT64_C(1) << 5);
  assert_int_equal(f.matched[4100 / 64], UINT64_C(1) << (4100 % 64));
  assert_int_equal(f.count, 2);
  evc_actions_run(&f.cx, acts, off, 0); /* the same rules again: counted once */
  assert_int_equal(f.count, 2);
  assert_int_equal(f.matched[0], UINT64_C(1) << 5);
  assert_int_equal(f.excluded[0] | f.excluded[1] | f.cond[0], 0);
}

static void exclusion_row_sets_only_its_bit(void **state) {
  (void)state;
  fixture_t f;
  fixture_init(&f);
  evc_actions_run(&f.cx, acts, off, 1);
  assert_int_equal(f.excluded[0], 0);
  assert_int_equal(f.excluded[1], UINT64_C(1) << 1);
  assert_int_equal(f.matched[0] | f.count, 0);
}

static void condition_rows_decide_the_conjunction(void **state) {
  (void)state;
  fixture_t f;
  fixture_init(&f);
  evc_actions_run(&f.cx, acts, off, 2);
  evc_conj_finish(&f.conj, &tab, f.matched, &f.count);
  assert_int_equal(f.matched[1], 0); /* one term of two */
  evc_actions_run(&f.cx, acts, off, 3);
  evc_conj_finish(&f.conj, &tab, f.matched, &f.count);
  assert_int_equal(f.matched[1], UINT64_C(1) << (70 - 64));
}

static void empty_and_negative_rows_do_nothing(void **state) {
  (void)state;
  fixture_t f, before;
  fixture_init(&f);
  evc_actions_run(&f.cx, acts, off, 4);
  evc_actions_run(&f.cx, acts, off, -1);
  fixture_init(&before);
  assert_memory_equal(f.matched, before.matched, sizeof f.matched);
  assert_memory_equal(f.excluded, before.excluded, sizeof f.excluded);
  assert_int_equal(f.cond[0] | f.count, 0);
}

static void later_rows_wait_for_the_end(void **state) {
  (void)state;
  fixture_t f;
  evc_later_t q;
  fixture_init(&f);
  q.n = 0;
  evc_actions_later(&q, &f.cx, acts, off, 0);
  evc_actions_later(&q, &f.cx, acts, off, -1);
  evc_actions_later(&q, &f.cx, acts, off, 2);
  evc_actions_later(&q, &f.cx, acts, off, 3);
  assert_int_equal(q.n, 4);
  assert_int_equal(f.matched[0] | f.count | f.cond[0], 0); /* nothing ran yet */
  evc_actions_run_later(&q, &f.cx);
  evc_conj_finish(&f.conj, &tab, f.matched, &f.count);
  assert_int_equal(f.matched[0], UINT64_C(1) << 5);
  assert_int_equal(f.matched[1], UINT64_C(1) << (70 - 64));
  assert_int_equal(f.cond[0], 3);
}

static void a_full_queue_runs_rows_at_once(void **state) {
  (void)state;
  fixture_t f;
  evc_later_t q;
  fixture_init(&f);
  q.n = 0;
  for (int i = 0; i < EVC_LATER_MAX; i++) evc_actions_later(&q, &f.cx, acts, off, 4);
  evc_actions_later(&q, &f.cx, acts, off, 0); /* the queue is full: now */
  assert_int_equal(q.n, EVC_LATER_MAX);
  assert_int_equal(f.matched[0], UINT64_C(1) << 5);
  evc_actions_run_later(&q, &f.cx);
  assert_int_equal(f.matched[0], UINT64_C(1) << 5);
  assert_int_equal(f.cond[0], 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(rule_rows_set_bits_and_count_each_rule_once),
      cmocka_unit_test(exclusion_row_sets_only_its_bit),
      cmocka_unit_test(condition_rows_decide_the_conjunction),
      cmocka_unit_test(empty_and_negative_rows_do_nothing),
      cmocka_unit_test(later_rows_wait_for_the_end),
      cmocka_unit_test(a_full_queue_runs_rows_at_once),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
