/* Schema numbers: the doubles generated parsers store equal strtod's, and bound checks that skip the conversion agree. */
#include "scenarios.h"

#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char mem[1 << 16];

/* Numbers at the edges of every reader: forms, digit counts, exponents, signs, range. */
static const char *const edge_numbers[] = {
    "0", "-0", "0.0", "-0.0", "1", "-1", "7", "10", "0.1", "-0.5", "0.30000000000000004", "37.8",
    "-122.45123456789012", "-122.4512345678901", "123.456", "9007199254740992", "9007199254740993",
    "9007199254740993.0", "1234567.8", "12345678", "1234567.890123456789", "123456789012345678",
    "1234567890123456789", "9999999999999999999", "12345678901234567890", "18446744073709551615",
    "18446744073709551616", "0.1234567890123456789", "0.12345678901234567890", "1.00000000000000011102230246251565404",
    "1.00000000000000011102230246251565405", "1e0", "1E+2", "1e-2", "-1.5e10", "1e23", "8.98846567431158e307",
    "1.7976931348623157e308", "1.7976931348623158e308", "2.2250738585072014e-308", "2.2250738585072011e-308",
    "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "1e-400", "-1e-400",
    "0.000000000000000000000000000001", "100000000000000000000000", "123e-20", "5e-324",
};

/* A CityLot whose firstCoordinates hold x and z as written, with more than 32 bytes after them. */
static size_t lot_with(char *json, size_t cap, const char *x, const char *z) {
  int n = snprintf(json, cap,
                   "{\"type\":\"Feature\",\"properties\":{\"MAPBLKLOT\":\"0001001\",\"BLKLOT\":\"0001001\","
                   "\"BLOCK_NUM\":\"0001\",\"LOT_NUM\":\"001\",\"STREET\":\"MARKET\",\"ODD_EVEN\":\"E\"},"
                   "\"geometry\":{\"type\":\"Polygon\",\"firstCoordinates\":{\"x\":%s,\"y\":37.8,\"z\":%s},"
                   "\"coordinates\":[[{\"x\":-122.42,\"y\":37.8,\"z\":0}]]}}",
                   x, z);
  assert_true(n > 0 && (size_t)n < cap);
  return (size_t)n;
}

static int parse_lot(const char *json, size_t len, scenarios_CityLot *ev, evc_error_t *err) {
  evc_arena_t a;
  evc_arena_init(&a, mem, sizeof mem);
  return scenarios_CityLot_parse(json, len, ev, &a, err);
}

/* The same bits (so -0 is not 0), or both NaN. */
static void assert_same_double(double got, double want, const char *text) {
  if (memcmp(&got, &want, sizeof got)) fail_msg("%s: parsed %.17g, strtod gives %.17g", text, got, want);
}

/* z (no bounds, stored by parse, only checked by validate): strtod's double, and validate agrees. */
static void check_stored(const char *z) {
  char json[1024];
  size_t len = lot_with(json, sizeof json, "1", z);
  scenarios_CityLot ev;
  evc_error_t err, verr;
  int r = parse_lot(json, len, &ev, &err);
  int vr = scenarios_CityLot_validate(json, len, &verr);
  double want = strtod(z, NULL); /* beyond the range, +-HUGE_VAL, as the parsers give */
  if (r) fail_msg("%s: %s", z, err.message);
  assert_int_equal(vr, 0);
  assert_same_double(ev.geometry.firstCoordinates.z, want, z);
}

/*
 * x (minimum -180, maximum 180): validate, which may skip the conversion, gives parse's verdict,
 * error and pointer, and that verdict is strtod's double against the bounds.
 */
static void check_bounded(const char *x, int syntax_ok) {
  char json[1024];
  size_t len = lot_with(json, sizeof json, x, "0");
  scenarios_CityLot ev;
  evc_error_t err, verr;
  int r = parse_lot(json, len, &ev, &err);
  int vr = scenarios_CityLot_validate(json, len, &verr);
  if (vr != r) fail_msg("%s: validate %d, parse %d", x, vr, r);
  if (r) {
    assert_string_equal(verr.pointer, err.pointer);
    assert_string_equal(verr.keyword, err.keyword);
    assert_string_equal(verr.message, err.message);
  }
  if (!syntax_ok) {
    if (r == 0 || r == EVC_E_SCHEMA) fail_msg("%s: accepted as a number", x);
    return;
  }
  double d = strtod(x, NULL);
  int in = d >= -180.0 && d <= 180.0;
  if (in != (r == 0)) fail_msg("%s: %s", x, r ? err.message : "accepted");
  if (!r) assert_same_double(ev.geometry.firstCoordinates.x, d, x);
  else assert_string_equal(err.pointer, "/geometry/firstCoordinates/x");
}

static void edge_values(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof edge_numbers / sizeof *edge_numbers; i++) check_stored(edge_numbers[i]);
  check_stored("1e400");
  check_stored("-1e400");
}

/* Every double printed shortest-but-one (%.17g), its ulp neighbours, and the decimal halfway between. */
static void ulp_neighbours(void **state) {
  (void)state;
  uint64_t rng = 88172645463325252u;
  for (int i = 0; i < 3000; i++) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    double d;
    uint64_t bits = i % 2 ? rng : (rng >> 12) | ((uint64_t)(1023 + (int)(rng % 40) - 20) << 52);
    memcpy(&d, &bits, sizeof d);
    if (!isfinite(d)) continue;
    double around[3] = {nextafter(d, -INFINITY), d, nextafter(d, INFINITY)};
    char t[128];
    for (int k = 0; k < 3; k++) {
      snprintf(t, sizeof t, "%.17g", around[k]);
      check_stored(t);
      snprintf(t, sizeof t, "%.16g", around[k]);
      check_stored(t);
    }
    snprintf(t, sizeof t, "%.40Lg", ((long double)around[0] + (long double)around[1]) / 2); /* exact halfway */
    check_stored(t);
  }
}

static void bounds_without_conversion(void **state) {
  (void)state;
  static const char *const inside_or_not[] = {
      "180", "180.0", "-180", "-180.0", "179", "179.99999999999999999999", "-179.9999999999999999", "180.0000000000000000001",
      "-180.0000000000000000001", "180.00000000001", "-180.00000000001", "180.5", "-180.5", "181", "-181", "0", "-0",
      "0.5", "-0.5", "1", "9", "99.5", "-122.45123456789012", "1e2", "1.8e2", "1.80000001e2", "-1.8E+2", "1000",
      "1234567", "-1234567.5", "12345678", "0.000001", "178.999999999999999999999999999999999999", "00", "-", "1.",
      "-.5", "01.5", "1.5e", "1e+", ".5", "-a", "1.5.5", "+1",
  };
  static const int syntax_ok[] = {
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
      1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  };
  assert_int_equal(sizeof inside_or_not / sizeof *inside_or_not, sizeof syntax_ok / sizeof *syntax_ok);
  for (size_t i = 0; i < sizeof syntax_ok / sizeof *syntax_ok; i++) check_bounded(inside_or_not[i], syntax_ok[i]);
  static const char *const spaced[] = {" 1", "\n-122.5", "\t -181", " 180.5", "\r\n0"};
  for (size_t i = 0; i < sizeof spaced / sizeof *spaced; i++) check_bounded(spaced[i], 1);
  static const char *const not_numbers[] = {"\"1\"", "true", "null", "[1]", "{\"x\":1}", "-\"1\""};
  for (size_t i = 0; i < sizeof not_numbers / sizeof *not_numbers; i++) { /* refused by both, alike */
    char json[1024];
    size_t len = lot_with(json, sizeof json, not_numbers[i], "0");
    evc_error_t err, verr;
    scenarios_CityLot ev;
    assert_int_not_equal(parse_lot(json, len, &ev, &err), 0);
    assert_int_equal(scenarios_CityLot_validate(json, len, &verr), err.code);
    assert_string_equal(verr.message, err.message);
    assert_string_equal(verr.pointer, err.pointer);
  }
  char t[64];
  for (int i = -200; i <= 200; i++) { /* integer parts either side of both bounds, with fractions */
    snprintf(t, sizeof t, "%d", i);
    check_bounded(t, 1);
    snprintf(t, sizeof t, "%d.%s", i, i % 3 ? "25" : "99999999999999999999");
    check_bounded(t, 1);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(edge_values),
      cmocka_unit_test(ulp_neighbours),
      cmocka_unit_test(bounds_without_conversion),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
