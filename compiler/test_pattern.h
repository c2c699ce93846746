/* TestEventPattern: one pattern against one event, with AWS's results and messages. */
#ifndef EVCC_TEST_PATTERN_H
#define EVCC_TEST_PATTERN_H

#include "diag.h"

#include <stddef.h>

typedef enum evcc_tp_result {
  EVCC_TP_MATCH,
  EVCC_TP_NO_MATCH,
  EVCC_TP_BAD_PATTERN, /* InvalidEventPatternException "Event pattern is not valid. Reason: ..." */
  EVCC_TP_BAD_EVENT    /* ValidationException "Parameter Event is not valid." */
} evcc_tp_result_t;

/*
 * Validates `pattern` (JSON text) and `event` (JSON text) as TestEventPattern does and matches
 * them with the reference interpreter. For BAD_PATTERN, `reason` receives the reason text and
 * `where` its position in the pattern (file name `pattern_name`).
 */
evcc_tp_result_t evcc_test_pattern(const char *pattern, size_t plen, const char *pattern_name, const char *event,
                                   size_t elen, char *reason, size_t rlen, evcc_loc_t *where);

#endif
