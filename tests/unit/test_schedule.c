/* evc_schedule_next on parsed expressions: every AWS-accepted expression and hand-computed calendar cases. */
#define _DEFAULT_SOURCE /* timegm */
#include "eventc/bus.h"
#include "schedule.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

/* "YYYY-MM-DDTHH:MM:SS" with optional ".mmm", UTC, to ms since the epoch. */
static int64_t ms_of(const char *text) {
  struct tm tm;
  int ms = 0;
  memset(&tm, 0, sizeof tm);
  int n = sscanf(text, "%d-%d-%dT%d:%d:%d.%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                 &tm.tm_sec, &ms);
  assert_true(n >= 6);
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return (int64_t)timegm(&tm) * 1000 + ms;
}

typedef struct next_case {
  const char *expr;
  const char *after;    /* the instant the search starts from (exclusive) */
  const char *expected; /* the next occurrence, or NULL when there is none */
} next_case_t;

static void check_next(const next_case_t *c, int64_t anchor) {
  evc_schedule_t s;
  if (!evcc_schedule_parse(c->expr, &s)) fail_msg("%s does not parse", c->expr);
  int64_t next = 0;
  int found = evc_schedule_next(&s, ms_of(c->after), anchor, &next);
  char got[21] = "none";
  if (found) evc_format_time(next, got);
  if (!c->expected != !found || (found && strcmp(got, c->expected) != 0))
    fail_msg("%s after %s: got %s, expected %s", c->expr, c->after, got, c->expected ? c->expected : "none");
}

static void check_all(const next_case_t *cases, size_t n) {
  for (size_t i = 0; i < n; i++) check_next(&cases[i], 0);
}

#define NCASES(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The 16 expressions AWS accepted (tests/data/conformance/eventbridge/schedule-expressions.json),
 * from three instants: A = Wed 2025-11-19T00:00:00Z, B = Sat 2025-11-22T23:59:00Z and, for the
 * expressions limited to past years, C = Tue 2002-01-01T00:00:00Z. Derived by hand from the
 * calendar: Nov 2025 has Saturdays 1, 8, 15, 22, 29; Dec 2025 starts on a Monday (Saturdays 6,
 * 13, 20); Mon 2025-11-24 is the first weekday after B; 2022-01-01 was a Saturday; Jan 2002
 * ends on Thursday the 31st, so its last Friday is the 25th. "Strictly after": from A (00:00)
 * the 00:00 occurrence itself is not the next one.
 */
static const next_case_t aws_accepted[] = {
    {"cron(0 2 ? * SAT *)", "2025-11-19T00:00:00", "2025-11-22T02:00:00Z"},
    {"cron(0 2 ? * SAT *)", "2025-11-22T23:59:00", "2025-11-29T02:00:00Z"},
    {"cron(0 12 * * ? *)", "2025-11-19T00:00:00", "2025-11-19T12:00:00Z"},
    {"cron(0 12 * * ? *)", "2025-11-22T23:59:00", "2025-11-23T12:00:00Z"},
    {"cron(5,35 14 * * ? *)", "2025-11-19T00:00:00", "2025-11-19T14:05:00Z"},
    {"cron(5,35 14 * * ? *)", "2025-11-19T14:05:00", "2025-11-19T14:35:00Z"},
    {"cron(15 10 ? * 6L 2002-2005)", "2025-11-19T00:00:00", NULL},
    {"cron(15 10 ? * 6L 2002-2005)", "2002-01-01T00:00:00", "2002-01-25T10:15:00Z"},
    {"cron(0 2 ? * SAT#3 *)", "2025-11-19T00:00:00", "2025-12-20T02:00:00Z"},
    {"cron(0 2 ? * SAT#3 *)", "2025-11-22T23:59:00", "2025-12-20T02:00:00Z"},
    {"cron(* * ? * SAT#3 *)", "2025-11-19T00:00:00", "2025-12-20T00:00:00Z"},
    {"cron(* * ? * SAT#3 *)", "2025-12-20T00:00:00", "2025-12-20T00:01:00Z"},
    {"cron(0/5 5 ? JAN 1-5 2022)", "2025-11-19T00:00:00", NULL},
    {"cron(0/5 5 ? JAN 1-5 2022)", "2002-01-01T00:00:00", "2022-01-02T05:00:00Z"},
    {"cron(0 10 * * ? *)", "2025-11-19T00:00:00", "2025-11-19T10:00:00Z"},
    {"cron(0 10 * * ? *)", "2025-11-22T23:59:00", "2025-11-23T10:00:00Z"},
    {"cron(15 12 * * ? *)", "2025-11-19T00:00:00", "2025-11-19T12:15:00Z"},
    {"cron(15 12 * * ? *)", "2025-11-22T23:59:00", "2025-11-23T12:15:00Z"},
    {"cron(0 18 ? * MON-FRI *)", "2025-11-19T00:00:00", "2025-11-19T18:00:00Z"},
    {"cron(0 18 ? * MON-FRI *)", "2025-11-22T23:59:00", "2025-11-24T18:00:00Z"},
    {"cron(0 8 1 * ? *)", "2025-11-19T00:00:00", "2025-12-01T08:00:00Z"},
    {"cron(0 8 1 * ? *)", "2025-11-22T23:59:00", "2025-12-01T08:00:00Z"},
    {"cron(0/15 * * * ? *)", "2025-11-19T00:00:00", "2025-11-19T00:15:00Z"},
    {"cron(0/15 * * * ? *)", "2025-11-22T23:59:00", "2025-11-23T00:00:00Z"},
    {"cron(0/10 * ? * MON-FRI *)", "2025-11-19T00:00:00", "2025-11-19T00:10:00Z"},
    {"cron(0/10 * ? * MON-FRI *)", "2025-11-22T23:59:00", "2025-11-24T00:00:00Z"},
    {"cron(0/5 8-17 ? * MON-FRI *)", "2025-11-19T00:00:00", "2025-11-19T08:00:00Z"},
    {"cron(0/5 8-17 ? * MON-FRI *)", "2025-11-22T23:59:00", "2025-11-24T08:00:00Z"},
    {"cron(0/30 20-23 ? * MON-FRI *)", "2025-11-19T00:00:00", "2025-11-19T20:00:00Z"},
    {"cron(0/30 20-23 ? * MON-FRI *)", "2025-11-22T23:59:00", "2025-11-24T20:00:00Z"},
    {"cron(0/30 0-2 ? * MON-FRI *)", "2025-11-19T00:00:00", "2025-11-19T00:30:00Z"},
    {"cron(0/30 0-2 ? * MON-FRI *)", "2025-11-22T23:59:00", "2025-11-24T00:00:00Z"},
};

static bool in_table(const char *expr) {
  for (size_t i = 0; i < NCASES(aws_accepted); i++)
    if (strcmp(aws_accepted[i].expr, expr) == 0) return true;
  return false;
}

static void test_aws_accepted_expressions(void **state) {
  (void)state;
  check_all(aws_accepted, NCASES(aws_accepted));
  /* the table covers every expression AWS accepted */
  const char *dir = getenv("EVENTC_TEST_DATA");
  char path[4096];
  snprintf(path, sizeof path, "%s/conformance/eventbridge/schedule-expressions.json", dir ? dir : "tests/data");
  json_error_t err;
  json_t *root = json_load_file(path, 0, &err);
  if (!root) fail_msg("cannot load %s: %s", path, err.text);
  size_t i, nvalid = 0;
  json_t *c;
  json_array_foreach(json_object_get(root, "cases"), i, c) {
    if (!json_is_true(json_object_get(c, "valid"))) continue;
    const char *expr = json_string_value(json_object_get(c, "expr"));
    if (!in_table(expr)) fail_msg("%s has no next-fire case", expr);
    nvalid++;
  }
  json_decref(root);
  assert_int_equal(nvalid, 16);
}

/* Day-of-month: month lengths, leap years, L, L-n, W, LW (calendar facts in each comment). */
static void test_day_of_month(void **state) {
  (void)state;
  static const next_case_t cases[] = {
      /* April has 30 days: the 31st after March 31 is May 31 */
      {"cron(0 0 31 * ? *)", "2026-03-31T00:00:00", "2026-05-31T00:00:00Z"},
      /* Feb 29 exists in 2028, the next leap year after 2025 */
      {"cron(0 0 29 2 ? *)", "2025-01-01T00:00:00", "2028-02-29T00:00:00Z"},
      {"cron(0 12 L * ? *)", "2026-02-10T00:00:00", "2026-02-28T12:00:00Z"},
      {"cron(0 12 L * ? *)", "2028-02-10T00:00:00", "2028-02-29T12:00:00Z"},
      {"cron(0 12 L * ? *)", "2026-04-30T12:00:00", "2026-05-31T12:00:00Z"},
      /* L-2: two days before the last: Feb 26 2026, then Mar 29 */
      {"cron(0 0 L-2 * ? *)", "2026-02-01T00:00:00", "2026-02-26T00:00:00Z"},
      {"cron(0 0 L-2 * ? *)", "2026-02-26T00:00:00", "2026-03-29T00:00:00Z"},
      /* 15W: Sat 2025-11-15 -> Fri 14th; Sun 2026-02-15 -> Mon 16th; Thu 2026-01-15 stays */
      {"cron(0 9 15W * ? *)", "2025-11-01T00:00:00", "2025-11-14T09:00:00Z"},
      {"cron(0 9 15W * ? *)", "2026-01-01T00:00:00", "2026-01-15T09:00:00Z"},
      {"cron(0 9 15W * ? *)", "2026-01-20T00:00:00", "2026-02-16T09:00:00Z"},
      /* 1W: Sat 2025-11-01 -> Mon 3rd, not Fri Oct 31 */
      {"cron(0 9 1W * ? *)", "2025-10-15T00:00:00", "2025-11-03T09:00:00Z"},
      /* 31W: no 31st in April; Sun 2026-05-31 is the last day -> Fri 29th */
      {"cron(0 9 31W * ? *)", "2026-04-01T00:00:00", "2026-05-29T09:00:00Z"},
      /* LW: Sun 2025-11-30 -> Fri 28th; Sat 2026-02-28 -> Fri 27th; Wed 2025-12-31 stays */
      {"cron(0 9 LW * ? *)", "2025-11-19T00:00:00", "2025-11-28T09:00:00Z"},
      {"cron(0 9 LW * ? *)", "2025-11-28T09:00:00", "2025-12-31T09:00:00Z"},
      {"cron(0 9 LW * ? *)", "2026-02-01T00:00:00", "2026-02-27T09:00:00Z"},
  };
  check_all(cases, NCASES(cases));
}

/* Day-of-week: names, nL, d#n, wrap-around ranges. */
static void test_day_of_week(void **state) {
  (void)state;
  static const next_case_t cases[] = {
      /* 6L: last Friday; Nov 2025 Fridays 7..28, Dec 2025 ends Wed 31 -> Fri 26th */
      {"cron(0 0 ? * 6L *)", "2025-11-19T00:00:00", "2025-11-28T00:00:00Z"},
      {"cron(0 0 ? * FRIL *)", "2025-11-28T00:00:00", "2025-12-26T00:00:00Z"},
      /* 2#5: Dec 2025 Mondays 1..29 (five); Jan and Feb 2026 have four; Mar 2026 has 2..30 */
      {"cron(0 0 ? * 2#5 *)", "2025-11-19T00:00:00", "2025-12-29T00:00:00Z"},
      {"cron(0 0 ? * 2#5 *)", "2026-01-01T00:00:00", "2026-03-30T00:00:00Z"},
      /* FRI-MON wraps: Fri, Sat, Sun, Mon; after Tue 2025-11-18 -> Fri 21st; after Mon 24 -> Fri 28 */
      {"cron(0 0 ? * FRI-MON *)", "2025-11-18T00:00:00", "2025-11-21T00:00:00Z"},
      {"cron(0 0 ? * FRI-MON *)", "2025-11-24T00:00:00", "2025-11-28T00:00:00Z"},
      {"cron(0 0 ? * FRI-MON *)", "2025-11-22T00:00:00", "2025-11-23T00:00:00Z"},
  };
  check_all(cases, NCASES(cases));
}

/* Hours, minutes, months and years: steps, wrap-around, the end of a year range, 2199. */
static void test_fields(void **state) {
  (void)state;
  static const next_case_t cases[] = {
      {"cron(0 22-2 * * ? *)", "2025-11-19T02:30:00", "2025-11-19T22:00:00Z"},
      {"cron(0 22-2 * * ? *)", "2025-11-19T23:30:00", "2025-11-20T00:00:00Z"},
      {"cron(0 22-2 * * ? *)", "2025-11-20T02:00:00", "2025-11-20T22:00:00Z"},
      {"cron(0/15 * * * ? *)", "2025-11-19T10:07:00", "2025-11-19T10:15:00Z"},
      {"cron(0/15 * * * ? *)", "2025-11-19T23:45:00", "2025-11-20T00:00:00Z"},
      /* 5/20 = minutes 5, 25, 45 */
      {"cron(5/20 * * * ? *)", "2025-11-19T10:46:00", "2025-11-19T11:05:00Z"},
      {"cron(5/20 * * * ? *)", "2025-11-19T10:05:00", "2025-11-19T10:25:00Z"},
      /* NOV-FEB wraps to the next year's November */
      {"cron(0 0 1 NOV-FEB ? *)", "2026-02-02T00:00:00", "2026-11-01T00:00:00Z"},
      {"cron(0 0 1 1 ? 2026-2027)", "2026-06-01T00:00:00", "2027-01-01T00:00:00Z"},
      {"cron(0 0 1 1 ? 2026-2027)", "2027-01-01T00:00:00", NULL},
      {"cron(0 0 1 1 ? *)", "2198-12-31T23:59:00", "2199-01-01T00:00:00Z"},
      {"cron(0 0 1 1 ? *)", "2199-01-01T00:00:00", NULL},
      {"cron(0 0 1 1 ? 2199)", "1970-01-01T00:00:00", "2199-01-01T00:00:00Z"},
      /* strictly after, at minute resolution */
      {"cron(0 2 * * ? *)", "2025-11-19T02:00:00", "2025-11-20T02:00:00Z"},
      {"cron(0 2 * * ? *)", "2025-11-19T01:59:59.999", "2025-11-19T02:00:00Z"},
      {"cron(0 0 30 2 ? *)", "1970-01-01T00:00:00", NULL},
      {"cron(0 0 31 4,6,9,11 ? *)", "1970-01-01T00:00:00", NULL},
  };
  check_all(cases, NCASES(cases));
}

/* rate(): anchor + k * period, k >= 1, the anchor truncated to its minute. */
static void test_rate(void **state) {
  (void)state;
  int64_t anchor = ms_of("2025-11-19T10:02:30");
  static const next_case_t cases[] = {
      {"rate(5 minutes)", "2025-11-19T10:02:30", "2025-11-19T10:07:00Z"},
      {"rate(5 minutes)", "2025-11-19T09:00:00", "2025-11-19T10:07:00Z"},
      {"rate(5 minutes)", "2025-11-19T10:12:00", "2025-11-19T10:17:00Z"},
      {"rate(5 minutes)", "2025-11-19T10:11:59", "2025-11-19T10:12:00Z"},
      {"rate(1 day)", "2025-11-19T10:02:30", "2025-11-20T10:02:00Z"},
      {"rate(3 hours)", "2025-11-20T00:00:00", "2025-11-20T01:02:00Z"},
  };
  for (size_t i = 0; i < NCASES(cases); i++) check_next(&cases[i], anchor);
}

/* What `eventc compile` refuses: nothing to fire within a century of the build. */
static void test_never_fires(void **state) {
  (void)state;
  static const char *const never[] = {"cron(0 0 30 2 ? *)", "cron(0 0 1 1 ? 1999)", "cron(0 0 31 4 ? *)",
                                      "cron(0 0 ? * 2#5 2026)", "rate(100000000 days)"};
  static const char *const fires[] = {"cron(0 0 29 2 ? *)", "cron(0 0 1 1 ? 2125)", "rate(36500 days)"};
  int64_t now = ms_of("2026-12-04T00:00:00");
  evc_schedule_t s;
  for (size_t i = 0; i < NCASES(never); i++) {
    assert_true(evcc_schedule_parse(never[i], &s));
    if (evcc_schedule_fires_within_a_century(&s, now)) fail_msg("%s fires", never[i]);
  }
  for (size_t i = 0; i < NCASES(fires); i++) {
    assert_true(evcc_schedule_parse(fires[i], &s));
    if (!evcc_schedule_fires_within_a_century(&s, now)) fail_msg("%s never fires", fires[i]);
  }
}

/* The search skips whole months and years: the slowest expressions still take microseconds. */
static void test_speed(void **state) {
  (void)state;
  static const char *const slow[] = {"cron(0 0 1 1 ? 2199)", "cron(0 0 30 2 ? *)", "cron(59 23 L-30 * ? *)"};
  evc_schedule_t s;
  for (size_t i = 0; i < NCASES(slow); i++) {
    assert_true(evcc_schedule_parse(slow[i], &s));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int64_t next, sink = 0;
    for (int k = 0; k < 1000; k++) sink += evc_schedule_next(&s, k, 0, &next);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / 1000;
    printf("evc_schedule_next %s from 1970: %.1f us per call (%lld found)\n", slow[i], us, (long long)sink);
    assert_true(us < 10000); /* a minute-by-minute scan to 2199 would take seconds */
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_aws_accepted_expressions),
      cmocka_unit_test(test_day_of_month),
      cmocka_unit_test(test_day_of_week),
      cmocka_unit_test(test_fields),
      cmocka_unit_test(test_rate),
      cmocka_unit_test(test_never_fires),
      cmocka_unit_test(test_speed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
