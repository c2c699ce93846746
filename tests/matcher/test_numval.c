/* evc_scan_numval (the matchers' numeric leaves) against evc_scan_number + strtod, on its fast forms and beside them. */
#include "eventc/match.h"
#include "eventc/scan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static uint64_t rng = 0x9E3779B97F4A7C15u;

static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

/* `len` digits, the first nonzero unless `len` is 1. */
static void digits(char *out, unsigned len) {
  for (unsigned i = 0; i < len; i++) out[i] = (char)('0' + (i == 0 && len > 1 ? 1 + rnd(9) : rnd(10)));
  out[len] = 0;
}

/* A number of the fast forms (-?int(.frac)?, up to 21 digits) or next to them (exponent, "1.", "01"). */
static void number_text(char *out) {
  char a[32], b[32];
  digits(a, 1 + rnd(rnd(4) ? 4 : 17));
  digits(b, 1 + rnd(rnd(3) ? 17 : 20));
  const char *sign = rnd(2) ? "-" : "";
  switch (rnd(8)) {
  case 0: sprintf(out, "%s%s", sign, a); break;
  case 1: sprintf(out, "%s%se%d", sign, a, (int)rnd(40) - 20); break;
  case 2: sprintf(out, "%s0.%s", sign, b); break;
  case 3: sprintf(out, "%s0%s", sign, a); break; /* invalid: a leading zero */
  case 4: sprintf(out, "%s%s.", sign, a); break;  /* invalid */
  default: sprintf(out, "%s%s.%s", sign, a, b); break;
  }
}

/*
 * Scans `text` followed by `tail` (the rest of a document) with both readers: they agree on
 * validity and end, and every comparison with `t` and with the number's own double decides as
 * the exact conversion does.
 */
static void agree(const char *text, const char *tail, double t) {
  char doc[160];
  size_t n = (size_t)snprintf(doc, sizeof doc, "%s%s", text, tail);
  char *copy = malloc(n); /* exact size: AddressSanitizer sees a read past the document */
  assert_non_null(copy);
  memcpy(copy, doc, n);
  evc_scan_t s1, s2;
  evc_error_t e1, e2;
  evc_num_t num;
  evc_numval_t v;
  const char *p1 = evc_scan_begin(&s1, copy, n, NULL, &e1), *p2 = evc_scan_begin(&s2, copy, n, NULL, &e2);
  const char *q1 = evc_scan_number(&s1, p1, &num), *q2 = evc_scan_numval(&s2, p2, &v);
  if ((q1 == NULL) != (q2 == NULL) || (q1 && q1 != q2)) fail_msg("%s: ends differ", text);
  if (!q1) {
    if (e1.code != e2.code || e1.offset != e2.offset) fail_msg("%s: errors differ", text);
  } else {
    double exact = evc_num_to_double(&num);
    int want = (exact > t) - (exact < t);
    evc_numval_t w = v;
    if (evc_numval_cmp(&v, t) != want) fail_msg("%s vs %.17g", text, t);
    if (evc_numval_cmp(&w, exact) != 0) fail_msg("%s vs itself", text);
  }
  free(copy);
}

/* Random numbers, each compared with a random constant and with a neighbour of its own value. */
static void matches_exact_conversion(void **state) {
  (void)state;
  static const char *tails[] = {"", ",\"z\":0}]]}", "}                                        ", " ,1]"};
  for (int i = 0; i < 200000; i++) {
    char text[80];
    number_text(text);
    double x = strtod(text, NULL);
    double t = rnd(2) ? x + x * 1e-16 * ((double)rnd(5) - 2.0) : (double)rnd(200000) / 1000.0 - 100.0;
    agree(text, tails[rnd(4)], t);
  }
}

/* The edges of the fast forms: 8, 16 and 19 digits, a '.' or the end at the end of a window, zeros. */
static void window_edges(void **state) {
  (void)state;
  static const char *cases[] = {
      "0", "-0", "0.0", "-0.000", "9", "123456789012345", "1234567890123456", "-122.47106515327100",
      "37.792968580684835", "123456789012345.6", "12345678901234.5678", "1.234567890123456789",
      "1.2345678901234567890", "9999999999999999999", "99999999999999999999", "0.1e1", "1.5E3", "1.2.3",
      "00", "-", "-.5", "9007199254740993", "9007199254740993.0", "0.30000000000000004", "122.416009440124240001",
      /* around the 8-digit value and its 32-byte window */
      "12345678", "12345678.9", "-12345678.123456789", "123456789.5", "1.2345678", "1.23456789", "-0.00000001",
      "0.000000001234", "99999999.99999999", "12.34567890123456789012345678", "12.345678901234567890123456789",
      "1.2345678901234567890123456789012",
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    double x = strtod(cases[i], NULL);
    agree(cases[i], "", x);
    agree(cases[i], ",\"y\":37.7,\"z\":0},{\"x\":-122.4}]]", x);
    agree(cases[i], ",\"y\":37.7,\"z\":0},{\"x\":-122.4}]]", -122.41600944012424);
  }
}

/* Short integers come out exact, so equality with an integer constant needs no second conversion. */
static void integers_exact(void **state) {
  (void)state;
  static const char *cases[] = {"9", "-7", "42", "95", "200", "999999999999999", "-900719925474099"};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char doc[80];
    size_t n = (size_t)snprintf(doc, sizeof doc, "%s,\"y\":37.7,\"z\":0},{\"x\":-122.4}]]", cases[i]);
    evc_scan_t s;
    evc_error_t e;
    evc_numval_t v;
    const char *p = evc_scan_begin(&s, doc, n, NULL, &e);
    assert_non_null(evc_scan_numval(&s, p, &v));
    if (!v.exact || v.err != 0 || v.value != strtod(cases[i], NULL)) fail_msg("%s: not exact", cases[i]);
  }
}

/* The last number of a buffer, alone in an exact-size buffer (AddressSanitizer sees any read past it): its end,
 * and its value equal to strtod's; *quick says whether it came in the quick form (a rounded fraction with its
 * error bound, as SSE2's quick forms give one). */
static void read_last_number(const char *text, bool *quick) {
  size_t n = strlen(text);
  char *doc = malloc(n);
  assert_non_null(doc);
  memcpy(doc, text, n);
  evc_scan_t s;
  evc_error_t e;
  evc_numval_t v;
  const char *p = evc_scan_begin(&s, doc, n, NULL, &e);
  assert_ptr_equal(evc_scan_numval(&s, p, &v), doc + n);
  *quick = !v.exact && v.err > 0;
  if (evc_numval_cmp(&v, strtod(text, NULL)) != 0) fail_msg("%s vs itself", text);
  free(doc);
}

/* The last number of a buffer takes the quick forms too (read word-wise from words ending at the buffer's end):
 * with SSE2 a fraction comes out rounded, with its error bound, where the general path would convert it exactly
 * (the word-wise forms convert exactly, so there both paths give the same). Integers stay exact; numbers of more
 * than 19 digits or 15 fraction digits, and exponents, take the general path, which compares them the same. */
static void near_end_quick(void **state) {
  (void)state;
  static const char *fractions[] = {"-122.471065153271", "0.5", "37.792968580684835", "-122.47156865330248",
                                    "1.000000000000001", "123456789012345.5"};
  static const char *integers[] = {"0", "-0", "-7", "120", "999999999999999", "1234567890123456"};
  static const char *others[] = {"37.79296858068483512345", "0.1234567890123456", "12345678901234567890", "1e5",
                                 "-2.5E-3"};
  bool quick;
  for (size_t i = 0; i < sizeof fractions / sizeof *fractions; i++) {
    read_last_number(fractions[i], &quick);
#if defined(__SSE2__) && !defined(EVC_SCAN_PORTABLE)
    if (!quick) fail_msg("%s: not the quick form", fractions[i]);
#endif
  }
  for (size_t i = 0; i < sizeof integers / sizeof *integers; i++) {
    read_last_number(integers[i], &quick);
    if (quick) fail_msg("%s: rounded", integers[i]);
  }
  for (size_t i = 0; i < sizeof others / sizeof *others; i++) read_last_number(others[i], &quick);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(window_edges),
      cmocka_unit_test(integers_exact),
      cmocka_unit_test(near_end_quick),
      cmocka_unit_test(matches_exact_conversion),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
