/* Archives on SQLite: what is stored, the missing-database message, refused databases, retention,
 * write failures failing the entry, and the dead-letter store with redrive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "archive_rules.h"
#include "eventc/archive.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DAY_MS 86400000LL

typedef struct fx {
  char dir[64], db[96];
  evc_vclock_t clock;
  evc_bus_t *bus;
  int failed_ok;     /* the Failed target succeeds when set */
  int delivered[2];  /* Done, Failed */
  int dropped;
  char last_payload[256];
} fx_t;

static evc_outcome_t on_done(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)d, (void)f;
  ((fx_t *)ud)->delivered[0]++;
  return EVC_DELIVERED;
}

static evc_outcome_t on_failed(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  fx_t *x = ud;
  snprintf(x->last_payload, sizeof x->last_payload, "%.*s", (int)d->payload_len, d->payload);
  if (!x->failed_ok) return evc_failure_set(f, EVC_FAILED, "NO_RESOURCE", "function missing");
  x->delivered[1]++;
  return EVC_DELIVERED;
}

static void on_drop(void *ud, const evc_dead_letter_t *dl) {
  (void)dl;
  ((fx_t *)ud)->dropped++;
}

static evc_bus_config_t config(fx_t *x) {
  evc_bus_config_t c;
  memset(&c, 0, sizeof c);
  c.clock = evc_clock_virtual(&x->clock);
  c.seed = 11;
  c.on_drop = on_drop;
  c.drop_ud = x;
  c.archive_db = x->db;
  c.dlq_db = x->db;
  return c;
}

static evc_bus_t *open_bus(fx_t *x, evc_error_t *err) {
  evc_bus_config_t c = config(x);
  evc_bus_t *bus = evc_bus_new(&arch_bus, &c, err);
  if (!bus) return NULL;
  evc_bus_bind(bus, "Done", on_done, x);
  evc_bus_bind(bus, "Failed", on_failed, x);
  assert_int_equal(evc_bus_start(bus, err), 0);
  return bus;
}

static int setup(void **state) {
  fx_t *x = calloc(1, sizeof *x);
  strcpy(x->dir, "/tmp/evc-archive-XXXXXX");
  assert_non_null(mkdtemp(x->dir));
  snprintf(x->db, sizeof x->db, "%s/archive.db", x->dir);
  x->clock.now_ms = 1763460000000LL; /* 2025-11-18T10:00:00Z */
  *state = x;
  return 0;
}

static int teardown(void **state) {
  fx_t *x = *state;
  evc_bus_free(x->bus);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", x->dir);
  assert_int_equal(system(cmd), 0);
  free(x);
  return 0;
}

static void put(fx_t *x, const char *status, int id, evc_put_result_t *res) {
  char detail[96];
  snprintf(detail, sizeof detail, "{\"id\": %d, \"status\": \"%s\"}", id, status);
  evc_entry_t e = {"app", "done", detail, 0, NULL, 0, NULL, NULL, NULL};
  evc_error_t err;
  assert_int_equal(evc_put_events(x->bus, &e, 1, res, &err), 0);
}

typedef struct counts {
  int all, failed;
} counts_t;

static int count_event(void *ud, const evc_archived_event_t *e) {
  counts_t *c = ud;
  if (strcmp(e->archive, "all") == 0) c->all++;
  if (strcmp(e->archive, "failed-tickets") == 0) c->failed++;
  assert_string_equal(e->bus, "tickets");
  assert_string_equal(e->source, "app");
  assert_string_equal(e->detail_type, "done");
  assert_true(e->event_len > 0 && e->event[0] == '{');
  return 0;
}

static counts_t archived(const fx_t *x) {
  evc_error_t err;
  evc_archive_db_t *db = evc_archive_db_open(x->db, &err);
  assert_non_null(db);
  evc_archive_query_t q = {NULL, NULL, INT64_MIN, INT64_MAX};
  counts_t c = {0, 0};
  assert_int_equal(evc_archive_db_scan(db, &q, count_event, &c, &err), 0);
  evc_archive_db_close(db);
  return c;
}

static void test_archives_store_matching_events(void **state) {
  fx_t *x = *state;
  evc_error_t err;
  x->bus = open_bus(x, &err);
  assert_non_null(x->bus);
  evc_put_result_t res;
  put(x, "ok", 1, &res);
  put(x, "failed", 2, &res);
  put(x, "ok", 3, &res);
  assert_int_equal(res.failed_entry_count, 0);
  counts_t c = archived(x);
  assert_int_equal(c.all, 3);    /* no pattern: every event */
  assert_int_equal(c.failed, 1); /* its pattern: detail.status failed */
  assert_int_equal(evc_bus_metrics(x->bus)->archived_events, 4);
}

static void test_missing_database_is_refused(void **state) {
  fx_t *x = *state;
  evc_bus_config_t c = config(x);
  c.archive_db = NULL;
  evc_error_t err;
  assert_null(evc_bus_new(&arch_bus, &c, &err));
  assert_non_null(strstr(err.message, "archive all"));
  assert_non_null(strstr(err.message, "archive.yaml:"));
  assert_non_null(strstr(err.message, "evc_bus_config_t.archive_db"));
  assert_non_null(strstr(err.message, "archive_disabled"));
  c.archive_disabled = 1;
  c.dlq_db = NULL;
  x->bus = evc_bus_new(&arch_bus, &c, &err);
  assert_non_null(x->bus);
  assert_int_equal(access(x->db, F_OK), -1); /* opted out: no database written */
}

static void sql(const char *path, const char *text) {
  sqlite3 *db;
  assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
  assert_int_equal(sqlite3_exec(db, text, NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close(db);
}

static void test_newer_schema_is_refused(void **state) {
  fx_t *x = *state;
  evc_error_t err;
  evc_bus_free(open_bus(x, &err));
  sql(x->db, "PRAGMA user_version=7");
  assert_null(open_bus(x, &err));
  assert_non_null(strstr(err.message, "newer eventc"));
  assert_non_null(strstr(err.message, "version 7"));
  assert_non_null(strstr(err.message, "up to 1"));
  assert_null(evc_archive_db_open(x->db, &err));
  assert_non_null(strstr(err.message, "version 7"));
}

static void write_file(const char *path, const char *bytes, size_t n) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(bytes, 1, n, f), n);
  fclose(f);
}

static void test_garbage_file_is_refused(void **state) {
  fx_t *x = *state;
  static const char garbage[] = "this is not a database, it is a text file that is long enough "
                                "to have a header of one hundred bytes at least, surely now.";
  write_file(x->db, garbage, sizeof garbage - 1);
  evc_error_t err;
  assert_null(open_bus(x, &err));
  assert_non_null(strstr(err.message, x->db));
  assert_non_null(strstr(err.message, "not a usable SQLite database"));
}

static void test_other_application_is_refused(void **state) {
  fx_t *x = *state;
  sql(x->db, "CREATE TABLE t(x); PRAGMA application_id=42");
  evc_error_t err;
  assert_null(open_bus(x, &err));
  assert_non_null(strstr(err.message, "another application"));
}

static void test_truncated_database_is_refused(void **state) {
  fx_t *x = *state;
  evc_error_t err;
  x->bus = open_bus(x, &err);
  evc_put_result_t res;
  for (int i = 0; i < 400; i++) put(x, "ok", i, &res);
  evc_bus_free(x->bus); /* checkpoints the WAL into the file */
  x->bus = NULL;
  FILE *f = fopen(x->db, "rb");
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fclose(f);
  assert_true(size > 8192);
  assert_int_equal(truncate(x->db, size / 2), 0);
  assert_null(open_bus(x, &err));
  assert_non_null(strstr(err.message, x->db));
  assert_true(strstr(err.message, "corrupt") || strstr(err.message, "not a usable"));
}

static void test_retention_expires_old_events(void **state) {
  fx_t *x = *state;
  evc_error_t err;
  x->bus = open_bus(x, &err);
  evc_put_result_t res;
  put(x, "failed", 1, &res);
  x->clock.now_ms += 6 * DAY_MS;
  put(x, "failed", 2, &res);
  x->clock.now_ms += 2 * DAY_MS; /* the first is 8 days old, the second 2 */
  evc_bus_run_due(x->bus);
  counts_t c = archived(x);
  assert_int_equal(c.failed, 1); /* RetentionDays 7 */
  assert_int_equal(c.all, 2);    /* RetentionDays 0: kept */
  x->clock.now_ms += 6 * DAY_MS;
  assert_int_equal(evc_bus_archive_expire(x->bus, &err), 1);
  assert_int_equal(archived(x).failed, 0);
}

static void test_write_failure_fails_the_entry(void **state) {
  fx_t *x = *state;
  evc_error_t err;
  x->bus = open_bus(x, &err);
  sql(x->db, "CREATE TRIGGER full BEFORE INSERT ON archive_events"
             " BEGIN SELECT RAISE(ABORT, 'simulated full disk'); END");
  evc_put_result_t res;
  put(x, "ok", 1, &res);
  assert_int_equal(res.failed_entry_count, 1);
  assert_string_equal(res.entries[0].error_code, "InternalException");
  assert_non_null(strstr(res.entries[0].error_message, "simulated full disk"));
  assert_int_equal(x->delivered[0], 0); /* not delivered either */
  sql(x->db, "DROP TRIGGER full");
  put(x, "ok", 2, &res);
  assert_int_equal(res.failed_entry_count, 0);
  assert_int_equal(archived(x).all, 1);
}

typedef struct letters {
  int n;
  int64_t id;
  char code[64];
  uint32_t redrives;
} letters_t;

static int take_letter(void *ud, const evc_stored_dead_letter_t *d) {
  letters_t *l = ud;
  l->n++;
  l->id = d->id;
  l->redrives = d->redrives;
  snprintf(l->code, sizeof l->code, "%s", d->dl.error_code);
  assert_string_equal(d->dl.rule_name, "failed");
  assert_string_equal(d->dl.target_id, "Failed");
  assert_string_equal(d->dl.rule_arn, "arn:aws:events:us-east-1:123456789012:rule/tickets/failed");
  assert_string_equal(d->dl.exhausted_retry_condition, ""); /* a permanent failure */
  assert_non_null(strstr(d->dl.event, "\"status\": \"failed\""));
  return 0;
}

static letters_t letters(fx_t *x) {
  letters_t l;
  memset(&l, 0, sizeof l);
  evc_error_t err;
  assert_int_equal(evc_dlq_list(x->bus, take_letter, &l, &err), 0);
  return l;
}

static void test_dead_letters_are_stored_and_redriven(void **state) {
  fx_t *x = *state;
  evc_error_t err;
  x->bus = open_bus(x, &err);
  evc_put_result_t res;
  put(x, "failed", 41, &res);
  assert_int_equal(x->dropped, 1);
  letters_t l = letters(x);
  assert_int_equal(l.n, 1);
  assert_string_equal(l.code, "NO_RESOURCE");
  /* the cause is not fixed: the letter goes back with its new failure */
  assert_int_equal(evc_dlq_redrive(x->bus, l.id, &err), 0);
  l = letters(x);
  assert_int_equal(l.n, 1);
  assert_int_equal(l.redrives, 1);
  x->failed_ok = 1;
  assert_int_equal(evc_dlq_redrive_all(x->bus, "failed", "Failed", &err), 1);
  assert_string_equal(x->last_payload, "{\"ticket\": 41, \"rule\": \"failed\"}");
  assert_int_equal(letters(x).n, 0);
  const evc_bus_metrics_t *m = evc_bus_metrics(x->bus);
  assert_int_equal(m->dead_letters_stored, 1);
  assert_int_equal(m->redrive_failures, 1);
  assert_int_equal(m->dead_letters_redriven, 1);
  assert_int_equal(evc_dlq_redrive(x->bus, l.id, &err), -1);
  assert_non_null(strstr(err.message, "no stored dead letter"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_archives_store_matching_events, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_database_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_newer_schema_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_garbage_file_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_other_application_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_truncated_database_is_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_retention_expires_old_events, setup, teardown),
      cmocka_unit_test_setup_teardown(test_write_failure_fails_the_entry, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dead_letters_are_stored_and_redriven, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
