/* EventBridge schedule expressions: rate(N unit) and six-field cron(...), parsed into evc_schedule_t tables. */
#ifndef EVCC_SCHEDULE_H
#define EVCC_SCHEDULE_H

#include "eventc/schedule.h"

#include <stdbool.h>
#include <stdint.h>

/* Parses an expression exactly as EventBridge accepts it (case, spacing, singular/plural). */
bool evcc_schedule_parse(const char *expr, evc_schedule_t *out);

/* 1 when the schedule fires within 100 years after `now_ms`. */
bool evcc_schedule_fires_within_a_century(const evc_schedule_t *s, int64_t now_ms);

/* The instant schedules are checked against: SOURCE_DATE_EPOCH when set (reproducible builds),
 * else the current time. */
int64_t evcc_schedule_build_time_ms(void);

#endif
