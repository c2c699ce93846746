/* The sampler's scalars: numbers within bounds and multipleOf, strings within lengths, patterns and formats. */
#include "sample_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned long long sample_rand(void *v) {
  evcc_sampler_t *sp = v;
  unsigned long long z = (sp->state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

unsigned long long sample_between(evcc_sampler_t *sp, unsigned long long lo, unsigned long long hi) {
  unsigned long long r = sample_rand(sp);
  if (hi <= lo || r % 4 == 0) return lo;
  if (r % 4 == 1) return hi;
  return lo + sample_rand(sp) % (hi - lo + 1);
}

void sample_fail(evcc_sampler_t *sp, const char *fmt, ...) {
  if (sp->err[0]) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(sp->err, sizeof sp->err, fmt, ap);
  va_end(ap);
}

const evcc_redfa_t *sample_dfa(evcc_sampler_t *sp, int re) {
  if (re < 0 || (size_t)re >= sp->ndfa) return NULL;
  if (!sp->dfas[re]) {
    const evcc_regex_t *res;
    evcc_diag_t d;
    evcc_diag_init(&d);
    evcc_schema_set_regexes(sp->set, &res);
    sp->dfas[re] = evcc_regex_compile(res[re].src, res[re].loc, &d);
    evcc_diag_free(&d);
  }
  return sp->dfas[re];
}

/* ---- numbers ---- */

typedef struct bounds {
  double lo, hi;
  bool lo_excl, hi_excl;
} bounds_t;

static bounds_t bounds_of(const evcc_snode_t *s) {
  bounds_t b = {0, 0, s->min_excl, s->max_excl};
  bool has_lo = s->minimum && evcc_node_number(s->minimum, &b.lo);
  bool has_hi = s->maximum && evcc_node_number(s->maximum, &b.hi);
  if (has_lo) b.lo = fmax(b.lo, -1e15);
  if (has_hi) b.hi = fmin(b.hi, 1e15);
  if (!has_lo && !has_hi)
    b.lo = -1000, b.hi = 1000, b.lo_excl = b.hi_excl = false;
  else if (!has_lo)
    b.lo = b.hi - 1000, b.lo_excl = false;
  else if (!has_hi)
    b.hi = b.lo + 1000, b.hi_excl = false;
  return b;
}

static bool in_bounds(const bounds_t *b, double x) {
  return (b->lo_excl ? x > b->lo : x >= b->lo) && (b->hi_excl ? x < b->hi : x <= b->hi);
}

/* k * m for a k that keeps the value in bounds (and integral when `integer`). */
static bool multiple_in(evcc_sampler_t *sp, const bounds_t *b, double m, bool integer, double *out) {
  double kmin = ceil(b->lo / m), kmax = floor(b->hi / m);
  if (!in_bounds(b, kmin * m)) kmin++;
  if (!in_bounds(b, kmax * m)) kmax--;
  for (int tries = 0; kmin <= kmax && tries < 32; tries++) {
    double k = kmin + (double)sample_between(sp, 0, (unsigned long long)fmin(kmax - kmin, 1e12));
    double x = k * m;
    if (!integer || x == floor(x)) return *out = x, true;
  }
  return false;
}

json_t *sample_number(evcc_sampler_t *sp, const evcc_snode_t *s, bool integer) {
  bounds_t b = bounds_of(s);
  double m, x;
  if (s->multiple_of && evcc_node_number(s->multiple_of, &m) && m > 0) {
    if (!multiple_in(sp, &b, m, integer, &x)) {
      sample_fail(sp, "%s: no %s multiple of %s within the bounds", sp->kw.len ? sp->kw.data : "/",
                  integer ? "integer" : "number", s->multiple_of->str);
      return NULL;
    }
  } else if (integer) {
    double lo = ceil(b.lo), hi = floor(b.hi);
    if (!in_bounds(&b, lo)) lo++;
    if (!in_bounds(&b, hi)) hi--;
    if (lo > hi) {
      sample_fail(sp, "%s: no integer within the bounds", sp->kw.len ? sp->kw.data : "/");
      return NULL;
    }
    x = lo + (double)sample_between(sp, 0, (unsigned long long)fmin(hi - lo, 1e15));
  } else {
    unsigned long long r = sample_rand(sp) % 4;
    double u = (double)(sample_rand(sp) % 1000000 + 1) / 1000001.0, span = b.hi - b.lo;
    x = r == 0   ? (b.lo_excl ? b.lo + span / 1024 : b.lo)
        : r == 1 ? (b.hi_excl ? b.hi - span / 1024 : b.hi)
                 : round((b.lo + span * u) * 1000) / 1000;
    if (!in_bounds(&b, x)) x = b.lo + span / 2;
    if (!in_bounds(&b, x)) {
      sample_fail(sp, "%s: no number within the bounds", sp->kw.len ? sp->kw.data : "/");
      return NULL;
    }
  }
  return integer || (x == floor(x) && fabs(x) < 1e15 && sample_rand(sp) % 2) ? json_integer((json_int_t)x)
                                                                             : json_real(x);
}

/* ---- strings ---- */

void sample_text(evcc_sampler_t *sp, evcc_buf_t *b, size_t len) {
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (size_t i = 0; i < len; i++) {
    unsigned long long r = sample_rand(sp);
    if (r % 16 == 0)
      evcc_buf_puts(b, "\xc3\xa9"); /* é: one code point, two bytes */
    else
      evcc_buf_putc(b, alphabet[r % (sizeof alphabet - 1)]);
  }
}

bool sample_format(evcc_sampler_t *sp, const char *f, evcc_buf_t *b) {
  unsigned long long r = sample_rand(sp), q = sample_rand(sp);
  unsigned d1 = (unsigned)(r % 28) + 1, mo = (unsigned)(r >> 8) % 12 + 1, h = (unsigned)(r >> 16) % 24,
           mi = (unsigned)(r >> 24) % 60, n = (unsigned)(q % 100000);
  if (!strcmp(f, "date-time"))
    evcc_buf_printf(b, "2026-%02u-%02uT%02u:%02u:%02uZ", mo, d1, h, mi, n % 60);
  else if (!strcmp(f, "date"))
    evcc_buf_printf(b, "2026-%02u-%02u", mo, d1);
  else if (!strcmp(f, "time"))
    evcc_buf_printf(b, "%02u:%02u:%02uZ", h, mi, n % 60);
  else if (!strcmp(f, "email") || !strcmp(f, "idn-email"))
    evcc_buf_printf(b, "user%u@example.com", n);
  else if (!strcmp(f, "hostname") || !strcmp(f, "idn-hostname"))
    evcc_buf_printf(b, "host%u.example.com", n);
  else if (!strcmp(f, "ipv4"))
    evcc_buf_printf(b, "%u.%u.%u.%u", (unsigned)(q >> 8) % 256, h, mi, n % 256);
  else if (!strcmp(f, "ipv6"))
    evcc_buf_printf(b, "2001:db8::%x:%x", n, h);
  else if (!strcmp(f, "uri") || !strcmp(f, "iri"))
    evcc_buf_printf(b, "https://example.com/items/%u", n);
  else if (!strcmp(f, "uri-reference") || !strcmp(f, "iri-reference"))
    evcc_buf_printf(b, "/items/%u", n);
  else if (!strcmp(f, "uri-template"))
    evcc_buf_printf(b, "https://example.com/items/{id%u}", n);
  else if (!strcmp(f, "uuid"))
    evcc_buf_printf(b, "%08x-%04x-4%03x-a%03x-%012llx", (unsigned)r, (unsigned)(q & 0xFFFF),
                    (unsigned)(q >> 16) & 0xFFF, (unsigned)(q >> 28) & 0xFFF, (q >> 16) & 0xFFFFFFFFFFFFULL);
  else if (!strcmp(f, "regex"))
    evcc_buf_printf(b, "^[a-z]{%u}$", n % 9 + 1);
  else if (!strcmp(f, "json-pointer"))
    evcc_buf_printf(b, "/items/%u", n);
  else if (!strcmp(f, "relative-json-pointer"))
    evcc_buf_printf(b, "%u/items", n % 4);
  else
    return false;
  return true;
}

json_t *sample_string(evcc_sampler_t *sp, const evcc_snode_t *s) {
  size_t min = s->min_len > 0 ? (size_t)s->min_len : 0;
  size_t max = s->max_len >= 0 && (size_t)s->max_len < min + 16 ? (size_t)s->max_len : min + 16; /* short strings */
  evcc_buf_t b;
  evcc_buf_init(&b);
  bool ok = true;
  if (s->pattern) {
    const evcc_redfa_t *dfa = sample_dfa(sp, s->pattern_re);
    size_t room = s->max_len >= 0 ? (size_t)s->max_len : min + 256; /* the walk aims short, may need more */
    ok = dfa && evcc_redfa_sample(dfa, sample_rand, sp, min, room, &b);
    if (!ok) sample_fail(sp, "cannot sample pattern /%s/ with %zu..%zu characters", s->pattern->str, min, room);
  } else if (!s->format || !sample_format(sp, s->format, &b)) {
    sample_text(sp, &b, (size_t)sample_between(sp, min, max));
  }
  json_t *v = ok ? json_stringn(b.data ? b.data : "", b.len) : NULL;
  evcc_buf_free(&b);
  return v;
}

json_t *sample_any(evcc_sampler_t *sp) {
  switch (sample_rand(sp) % 5) {
  case 0: return json_integer((json_int_t)(sample_rand(sp) % 2000) - 1000);
  case 1: return json_real((double)(sample_rand(sp) % 20000) / 8.0 + 0.125);
  case 2: return json_boolean(sample_rand(sp) % 2);
  case 3: return json_null();
  default: {
    evcc_buf_t b;
    evcc_buf_init(&b);
    sample_text(sp, &b, (size_t)(sample_rand(sp) % 12));
    json_t *v = json_stringn(b.data ? b.data : "", b.len);
    evcc_buf_free(&b);
    return v;
  }
  }
}

bool sample_accepts(evcc_sampler_t *sp, const evcc_snode_t *s, json_t *v, char *why, size_t cap) {
  char *text = json_dumps(v, SAMPLE_DUMP_FLAGS);
  bool ok = text && evcc_interp_check(sp->interp, s, text, strlen(text), false, why, cap);
  free(text);
  return ok;
}
