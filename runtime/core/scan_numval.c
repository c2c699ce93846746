/* Scans a number and converts it for comparison in one pass (the generated matchers' numeric leaves). */
#include "eventc/match.h"
#include "num.h"

/*
 * The usual form: an optional '-', 1 to 7 integer digits (no leading zero), optionally '.' and
 * 1 to 16 fraction digits, 19 digits in all, no exponent, read in at most three word steps.
 * Reads up to 24 bytes past `p`, so the caller leaves that much room. Returns the end of the
 * number and its decimal value mant * 10^exp10, or NULL for any other form.
 */
static const char *plain_number(const char *p, uint64_t *mant, int *exp10) {
#ifdef EVC_SWAR_CTZ
  const char *d = p + (*p == '-');
  uint64_t v = load64(d);
  unsigned i = leading_digits(v);
  if (i == 0 || i == 8 || (d[0] == '0' && i > 1)) return NULL;
  uint64_t m = digits_value(v, i);
  const char *q = d + i;
  int e = 0;
  if (*q == '.') {
    uint64_t w = load64(q + 1);
    unsigned k = leading_digits(w);
    if (k == 0) return NULL; /* "1." is not JSON: the general path says why */
    m = m * pow10_small(k) + digits_value(w, k);
    q += 1 + k;
    e = -(int)k;
    if (k == 8) {
      w = load64(q);
      k = leading_digits(w);
      if (k == 8 || i + 8 + k > 19) return NULL;
      if (k) m = m * pow10_small(k) + digits_value(w, k);
      q += k;
      e -= (int)k;
    }
  }
  if (*q == 'e' || *q == 'E' || *q == '.') return NULL;
  *mant = m;
  *exp10 = e;
  return q;
#else
  (void)p;
  (void)mant;
  (void)exp10;
  return NULL;
#endif
}

const char *evc_scan_numval(evc_scan_t *s, const char *p, evc_numval_t *n) {
  uint64_t mant;
  int exp10;
  if (s->end - p >= 25) {
    const char *q = plain_number(p, &mant, &exp10);
    if (q && evc_decimal_to_double(mant, exp10, *p == '-', &n->value)) {
      n->num.ptr = p;
      n->num.len = (size_t)(q - p);
      n->err = 0;
      n->exact = true;
      return q;
    }
  }
  evc_num_t num;
  p = evc_scan_number(s, p, &num);
  if (p) evc_numval_init(n, &num);
  return p;
}
