/* Durability: a child puts events through an archived bus and is SIGKILLed at random points;
 * every event whose put returned success must be in the archive afterwards, none twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "archive_rules.h"
#include "eventc/archive.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 6
#define ID_LEN 36

static evc_outcome_t accept_all(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)ud, (void)d, (void)f;
  return EVC_DELIVERED;
}

/* The child: puts events one per call until killed; writes each accepted id after the put returns. */
static void produce(const char *db, int fd, int round) {
  evc_bus_config_t c;
  memset(&c, 0, sizeof c);
  c.seed = 1000u + (uint64_t)round;
  c.archive_db = db;
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&arch_bus, &c, &err);
  if (!bus) _exit(3);
  evc_bus_bind(bus, "Done", accept_all, NULL);
  evc_bus_bind(bus, "Failed", accept_all, NULL);
  if (evc_bus_start(bus, &err) != 0) _exit(4);
  for (int i = 0;; i++) {
    char detail[64];
    snprintf(detail, sizeof detail, "{\"id\": %d, \"status\": \"%s\"}", i, i % 3 ? "ok" : "failed");
    evc_entry_t e = {"app", "done", detail, 0, NULL, 0, NULL, NULL, NULL};
    evc_put_result_t res;
    if (evc_put_events(bus, &e, 1, &res, &err) != 0 || res.failed_entry_count) _exit(5);
    if (write(fd, res.entries[0].event_id, ID_LEN) != ID_LEN) _exit(6);
  }
}

typedef struct ids {
  char (*v)[ID_LEN + 1];
  size_t n, cap;
} ids_t;

static void add(ids_t *s, const char *id) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 1024;
    s->v = realloc(s->v, s->cap * sizeof *s->v);
    assert_non_null(s->v);
  }
  memcpy(s->v[s->n], id, ID_LEN);
  s->v[s->n++][ID_LEN] = '\0';
}

static int cmp_id(const void *a, const void *b) { return strcmp(a, b); }

static int collect(void *ud, const evc_archived_event_t *e) {
  if (strcmp(e->archive, "all") == 0) add(ud, e->event_id);
  return 0;
}

/* Runs one child, kills it after `acks` acknowledged ids, and adds every acknowledged id. */
static void round_trip(const char *db, int round, size_t acks, ids_t *acked) {
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    produce(db, fds[1], round);
  }
  close(fds[1]);
  char id[ID_LEN];
  size_t got = 0;
  while (read(fds[0], id, ID_LEN) == ID_LEN) {
    add(acked, id);
    if (++got == acks) kill(pid, SIGKILL); /* lands during a later put, at a random point */
  }
  close(fds[0]);
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static void test_acknowledged_puts_survive_kill_9(void **state) {
  (void)state;
  char dir[] = "/tmp/evc-durable-XXXXXX", db[64], cmd[96];
  assert_non_null(mkdtemp(dir));
  snprintf(db, sizeof db, "%s/archive.db", dir);
  ids_t acked = {NULL, 0, 0}, stored = {NULL, 0, 0};
  srand((unsigned)getpid());
  for (int round = 0; round < ROUNDS; round++)
    round_trip(db, round, 50 + (size_t)(rand() % 400), &acked);
  evc_error_t err;
  evc_archive_db_t *a = evc_archive_db_open(db, &err);
  assert_non_null(a);
  evc_archive_query_t q = {"all", "tickets", INT64_MIN, INT64_MAX};
  assert_int_equal(evc_archive_db_scan(a, &q, collect, &stored, &err), 0);
  evc_archive_db_close(a);
  qsort(stored.v, stored.n, sizeof *stored.v, cmp_id);
  for (size_t i = 1; i < stored.n; i++) assert_string_not_equal(stored.v[i - 1], stored.v[i]);
  for (size_t i = 0; i < acked.n; i++)
    assert_non_null(bsearch(acked.v[i], stored.v, stored.n, sizeof *stored.v, cmp_id));
  assert_true(stored.n >= acked.n);
  printf("durability: %zu acknowledged, %zu stored after %d kill -9 rounds\n", acked.n, stored.n, ROUNDS);
  free(acked.v);
  free(stored.v);
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_acknowledged_puts_survive_kill_9)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
