/* Clocks of the bus (real and virtual) and the timestamp text of events. */
#include "bus_util.h"
#include "eventc/bus.h"

#include <string.h>
#include <time.h>

static int64_t real_now(void *ud) {
  (void)ud;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t virtual_now(void *ud) { return ((const evc_vclock_t *)ud)->now_ms; }

evc_clock_t evc_clock_real(void) {
  evc_clock_t c = {real_now, NULL};
  return c;
}

evc_clock_t evc_clock_virtual(evc_vclock_t *vc) {
  evc_clock_t c = {virtual_now, vc};
  return c;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian; H. Hinnant's algorithm). */
void evc_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void put_digits(char *o, unsigned v, int n) {
  while (n-- > 0) {
    o[n] = (char)('0' + v % 10);
    v /= 10;
  }
}

void evc_format_time(int64_t ms, char out[21]) {
  int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  unsigned rem = (unsigned)(secs - days * 86400);
  int y;
  unsigned m, d;
  evc_civil_from_days(days, &y, &m, &d);
  memcpy(out, "0000-00-00T00:00:00Z", 21);
  put_digits(out, (unsigned)(y < 0 ? 0 : y), 4);
  put_digits(out + 5, m, 2);
  put_digits(out + 8, d, 2);
  put_digits(out + 11, rem / 3600, 2);
  put_digits(out + 14, rem / 60 % 60, 2);
  put_digits(out + 17, rem % 60, 2);
}

static int digits(const char *s, size_t n, unsigned *value) {
  *value = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    *value = *value * 10 + (unsigned)(s[i] - '0');
  }
  return 1;
}

/* Days from 1970-01-01 to a civil date (the inverse of evc_civil_from_days). */
int64_t evc_days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

/* "+hh:mm" / "-hh:mm" / "Z" at s, as milliseconds to subtract; 0 when malformed. */
static int zone(const char *s, int64_t *offset_ms) {
  unsigned hh, mm;
  *offset_ms = 0;
  if ((*s == 'Z' || *s == 'z') && s[1] == '\0') return 1;
  if ((*s != '+' && *s != '-') || !digits(s + 1, 2, &hh) || s[3] != ':' || !digits(s + 4, 2, &mm) ||
      s[6] != '\0' || hh > 23 || mm > 59)
    return 0;
  *offset_ms = (int64_t)(hh * 60 + mm) * 60000 * (*s == '-' ? -1 : 1);
  return 1;
}

unsigned evc_month_days(int y, unsigned m) {
  static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return days[m - 1] + (m == 2 && leap ? 1u : 0u);
}

int evc_time_parse(const char *s, int64_t *ms) {
  unsigned y, mo, d, h, mi, se;
  if (strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
      !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
      s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
    return 0;
  if (mo < 1 || mo > 12 || d < 1 || d > evc_month_days((int)y, mo) || h > 23 || mi > 59 || se > 60) return 0;
  s += 19;
  if (*s == '.') {
    size_t n = 0;
    while (s[1 + n] >= '0' && s[1 + n] <= '9') n++;
    if (n == 0) return 0;
    s += 1 + n; /* AWS delivers whole seconds */
  }
  int64_t offset;
  if (!zone(s, &offset)) return 0;
  *ms = (evc_days_from_civil((int)y, mo, d) * 86400 + (int64_t)(h * 3600 + mi * 60 + se)) * 1000 - offset;
  return 1;
}
