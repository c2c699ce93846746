/* The check that no schema applies itself to the same value without descending into it. */
#ifndef EVCC_SCHEMA_CYCLE_H
#define EVCC_SCHEMA_CYCLE_H

#include "schema_ir.h"

/* Checks the nodes of a set not checked before (all: evcc_schema_set_nodes); reports each cycle
 * at the node that closes it and returns false if there was one. */
bool evcc_schema_refuse_cycles(evcc_snode_t *all, evcc_diag_t *d);

#endif
