/* Hand-written bus tables for the runtime tests: two rules, matched by a tiny stand-in matcher. */
#ifndef HAND_BUS_H
#define HAND_BUS_H

#include "eventc/bus.h"

/* Rule 0 "all" matches every event; rule 1 "gold" matches details containing "gold". */
extern const evc_bus_def_t hand_bus;
/* Same rules with caller-chosen targets (for the fault-injection test). */
evc_bus_def_t hand_bus_with(const evc_target_def_t *all, uint32_t nall,
                            const evc_target_def_t *gold, uint32_t ngold);

#endif
