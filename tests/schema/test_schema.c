/* Scenario schemas compiled by eventc: typed parse, exact error pointers, serializer round trips, limits. */
#include "scenarios.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

static unsigned char mem[1 << 16];

static const char *error_text(evc_error_t *err) {
  static char msg[512];
  evc_error_format(err, msg, sizeof msg);
  return msg;
}

static int parse_ticket(const char *json, scenarios_TicketCompletedEvent *ev, evc_arena_t *a, evc_error_t *err) {
  evc_arena_init(a, mem, sizeof mem);
  return scenarios_TicketCompletedEvent_parse(json, strlen(json), ev, a, err);
}

static void ticket_fields(void **state) {
  (void)state;
  scenarios_TicketCompletedEvent ev;
  evc_arena_t a;
  evc_error_t err;
  const char *json = "{\"ticket_id\":\"tkt_8f3a2c\",\"status\":\"FAILED\",\"category\":\"hardware.disk\","
                     "\"solution_confidence\":0.95,\"unknown\":[1,{\"x\":null}]}";
  assert_int_equal(parse_ticket(json, &ev, &a, &err), 0);
  assert_int_equal(ev.ticket_id.len, 10);
  assert_memory_equal(ev.ticket_id.ptr, "tkt_8f3a2c", 10);
  assert_int_equal(ev.status, scenarios_TicketCompletedEvent_status_FAILED);
  assert_string_equal(scenarios_TicketCompletedEvent_status_names[ev.status], "FAILED");
  assert_true(ev.has_category && ev.has_solution_confidence);
  assert_true(ev.solution_confidence == 0.95);
  assert_int_equal(parse_ticket("{\"ticket_id\":\"tkt_1\",\"status\":\"READY\"}", &ev, &a, &err), 0);
  assert_false(ev.has_category);
  assert_false(ev.has_solution_confidence);
}

/* Each invalid event gives "offset: JSON Pointer: keyword: message". */
static void ticket_errors(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      {"{\"ticket_id\":\"tkt_8f3a2c\",\"status\":\"READY\",\"solution_confidence\":1.4}",
       "offset 65: /solution_confidence: maximum: 1.4 is greater than 1"},
      {"{\"ticket_id\":\"tkt_1\",\"status\":\"READY\",\"solution_confidence\":-0.5}",
       "offset 60: /solution_confidence: minimum: -0.5 is less than 0"},
      {"{\"ticket_id\":\"TKT-1\",\"status\":\"READY\"}",
       "offset 13: /ticket_id: pattern: \"TKT-1\" does not match /^tkt_[a-zA-Z0-9]+$/"},
      {"{\"ticket_id\":\"tkt_1\",\"status\":\"DONE\"}", "offset 30: /status: enum: \"DONE\" is not an allowed value"},
      {"{\"status\":\"READY\"}", "offset 0: /: required: missing property \"ticket_id\""},
      {"{\"ticket_id\":\"tkt_1\",\"status\":\"READY\",\"solution_confidence\":\"high\"}",
       "offset 60: /solution_confidence: type: expected number, got string"},
      {"{\"ticket_id\":\"tkt_1\",\"status\":\"READY\"", "offset 37: expected ',' or '}'"},
      {"{\"ticket_id\":\"tkt_1\",\"status\":\"READY\"} x", "offset 39: unexpected data after the JSON value"},
      {"[1]", "offset 0: /: type: expected object, got array"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    scenarios_TicketCompletedEvent ev;
    evc_arena_t a;
    evc_error_t err;
    assert_int_not_equal(parse_ticket(cases[i][0], &ev, &a, &err), 0);
    assert_string_equal(error_text(&err), cases[i][1]);
  }
}

/* parse(write(x)) == x for a struct built in C, escapes and non-ASCII included. */
static void ticket_round_trip(void **state) {
  (void)state;
  scenarios_TicketCompletedEvent x, y;
  memset(&x, 0, sizeof x);
  x.ticket_id.ptr = "tkt_Z9";
  x.ticket_id.len = 6;
  x.status = scenarios_TicketCompletedEvent_status_READY;
  x.has_category = true;
  x.category.ptr = "disk \"quoted\" \\ \t caf\xc3\xa9 \x01";
  x.category.len = strlen(x.category.ptr);
  x.has_solution_confidence = true;
  x.solution_confidence = 0.1 + 0.2;
  char buf[512], buf2[512];
  size_t n, n2;
  evc_error_t err;
  evc_arena_t a;
  assert_int_equal(scenarios_TicketCompletedEvent_write(&x, buf, sizeof buf, &n, &err), 0);
  assert_int_equal(parse_ticket(buf, &y, &a, &err), 0);
  assert_int_equal(y.ticket_id.len, x.ticket_id.len);
  assert_memory_equal(y.ticket_id.ptr, x.ticket_id.ptr, x.ticket_id.len);
  assert_int_equal(y.category.len, x.category.len);
  assert_memory_equal(y.category.ptr, x.category.ptr, x.category.len);
  assert_int_equal(y.status, x.status);
  assert_true(y.solution_confidence == x.solution_confidence);
  assert_int_equal(scenarios_TicketCompletedEvent_write(&y, buf2, sizeof buf2, &n2, &err), 0);
  assert_int_equal(n, n2);
  assert_string_equal(buf, buf2);
  assert_int_equal(scenarios_TicketCompletedEvent_write(&x, buf, 10, &n2, &err), EVC_E_NO_SPACE);
  assert_int_equal(n2, n);
}

static const char envelope[] =
    "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-bf3703467718\",\"detail-type\":\"ticket.completed\","
    "\"source\":\"ai-support.ticket-processing\",\"account\":\"111122223333\",\"time\":\"2024-03-01T12:00:00Z\","
    "\"region\":\"eu-west-1\",\"resources\":[\"arn:aws:a\",\"arn:aws:b\"],\"detail\":{\"ticket_id\":\"tkt_42\","
    "\"status\":\"READY\",\"category\":null,\"solution_confidence\":0.97,\"priority\":2,"
    "\"metadata\":{\"environment\":\"prod\",\"tags\":[\"x\",\"y\\u00e9\"]}}}";

static void envelope_parse_and_round_trip(void **state) {
  (void)state;
  scenarios_AWSEvent ev, ev2;
  evc_arena_t a;
  evc_error_t err;
  char out[2048], out2[2048];
  size_t n, n2;
  evc_arena_init(&a, mem, sizeof mem);
  assert_int_equal(scenarios_AWSEvent_parse(envelope, strlen(envelope), &ev, &a, &err), 0);
  assert_int_equal(ev.region, scenarios_AWSEvent_region_eu_west_1);
  assert_int_equal(ev.resources.count, 2);
  assert_true(ev.detail.has_category && ev.detail.category_is_null);
  assert_int_equal(ev.detail.priority, 2);
  assert_int_equal(ev.detail.metadata.tags.count, 2);
  assert_memory_equal(ev.detail.metadata.tags.items[1].ptr, "y\xc3\xa9", 3);
  assert_int_equal(scenarios_AWSEvent_write(&ev, out, sizeof out, &n, &err), 0);
  assert_int_equal(scenarios_AWSEvent_parse(out, n, &ev2, &a, &err), 0);
  assert_int_equal(scenarios_AWSEvent_write(&ev2, out2, sizeof out2, &n2, &err), 0);
  assert_string_equal(out, out2);
}

static void envelope_errors(void **state) {
  (void)state;
  static const char *const cases[][3] = {
      {"\"solution_confidence\":0.97", "\"solution_confidence\":1.5", "/detail/solution_confidence: maximum"},
      {"\"priority\":2", "\"priority\":2.5", "/detail/priority: type"},
      {"\"tags\":[\"x\",\"y\\u00e9\"]", "\"tags\":[\"x\",\"x\"]", "/detail/metadata/tags: uniqueItems"},
      {"\"region\":\"eu-west-1\"", "\"region\":\"mars-1\"", "/region: enum"},
      {"\"time\":\"2024-03-01T12:00:00Z\"", "\"time\":\"2024-03-01 12:00\"", "/time: format"},
      {"\"resources\":[\"arn:aws:a\",\"arn:aws:b\"]", "\"resources\":[\"arn:aws:a\",7]", "/resources/1: type"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char json[1024], *at = strstr(envelope, cases[i][0]);
    assert_non_null(at);
    snprintf(json, sizeof json, "%.*s%s%s", (int)(at - envelope), envelope, cases[i][1], at + strlen(cases[i][0]));
    evc_error_t err;
    assert_int_equal(scenarios_AWSEvent_validate(json, strlen(json), &err), EVC_E_SCHEMA);
    char expect[sizeof err.pointer + sizeof err.keyword + 2];
    snprintf(expect, sizeof expect, "%s: %s", err.pointer, err.keyword);
    assert_string_equal(expect, cases[i][2]);
  }
}

static void arena_exhausted(void **state) {
  (void)state;
  scenarios_AWSEvent ev;
  evc_arena_t a;
  evc_error_t err;
  evc_arena_init(&a, mem, 16);
  assert_int_equal(scenarios_AWSEvent_parse(envelope, strlen(envelope), &ev, &a, &err), EVC_E_NO_SPACE);
}

static void user_registration(void **state) {
  (void)state;
  const char *ok = "{\"user_id\":\"u1\",\"email\":\"ada@example.com\",\"registration_type\":\"premium\","
                   "\"course_interests\":[\"c\",\"rust\"],\"timestamp\":\"2024-02-29T08:00:00.5+01:00\"}";
  const char *bad_email = "{\"user_id\":\"u1\",\"email\":\"ada.example.com\",\"registration_type\":\"free\","
                          "\"timestamp\":\"2024-02-29T08:00:00Z\"}";
  const char *bad_date = "{\"user_id\":\"u1\",\"email\":\"ada@example.com\",\"registration_type\":\"free\","
                         "\"timestamp\":\"2023-02-29T08:00:00Z\"}";
  scenarios_UserRegistrationEvent ev;
  evc_arena_t a;
  evc_error_t err;
  evc_arena_init(&a, mem, sizeof mem);
  assert_int_equal(scenarios_UserRegistrationEvent_parse(ok, strlen(ok), &ev, &a, &err), 0);
  assert_int_equal(ev.registration_type, scenarios_UserRegistrationEvent_registration_type_premium);
  assert_int_equal(ev.course_interests.count, 2);
  assert_int_equal(scenarios_UserRegistrationEvent_validate(bad_email, strlen(bad_email), &err), EVC_E_SCHEMA);
  assert_string_equal(err.pointer, "/email");
  assert_int_equal(scenarios_UserRegistrationEvent_validate(bad_date, strlen(bad_date), &err), EVC_E_SCHEMA);
  assert_string_equal(err.pointer, "/timestamp");
  assert_string_equal(err.keyword, "format");
}

static void citylot(void **state) {
  (void)state;
  const char *lot = "{\"type\":\"Feature\",\"properties\":{\"MAPBLKLOT\":\"0001001\",\"BLKLOT\":\"0001001\","
                    "\"BLOCK_NUM\":\"0001\",\"LOT_NUM\":\"001\",\"FROM_ST\":\"0\",\"TO_ST\":\"0\",\"STREET\":\"UNKNOWN\","
                    "\"ST_TYPE\":null,\"ODD_EVEN\":\"E\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[{\"x\":"
                    "-122.42,\"y\":37.80,\"z\":0},{\"x\":-122.41,\"y\":37.80,\"z\":0}]],\"firstCoordinates\":{\"x\":"
                    "-122.42,\"y\":37.80,\"z\":0}}}";
  scenarios_CityLot ev;
  evc_arena_t a;
  evc_error_t err;
  evc_arena_init(&a, mem, sizeof mem);
  assert_int_equal(scenarios_CityLot_parse(lot, strlen(lot), &ev, &a, &err), 0);
  assert_true(ev.properties.has_ST_TYPE && ev.properties.ST_TYPE_is_null);
  assert_int_equal(ev.geometry.coordinates.count, 1);
  assert_int_equal(ev.geometry.coordinates.items[0].count, 2);
  assert_true(ev.geometry.firstCoordinates.x == -122.42);
  /* anyOf [Point, array of Points] over disjoint kinds: an object's error is the Point's own */
  static const char *const bad[][3] = {
      {"{\"x\":-122.41,", "{\"x\":-222.41,", "/geometry/coordinates/0/1/x: minimum"},
      {"{\"x\":-122.41,\"y\":37.80,\"z\":0}", "\"here\"", "/geometry/coordinates/0/1: anyOf"},
      {"{\"x\":-122.41,\"y\":37.80,\"z\":0}", "[{\"x\":1,\"y\":2}]", "/geometry/coordinates/0/1: minItems"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    char json[1024], *at = strstr(lot, bad[i][0]), expect[sizeof err.pointer + sizeof err.keyword + 2];
    snprintf(json, sizeof json, "%.*s%s%s", (int)(at - lot), lot, bad[i][1], at + strlen(bad[i][0]));
    assert_int_equal(scenarios_CityLot_validate(json, strlen(json), &err), EVC_E_SCHEMA);
    snprintf(expect, sizeof expect, "%s: %s", err.pointer, err.keyword);
    assert_string_equal(expect, bad[i][2]);
  }
}

/* A recursive schema: arrays of itself are typed, a by-value self reference is a JSON view. */
static void recursive_tree(void **state) {
  (void)state;
  const char *json = "{\"name\":\"root\",\"children\":[{\"name\":\"a\",\"children\":[{\"name\":\"b\"}]},"
                     "{\"name\":\"c\",\"next\":{\"name\":\"d\"}}],\"kind\":\"a_b\",\"has_name\":true,"
                     "\"v\":null,\"in\":-9007199254740993}";
  scenarios_Tree t;
  evc_arena_t a;
  evc_error_t err;
  char out[1024];
  size_t n;
  evc_arena_init(&a, mem, sizeof mem);
  assert_int_equal(scenarios_Tree_parse(json, strlen(json), &t, &a, &err), 0);
  assert_int_equal(t.children.count, 2);
  assert_int_equal(t.children.items[0].children.count, 1);
  assert_memory_equal(t.children.items[1].next.ptr, "{\"name\":\"d\"}", t.children.items[1].next.len);
  assert_int_equal(t.kind, scenarios_Tree_kind_a_b_1);
  assert_true(t.has_v && t.v_is_null);
  assert_true(t.in == -9007199254740993LL);
  assert_true(t.has_has_name_ && t.has_name_);
  assert_int_equal(scenarios_Tree_write(&t, out, sizeof out, &n, &err), 0);
  assert_string_equal(out, json);
  const char *bad = "{\"name\":\"r\",\"children\":[{\"name\":\"a\",\"children\":[{\"name\":7}]}]}";
  assert_int_equal(scenarios_Tree_validate(bad, strlen(bad), &err), EVC_E_SCHEMA);
  assert_string_equal(error_text(&err), "offset 56: /children/0/children/0/name: type: expected string, got number");
}

/* Two versions of one schema side by side: the version joins the C names. */
static void versions_side_by_side(void **state) {
  (void)state;
  const char *retry = "{\"ticket_id\":\"tkt_1\",\"status\":\"RETRY\"}";
  evc_error_t err;
  assert_int_equal(scenarios_Ticket_v1_validate(retry, strlen(retry), &err), EVC_E_SCHEMA);
  assert_int_equal(scenarios_Ticket_v2_validate(retry, strlen(retry), &err), 0);
  assert_int_equal(scenarios_Ticket_v2_status_RETRY, 2);
  /* v2 restricts key names: the error names the member and its place in the document */
  const char *bad_key = "{\"ticket_id\":\"tkt_1\",\"status\":\"READY\",\"Bad\":7}";
  assert_int_equal(scenarios_Ticket_v2_validate(bad_key, strlen(bad_key), &err), EVC_E_SCHEMA);
  assert_string_equal(err.pointer, "/Bad");
  assert_string_equal(err.keyword, "pattern");
  assert_int_equal(err.offset, (size_t)(strstr(bad_key, "7}") - bad_key));
}

/* $ref into another local file: the target keeps its definition name; draft-04 exclusiveMinimum. */
static void ref_to_local_file(void **state) {
  (void)state;
  const char *ok = "{\"order_id\":\"o1\",\"shipping\":{\"city\":\"Roma\",\"zip\":\"00121\"},\"total\":0.5}";
  const char *zero = "{\"order_id\":\"o1\",\"shipping\":{\"city\":\"Roma\"},\"total\":0}";
  const char *zip = "{\"order_id\":\"o1\",\"shipping\":{\"city\":\"Roma\"},\"billing\":{\"city\":\"X\",\"zip\":\"1\"}}";
  scenarios_Order o;
  scenarios_Address *addr;
  evc_arena_t a;
  evc_error_t err;
  evc_arena_init(&a, mem, sizeof mem);
  assert_int_equal(scenarios_Order_parse(ok, strlen(ok), &o, &a, &err), 0);
  addr = &o.shipping;
  assert_true(addr->has_zip);
  assert_memory_equal(addr->city.ptr, "Roma", 4);
  assert_int_equal(scenarios_Order_validate(zero, strlen(zero), &err), EVC_E_SCHEMA);
  assert_string_equal(error_text(&err), "offset 52: /total: exclusiveMinimum: 0 is less than or equal to 0");
  assert_int_equal(scenarios_Order_validate(zip, strlen(zip), &err), EVC_E_SCHEMA);
  assert_string_equal(err.pointer, "/billing/zip");
}

/*
 * evc_pointer_at against pointers built while reading the document with the scanner: every
 * value's first byte, and the bytes of keys and separators (the container's pointer).
 */
typedef struct expected_ptrs {
  const char *doc;
  char ptr[64][64];
  size_t off[64], n;
} expected_ptrs_t;

static void note(expected_ptrs_t *x, const char *p, const char *ptr) {
  assert_true(x->n < 64);
  x->off[x->n] = (size_t)(p - x->doc);
  snprintf(x->ptr[x->n++], sizeof x->ptr[0], "%s", ptr);
}

/* Records the value at *pp and every value inside it; leaves *pp after it. */
static void record_values(expected_ptrs_t *x, evc_scan_t *s, const char **pp, const char *ptr) {
  char sub[64], key[32];
  const char *p = evc_scan_ws(s, *pp);
  note(x, p, ptr);
  evc_kind_t k = evc_scan_kind(s, p);
  if (k == EVC_KIND_OBJECT || k == EVC_KIND_ARRAY) {
    evc_str_t name;
    size_t i = 0;
    int r = k == EVC_KIND_OBJECT ? evc_scan_obj_first(s, &p, &name) : evc_scan_arr_first(s, &p);
    while (r == 1) {
      if (k == EVC_KIND_OBJECT) {
        size_t n = evc_str_unescape(&name, key, sizeof key - 1), at = 0;
        char esc[64];
        for (size_t j = 0; j < n; j++) { /* ~ and / escaped as the pointer syntax wants */
          if (key[j] == '~' || key[j] == '/') esc[at++] = '~', esc[at++] = key[j] == '~' ? '0' : '1';
          else esc[at++] = key[j];
        }
        snprintf(sub, sizeof sub, "%s/%.*s", ptr, (int)at, esc);
        note(x, name.ptr - 1, ptr); /* the key's quote: the object's */
      } else {
        snprintf(sub, sizeof sub, "%s/%lu", ptr, (unsigned long)i++);
      }
      record_values(x, s, &p, sub);
      note(x, evc_scan_ws(s, p), ptr); /* the separator or the closing bracket */
      r = k == EVC_KIND_OBJECT ? evc_scan_obj_next(s, &p, &name) : evc_scan_arr_next(s, &p);
    }
    assert_int_equal(r, 0);
  } else {
    p = evc_scan_skip(s, p);
    assert_non_null(p);
  }
  *pp = p;
}

static void pointers_from_offsets(void **state) {
  (void)state;
  static const char *const docs[] = {
      "{\"a\":1,\"b\":[true,{\"c\":\"x\"},[]],\"d\":{}}",
      " { \"a/b\" : [ 1 , -2.5e3 , null ] ,\n \"m~n\":\"s\\\"t\" , \"\\u0041\":{\"\":0}} ",
      "[[[\"deep\"]],{\"k\":[{},{\"z\":false}]}]",
      "\"just a string\"",
  };
  for (size_t d = 0; d < sizeof docs / sizeof *docs; d++) {
    expected_ptrs_t x;
    evc_scan_t s;
    x.doc = docs[d];
    x.n = 0;
    const char *p = evc_scan_begin(&s, docs[d], strlen(docs[d]), NULL, NULL);
    record_values(&x, &s, &p, "");
    for (size_t i = 0; i < x.n; i++) {
      char got[128];
      size_t n = evc_pointer_at(docs[d], strlen(docs[d]), x.off[i], got, sizeof got);
      assert_int_equal(n, strlen(got));
      if (strcmp(got, x.ptr[i])) fail_msg("doc %lu offset %lu: \"%s\", want \"%s\"", (unsigned long)d,
                                          (unsigned long)x.off[i], got, x.ptr[i]);
    }
  }
  char small[4];
  assert_int_equal(evc_pointer_at(docs[0], strlen(docs[0]), 22, small, sizeof small), 3); /* "/b/1" cut */
  assert_string_equal(small, "/b/");
}

/* A syntax error's pointer is the value being read when the bad byte came. */
static void syntax_error_pointers(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      {"{\"ticket_id\":\"tkt_1\",\"status\":\"READY\",\"solution_confidence\":0.5x}", "/solution_confidence"},
      {"{\"ticket_id\":\"tkt_\\q\"}", "/ticket_id"},
      {"{\"ticket_id\":\"tkt_1\",,}", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    evc_error_t err;
    assert_int_not_equal(scenarios_TicketCompletedEvent_validate(cases[i][0], strlen(cases[i][0]), &err), 0);
    if (strcmp(err.pointer, cases[i][1])) fail_msg("%s: pointer \"%s\", want \"%s\"", cases[i][0], err.pointer, cases[i][1]);
  }
}

/* minLength/maxLength count code points: the word-at-a-time count against a byte loop. */
static void utf8_length(void **state) {
  (void)state;
  static const char *const pieces[] = {"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "~"};
  unsigned long long r = 7;
  char s[96];
  for (int t = 0; t < 2000; t++) {
    size_t n = 0, cps = 0;
    r = r * 6364136223846793005ULL + 1442695040888963407ULL;
    for (size_t want = (size_t)(r >> 58); want--;) {
      const char *p = pieces[(r >> (want % 40)) % 5];
      if (n + strlen(p) > sizeof s) break;
      memcpy(s + n, p, strlen(p));
      n += strlen(p);
      cps++;
    }
    assert_int_equal(evc_utf8_len(s, n), cps);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(ticket_fields),       cmocka_unit_test(ticket_errors),
      cmocka_unit_test(ticket_round_trip),   cmocka_unit_test(envelope_parse_and_round_trip),
      cmocka_unit_test(envelope_errors),     cmocka_unit_test(arena_exhausted),
      cmocka_unit_test(user_registration),   cmocka_unit_test(citylot),
      cmocka_unit_test(recursive_tree),      cmocka_unit_test(versions_side_by_side),
      cmocka_unit_test(ref_to_local_file),     cmocka_unit_test(pointers_from_offsets),
      cmocka_unit_test(syntax_error_pointers), cmocka_unit_test(utf8_length),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
