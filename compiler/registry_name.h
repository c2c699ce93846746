/* The EventBridge schema registry's naming conventions, shared by rule checks and schema discovery. */
#ifndef EVCC_REGISTRY_NAME_H
#define EVCC_REGISTRY_NAME_H

#include "buf.h"

#include <stddef.h>

/*
 * Appends the registry's class name of a detail-type: each run of ASCII letters and digits with
 * its first letter capitalised, everything else dropped ("ticket.completed" -> "TicketCompleted",
 * "EC2 Instance State-change Notification" -> "EC2InstanceStateChangeNotification").
 */
void evcc_registry_name(evcc_buf_t *out, const char *text, size_t len);

#endif
