/* parse_any: versions of one schema compiled side by side, picked by schema_version or x-eventc-version-field. */
#include "versions.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

static char mem[4096];

static int parse_ticket(const char *json, versions_TicketEvent_any *out, evc_error_t *err) {
  evc_arena_t a;
  evc_arena_init(&a, mem, sizeof mem);
  return versions_TicketEvent_parse_any(json, strlen(json), out, &a, err);
}

static void picks_the_version_the_member_names(void **state) {
  (void)state;
  versions_TicketEvent_any t;
  evc_error_t err;
  assert_int_equal(parse_ticket("{\"ticket_id\":\"tkt_1\",\"schema_version\":\"1.0\",\"status\":\"READY\"}", &t, &err), 0);
  assert_int_equal(t.version, versions_TicketEvent_V1);
  assert_true(t.as.TicketEvent_v1.has_status);
  assert_int_equal(parse_ticket("{\"schema_version\":\"2.0\",\"ticket_id\":\"tkt_2\",\"priority\":3,\"status\":\"RETRY\"}",
                                &t, &err), 0);
  assert_int_equal(t.version, versions_TicketEvent_V2);
  assert_int_equal(t.as.TicketEvent_v2.priority, 3);
  /* the number 1 selects v1 too, whose schema_version is a string: v1's parser says so */
  assert_int_equal(parse_ticket("{\"schema_version\":1,\"ticket_id\":\"tkt_3\"}", &t, &err), EVC_E_SCHEMA);
  assert_int_equal(t.version, versions_TicketEvent_V1);
  assert_string_equal(err.pointer, "/schema_version");
}

static void the_chosen_version_validates(void **state) {
  (void)state;
  versions_TicketEvent_any t;
  evc_error_t err;
  /* RETRY is only in v2's enum; v2 requires priority */
  assert_int_equal(parse_ticket("{\"schema_version\":\"1\",\"ticket_id\":\"t\",\"status\":\"RETRY\"}", &t, &err), EVC_E_SCHEMA);
  assert_string_equal(err.pointer, "/status");
  assert_int_equal(parse_ticket("{\"schema_version\":\"2.0\",\"ticket_id\":\"t\"}", &t, &err), EVC_E_SCHEMA);
  assert_string_equal(err.keyword, "required");
}

static void unknown_or_missing_version_is_an_error_at_the_member(void **state) {
  (void)state;
  versions_TicketEvent_any t;
  evc_error_t err;
  assert_int_equal(parse_ticket("{\"ticket_id\":\"t\",\"schema_version\":\"3.0\"}", &t, &err), EVC_E_SCHEMA);
  assert_string_equal(err.pointer, "/schema_version");
  assert_non_null(strstr(err.message, "unknown version \"3.0\" of TicketEvent (known: 1, 2.0)"));
  assert_int_equal(err.offset, 34);
  assert_int_equal(parse_ticket("{\"ticket_id\":\"t\"}", &t, &err), EVC_E_SCHEMA);
  assert_non_null(strstr(err.message, "no member \"schema_version\""));
  assert_int_equal(parse_ticket("{\"schema_version\":\"1\",", &t, &err), EVC_E_SYNTAX);
  assert_int_not_equal(parse_ticket("[1]", &t, &err), 0); /* not an object: no version to read */
  assert_int_equal(t.version, 0);
}

static void version_field_named_in_the_schema(void **state) {
  (void)state;
  versions_Payment_any p;
  evc_error_t err;
  evc_arena_t a;
  evc_arena_init(&a, mem, sizeof mem);
  const char *v2 = "{\"amount\":12,\"api\":\"2025-06\",\"currency\":\"EUR\"}";
  assert_int_equal(versions_Payment_parse_any(v2, strlen(v2), &p, &a, &err), 0);
  assert_int_equal(p.version, versions_Payment_V2025_06);
  assert_int_equal(p.as.Payment_v2025_06.amount, 12);
  const char *v1 = "{\"amount\":12.5,\"api\":\"2024-01\"}";
  assert_int_equal(versions_Payment_parse_any(v1, strlen(v1), &p, &a, &err), 0);
  assert_int_equal(p.version, versions_Payment_V2024_01);
  const char *bad = "{\"api\":\"2024-01.0\",\"amount\":1}"; /* not a number: no .0 spellings */
  assert_int_equal(versions_Payment_parse_any(bad, strlen(bad), &p, &a, &err), EVC_E_SCHEMA);
  assert_string_equal(err.pointer, "/api");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(picks_the_version_the_member_names),
      cmocka_unit_test(the_chosen_version_validates),
      cmocka_unit_test(unknown_or_missing_version_is_an_error_at_the_member),
      cmocka_unit_test(version_field_named_in_the_schema),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
