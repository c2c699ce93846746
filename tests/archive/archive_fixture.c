/* Builds an archive database for the CLI tests: events at fixed times through the archived bus,
 * and one dead letter (the Failed target refuses). Usage: archive_fixture DB */
#include "archive_rules.h"
#include "eventc/archive.h"

#include <stdio.h>
#include <string.h>

static evc_outcome_t done(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)ud, (void)d, (void)f;
  return EVC_DELIVERED;
}

static evc_outcome_t refuse(void *ud, const evc_delivery_t *d, evc_failure_t *f) {
  (void)ud, (void)d;
  return evc_failure_set(f, EVC_FAILED, "NO_PERMISSIONS", "not allowed");
}

static void quiet(void *ud, const evc_dead_letter_t *dl) { (void)ud, (void)dl; }

int main(int argc, char **argv) {
  /* put in this order; times out of order on purpose */
  static const char *const times[] = {"2025-11-18T10:00:30Z", "2025-11-18T10:00:10Z",
                                      "2025-11-18T10:00:20Z", "2025-11-18T10:00:10Z",
                                      "2025-11-18T11:00:00Z"};
  static const char *const status[] = {"ok", "failed", "ok", "ok", "failed"};
  if (argc != 2) return 2;
  evc_bus_config_t c;
  memset(&c, 0, sizeof c);
  c.seed = 3;
  c.archive_db = argv[1];
  c.dlq_db = argv[1];
  c.on_drop = quiet;
  evc_error_t err;
  evc_bus_t *bus = evc_bus_new(&arch_bus, &c, &err);
  if (!bus) return fprintf(stderr, "%s\n", err.message), 1;
  evc_bus_bind(bus, "Done", done, NULL);
  evc_bus_bind(bus, "Failed", refuse, NULL);
  if (evc_bus_start(bus, &err)) return 1;
  for (int i = 0; i < 5; i++) {
    char detail[64];
    snprintf(detail, sizeof detail, "{\"n\": %d, \"status\": \"%s\"}", i, status[i]);
    evc_entry_t e = {"app", "done", detail, 0, NULL, 0, times[i], NULL, NULL};
    evc_put_result_t res;
    if (evc_put_events(bus, &e, 1, &res, &err) || res.failed_entry_count) return 1;
  }
  evc_bus_free(bus);
  return 0;
}
