/* Helpers shared by the NATS tests, fault test and benchmark: a throwaway server, buses of tests/nats/nats_rules.yaml, events. */
#ifndef NATS_TEST_UTIL_H
#define NATS_TEST_UTIL_H

#include "eventc/nats.h"

#include <stddef.h>

#define SKIP_EXIT 77 /* meson's "skipped" */

/* Starts scripts/nats-server.sh in a new temporary directory; 0 and the URL, or SKIP_EXIT / -1. */
int nt_server_start(char *url, size_t cap);
int nt_server_restart(void);
void nt_server_stop(void);

/* A bus of nats_rules.yaml; clock NULL: the real clock. Aborts the program on failure. */
evc_bus_t *nt_bus(evc_clock_t *clock, uint32_t backoff_base_ms);
/* Attaches with the given stream/subject prefix; aborts on failure. */
evc_nats_t *nt_attach(evc_bus_t *bus, const char *url, const char *prefix, uint32_t fetch_batch);
/* Puts `count` order events n = first.., detail {"n": n, "total": total}; returns the accepted ones. */
size_t nt_put_orders(evc_bus_t *bus, int first, int count, int total);
/* The detail's "n" of an event (or payload), -1 when absent. */
int nt_field_n(const char *text, size_t len, const char *key);
double nt_now_s(void);

#endif
