/* EventBridge schedule expressions: rate(N unit) and six-field cron(...), parsed into tables. */
#ifndef EVCC_SCHEDULE_H
#define EVCC_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#define EVCC_CRON_YEAR_MIN 1970
#define EVCC_CRON_YEAR_MAX 2199

typedef struct evcc_schedule {
  bool is_rate;
  unsigned rate_minutes;    /* rate: period in minutes */
  /* cron: one bit per allowed value */
  uint64_t minutes;         /* bits 0..59 */
  uint32_t hours;           /* bits 0..23 */
  uint32_t days_of_month;   /* bits 1..31 */
  uint16_t months;          /* bits 1..12 */
  uint8_t days_of_week;     /* bits 1..7, 1 = SUN */
  uint64_t years[4];        /* bit (year - 1970) */
  bool dom_any, dow_any;    /* '?' */
  bool dom_last;            /* L: last day of the month */
  unsigned dom_last_offset; /* L-n */
  unsigned dom_weekday;     /* nW: weekday nearest day n (0 = none) */
  unsigned dow_last;        /* nL: last weekday n of the month (0 = none) */
  unsigned dow_nth_day, dow_nth; /* d#n: n-th weekday d (0 = none) */
} evcc_schedule_t;

/* Parses an expression exactly as EventBridge accepts it (case, spacing, singular/plural). */
bool evcc_schedule_parse(const char *expr, evcc_schedule_t *out);

#endif
