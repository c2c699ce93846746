/* Next occurrence of a schedule expression: cron month by month over per-month day masks, rate by arithmetic. */
#include "bus_util.h"
#include "eventc/schedule.h"

#define MINUTE_MS INT64_C(60000)
#define DAY_MINUTES 1440

static int64_t floor_div(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The lowest set bit at or above `from`, or -1. */
static int bit_from(uint64_t bits, unsigned from) {
  if (from >= 64) return -1;
  bits >>= from;
  if (!bits) return -1;
  int i = (int)from;
  for (; !(bits & 1); bits >>= 1) i++;
  return i;
}

/* 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
static unsigned weekday(int y, unsigned m, unsigned d) {
  return (unsigned)((evc_days_from_civil(y, m, d) % 7 + 11) % 7);
}

static uint32_t day_bit(unsigned d) {
  return (uint32_t)1 << d;
}

/* nW: a Saturday moves to the Friday before, a Sunday to the Monday after, never out of the month. */
static unsigned nearest_weekday(unsigned d, unsigned wd, unsigned ndays) {
  if (wd == 6) return d == 1 ? 3 : d - 1;
  if (wd == 0) return d == ndays ? d - 2 : d + 1;
  return d;
}

static uint32_t dom_mask(const evc_schedule_t *s, unsigned ndays, unsigned wd1) {
  if (s->dom_last_weekday) return day_bit(nearest_weekday(ndays, (wd1 + ndays - 1) % 7, ndays));
  if (s->dom_last) return s->dom_last_offset < ndays ? day_bit(ndays - s->dom_last_offset) : 0;
  if (s->dom_weekday) {
    unsigned d = s->dom_weekday; /* a day the month lacks (31W in April) never fires */
    return d <= ndays ? day_bit(nearest_weekday(d, (wd1 + d - 1) % 7, ndays)) : 0;
  }
  return s->days_of_month;
}

static uint32_t dow_mask(const evc_schedule_t *s, unsigned ndays, unsigned wd1) {
  if (s->dow_last) {
    unsigned wd_last = (wd1 + ndays - 1) % 7;
    return day_bit(ndays - (wd_last + 7 - (s->dow_last - 1)) % 7);
  }
  if (s->dow_nth) {
    unsigned d = 1 + (s->dow_nth_day - 1 + 7 - wd1) % 7 + 7 * (s->dow_nth - 1);
    return d <= ndays ? day_bit(d) : 0;
  }
  uint32_t mask = 0;
  for (unsigned d = 1; d <= ndays; d++)
    if (s->days_of_week >> ((wd1 + d - 1) % 7 + 1) & 1) mask |= day_bit(d);
  return mask;
}

/* The days of month m of year y on which the cron fires, bit d for day d. */
static uint32_t day_mask(const evc_schedule_t *s, int y, unsigned m) {
  unsigned ndays = evc_month_days(y, m), wd1 = weekday(y, m, 1);
  uint32_t in_month = (uint32_t)((UINT64_C(1) << (ndays + 1)) - 2);
  return (s->dow_any ? dom_mask(s, ndays, wd1) : dow_mask(s, ndays, wd1)) & in_month;
}

/* The first allowed minute of the day at or after minute `from`, or -1. */
static int first_minute(const evc_schedule_t *s, unsigned from) {
  uint32_t hours = s->hours & 0xffffffu; /* bits past 23 / 59 in a hand-made table are ignored */
  uint64_t minutes = s->minutes & ((UINT64_C(1) << 60) - 1);
  for (int h = bit_from(hours, from / 60); h >= 0; h = bit_from(hours, (unsigned)h + 1)) {
    int mi = bit_from(minutes, (unsigned)h == from / 60 ? from % 60 : 0);
    if (mi >= 0) return h * 60 + mi;
  }
  return -1;
}

static int year_allowed(const evc_schedule_t *s, int y) {
  unsigned i = (unsigned)(y - EVC_CRON_YEAR_MIN);
  return s->years[i / 64] >> (i % 64) & 1;
}

/* The first firing minute at or after minute `start` (minutes since the epoch). */
static int cron_next(const evc_schedule_t *s, int64_t start, int64_t *out) {
  int y;
  unsigned m, d, from;
  if (start < 0) start = 0;
  evc_civil_from_days(start / DAY_MINUTES, &y, &m, &d);
  from = (unsigned)(start % DAY_MINUTES);
  for (; y <= EVC_CRON_YEAR_MAX; y++, m = 1, d = 1, from = 0) {
    if (!year_allowed(s, y)) continue;
    for (; m <= 12; m++, d = 1, from = 0) {
      if (!(s->months >> m & 1)) continue;
      uint32_t days = day_mask(s, y, m);
      for (int day = bit_from(days, d); day >= 0; day = bit_from(days, (unsigned)day + 1)) {
        int at = first_minute(s, (unsigned)day == d ? from : 0);
        if (at < 0) continue;
        *out = evc_days_from_civil(y, m, (unsigned)day) * DAY_MINUTES + at;
        return 1;
      }
    }
  }
  return 0;
}

int evc_schedule_next(const evc_schedule_t *s, int64_t after_ms, int64_t anchor_ms, int64_t *next_ms) {
  if (s->is_rate) {
    if (s->rate_minutes == 0) return 0;
    int64_t period = (int64_t)s->rate_minutes * MINUTE_MS;
    int64_t anchor = floor_div(anchor_ms, MINUTE_MS) * MINUTE_MS;
    int64_t k = after_ms < anchor ? 1 : floor_div(after_ms - anchor, period) + 1;
    *next_ms = anchor + k * period;
    return 1;
  }
  int64_t minute;
  if (!cron_next(s, floor_div(after_ms, MINUTE_MS) + 1, &minute)) return 0;
  *next_ms = minute * MINUTE_MS;
  return 1;
}
