/* EventBridge schedule expressions (cron/rate) as the compiler parses them, and their next occurrence. */
#ifndef EVENTC_SCHEDULE_H
#define EVENTC_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#define EVC_CRON_YEAR_MIN 1970
#define EVC_CRON_YEAR_MAX 2199

/*
 * A parsed ScheduleExpression, filled by the compiler and emitted as a static const table.
 * cron fields are bit sets (bit v allowed); exactly one of the day fields is '?'. UTC only.
 */
typedef struct evc_schedule {
  bool is_rate;
  uint64_t rate_minutes;         /* rate: period in minutes */
  uint64_t minutes;              /* bits 0..59 */
  uint32_t hours;                /* bits 0..23 */
  uint32_t days_of_month;        /* bits 1..31 */
  uint16_t months;               /* bits 1..12 */
  uint8_t days_of_week;          /* bits 1..7, 1 = SUN */
  uint64_t years[4];             /* bit (year - EVC_CRON_YEAR_MIN) */
  bool dom_any, dow_any;         /* '?' */
  bool dom_last;                 /* L: last day of the month */
  unsigned dom_last_offset;      /* L-n: n days before the last */
  unsigned dom_weekday;          /* nW: the weekday nearest day n, within the month (0 = none) */
  bool dom_last_weekday;         /* LW: the last weekday of the month */
  unsigned dow_last;             /* dL: the last weekday d of the month (0 = none) */
  unsigned dow_nth_day, dow_nth; /* d#n: the n-th weekday d of the month (0 = none) */
} evc_schedule_t;

/*
 * The first occurrence strictly after `after_ms` (ms since the Unix epoch, UTC), on a whole
 * minute. A rate fires at anchor + k * period, k >= 1, with the anchor truncated to its minute
 * (the rule's creation: the bus uses evc_bus_start()). Returns 1 and sets *next_ms, or 0 when
 * there is no later occurrence (a cron whose years are over, or whose days never exist).
 */
int evc_schedule_next(const evc_schedule_t *s, int64_t after_ms, int64_t anchor_ms, int64_t *next_ms);

#endif
