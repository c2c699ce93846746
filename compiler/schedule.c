/* Parses EventBridge rate() and cron() expressions with AWS's acceptance rules (semantics doc §4, §11.9). */
#include "schedule.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool parse_uint(const char *s, size_t n, unsigned long max, unsigned long *out) {
  if (n == 0 || n > 9) return false;
  unsigned long v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (unsigned long)(s[i] - '0');
  }
  if (v > max) return false;
  *out = v;
  return true;
}

static bool parse_rate(const char *body, size_t n, evc_schedule_t *out) {
  const char *sp = memchr(body, ' ', n);
  unsigned long v;
  if (!sp || !parse_uint(body, (size_t)(sp - body), 100000000, &v) || v == 0) return false;
  const char *unit = sp + 1;
  size_t ul = n - (size_t)(unit - body);
  static const struct { const char *one, *many; unsigned minutes; } units[] = {
      {"minute", "minutes", 1}, {"hour", "hours", 60}, {"day", "days", 1440}};
  for (size_t i = 0; i < 3; i++) {
    const char *want = v == 1 ? units[i].one : units[i].many;
    if (strlen(want) == ul && memcmp(unit, want, ul) == 0) {
      out->is_rate = true;
      out->rate_minutes = (uint64_t)v * units[i].minutes;
      return true;
    }
  }
  return false;
}

static const char *const month_names[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
static const char *const day_names[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

typedef struct {
  unsigned lo, hi;           /* allowed values */
  const char *const *names;  /* names for lo.., or NULL */
  unsigned nnames;
  unsigned bias;             /* value v sets bit v - bias */
} field_spec_t;

static bool field_value(const field_spec_t *f, const char *s, size_t n, unsigned *out) {
  unsigned long v;
  if (parse_uint(s, n, f->hi, &v) && v >= f->lo) {
    *out = (unsigned)v;
    return true;
  }
  for (unsigned i = 0; f->names && i < f->nnames; i++)
    if (n == 3 && memcmp(s, f->names[i], 3) == 0) {
      *out = f->lo + i;
      return true;
    }
  return false;
}

static void set_bit(uint64_t *bits, unsigned i) { bits[i / 64] |= 1ull << (i % 64); }

/* One comma-separated item: *, v, a-b (wrapping when a > b, §11.9), with an optional /step. */
static bool parse_item(const field_spec_t *f, const char *s, size_t n, uint64_t *bits) {
  const char *slash = memchr(s, '/', n);
  size_t base_len = slash ? (size_t)(slash - s) : n;
  unsigned long step = 1;
  if (slash && (!parse_uint(slash + 1, n - base_len - 1, f->hi, &step) || step == 0)) return false;
  unsigned lo, hi;
  const char *dash = memchr(s, '-', base_len);
  if (base_len == 1 && s[0] == '*') {
    lo = f->lo, hi = f->hi;
  } else if (dash) {
    if (!field_value(f, s, (size_t)(dash - s), &lo) || !field_value(f, dash + 1, base_len - (size_t)(dash - s) - 1, &hi))
      return false;
  } else {
    if (!field_value(f, s, base_len, &lo)) return false;
    hi = slash ? f->hi : lo; /* "a/step" runs to the end of the range */
  }
  unsigned span = f->hi - f->lo + 1;
  unsigned count = (hi >= lo ? hi - lo : hi + span - lo) + 1;
  for (unsigned k = 0; k < count; k += (unsigned)step) set_bit(bits, f->lo + (lo - f->lo + k) % span - f->bias);
  return true;
}

static bool parse_list(const field_spec_t *f, const char *s, size_t n, uint64_t *bits) {
  const char *end = s + n;
  while (s < end) {
    const char *comma = memchr(s, ',', (size_t)(end - s));
    size_t len = comma ? (size_t)(comma - s) : (size_t)(end - s);
    if (!parse_item(f, s, len, bits)) return false;
    s += len + (comma ? 1 : 0);
    if (comma && s == end) return false;
  }
  return true;
}

static bool parse_dom(const char *s, size_t n, evc_schedule_t *out) {
  static const field_spec_t f = {1, 31, NULL, 0, 0};
  uint64_t bits[1] = {0};
  unsigned long v;
  if (n == 1 && s[0] == '?') return out->dom_any = true;
  if (n == 1 && s[0] == 'L') return out->dom_last = true;
  if (n == 2 && s[0] == 'L' && s[1] == 'W') return out->dom_last_weekday = true;
  if (n > 2 && s[0] == 'L' && s[1] == '-' && parse_uint(s + 2, n - 2, 30, &v)) {
    out->dom_last = true;
    out->dom_last_offset = (unsigned)v;
    return true;
  }
  if (n >= 2 && s[n - 1] == 'W' && parse_uint(s, n - 1, 31, &v) && v >= 1) {
    out->dom_weekday = (unsigned)v;
    return true;
  }
  if (!parse_list(&f, s, n, bits)) return false;
  out->days_of_month = (uint32_t)bits[0];
  return true;
}

static bool parse_dow(const char *s, size_t n, evc_schedule_t *out) {
  static const field_spec_t f = {1, 7, day_names, 7, 0};
  uint64_t bits[1] = {0};
  unsigned d;
  if (n == 1 && s[0] == '?') return out->dow_any = true;
  const char *hash = memchr(s, '#', n);
  if (hash) { /* only one expression when '#' is used */
    unsigned long nth;
    if (memchr(s, ',', n) || !field_value(&f, s, (size_t)(hash - s), &d) ||
        !parse_uint(hash + 1, n - (size_t)(hash - s) - 1, 5, &nth) || nth < 1)
      return false;
    out->dow_nth_day = d;
    out->dow_nth = (unsigned)nth;
    return true;
  }
  if (n >= 2 && s[n - 1] == 'L' && field_value(&f, s, n - 1, &d)) {
    out->dow_last = d;
    return true;
  }
  if (n == 1 && s[0] == 'L') {
    out->dow_last = 7;
    return true;
  }
  if (!parse_list(&f, s, n, bits)) return false;
  out->days_of_week = (uint8_t)bits[0];
  return true;
}

static bool parse_cron(const char *body, size_t n, evc_schedule_t *out) {
  const char *fields[6];
  size_t lens[6], nf = 0;
  const char *p = body, *end = body + n;
  while (p < end) {
    while (p < end && *p == ' ') p++;
    if (p == end) break;
    const char *start = p;
    while (p < end && *p != ' ') p++;
    if (nf == 6) return false;
    fields[nf] = start;
    lens[nf++] = (size_t)(p - start);
  }
  if (nf != 6) return false;
  static const field_spec_t minute = {0, 59, NULL, 0, 0}, hour = {0, 23, NULL, 0, 0},
                            month = {1, 12, month_names, 12, 0},
                            year = {EVC_CRON_YEAR_MIN, EVC_CRON_YEAR_MAX, NULL, 0, EVC_CRON_YEAR_MIN};
  uint64_t m[1] = {0}, h[1] = {0}, mo[1] = {0}, y[4] = {0};
  if (!parse_list(&minute, fields[0], lens[0], m) || !parse_list(&hour, fields[1], lens[1], h) ||
      !parse_dom(fields[2], lens[2], out) || !parse_list(&month, fields[3], lens[3], mo) ||
      !parse_dow(fields[4], lens[4], out) || !parse_list(&year, fields[5], lens[5], y))
    return false;
  if (out->dom_any == out->dow_any) return false; /* exactly one of the day fields is '?' */
  out->minutes = m[0];
  out->hours = (uint32_t)h[0];
  out->months = (uint16_t)mo[0];
  memcpy(out->years, y, sizeof y);
  return true;
}

bool evcc_schedule_parse(const char *expr, evc_schedule_t *out) {
  memset(out, 0, sizeof *out);
  size_t n = strlen(expr);
  if (n < 7 || expr[n - 1] != ')') return false;
  if (strncmp(expr, "rate(", 5) == 0) return parse_rate(expr + 5, n - 6, out);
  if (strncmp(expr, "cron(", 5) == 0) return parse_cron(expr + 5, n - 6, out);
  return false;
}

bool evcc_schedule_fires_within_a_century(const evc_schedule_t *s, int64_t now_ms) {
  const int64_t century_ms = INT64_C(36525) * 86400 * 1000;
  int64_t next;
  return evc_schedule_next(s, now_ms, now_ms, &next) && next - now_ms <= century_ms;
}

int64_t evcc_schedule_build_time_ms(void) {
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  char *end;
  long long secs = epoch ? strtoll(epoch, &end, 10) : -1;
  if (epoch && *epoch && !*end && secs >= 0 && secs < INT64_C(253402300800)) return (int64_t)secs * 1000;
  return (int64_t)time(NULL) * 1000;
}
