/* eventc/nats_archive.h when libeventc is built without libnats: attaching reports EVC_E_UNSUPPORTED. */
#include "eventc/nats_archive.h"

#include <stdio.h>

int evc_nats_archive_attach(evc_nats_t *n, evc_error_t *err) {
  (void)n;
  evc_error_clear(err);
  return evc_fail(err, EVC_E_UNSUPPORTED, 0,
                  "libeventc was built without NATS support (meson option -Dnats=enabled needs libnats)");
}

const char *evc_nats_archive_stream(const evc_nats_t *n, const char *archive, char *out, size_t cap) {
  (void)n;
  (void)archive;
  if (cap) out[0] = '\0';
  return out;
}
