/* Unit tests of the runtime JSON scanner and matcher support: validation, errors, decoding, numbers. */
#include "eventc/match.h"
#include "eventc/scan.h"
#include "eventc/validate.h"

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/*
 * A copy of `len` bytes in a heap block of exactly that size: the scanner reads in 8- and 16-byte
 * windows, and only an exact-size block lets AddressSanitizer see a read past the document.
 */
static char *exact_copy(const char *json, size_t len) {
  char *copy = malloc(len ? len : 1);
  assert_non_null(copy);
  if (len) memcpy(copy, json, len);
  return copy;
}

/* Validates a whole document; returns the error code (0 = valid) and the error offset. */
static int validate(const char *json, size_t len, const evc_scan_limits_t *lim, size_t *offset) {
  evc_error_t err;
  evc_scan_t s;
  char *copy = exact_copy(json, len);
  const char *p = evc_scan_begin(&s, copy, len, lim, &err);
  if (p) p = evc_scan_skip(&s, p);
  int rc = evc_scan_finish(&s, p);
  free(copy);
  if (offset) *offset = err.offset;
  assert_int_equal(rc, (int)err.code);
  return rc;
}

static int check(const char *json) { return validate(json, strlen(json), NULL, NULL); }

static void valid_documents(void **state) {
  (void)state;
  static const char *const ok[] = {
      "{}", "[]", " {\"a\" : [1, -0, 0.5, 1e5, 1E-5, -1.25e+3, true, false, null, \"\"]} \n", "\"x\"", "0",
      "{\"\\u00e9\\n\\\"\\/\\\\\\b\\f\\r\\t\": \"\\ud83d\\ude00\"}", "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"",
      "[[[[]]]]", "{\"a\":{\"b\":{\"c\":[{}]}}}", "\"\\u0000\""};
  for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
    if (check(ok[i]) != 0) fail_msg("rejected valid JSON: %s", ok[i]);
  }
}

typedef struct {
  const char *json;
  evc_errcode_t code;
  size_t offset;
} bad_t;

static void invalid_documents(void **state) {
  (void)state;
  static const bad_t bad[] = {
      {"", EVC_E_SYNTAX, 0},
      {"   ", EVC_E_SYNTAX, 3},
      {"{", EVC_E_SYNTAX, 1},
      {"{\"a\":1,}", EVC_E_SYNTAX, 7},
      {"[1,]", EVC_E_SYNTAX, 3},
      {"[1 2]", EVC_E_SYNTAX, 3},
      {"{\"a\" 1}", EVC_E_SYNTAX, 5},
      {"{a:1}", EVC_E_SYNTAX, 1},
      {"[01]", EVC_E_NUMBER, 1},
      {"[1.]", EVC_E_NUMBER, 1},
      {"[-]", EVC_E_NUMBER, 1},
      {"[1e]", EVC_E_NUMBER, 1},
      {"[.5]", EVC_E_SYNTAX, 1},
      {"[+1]", EVC_E_SYNTAX, 1},
      {"[1e400]", EVC_E_NUMBER, 1},
      {"[tru]", EVC_E_SYNTAX, 1},
      {"[nul]", EVC_E_SYNTAX, 1},
      {"\"abc", EVC_E_SYNTAX, 4},
      {"\"a\tb\"", EVC_E_SYNTAX, 2},
      {"\"\\x\"", EVC_E_ESCAPE, 1},
      {"\"\\u12G4\"", EVC_E_ESCAPE, 1},
      {"\"\\ud800\"", EVC_E_ESCAPE, 1},
      {"\"\\udc00\"", EVC_E_ESCAPE, 1},
      {"\"\\ud800\\u0041\"", EVC_E_ESCAPE, 1},
      {"\"\xc0\x80\"", EVC_E_UTF8, 1},
      {"\"\xe0\x80\x80\"", EVC_E_UTF8, 1},
      {"\"\xed\xa0\x80\"", EVC_E_UTF8, 1},
      {"\"\xf5\x80\x80\x80\"", EVC_E_UTF8, 1},
      {"\"\xc3\"", EVC_E_UTF8, 1},
      {"\"\x80\"", EVC_E_UTF8, 1},
      {"{} x", EVC_E_SYNTAX, 3},
      {"[1]]", EVC_E_SYNTAX, 3},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    size_t off = 0;
    int rc = validate(bad[i].json, strlen(bad[i].json), NULL, &off);
    if (rc != (int)bad[i].code || off != bad[i].offset)
      fail_msg("%s: got %s at %zu, want %s at %zu", bad[i].json, evc_errcode_name((evc_errcode_t)rc), off,
               evc_errcode_name(bad[i].code), bad[i].offset);
  }
}

/* An event whose detail nests `levels` containers: {"detail":{"a":[{"a":[... 0 ...]}]}}. */
static size_t deep_event(char *out, unsigned levels) {
  size_t n = (size_t)sprintf(out, "{\"detail\":");
  for (unsigned i = 0; i < levels; i++) n += (size_t)sprintf(out + n, i % 2 ? "[" : "{\"a\":");
  out[n++] = '0';
  for (unsigned i = levels; i-- > 0;) out[n++] = i % 2 ? ']' : '}';
  out[n++] = '}';
  return n;
}

static void depth_limit(void **state) {
  (void)state;
  static char doc[8 * EVC_MAX_DEPTH];
  evc_error_t err;
  evc_scan_t s;
  size_t n = deep_event(doc, EVC_DETAIL_MAX_DEPTH); /* what PutEvents accepts: the event is one level deeper */
  assert_int_equal(validate(doc, n, NULL, NULL), 0);
  n = deep_event(doc, EVC_DETAIL_MAX_DEPTH + 1);
  size_t off;
  assert_int_equal(validate(doc, n, NULL, &off), EVC_E_DEPTH);
  assert_int_equal(doc[off], '{'); /* the first container too deep */
  const char *p = evc_scan_begin(&s, doc, n, NULL, &err);
  assert_null(evc_scan_skip(&s, p));
  assert_string_equal(err.message, "nesting deeper than 1101");
  assert_memory_equal(err.pointer, "/detail/a/0/a/0/a/0/", 20); /* cut at the size of the field */
  evc_scan_limits_t lim = {0, 4};
  assert_int_equal(validate("[[[[]]]]", 8, &lim, NULL), 0);
  assert_int_equal(validate("[[[[[]]]]]", 10, &lim, &off), EVC_E_DEPTH);
  p = evc_scan_begin(&s, "{\"a\":[{\"b\":[[1]]}]}", 20, &lim, &err);
  assert_null(evc_scan_skip(&s, p));
  assert_string_equal(err.pointer, "/a/0/b/0");
  assert_string_equal(err.message, "nesting deeper than 4");
  lim.max_depth = EVC_MAX_DEPTH + 100; /* clamped: no caller goes past the policy */
  n = deep_event(doc, EVC_DETAIL_MAX_DEPTH + 1);
  assert_int_equal(validate(doc, n, &lim, NULL), EVC_E_DEPTH);
}

/* Scanning, refusing and pointing into the deepest events in a thread with a 64 KB stack. */
static void *deep_in_thread(void *arg) {
  static char doc[8 * EVC_MAX_DEPTH];
  int *rc = arg;
  evc_error_t err;
  evc_scan_t s;
  size_t n = deep_event(doc, EVC_DETAIL_MAX_DEPTH);
  const char *p = evc_scan_begin(&s, doc, n, NULL, &err);
  rc[0] = evc_scan_finish(&s, p ? evc_scan_skip(&s, p) : p);
  n = deep_event(doc, EVC_DETAIL_MAX_DEPTH + 1);
  p = evc_scan_begin(&s, doc, n, NULL, &err);
  rc[1] = evc_scan_finish(&s, p ? evc_scan_skip(&s, p) : p);
  char ptr[64];
  rc[2] = (int)evc_pointer_at(doc, n, n - EVC_MAX_DEPTH - 1, ptr, sizeof ptr); /* deep inside: a cut pointer */
  return NULL;
}

static void depth_limit_small_stack(void **state) {
  (void)state;
  pthread_attr_t attr;
  pthread_t t;
  int rc[3] = {-1, -1, -1};
  assert_int_equal(pthread_attr_init(&attr), 0);
  assert_int_equal(pthread_attr_setstacksize(&attr, 65536), 0);
  assert_int_equal(pthread_create(&t, &attr, deep_in_thread, rc), 0);
  assert_int_equal(pthread_join(t, NULL), 0);
  pthread_attr_destroy(&attr);
  assert_int_equal(rc[0], 0);
  assert_int_equal(rc[1], EVC_E_DEPTH);
  assert_int_equal(rc[2], 63);
}

static void size_limit(void **state) {
  (void)state;
  size_t n = EVC_SCAN_DEFAULT_MAX_SIZE + 1;
  char *doc = malloc(n);
  assert_non_null(doc);
  memset(doc, ' ', n);
  doc[0] = '[';
  doc[n - 1] = ']';
  assert_int_equal(validate(doc, n, NULL, NULL), EVC_E_SIZE);
  assert_int_equal(validate(doc + 1, n - 2, NULL, NULL), EVC_E_SYNTAX); /* within the limit: parsed */
  evc_scan_limits_t lim = {1 << 20, 0};
  assert_int_equal(validate(doc, n, &lim, NULL), 0);
  free(doc);
}

static void strings_decode(void **state) {
  (void)state;
  const char *json = "\"a\\u00e9\\ud83d\\ude00\\n\\/x\"";
  evc_scan_t s;
  evc_str_t str;
  const char *p = evc_scan_begin(&s, json, strlen(json), NULL, NULL);
  assert_non_null(evc_scan_string(&s, p, &str));
  assert_true(str.escaped);
  char buf[32];
  size_t n = evc_str_unescape(&str, buf, sizeof buf);
  assert_int_equal(n, 10);
  assert_memory_equal(buf, "a\xc3\xa9\xf0\x9f\x98\x80\n/x", 10);
  assert_true(evc_str_equals(&str, "a\xc3\xa9\xf0\x9f\x98\x80\n/x", 10));
  assert_false(evc_str_equals(&str, "a\xc3\xa9", 3));
  assert_int_equal(evc_str_unescape(&str, buf, 2), 10); /* truncated output, full length */
}

static void containers(void **state) {
  (void)state;
  const char *json = "{ \"a\" : [ 1 , {\"b\":2} ] , \"c\":\"d\" }";
  evc_scan_t s;
  evc_str_t key;
  const char *p = evc_scan_begin(&s, json, strlen(json), NULL, NULL);
  assert_int_equal(evc_scan_obj_first(&s, &p, &key), 1);
  assert_memory_equal(key.ptr, "a", 1);
  assert_int_equal(evc_scan_kind(&s, p), EVC_KIND_ARRAY);
  assert_int_equal(evc_scan_arr_first(&s, &p), 1);
  evc_num_t num;
  p = evc_scan_number(&s, p, &num);
  assert_int_equal(num.len, 1);
  assert_int_equal(evc_scan_arr_next(&s, &p), 1);
  p = evc_scan_skip(&s, p);
  assert_int_equal(evc_scan_arr_next(&s, &p), 0);
  assert_int_equal(evc_scan_obj_next(&s, &p, &key), 1);
  assert_memory_equal(key.ptr, "c", 1);
  p = evc_scan_skip(&s, p);
  assert_int_equal(evc_scan_obj_next(&s, &p, &key), 0);
  assert_int_equal(evc_scan_finish(&s, p), 0);
  assert_int_equal(s.depth, 0);
}

/* Random JSON-ish text, often broken by one mutation: the scanner must agree with jansson. */
static uint64_t rng = 88172645463325252ULL;
static unsigned rnd(unsigned n) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (unsigned)(rng % n);
}

static void random_doc(char *out, size_t *n, size_t cap, int depth) {
  static const char *const atoms[] = {"0", "-1.5e3", "12", "true", "false", "null", "\"x\"", "\"\\u00e9\"",
                                      "\"\xc3\xa9\"", "\"\\n\"", "1.0", "-0"};
  unsigned r = depth > 4 ? 9 : rnd(12);
  if (*n + 64 > cap) r = 9;
  if (r < 3) {
    out[(*n)++] = '{';
    unsigned k = rnd(4);
    for (unsigned i = 0; i < k; i++) {
      *n += (size_t)sprintf(out + *n, "%s\"k%u\":", i ? "," : "", rnd(3));
      random_doc(out, n, cap, depth + 1);
    }
    out[(*n)++] = '}';
  } else if (r < 5) {
    out[(*n)++] = '[';
    unsigned k = rnd(4);
    for (unsigned i = 0; i < k; i++) {
      if (i) out[(*n)++] = ',';
      random_doc(out, n, cap, depth + 1);
    }
    out[(*n)++] = ']';
  } else {
    const char *a = atoms[rnd(sizeof atoms / sizeof *atoms)];
    memcpy(out + *n, a, strlen(a));
    *n += strlen(a);
  }
}

static void agrees_with_jansson(void **state) {
  (void)state;
  static const char junk[] = "{}[],:\"\\ 0123456789.eE+-tfnulx\x80\xc3\xff\t\n";
  for (int i = 0; i < 20000; i++) {
    char doc[4096];
    size_t n = 0;
    random_doc(doc, &n, sizeof doc, 0);
    for (unsigned m = rnd(3); m > 0 && n; m--) doc[rnd((unsigned)n)] = junk[rnd(sizeof junk - 1)];
    json_error_t jerr;
    json_t *j = json_loadb(doc, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    int rc = validate(doc, n, NULL, NULL);
    if ((j != NULL) != (rc == 0)) fail_msg("scanner %d, jansson %s on: %.*s", rc, j ? "ok" : jerr.text, (int)n, doc);
    json_decref(j);
  }
}

/* A list of point objects {"x":..,"y":..,"z":..} (one-byte keys, numbers of every form), as coordinates come;
 * now and then in an object instead of an array. */
static size_t points_doc(char *out) {
  static const char *const nums[] = {"-122.47106515327", "37.792968580684835", "0", "-0", "1e5", "01", "-0.5", "1.",
                                     ".5", "2.5E-3", "-", "1.2.3", "12345678901234567890123456789012345", "7 ", "8"};
  static const char *const keys[] = {"\"x\":", "\"y\":", "\"z\":", "\"x\" :", "\"\\\\\":", "\"\x01\":", "\"xy\":"};
  size_t n = 0;
  int in_object = rnd(4) == 0; /* {"p":{..},{..}}: the objects after the first lack their keys */
  n += (size_t)sprintf(out, in_object ? "{\"p\":" : "[");
  for (unsigned i = 0, pts = 1 + rnd(8); i < pts; i++) { /* past 120 bytes now and then: the skip's flat objects */
    out[n++] = i ? ',' : ' ';
    out[n++] = '{';
    for (unsigned k = 0, members = rnd(4); k < members; k++) {
      if (k) out[n++] = ',';
      const char *key = rnd(4) ? keys[k] : keys[rnd(sizeof keys / sizeof *keys)];
      const char *num = rnd(3) ? nums[rnd(3)] : nums[rnd(sizeof nums / sizeof *nums)];
      n += (size_t)sprintf(out + n, "%s%s", key, num);
    }
    out[n++] = '}';
  }
  out[n++] = in_object ? '}' : ']';
  return n;
}

/* Documents from `make` (up to 2,000 bytes) with up to two random bytes from `junk`, and cut short now and then: the
 * scanner agrees with jansson on each. */
static void edits_agree_with_jansson(size_t (*make)(char *out), const char *junk) {
  for (int i = 0; i < 20000; i++) {
    char doc[2048];
    size_t n = make(doc);
    for (unsigned m = rnd(3); m > 0; m--) doc[rnd((unsigned)n)] = junk[rnd((unsigned)strlen(junk))];
    if (rnd(4) == 0) n -= rnd((unsigned)n);
    json_error_t jerr;
    json_t *j = json_loadb(doc, n, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, &jerr);
    int rc = validate(doc, n, NULL, NULL);
    if ((j != NULL) != (rc == 0)) fail_msg("scanner %d, jansson %s on: %.*s", rc, j ? "ok" : jerr.text, (int)n, doc);
    json_decref(j);
  }
}

/* Point lists (the scalar skip's one-step members) with random edits. */
static void points_agree_with_jansson(void **state) {
  (void)state;
  edits_agree_with_jansson(points_doc, "{}[],:\"\\ 0123456789.eE+-x\x80\t");
}

/* A list of flat records {"key":"text",..} (keys and strings of 0 to 18 bytes, around the 16-byte windows, special
 * bytes among them now and then, numbers too), as event details come. */
static size_t records_doc(char *out) {
  static const char *const specials[] = {"\"", "\\", "\\n", "\x01", "\x7f", "\xc3\xa9", "\xc3", " ", ":", "}", ","};
  size_t n = 0;
  out[n++] = '[';
  for (unsigned i = 0, records = 1 + rnd(6); i < records; i++) {
    out[n++] = i ? ',' : ' ';
    out[n++] = '{';
    for (unsigned k = 0, members = rnd(5); k < members; k++) {
      if (k) out[n++] = ',';
      for (int part = 0; part < 2; part++) {
        unsigned len = rnd(19);
        out[n++] = '"';
        for (unsigned b = 0; b < len; b++) out[n++] = (char)('A' + rnd(26));
        if (rnd(8) == 0) { /* a special byte somewhere in it */
          const char *sp = specials[rnd(sizeof specials / sizeof *specials)];
          size_t at = n - rnd(len + 1), sl = strlen(sp);
          memmove(out + at + sl, out + at, (size_t)(out + n - (out + at)));
          memcpy(out + at, sp, sl);
          n += sl;
        }
        out[n++] = '"';
        if (part == 0) out[n++] = ':';
        if (part == 0 && rnd(3) == 0) { /* a number value instead */
          n += (size_t)sprintf(out + n, "%s", rnd(2) ? "-12.5" : "7");
          break;
        }
      }
    }
    out[n++] = '}';
  }
  out[n++] = ']';
  return n;
}

/* Records (the scalar skip's compact members: keys and strings of up to 16 bytes) with random edits. */
static void records_agree_with_jansson(void **state) {
  (void)state;
  edits_agree_with_jansson(records_doc, "{}[],:\"\\ 0123456789.-x\x80\t");
}

/* The object steps of generated walks (evc_match_obj_first / _next, plain keys inline) read the same keys, to the same
 * place, as the scanner's, on keys of up to 20 bytes with each special byte anywhere. */
static void match_keys_agree(void **state) {
  (void)state;
  static const char *const specials[] = {"", "\"", "\\", "\\\"", "\x01", "\x7f", "\xc3\xa9", "\xc3", " ", ":"};
  for (size_t len = 0; len <= 20; len++)
    for (size_t at = 0; at <= len; at++)
      for (size_t k = 0; k < sizeof specials / sizeof *specials; k++)
        for (int cut = 0; cut < 30; cut += 7) {
          char doc[128];
          int n = snprintf(doc, sizeof doc, "{\"%.*s%s%.*s\":1,\"%.*s%s\" :2}", (int)at, "abcdefghijklmnopqrst", specials[k],
                           (int)(len - at), "abcdefghijklmnopqrst", (int)len, "ABCDEFGHIJKLMNOPQRST", specials[k]);
          size_t size = (size_t)n > (size_t)cut ? (size_t)n - (size_t)cut : 0;
          char *copy = exact_copy(doc, size);
          evc_scan_t s1, s2;
          evc_error_t e1, e2;
          const char *p1 = evc_scan_begin(&s1, copy, size, NULL, &e1), *p2 = evc_scan_begin(&s2, copy, size, NULL, &e2);
          for (int step = 0; p1 && p2 && step < 2; step++) {
            evc_str_t k1 = {0}, k2 = {0};
            int r1 = step ? evc_scan_obj_next(&s1, &p1, &k1) : evc_scan_obj_first(&s1, &p1, &k1);
            int r2 = step ? evc_match_obj_next(&s2, &p2, &k2) : evc_match_obj_first(&s2, &p2, &k2);
            if (r1 != r2 || (r1 > 0 && (p1 != p2 || k1.ptr != k2.ptr || k1.len != k2.len || k1.escaped != k2.escaped)))
              fail_msg("step %d: scanner %d, walk %d on: %.*s", step, r1, r2, (int)size, doc);
            if (r1 <= 0) break;
            p1 = evc_scan_skip(&s1, p1);
            p2 = evc_scan_skip(&s2, p2);
          }
          free(copy);
        }
}

/* evc_match_skip (the generated walks' skip, short strings inline) ends where evc_scan_skip does, or fails too, on
 * strings of up to 10 bytes with each special byte (quote, backslash, control, valid and invalid UTF-8) anywhere,
 * and on other values followed by a string. */
static void match_skip_agrees(void **state) {
  (void)state;
  static const char *const specials[] = {"\"", "\\", "\\n", "\x01", "\x1f", "\x7f", "\x80", "\xc3\xa9", "\xc3", "\xff", " "};
  for (size_t len = 0; len <= 10; len++)
    for (size_t at = 0; at <= len; at++)
      for (size_t k = 0; k < sizeof specials / sizeof *specials; k++) {
        char doc[64];
        int n = snprintf(doc, sizeof doc, "\"%.*s%s%.*s\",\"tail\"", (int)at, "abcdefghij", specials[k],
                         (int)(len - at), "abcdefghij");
        for (int cut = 0; cut < 3; cut++) {
          char *copy = exact_copy(doc, (size_t)(n - cut * 4));
          evc_scan_t s1, s2;
          evc_error_t e1, e2;
          const char *p1 = evc_scan_begin(&s1, copy, (size_t)(n - cut * 4), NULL, &e1);
          const char *p2 = evc_scan_begin(&s2, copy, (size_t)(n - cut * 4), NULL, &e2);
          const char *want = p1 ? evc_scan_skip(&s1, p1) : NULL, *got = p2 ? evc_match_skip(&s2, p2) : NULL;
          if (got != want) fail_msg("evc_match_skip %td, evc_scan_skip %td on: %s", got ? got - copy : -1,
                                    want ? want - copy : -1, doc);
          free(copy);
        }
      }
  static const char *const others[] = {"12,\"tail\"", "true,\"x\"", "null,\"\"", "-1.5,\"ab\"", "[1],\"ab\"",
                                       "{}\"ab\"", "7\"a\"", "tru\"ab\"x"};
  for (size_t k = 0; k < sizeof others / sizeof *others; k++) {
    char doc[64];
    int n = snprintf(doc, sizeof doc, "%s                ", others[k]);
    evc_scan_t s1, s2;
    evc_error_t e1, e2;
    const char *want = evc_scan_skip(&s1, evc_scan_begin(&s1, doc, (size_t)n, NULL, &e1));
    const char *got = evc_match_skip(&s2, evc_scan_begin(&s2, doc, (size_t)n, NULL, &e2));
    if (got != want) fail_msg("evc_match_skip %td, evc_scan_skip %td on: %s", got ? got - doc : -1, want ? want - doc : -1, doc);
  }
}

/*
 * Numbers, keys and strings of every length up to past the 16- and 32-byte read windows, ending
 * right at the end of an exact-size buffer, complete and cut short: the scanner agrees with
 * jansson and never reads past the document (AddressSanitizer in the sanitizer run).
 */
static void window_edges(void **state) {
  (void)state;
  static const char *const shapes[] = {"[%s]", "{\"%s\":1}", "[\"%s\"]", "%s", "{\"k\":%s}"};
  for (size_t len = 1; len <= 48; len++) {
    char body[64], num[64], doc[160];
    for (size_t i = 0; i < len; i++) body[i] = (char)('a' + i % 26);
    body[len] = '\0';
    for (size_t i = 0; i < len; i++) num[i] = (char)(i == 0 ? '1' : (i == len / 2 && len > 2) ? '.' : '0' + i % 10);
    num[len] = '\0';
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
      int n = snprintf(doc, sizeof doc, shapes[k], k == 1 || k == 2 ? body : num);
      for (int cut = 0; cut <= 2 && cut < n; cut++) {
        json_error_t jerr;
        json_t *j = json_loadb(doc, (size_t)(n - cut), JSON_DECODE_ANY, &jerr);
        int rc = validate(doc, (size_t)(n - cut), NULL, NULL);
        if ((j != NULL) != (rc == 0)) fail_msg("scanner %d, jansson %s on: %.*s", rc, j ? "ok" : jerr.text, n - cut, doc);
        json_decref(j);
      }
    }
  }
}

/*
 * The skip's flat objects (scan.c: the end guessed from a '}' 32 to 63 bytes on, the members checked to end there):
 * objects where that guess is wrong or the members break, first in a list long enough to take the fast steps and in
 * each place of it, agree with jansson; the valid ones end where the list does.
 */
static void flat_object_guesses(void **state) {
  (void)state;
  static const char *const objects[] = {
      "{\"x\":-122.47156865330248,\"y\":37.793391006617355,\"z\":0}", /* the common point */
      "{\"name\":\"abcdefghijklmnop\",\"t\":\"0123456789}abcd\"}",     /* a '}' inside a string first */
      "{\"name\":\"abcdefghijklmnop\",\"t\":\"0123456789}\"}",
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\"},\"b\":1}",           /* an earlier '}' ends it: the rest is junk */
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\":1,}",          /* a trailing comma */
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\":1]",           /* closed by ']' */
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\" ,\"c\":1}",          /* a space */
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\":{\"d\":1}}",   /* nested */
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\":01}",          /* a bad number */
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\":1e5}",         /* an exponent: the general steps */
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\":true}",        /* a literal: the general steps */
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\"1}",            /* no colon */
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",,\"c\":1}",
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\"\"c\":1}",
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\":}",
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\":\"}\"}",
      "{\"abcdefghijklmno\":\"abcdefghijklmnop\",\"c\":\"\\\"}\"}",    /* an escaped quote before the '}' */
  };
  static const char *const point = "{\"x\":-122.4710651532,\"y\":37.79296858068,\"z\":0}";
  for (size_t i = 0; i < sizeof objects / sizeof *objects; i++)
    for (unsigned at = 0; at < 4; at++) {
      char doc[512];
      int n = 0;
      for (unsigned k = 0; k < 4; k++) n += snprintf(doc + n, sizeof doc - (size_t)n, "%s%s", k ? "," : "[", k == at ? objects[i] : point);
      n += snprintf(doc + n, sizeof doc - (size_t)n, "]");
      json_error_t jerr;
      json_t *j = json_loadb(doc, (size_t)n, JSON_DECODE_ANY, &jerr);
      int rc = validate(doc, (size_t)n, NULL, NULL);
      if ((j != NULL) != (rc == 0)) fail_msg("scanner %d, jansson %s on: %s", rc, j ? "ok" : jerr.text, doc);
      json_decref(j);
    }
}

/* evc_numval_cmp decides like comparing the exact conversions, near and far from the constant. */
static void numbers_compare_exactly(void **state) {
  (void)state;
  for (int i = 0; i < 200000; i++) {
    char text[64];
    double t = (rnd(2) ? -1 : 1) * (double)rnd(100000) / (double)(1 + rnd(1000));
    int k = rnd(4);
    if (k == 0) snprintf(text, sizeof text, "%.17g", t);
    else if (k == 1) snprintf(text, sizeof text, "%.*f", (int)rnd(25), t);
    else if (k == 2) snprintf(text, sizeof text, "%.20e", t + (rnd(2) ? 1e-13 : -1e-13) * t);
    else snprintf(text, sizeof text, "%u.%u%u%ue%d", rnd(100), rnd(100000), rnd(100000), rnd(100000), (int)rnd(40) - 20);
    evc_scan_t s;
    evc_num_t num;
    char *copy = exact_copy(text, strlen(text));
    const char *p = evc_scan_begin(&s, copy, strlen(text), NULL, NULL);
    assert_non_null(evc_scan_number(&s, p, &num));
    double exact = strtod(text, NULL);
    assert_true(evc_num_to_double(&num) == exact);
    evc_numval_t v;
    evc_numval_init(&v, &num);
    int want = (exact > t) - (exact < t);
    if (evc_numval_cmp(&v, t) != want) fail_msg("%s vs %.17g", text, t);
    evc_numval_init(&v, &num);
    if (evc_numval_cmp(&v, exact) != 0) fail_msg("%s vs itself", text);
    free(copy);
  }
}

/* The scanner's and the schema cursor's conversions of one number text both equal strtod's. */
static void converts_like_strtod(const char *text) {
  size_t n = strlen(text);
  char *copy = exact_copy(text, n);
  double want = strtod(text, NULL);
  evc_scan_t s;
  evc_num_t num;
  const char *p = evc_scan_begin(&s, copy, n, NULL, NULL);
  assert_non_null(evc_scan_number(&s, p, &num));
  if (memcmp(&(double){evc_num_to_double(&num)}, &want, sizeof want)) fail_msg("scanner: %s", text);
  evc_vctx_t v;
  evc_vnum_t x;
  double d;
  evc_v_init(&v, copy, n, NULL, NULL);
  assert_int_equal(evc_v_number(&v, &x), 0);
  if (memcmp(&x.d, &want, sizeof want)) fail_msg("schema cursor: %s", text);
  if (v.p != copy + n) fail_msg("schema cursor stopped early: %s", text);
  evc_v_init(&v, copy, n, NULL, NULL);
  assert_int_equal(evc_v_double(&v, &d), 0);
  if (memcmp(&d, &want, sizeof want)) fail_msg("schema cursor, double only: %s", text);
  if (v.p != copy + n) fail_msg("schema cursor stopped early, double only: %s", text);
  free(copy);
}

/* The schema cursor's integer views: exact from the digits, at int64_t's edges too. */
static void integer_views(void **state) {
  (void)state;
  static const struct {
    const char *text;
    int is_int, fits;
    int64_t i;
  } cases[] = {
      {"0", 1, 1, 0},
      {"-0", 1, 1, 0},
      {"42", 1, 1, 42},
      {"-17", 1, 1, -17},
      {"9223372036854775807", 1, 1, INT64_MAX},
      {"-9223372036854775808", 1, 1, INT64_MIN},
      {"9223372036854775808", 1, 0, 0},
      {"18446744073709551616", 1, 0, 0},
      {"1.0", 1, 1, 1},
      {"1e2", 1, 1, 100},
      {"-2.5E1", 1, 1, -25},
      {"-2.5E0", 0, 0, 0},
      {"0.5", 0, 0, 0},
      {"1e300", 1, 0, 0},
      {"123456789012345678901234", 1, 0, 0},
  };
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    size_t n = strlen(cases[k].text);
    char *copy = exact_copy(cases[k].text, n);
    evc_vctx_t v;
    evc_vnum_t x;
    evc_v_init(&v, copy, n, NULL, NULL);
    assert_int_equal(evc_v_number(&v, &x), 0);
    if (x.is_int != cases[k].is_int || x.fits_i64 != cases[k].fits || (x.fits_i64 && x.i != cases[k].i))
      fail_msg("%s: is_int %d fits %d i %lld", cases[k].text, x.is_int, x.fits_i64, (long long)x.i);
    free(copy);
  }
}

/* Random significands of 1..19 digits over a wide exponent range, and decimals next to halfway points. */
static void decimals_round_correctly(void **state) {
  (void)state;
  char text[96];
  for (int i = 0; i < 300000; i++) {
    int nd = 1 + (int)rnd(19), at = rnd(2) ? sprintf(text, "-") : 0;
    text[at++] = (char)('1' + rnd(9));
    for (int k = 1; k < nd; k++) text[at++] = (char)('0' + rnd(10));
    if (rnd(2)) { /* a fraction point somewhere in the digits */
      int dot = 1 + (int)rnd((unsigned)nd);
      memmove(text + at - nd + dot + 1, text + at - nd + dot, (size_t)(nd - dot));
      text[at - nd + dot] = '.';
      if (dot == nd) text[at - nd + dot + 1] = '0', at++;
      at++;
    }
    text[at] = '\0';
    if (rnd(2)) sprintf(text + at, "e%d", (int)rnd(260) - 130);
    converts_like_strtod(text);
  }
  for (int i = 0; i < 200000; i++) { /* 19 digits of the midpoint between two neighbouring doubles */
    double d = ldexp(1.0 + (double)rnd(1u << 30) / 1073741824.0, (int)rnd(400) - 200);
    long double mid = ((long double)d + (long double)nextafter(d, 1e308)) / 2;
    snprintf(text, sizeof text, "%.18Le", mid + (long double)((int)rnd(3) - 1) * (mid * 1e-19L));
    converts_like_strtod(text);
  }
  converts_like_strtod("9007199254740993");      /* 2^53 + 1: a tie, to even */
  converts_like_strtod("9007199254740995");
  converts_like_strtod("-122.47156865330248");
  converts_like_strtod("0.30000000000000004");
  converts_like_strtod("1.7976931348623157e308");
  converts_like_strtod("4.9406564584124654e-324"); /* subnormal: strtod's path */
  converts_like_strtod("18446744073709551615");
}

static void mask_sets(void **state) {
  (void)state;
  uint64_t set = 1; /* {} */
  set = evc_mset_add(set, 0);
  set = evc_mset_add(set, 2);
  assert_false(evc_mset_full(set, 3));
  set = evc_mset_add(set, 1);
  assert_true(evc_mset_full(set, 3));
  uint64_t w[2] = {1, 0}; /* 7 terms */
  for (unsigned t = 0; t < 7; t++) evc_msetw_add(w, 2, t);
  assert_true(evc_msetw_full(w, 2));
  uint64_t q[1] = {1};
  evc_msetw_add_mask(q, 1, 0x5);
  assert_int_equal(q[0], (UINT64_C(1) << 0) | (UINT64_C(1) << 5));
  evc_msetw_force(q, 1, 0x2);
  assert_int_equal(q[0], (UINT64_C(1) << 2) | (UINT64_C(1) << 7));
  evc_msetw_clear(q, 1, 0x4);
  assert_int_equal(q[0], (UINT64_C(1) << 2) | (UINT64_C(1) << 3));
  uint64_t bits[2] = {UINT64_C(1) << 3, UINT64_C(1) << 6};
  assert_int_equal(evc_bits_next(bits, 80, 0), 3);
  assert_int_equal(evc_bits_next(bits, 80, 4), 70);
  assert_int_equal(evc_bits_next(bits, 80, 71), 80);
}

/* Maximal-mask sets: add, merge with domination, overflow reported instead of guessed. */
static void antichains(void **state) {
  (void)state;
  evc_achain_t a, b;
  evc_achain_init(&a);
  evc_achain_add(&a, 0);
  evc_achain_add(&a, 13);
  evc_achain_init(&b);
  evc_achain_add(&b, 1);
  evc_achain_merge(&a, &b);
  assert_int_equal(a.n, 2);
  assert_true(evc_achain_full(&a, (UINT64_C(1) << 0) | (UINT64_C(1) << 13)));
  assert_false(evc_achain_full(&a, (UINT64_C(1) << 0) | (UINT64_C(1) << 1)));
  evc_achain_add(&b, 0);
  evc_achain_add(&b, 13);
  evc_achain_merge(&a, &b); /* {0,1,13} includes both kept masks */
  assert_int_equal(a.n, 1);
  assert_false(a.overflow);
  evc_achain_init(&a);
  for (unsigned t = 0; t <= EVC_ACHAIN_CAP; t++) {
    evc_achain_init(&b);
    evc_achain_add(&b, t);
    evc_achain_merge(&a, &b);
  }
  assert_true(a.overflow);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(valid_documents), cmocka_unit_test(invalid_documents),
      cmocka_unit_test(depth_limit),     cmocka_unit_test(depth_limit_small_stack),     cmocka_unit_test(size_limit),
      cmocka_unit_test(strings_decode),  cmocka_unit_test(containers),
      cmocka_unit_test(agrees_with_jansson), cmocka_unit_test(points_agree_with_jansson), cmocka_unit_test(records_agree_with_jansson),
      cmocka_unit_test(match_keys_agree), cmocka_unit_test(match_skip_agrees), cmocka_unit_test(numbers_compare_exactly),
      cmocka_unit_test(decimals_round_correctly), cmocka_unit_test(flat_object_guesses),
      cmocka_unit_test(integer_views),
      cmocka_unit_test(window_edges),
      cmocka_unit_test(mask_sets),       cmocka_unit_test(antichains),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
