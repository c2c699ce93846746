/* Private helpers of the bus: the per-bus random generator, v4 UUIDs, time parsing and the calendar. */
#ifndef EVC_BUS_UTIL_H
#define EVC_BUS_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* xorshift64* state; never 0. */
typedef struct evc_rng {
  uint64_t s;
} evc_rng_t;

void evc_rng_seed(evc_rng_t *r, uint64_t seed);
uint64_t evc_rng_next(evc_rng_t *r);
/* Writes a version-4 UUID, lowercase, 36 characters plus NUL. */
void evc_uuid4(evc_rng_t *r, char out[37]);
/* Parses an RFC 3339 timestamp ("2025-11-18T10:30:00Z", fraction and offset allowed); 0 if not one. */
int evc_time_parse(const char *s, int64_t *ms);
/* The proleptic Gregorian calendar (UTC): days since 1970-01-01 to a date and back, month lengths. */
void evc_civil_from_days(int64_t days, int *y, unsigned *m, unsigned *d);
int64_t evc_days_from_civil(int y, unsigned m, unsigned d);
unsigned evc_month_days(int y, unsigned m);

#endif
