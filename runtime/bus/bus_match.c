/* Matching an envelope with the bus's matcher: trusted mode for envelopes a bus validated before. */
#include "bus_impl.h"

int evc_bus_match(evc_bus_t *bus, const evc_ingest_t *in) {
  const evc_bus_def_t *def = bus->def;
  evc_error_t err;
  evc_error_clear(&err);
  if (in->trusted && def->match_trusted) {
    bus->metrics.trusted_matches++;
    return def->match_trusted(in->event, in->event_len, bus->match_state, &err);
  }
  return def->match(in->event, in->event_len, bus->match_state, &err);
}
