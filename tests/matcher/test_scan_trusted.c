/* Unit tests of trusted mode: on valid JSON its skips and member/string steps end where the validating ones do. */
#include "eventc/scan.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Skips the top-level value of `json` both ways (in an exact-size block, so ASan sees overreads). */
static void check_skip(const char *json) {
  size_t len = strlen(json);
  char *copy = malloc(len);
  assert_non_null(copy);
  memcpy(copy, json, len);
  evc_scan_t s;
  const char *p = evc_scan_begin(&s, copy, len, NULL, NULL);
  assert_non_null(p);
  const char *validated = evc_scan_skip(&s, p);
  assert_non_null(validated);
  s.trusted = 1;
  const char *trusted = evc_scan_skip(&s, p);
  if (trusted != validated) fail_msg("%s: trusted skip ends at %td, the validating one at %td", json, trusted - copy,
                                     validated - copy);
  free(copy);
}

static void scalars_and_containers(void **state) {
  (void)state;
  static const char *const docs[] = {
      "0", "-12.5e+3", "true", "null", "\"\"", "\"a\\\"b\"", "\"\\\\\"", "\"\\\\\\\"\\\\\"", "[]", "{}",
      "[1,[2,[3]],{\"a\":[]}]", "{\"a\":\"]}\",\"b\":{\"c\":\"{[\\\"\"}}", "[\"\\\\\",\"\\\\\\\\\",\"[\"]",
      "{\"k\":\"\\u005d\\\"}\"}   ", "[0] ",
  };
  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) check_skip(docs[i]);
}

/* Quotes, backslashes and brackets at every position around the 16- and 64-byte steps. */
static void block_edges(void **state) {
  (void)state;
  char doc[512];
  static const char xs[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                           "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
  for (size_t n = 0; n < 150; n++)
    for (size_t k = 0; k < 4; k++) {
      static const char *const inner[] = {"\\\"", "\\\\", "]}", "\\u0022"};
      size_t m = (size_t)snprintf(doc, sizeof doc, "[{\"s\":\"%.*s%s\"},", (int)n,
                                  xs, inner[k]);
      snprintf(doc + m, sizeof doc - m, "[%zu,\"%.*s\"]]", n, (int)(n % 17), "[[[[{{{{}}}}]]]]]");
      check_skip(doc);
    }
}

/* Escaped quotes and backslashes before brackets inside strings, at every offset of a whole block. */
static void escapes_in_blocks(void **state) {
  (void)state;
  char doc[512], xs[160];
  memset(xs, 'x', sizeof xs);
  for (int n = 0; n < 150; n++) {
    snprintf(doc, sizeof doc, "[\"%.*s\\\"]}]\",\"\\\\\",\"]]\"]%*s", n, xs, 70, "");
    check_skip(doc);
  }
}

/* Polygons of 0..60 points of varied lengths, strings with brackets among them: containers that
 * open and close several times in one 64-byte block, at every depth and offset. */
static void nested_points(void **state) {
  (void)state;
  static char doc[8192];
  for (int npts = 0; npts <= 60; npts++) {
    int m = snprintf(doc, sizeof doc, "{\"type\":\"Polygon\",\"coordinates\":[[");
    for (int i = 0; i < npts; i++)
      m += snprintf(doc + m, sizeof doc - (size_t)m, "%s{\"x\":-%d.%0*d,\"y\":%d,\"n\":\"%.*s\",\"e\":{}}",
                    i ? "," : "", i, i % 9 + 1, i * 7, i % 5, i % 23, "]}[{]}]]}}{{[[:,]]]]}}}}[[{{");
    m += snprintf(doc + m, sizeof doc - (size_t)m, "]],\"k\":[[],[[]],{\"a\":[{}]}]}");
    check_skip(doc);
    snprintf(doc + m, sizeof doc - (size_t)m, "%*s", 70 + npts, ""); /* the last bracket inside a whole block */
    check_skip(doc);
  }
}

static void same_str(const evc_str_t *a, const evc_str_t *b, const char *json) {
  if (a->ptr != b->ptr || a->len != b->len || a->escaped != b->escaped)
    fail_msg("%s: trusted read [%td, +%zu, escaped %d], the validating one [%td, +%zu, escaped %d]", json,
             b->ptr - json, b->len, b->escaped, a->ptr - json, a->len, a->escaped);
}

/* Reads the value at `p` with the validating steps (v) and the trusted ones (t) in lockstep. */
static const char *walk(evc_scan_t *v, evc_scan_t *t, const char *p, const char *json) {
  const char *q = p;
  evc_str_t a, b;
  int more, tmore;
  switch (evc_scan_kind(v, p)) {
  case EVC_KIND_OBJECT:
    more = evc_scan_obj_first(v, &p, &a);
    tmore = evc_trusted_obj_first(t, &q, &b);
    for (;;) {
      assert_int_equal(more, tmore);
      assert_ptr_equal(p, q);
      assert_int_equal(v->depth, t->depth);
      if (more <= 0) return p;
      same_str(&a, &b, json);
      p = q = walk(v, t, p, json);
      more = evc_scan_obj_next(v, &p, &a);
      tmore = evc_trusted_obj_next(t, &q, &b);
    }
  case EVC_KIND_ARRAY: /* the generated walks step through arrays with the scanner's functions in both modes */
    more = evc_scan_arr_first(v, &p);
    tmore = evc_scan_arr_first(t, &q);
    while (more > 0 && tmore > 0) {
      p = q = walk(v, t, p, json);
      more = evc_scan_arr_next(v, &p);
      tmore = evc_scan_arr_next(t, &q);
    }
    assert_int_equal(more, tmore);
    assert_ptr_equal(p, q);
    return p;
  case EVC_KIND_STRING:
    p = evc_scan_string(v, p, &a);
    q = evc_trusted_string(t, q, &b);
    same_str(&a, &b, json);
    break;
  default:
    p = evc_scan_skip(v, p);
    q = evc_trusted_skip(t, q);
    break;
  }
  if (p != q) fail_msg("%s: trusted step ends at %td, the validating one at %td", json, q - json, p - json);
  return p;
}

/* Walks the document both ways (in an exact-size block, so ASan sees overreads). */
static void check_walk(const char *json) {
  size_t len = strlen(json);
  char *copy = malloc(len);
  assert_non_null(copy);
  memcpy(copy, json, len);
  evc_scan_t v, t;
  const char *p = evc_scan_begin(&v, copy, len, NULL, NULL), *q = evc_trusted_begin(&t, copy, len, NULL);
  assert_non_null(p);
  assert_ptr_equal(p, q);
  p = walk(&v, &t, p, copy);
  assert_int_equal(evc_scan_finish(&v, p), 0);
  free(copy);
}

/* Members and strings: short and long keys, escapes, whitespace anywhere, near the end of the buffer. */
static void members_and_strings(void **state) {
  (void)state;
  static const char *const docs[] = {
      "{}", "{ }", "{\"a\":1}", "{\"a\":\"\"}", "{\"\":{}}", "{\"a\":{\"b\":[{\"c\":\"d\"}]},\"e\":null}",
      "{\"type\":\"Feature\",\"properties\":{\"MAPBLKLOT\":\"0001029\",\"BLKLOT\":\"0001029\"},\"n\":-1.5e3}",
      " {\t\"type\" :\"Feature\" ,\r\n \"properties\" : { \"MAPBLKLOT\"\n:\n\"0001029\" } , \"x\" : [ 1 , \"y\" ] } ",
      "{\"a_member_name_longer_than_sixteen\":\"and a value longer than sixteen bytes\",\"k\":true}",
      "{\"MAPBLK\\u004cOT\":\"000102\\u0039\",\"q\\\"k\":\"v\\\\\",\"\\\\\":\"\\\"\"}",
      "{\"\u043a\u043b\u044e\u0447\":\"\u0437\u043d\u0430\u0447\u0435\u043d\u0438\u0435\",\"\u00e9\":\"\u00e9\"}",
      "{\"z\":{\"a\":\"}]\\\"{[\",\"b\":[1,[2,{\"c\":null}]]},\"t\":true,\"f\":false,\"n\":7}",
      "[{\"a\":1},[{\"b\":\"c\"}],\"d\",{}]", "{\"k\":\"v\"}\n",
  };
  for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) check_walk(docs[i]);
}

/* Keys and values of every length across the 16-byte steps and up to the end of the buffer. */
static void member_edges(void **state) {
  (void)state;
  static const char pad[] = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
  char doc[256];
  for (int n = 0; n < 40; n++)
    for (int k = 0; k < 6; k++) {
      static const char *const forms[] = {"{\"%.*s\":\"%.*s\"}", "{\"x\":0,\"%.*s\":\"%.*s\"}",
                                          "{\"%.*s\" : \"%.*s\" }", "{\"%.*s\\n\":\"%.*s\\\"\"}",
                                          "{\"%.*s\":{\"%.*s\":1}}", "{\"%.*s\":[\"%.*s\",2]}"};
      snprintf(doc, sizeof doc, forms[k], n, pad, (n * 7) % 40, pad);
      check_walk(doc);
    }
}

/* Every cut of `json` (a document that breaks the contract) still ends each trusted step inside the
 * buffer, which is exactly as long as the cut (ASan sees any read past it). */
static void walk_cuts(const char *json) {
  for (size_t len = 1; len <= strlen(json); len++) {
    char *copy = malloc(len);
    assert_non_null(copy);
    memcpy(copy, json, len);
    evc_scan_t t;
    evc_str_t key, str;
    const char *p = evc_trusted_begin(&t, copy, len, NULL), *end = copy + len;
    int steps = 0;
    for (int more = evc_trusted_obj_first(&t, &p, &key); more > 0; more = evc_trusted_obj_next(&t, &p, &key)) {
      assert_true(p <= end && key.ptr + key.len <= end);
      p = evc_scan_kind(&t, p) == EVC_KIND_STRING ? evc_trusted_string(&t, p, &str) : evc_trusted_skip(&t, p);
      assert_true(p <= end);
      assert_true(++steps < 10);
    }
    assert_true(p <= end);
    free(copy);
  }
}

/* Cut anywhere: members, keys of every length around the 16-byte step, containers skipped by blocks. */
static void cut_documents_stay_inside(void **state) {
  (void)state;
  walk_cuts("{\"type\":\"Feature\",\"properties\":{\"MAPBLKLOT\":\"00\\\"01\",\"a_long_member_name_here\" : "
            "{\"x\":[1,\"]\"]}},\"n\":12}");
  static const char pad[] = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";
  char doc[512];
  for (int n = 0; n < 40; n++) {
    snprintf(doc, sizeof doc, "{\"%.*s\":1,\"%.*s\" :{\"a\":[%.*s]},\"b\":[\"%.*s\",{\"c\":[[\"]\"]]}]}", n, pad, n,
             pad, 0, pad, n, pad);
    walk_cuts(doc);
  }
  char big[1024];
  int m = snprintf(big, sizeof big, "{\"g\":{\"coordinates\":[[");
  for (int i = 0; i < 12; i++) m += snprintf(big + m, sizeof big - (size_t)m, "%s{\"x\":-1%d.5,\"s\":\"]}\"}", i ? "," : "", i);
  snprintf(big + m, sizeof big - (size_t)m, "]]},\"k\":\"v\"}");
  walk_cuts(big);
}

/* ---- evc_trusted_next_key ---- */

static const char *const test_keys[] = {"properties", "MAPBLKLOT", "x", "\xc3\xa9t\xc3\xa9", "", "~k", "0"};

static int test_is_key(const char *t, size_t n) {
  for (size_t i = 0; i < sizeof test_keys / sizeof *test_keys; i++)
    if (strlen(test_keys[i]) == n && memcmp(test_keys[i], t, n) == 0) return 1;
  return 0;
}

/* The tables for test_keys: the first bytes (and the backslash), with nibble tables built another way
 * than the compiler's (bucket h % 8: a superset, as the search allows). */
static evc_trusted_keys_t make_keys(void) {
  evc_trusted_keys_t k;
  memset(&k, 0, sizeof k);
  k.is_key = test_is_key;
  for (size_t i = 0; i <= sizeof test_keys / sizeof *test_keys; i++) {
    unsigned char c = i < sizeof test_keys / sizeof *test_keys ? (unsigned char)(test_keys[i][0] ? test_keys[i][0] : '"')
                                                                : (unsigned char)'\\';
    k.first[c >> 6] |= UINT64_C(1) << (c & 63);
    k.lo[c & 15] |= (unsigned char)(1u << ((c >> 4) % 8));
    k.hi[c >> 4] |= (unsigned char)(1u << ((c >> 4) % 8));
  }
  return k;
}

/* The definition, a byte at a time: the first quote from p whose string may be a key. */
static const char *next_key_ref(const evc_trusted_keys_t *k, const char *p, const char *end) {
  for (; p < end; p++) {
    if (*p != '"') continue;
    if (p + 1 == end) return p;
    unsigned char b = (unsigned char)p[1];
    if (!((k->first[b >> 6] >> (b & 63)) & 1u)) continue;
    const char *c = p + 1;
    while (c < end && *c != '"' && *c != '\\') c++;
    if (c == end || *c == '\\' || test_is_key(p + 1, (size_t)(c - p - 1))) return p;
  }
  return end;
}

/* Random runs of pieces that make and break keys, searched from every start (exact-size buffers). */
static void next_key_agrees(void **state) {
  (void)state;
  static const char *const pieces[] = {"\"", "\\", "\"properties\"", "\"propertie", "\"MAPBLKLOT\":", "\"x\"",
                                       "\"xx\"", "\"\"", "\"\xc3\xa9t\xc3\xa9\"", "\"\xc3\xa9", "\"~k\"", "\"0\"",
                                       "\"y\":-122.47,", "{\"z\":0}", "\\\"", "\"M\\u0041PBLKLOT\"", "abc", " ",
                                       ":", ",", "[", "]", "\"0001029\"", "\xff", "\x7f"};
  evc_trusted_keys_t k = make_keys();
  uint32_t seed = 20261205;
  for (int round = 0; round < 3000; round++) {
    char doc[700];
    size_t len = 0;
    seed = seed * 1103515245u + 12345u;
    size_t target = (seed >> 8) % 600;
    while (len < target) {
      seed = seed * 1103515245u + 12345u;
      const char *piece = pieces[(seed >> 8) % (sizeof pieces / sizeof *pieces)];
      size_t n = strlen(piece);
      if (len + n > sizeof doc) break;
      memcpy(doc + len, piece, n);
      len += n;
    }
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, doc, len);
    for (size_t from = 0; from <= len; from += 1 + from / 16) {
      const char *want = next_key_ref(&k, copy + from, copy + len);
      const char *got = evc_trusted_next_key(&k, copy + from, copy + len);
      if (got != want)
        fail_msg("round %d, from %zu of %zu: next key at %td, the definition says %td", round, from, len, got - copy,
                 want - copy);
    }
    free(copy);
  }
}

/* One key, a backslash or a lone last quote at every place of non-key text of every length around the
 * 32- and 64-byte steps, searched from a few starts. */
static void next_key_every_place(void **state) {
  (void)state;
  static const char filler[] = "{\"ab\":1,\"y\":[-12.5,\"z\"],";
  static const char *const marks[] = {"\"x\"", "\\", "\""};
  evc_trusted_keys_t k = make_keys();
  for (size_t len = 1; len <= 200; len++)
    for (size_t m = 0; m < sizeof marks / sizeof *marks; m++)
      for (size_t at = 0; at + strlen(marks[m]) <= len; at++) {
        char *doc = malloc(len);
        assert_non_null(doc);
        for (size_t i = 0; i < len; i++) doc[i] = filler[i % (sizeof filler - 1)];
        memcpy(doc + at, marks[m], strlen(marks[m]));
        if (m == 2 && at != len - 1) { /* the lone quote only as the last byte */
          free(doc);
          continue;
        }
        for (size_t from = 0; from <= at; from += 1 + at / 3) {
          const char *want = next_key_ref(&k, doc + from, doc + len);
          const char *got = evc_trusted_next_key(&k, doc + from, doc + len);
          if (got != want) fail_msg("mark %zu at %zu of %zu, from %zu: next key at %td, the definition says %td", m, at,
                                    len, from, got - doc, want - doc);
        }
        free(doc);
      }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(scalars_and_containers),
      cmocka_unit_test(block_edges),
      cmocka_unit_test(nested_points),
      cmocka_unit_test(escapes_in_blocks),
      cmocka_unit_test(members_and_strings),
      cmocka_unit_test(member_edges),
      cmocka_unit_test(cut_documents_stay_inside),
      cmocka_unit_test(next_key_agrees),
      cmocka_unit_test(next_key_every_place),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
