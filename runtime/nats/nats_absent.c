/* eventc/nats.h when libeventc is built without libnats: every call reports EVC_E_UNSUPPORTED. */
#include "eventc/nats.h"

#define WITHOUT "libeventc was built without NATS support (meson option -Dnats=enabled needs libnats)"

int evc_nats_available(void) { return 0; }

evc_nats_t *evc_nats_attach(evc_bus_t *bus, const evc_nats_config_t *cfg, evc_error_t *err) {
  (void)bus;
  (void)cfg;
  evc_error_clear(err);
  evc_fail(err, EVC_E_UNSUPPORTED, 0, "%s", WITHOUT);
  return NULL;
}

/* No evc_nats_t exists in this build; these keep programs written for both builds linking. */
static int unsupported(evc_error_t *err) {
  evc_error_clear(err);
  return evc_fail(err, EVC_E_UNSUPPORTED, 0, "%s", WITHOUT);
}

void evc_nats_detach(evc_nats_t *n) { (void)n; }

int evc_nats_join(evc_nats_t *n, size_t *joined, evc_error_t *err) {
  (void)n;
  *joined = 0;
  return unsupported(err);
}

int evc_nats_run(evc_nats_t *n, uint32_t wait_ms, size_t *handled, evc_error_t *err) {
  (void)n;
  (void)wait_ms;
  *handled = 0;
  return unsupported(err);
}

int evc_nats_consumer_lag(evc_nats_t *n, uint32_t rule, uint32_t target, uint64_t *pending,
                          uint64_t *ack_pending, evc_error_t *err) {
  (void)n;
  (void)rule;
  (void)target;
  *pending = *ack_pending = 0;
  return unsupported(err);
}

int evc_nats_dlq_each(evc_nats_t *n, evc_dlq_fn fn, void *ud, size_t *count, evc_error_t *err) {
  (void)n;
  (void)fn;
  (void)ud;
  *count = 0;
  return unsupported(err);
}

int evc_nats_redrive(evc_nats_t *n, size_t *redriven, evc_error_t *err) {
  (void)n;
  *redriven = 0;
  return unsupported(err);
}

const evc_nats_metrics_t *evc_nats_metrics(evc_nats_t *n) {
  (void)n;
  return NULL;
}

size_t evc_nats_metrics_json(evc_nats_t *n, char *out, size_t cap) {
  (void)n;
  if (cap) out[0] = '\0';
  return 0;
}

const char *evc_nats_stream(const evc_nats_t *n) {
  (void)n;
  return "";
}

const char *evc_nats_dlq_stream(const evc_nats_t *n) {
  (void)n;
  return "";
}
