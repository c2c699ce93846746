/* Helpers shared by the NATS tests, fault test and benchmark: a throwaway server, buses of tests/nats/nats_rules.yaml, events. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include "nats_test_util.h"
#include "nats_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

static char server_dir[256];

static int script(const char *cmd, char *out, size_t cap) {
  const char *root = getenv("EVENTC_SOURCE_ROOT");
  char line[1024];
  snprintf(line, sizeof line, "%s/scripts/nats-server.sh %s %s", root ? root : ".", cmd, server_dir);
  FILE *p = popen(line, "r");
  if (!p) return -1;
  char buf[256] = "";
  if (!fgets(buf, sizeof buf, p)) buf[0] = '\0';
  int st = pclose(p);
  int rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  buf[strcspn(buf, "\n")] = '\0';
  if (out) snprintf(out, cap, "%s", buf);
  return rc == 0 ? 0 : rc == SKIP_EXIT ? SKIP_EXIT : -1;
}

int nt_server_start(char *url, size_t cap) {
  snprintf(server_dir, sizeof server_dir, "/tmp/eventc-nats-XXXXXX");
  if (!mkdtemp(server_dir)) return -1;
  return script("start", url, cap);
}

int nt_server_restart(void) { return script("restart", NULL, 0); }

void nt_server_stop(void) {
  char cmd[300];
  script("stop", NULL, 0);
  snprintf(cmd, sizeof cmd, "rm -rf %s", server_dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", server_dir);
}

static void die(const char *what, const evc_error_t *err) {
  fprintf(stderr, "%s: %s\n", what, err->message);
  exit(1);
}

static void quiet_drop(void *ud, const evc_dead_letter_t *dl) {
  (void)ud;
  (void)dl;
}

evc_bus_t *nt_bus(evc_clock_t *clock, uint32_t backoff_base_ms) {
  evc_bus_config_t cfg;
  memset(&cfg, 0, sizeof cfg);
  if (clock) cfg.clock = *clock;
  cfg.backoff_base_ms = backoff_base_ms;
  cfg.backoff_max_ms = backoff_base_ms * 8;
  cfg.on_drop = quiet_drop;
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&nr_bus, &cfg, &err);
  if (!bus) die("evc_bus_new", &err);
  return bus;
}

/*
 * 2 s, so that a killed worker's events come back soon; EVENTC_NATS_ACK_WAIT_MS sets more where a
 * worker stalled longer by a loaded machine must not see its fetched events redelivered meanwhile.
 */
static uint32_t ack_wait_ms(void) {
  const char *v = getenv("EVENTC_NATS_ACK_WAIT_MS");
  long ms = v ? strtol(v, NULL, 10) : 0;
  return ms > 0 && ms < 600000 ? (uint32_t)ms : 2000;
}

evc_nats_t *nt_attach(evc_bus_t *bus, const char *url, const char *prefix, uint32_t fetch_batch) {
  evc_nats_config_t cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.url = url;
  cfg.stream_prefix = prefix;
  cfg.subject_prefix = prefix;
  cfg.fetch_batch = fetch_batch;
  cfg.ack_wait_ms = ack_wait_ms();
  cfg.reconnect_wait_ms = 100;
  cfg.publish_timeout_ms = 1000;
  evc_error_t err;
  evc_nats_t *n = evc_nats_attach(bus, &cfg, &err);
  if (!n) die("evc_nats_attach", &err);
  return n;
}

size_t nt_put_orders(evc_bus_t *bus, int first, int count, int total) {
  size_t accepted = 0;
  for (int i = 0; i < count; i += EVC_MAX_ENTRIES) {
    evc_entry_t e[EVC_MAX_ENTRIES];
    char detail[EVC_MAX_ENTRIES][64];
    size_t k = 0;
    for (; k < EVC_MAX_ENTRIES && i + (int)k < count; k++) {
      snprintf(detail[k], sizeof detail[k], "{\"n\": %d, \"total\": %d}", first + i + (int)k, total);
      evc_entry_t one = {"shop", "OrderPlaced", detail[k], 0, NULL, 0, NULL, NULL, NULL};
      e[k] = one;
    }
    evc_put_result_t res;
    evc_error_t err;
    if (evc_put_events(bus, e, k, &res, &err) != 0) die("evc_put_events", &err);
    for (size_t j = 0; j < k; j++)
      if (res.entries[j].error_code)
        fprintf(stderr, "entry refused: %s: %s\n", res.entries[j].error_code, res.entries[j].error_message);
    accepted += k - res.failed_entry_count;
  }
  return accepted;
}

int nt_field_n(const char *text, size_t len, const char *key) {
  char buf[4096];
  size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
  memcpy(buf, text, n);
  buf[n] = '\0';
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\":", key);
  const char *p = strstr(buf, pat);
  return p ? atoi(p + strlen(pat)) : -1;
}

double nt_now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
