/* Differential tests of the block skip and the flat-object skips: on every input, each classifier (portable, SSE2,
 * AVX2, AVX-512BW), and the scalar skip with its flat-object skips (AVX-512: point lists, records of strings), end
 * evc_scan_skip where the scalar skip alone does, or fail with the same code, offset, message and pointer; and where
 * the matcher reads an object as a record (evc_record_open_at), it ends there too, with the object's quotes. */
#include "block.h"
#include "flat_objects.h"
#include "eventc/match.h"
#include "eventc/scan.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const evc_block_impl_t impls[] = {EVC_BLOCK_PORTABLE, EVC_BLOCK_SSE2, EVC_BLOCK_AVX2, EVC_BLOCK_AVX512};
static const char *const impl_names[] = {"portable", "sse2", "avx2", "avx512"};

typedef struct outcome {
  ptrdiff_t end; /* -1 on error, -2 when the document is refused before (evc_scan_begin: size limit) */
  evc_error_t err;
} outcome_t;

/* evc_scan_skip of the value at offset `at` of doc (at 0: the document's first value), under `impl`. */
static outcome_t skip_with(evc_block_impl_t impl, const char *doc, size_t len, size_t at, unsigned max_depth) {
  outcome_t o;
  evc_scan_t s;
  evc_scan_limits_t lim = {0, max_depth};
  assert_true(evc_block_use(impl));
  memset(&o, 0, sizeof o);
  const char *p = evc_scan_begin(&s, doc, len, &lim, &o.err);
  if (p && at) p = doc + at;
  const char *q = p ? evc_scan_skip(&s, p) : NULL;
  o.end = q ? q - doc : p ? -1 : -2;
  return o;
}

static long fast_hits; /* values the block skip itself accepted: proves it is not always "not sure" */

static void same_outcome(const char *what, size_t at, outcome_t got, outcome_t want, const char *doc, size_t len) {
  if (got.end != want.end || got.err.code != want.err.code || got.err.offset != want.err.offset ||
      strcmp(got.err.message, want.err.message) != 0 || strcmp(got.err.pointer, want.err.pointer) != 0)
    fail_msg("%s at %zu: %td (%d @%zu %s %s), scalar skip %td (%d @%zu %s %s) on: %.*s", what, at, got.end,
             got.err.code, got.err.offset, got.err.message, got.err.pointer, want.end, want.err.code, want.err.offset,
             want.err.message, want.err.pointer, (int)len, doc);
}

static long records_taken; /* objects evc_record_open_at took: proves the record checks ran */

/* Where evc_record_open_at takes the object at `at` as a record, it ends it where the scalar skip does (`want_end`)
 * and its quotes are the object's, four to a member. */
static void record_agrees(const char *doc, size_t len, size_t at, unsigned max_depth, ptrdiff_t want_end) {
  evc_scan_t s = {.base = doc, .end = doc + len, .max_depth = max_depth ? max_depth : EVC_SCAN_DEFAULT_MAX_DEPTH};
  evc_record_t r;
  if (want_end == -2 || at >= len || doc[at] != '{' || !evc_record_open_at(&s, doc + at, &r)) return;
  records_taken++;
  if (r.end - doc != want_end)
    fail_msg("a record at %zu ends at %td, the scalar skip at %td: %.*s", at, r.end - doc, want_end, (int)len, doc);
  unsigned n = 0;
  for (const char *c = doc + at; c < r.end; c++)
    if (*c == '"' && (n >= r.n || r.at[n++] != c - (doc + at)))
      fail_msg("a record at %zu has its quote %u wrong: %.*s", at, n, (int)len, doc);
  if (n != r.n || n % 4) fail_msg("a record at %zu has %u quotes, %u found: %.*s", at, r.n, n, (int)len, doc);
}

/* Each classifier, and the flat-object skips, against the scalar skip alone at offset `at`; the document is copied to
 * an exact-size block. */
static void compare_at(const char *doc, size_t len, size_t at, unsigned max_depth) {
  char *copy = malloc(len ? len : 1);
  assert_non_null(copy);
  memcpy(copy, doc, len);
  evc_flat_objects_use(0);
  outcome_t want = skip_with(EVC_BLOCK_NONE, copy, len, at, max_depth);
  if (evc_flat_objects_use(1)) {
    same_outcome("flat-object skips", at, skip_with(EVC_BLOCK_NONE, copy, len, at, max_depth), want, doc, len);
    record_agrees(copy, len, at, max_depth, want.end);
    evc_flat_objects_use(0);
  }
  for (size_t k = 0; k < sizeof impls / sizeof *impls; k++) {
    if (!evc_block_use(impls[k])) continue; /* AVX2 or AVX-512BW on a CPU without it */
    same_outcome(impl_names[k], at, skip_with(impls[k], copy, len, at, max_depth), want, doc, len);
    evc_scan_t s = {.base = copy, .end = copy + len, .max_depth = max_depth ? max_depth : EVC_SCAN_DEFAULT_MAX_DEPTH};
    const char *fast =
        want.end != -2 && at < len && (copy[at] == '{' || copy[at] == '[') ? evc_block_skip(&s, copy + at) : NULL;
    if (fast && fast - copy != want.end)
      fail_msg("%s accepted at %zu what the scalar skip does not: %.*s", impl_names[k], at, (int)len, doc);
    fast_hits += fast != NULL;
  }
  free(copy);
}

/* The skip at the document's start and at every '{' and '[' inside it. */
static void compare_doc(const char *doc, size_t len) {
  compare_at(doc, len, 0, 0);
  for (size_t i = 1; i < len; i++)
    if (doc[i] == '{' || doc[i] == '[') compare_at(doc, len, i, 0);
}

static char *read_file(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", TEST_DATA_DIR, name);
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open %s", path);
  char *buf = NULL;
  size_t cap = 0, n = 0, got;
  do {
    cap = cap * 2 + 65536;
    buf = realloc(buf, cap);
    assert_non_null(buf);
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  } while (n == cap);
  fclose(f);
  *len = n;
  return buf;
}

/* Every string of a JSON corpus that holds a document (recorded events, patterns) is one input. */
static void compare_embedded(json_t *v) {
  const char *key;
  json_t *item;
  size_t i;
  if (json_is_string(v) && json_string_length(v) > 1) {
    const char *t = json_string_value(v);
    if (t[0] == '{' || t[0] == '[') compare_doc(t, json_string_length(v));
  } else if (json_is_object(v))
    json_object_foreach(v, key, item) compare_embedded(item);
  else if (json_is_array(v))
    json_array_foreach(v, i, item) compare_embedded(item);
}

static void corpus(const char *name) {
  size_t len;
  char *text = read_file(name, &len);
  compare_doc(text, len); /* the corpus file itself, then each of its lines */
  for (size_t start = 0, i = 0; i <= len; i++)
    if (i == len || text[i] == '\n') {
      json_t *line = json_loadb(text + start, i - start, JSON_DECODE_ANY, NULL);
      if (line) compare_embedded(line);
      json_decref(line);
      start = i + 1;
    }
  free(text);
}

static void conformance_corpora(void **state) {
  (void)state;
  corpus("conformance/event-ruler/differential-sample.jsonl");
  corpus("conformance/event-ruler/validity-differential-sample.jsonl");
  corpus("conformance/event-ruler/match-cases.json");
  corpus("conformance/eventbridge/test-event-pattern.json");
  corpus("conformance/eventbridge/input-transformer.json");
}

static void citylots_sample(void **state) {
  (void)state;
  long before = fast_hits;
  corpus("citylots-sample.ndjson");
  if (fast_hits - before < 60 * 3) fail_msg("the block skip accepted only %ld CityLots values", fast_hits - before);
}

/* Each vector classifier is present where the CPU has it, and accepts CityLots values itself; SKIP otherwise. */
static void vector_classifier(evc_block_impl_t impl) {
  if (!evc_block_classifier(impl)) skip();
  const char *doc = "{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[{\"x\":-122.47,\"y\":37.79,\"z\":0}]]}}";
  evc_scan_t s = {.base = doc, .end = doc + strlen(doc), .max_depth = EVC_SCAN_DEFAULT_MAX_DEPTH};
  assert_true(evc_block_use(impl));
  assert_ptr_equal(evc_block_skip(&s, doc), doc + strlen(doc));
  assert_int_equal(evc_block_impl(), impl);
}
static void avx2_classifier(void **state) {
  (void)state;
  vector_classifier(EVC_BLOCK_AVX2);
}
static void avx512_classifier(void **state) {
  (void)state;
  vector_classifier(EVC_BLOCK_AVX512);
}

/* Hand-written edge cases in the JSON test suite's spirit, each also shifted across the 64-byte blocks. */
static const char *const edge_docs[] = {
    "[]",
    "{}",
    "[1]",
    "[-0]",
    "[0.5]",
    "[-0.0e0]",
    "[1E+2]",
    "[01]",
    "[-01]",
    "[1.]",
    "[.5]",
    "[-]",
    "[--1]",
    "[1-2]",
    "[1.2.3]",
    "[1..2]",
    "[+1]",
    "[0x1]",
    "[1e]",
    "[1e400]",
    "[-1e400]",
    "[true]",
    "[false]",
    "[null]",
    "[tru]",
    "[truex]",
    "[nul]",
    "[falsey]",
    "[True]",
    "[true,false,null]",
    "[true false]",
    "[1 2]",
    "[\"a\" \"b\"]",
    "{\"a\"}",
    "{\"a\":}",
    "{\"a\" 1}",
    "{\"a\":1,}",
    "{\"a\":1,2:3}",
    "[1,]",
    "[,1]",
    "{,}",
    "{\"a\":1 \"b\":2}",
    "{1:2}",
    "{\"a\":[}",
    "[{]",
    "[{}]]",
    "[[[]]",
    "{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}",
    " [ 1 , 2 ] ",
    "[\"\\\"\"]",
    "[\"\\u0041\\ud83d\\ude00\"]",
    "[\"\\ud83d\"]",
    "[\"\\ude00\"]",
    "[\"\\x\"]",
    "[\"\\u12\"]",
    "[\"\xc3\xa9\"]",
    "[\"\xe2\x82\xac\"]",
    "[\"\xf0\x9f\x98\x80\"]",
    "[\"\xc0\xaf\"]",
    "[\"\xed\xa0\x80\"]",
    "[\"\xf4\x90\x80\x80\"]",
    "[\"\xe0\x80\xaf\"]",
    "[\"\x80\"]",
    "[\"\xc3\"]",
    "[\"\xc3\"]x",
    "[\xc3\xa9]",
    "[\"a\tb\"]",
    "[\"a\nb\"]",
    "[\x01]",
    "[1\x0b]",
    "[\"\x7f\"]",
    "{\"k\xc3\xa9y\":\"v\"}",
    "[\"unterminated",
    "[1",
    "{\"a\":1",
    "[\"a\",",
    "[12345678901234567890123456789012345678901234567890123456789012345678901234567890]",
    "[\"a\\\\\",\"b\"]",
    "[\"]\",\"[\",\"{\",\"}\",\":\",\",\"]",
    "{\"a\":\"b\":\"c\"}",
    "[1:2]",
    "{\"a\",1}",
    "{\"a\",\"b\":1}",
    "{\"a\":[1],\"b\"}",
    /* compact forms where each byte's grammar follows from the byte before it: keys against values, ':' and ','
     * in each context (after '}' and ']' too), a value ending mid-block with bytes after it, long numbers */
    "{\"a\":{\"b\":1},\"c\":[2]}",
    "[{\"a\":1},{\"b\":2}]",
    "[[1],[2],[]]",
    "{\"a\":[1],\"b\":{}}",
    "{\"a\":[1],2}",
    "{\"a\":{},\"b\"}",
    "[{\"a\":1},\"b\":2]",
    "[\"a\":1]",
    "[{}:1]",
    "{\"a\":1:2}",
    "{\"a\"::1}",
    "{:1}",
    "{\"a\":1,,\"b\":2}",
    "{\"a\":\"b\",\"c\"}",
    "{\"a\":\"b\"\"c\":1}",
    "{\"a\":\"b\",\"c\":\"d\"}",
    "[\"a\"\"b\"]",
    "[\"a\"1]",
    "[1\"a\"]",
    "[{}{}]",
    "[[][]]",
    "[{}[]]",
    "[nulltrue]",
    "[true1]",
    "[1true]",
    "[true,]",
    "{\"t\":true,\"f\":false,\"n\":null}",
    "{\"a\":true\"b\":1}",
    "[1]2",
    "{}}",
    "[]]",
    "{\"a\":1}x,{\"b\":2}",
    "[-122.47345678901234,37.79876543210987,-0.000000001]",
    "[{\"x\":-122.4742351,\"y\":37.79476123,\"z\":0},{\"x\":-122.4742982,\"y\":37.7947481,\"z\":0}]",
    "[123456789012345678901234567890123456789012345678901234567890123]",
    "[1234567890123456789012345678901234567890123456789012345678901234]",
    "[-12345678901234567890123456789012345678901234567890123456789012]",
    "[0.12345678901234567890123456789012345678901234567890123456789012]",
};

static void edge_cases(void **state) {
  (void)state;
  char buf[256];
  for (size_t i = 0; i < sizeof edge_docs / sizeof *edge_docs; i++)
    for (size_t shift = 0; shift < 70; shift++) {
      /* the case inside an array after `shift` filler bytes, so each byte meets each block position */
      int n = snprintf(buf, sizeof buf, "[%.*s%s]", (int)shift,
                       "                                                                      ", edge_docs[i]);
      compare_doc(buf, (size_t)n);
      n = snprintf(buf, sizeof buf, "{\"k%.*s\":%s}", (int)shift,
                   "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", edge_docs[i]);
      compare_doc(buf, (size_t)n);
    }
}

/* Depth limits on both sides of a document's own depth. */
static void depth_limits(void **state) {
  (void)state;
  const char *doc = "[[[[{\"a\":[[{}]]}]]]]";
  for (unsigned lim = 1; lim < 12; lim++) compare_at(doc, strlen(doc), 0, lim);
  char deep[2 * EVC_MAX_DEPTH + 8];
  for (size_t extra = 0; extra < 3; extra++) {
    size_t n = EVC_MAX_DEPTH - 1 + extra;
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    compare_at(deep, 2 * n, 0, 0);
  }
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

/* One random edit of doc[0..*len): a byte changed, a cut, or a snippet inserted (often near a block edge). */
static void mutate(char *doc, size_t *len, size_t cap) {
  static const char *const snippets[] = {
      "\\",           "\\\"", "\\u", "\\ud800", "\\udc00", "\"", "\xc3", "\xc3\xa9", "\xe2\x82", "\xf0\x9f\x98\x80",
      "\xed\xa0\x80", "0",    "-",   ".",       "e",       "E+", "01",   "1.5",      "-0",       "true",
      "nul",          "[",    "]",   "{",       "}",       ":",  ",",    " ",        "\t",       "\n",
      "\x01",         "\x7f", "\x80"};
  size_t at = *len ? (size_t)(next_random() % *len) : 0;
  if (next_random() % 2 && *len > 64) at = (at & ~(size_t)63) + 60 + (size_t)(next_random() % 8) % 8;
  if (at > *len) at = *len;
  switch (next_random() % 4) {
  case 0:
    if (at < *len) doc[at] = (char)next_random();
    break;
  case 1: *len = at; break;
  default: {
    const char *snip = snippets[next_random() % (sizeof snippets / sizeof *snippets)];
    size_t k = strlen(snip);
    if (*len + k > cap) break;
    memmove(doc + at + k, doc + at, *len - at);
    memcpy(doc + at, snip, k);
    *len += k;
  }
  }
}

/* EVENTC_BLOCK_MUTATIONS (default 100000) random edits of CityLots events and the edge cases. */
static void random_mutations(void **state) {
  (void)state;
  const char *env = getenv("EVENTC_BLOCK_MUTATIONS");
  long count = env ? atol(env) : 100000;
  size_t cl_len;
  char *cl = read_file("citylots-sample.ndjson", &cl_len);
  char doc[4096];
  for (long r = 0; r < count; r++) {
    size_t len;
    if (r % 4 == 0) { /* a CityLots event */
      size_t start = (size_t)(next_random() % cl_len);
      while (start > 0 && cl[start - 1] != '\n') start--;
      len = (size_t)((char *)memchr(cl + start, '\n', cl_len - start) - (cl + start));
      if (len > sizeof doc / 2) len = sizeof doc / 2;
      memcpy(doc, cl + start, len);
    } else { /* an edge case inside a small event */
      const char *e = edge_docs[next_random() % (sizeof edge_docs / sizeof *edge_docs)];
      len = (size_t)snprintf(doc, sizeof doc, "{\"id\":\"%.*s\",\"v\":[%s,{\"n\":-1.25,\"s\":\"x\"}]}",
                             (int)(next_random() % 70),
                             "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456", e);
    }
    for (uint64_t edits = 1 + next_random() % 3; edits; edits--) mutate(doc, &len, sizeof doc);
    compare_at(doc, len, 0, 0);
    size_t inner = (size_t)(next_random() % (len + 1));
    while (inner < len && doc[inner] != '{' && doc[inner] != '[') inner++;
    if (inner < len) compare_at(doc, len, inner, 0);
  }
  free(cl);
}

/* A digit, the first of a number's integer part when `first` (no leading zero then). */
static char random_digit(int first) {
  return (char)(first ? '1' + next_random() % 9 : '0' + next_random() % 10);
}

/* A number in the form of points' coordinates (-?int.frac), now and then one that the point lists must refuse or
 * leave to the scalar skip: a leading zero, an empty part, two fractions, a '-' inside, an exponent, whitespace. */
static size_t random_number(char *out) {
  size_t n = 0;
  uint64_t r = next_random();
  if (r % 2) out[n++] = '-';
  switch (r >> 8 & 63) {
  case 0: out[n++] = '0'; break;
  case 1: out[n++] = '0', out[n++] = random_digit(0); break;
  case 2: break;
  default:
    for (uint64_t i = 0, k = 1 + next_random() % 4; i < k; i++) out[n++] = random_digit(i == 0);
  }
  switch (r >> 16 & 63) {
  case 0: break;
  case 1: out[n++] = '.'; break;
  case 2: out[n++] = 'e', out[n++] = random_digit(0); break;
  case 3: out[n++] = '.', out[n++] = random_digit(0), out[n++] = '.', out[n++] = random_digit(0); break;
  case 4: out[n++] = '-', out[n++] = random_digit(0); break;
  case 5: out[n++] = '.', out[n++] = '.', out[n++] = random_digit(0); break;
  default:
    out[n++] = '.';
    for (uint64_t i = 0, k = 1 + next_random() % 16; i < k; i++) out[n++] = random_digit(0);
  }
  if ((r >> 24 & 63) == 0) out[n++] = ' ';
  return n;
}

/* A member of a point: mostly "x", "y" or "z" and a number; now and then another key, a string value, or a key
 * cut short. */
static size_t random_member(char *out, unsigned index) {
  static const char *const odd_keys[] = {"\"7\"",   "\"-\"", "\".\"", "\"xy\"",
                                         "\"\\n\"", "\"}\"", "\",\"", "\"\xc3\xa9\""};
  uint64_t r = next_random();
  size_t n = (r % 16 == 0) ? (size_t)sprintf(out, "%s:", odd_keys[r / 16 % (sizeof odd_keys / sizeof *odd_keys)])
                           : (size_t)sprintf(out, "\"%c\":", "xyzw"[index % 4]);
  if ((r >> 32) % 40 == 0) return n + (size_t)sprintf(out + n, "\"s\"");
  if ((r >> 32) % 40 == 1) return (size_t)sprintf(out, "\""); /* a key cut short: ,"} */
  return n + random_number(out + n);
}

/* Random lists of points at every length and alignment, one in eight edited: the scalar skip with and without
 * the point lists agrees on each, and the point lists take most of the valid ones. */
static void random_point_lists(void **state) {
  (void)state;
  char doc[4096];
  long taken = 0, count = 30000;
  for (long r = 0; r < count; r++) {
    size_t len = (size_t)sprintf(doc, "{\"type\":\"Polygon\",\"coordinates\":[[");
    size_t list = len - 1;
    for (uint64_t i = 0, points = 1 + next_random() % 24; i < points; i++) {
      doc[len++] = i ? ',' : '{';
      if (i) doc[len++] = '{';
      for (uint64_t m = 0, members = next_random() % 64 ? 3 : next_random() % 5; m < members; m++) {
        if (m) doc[len++] = ',';
        len += random_member(doc + len, (unsigned)m);
      }
      doc[len++] = '}';
    }
    len += (size_t)sprintf(doc + len, "]],\"pad\":\"%.*s\"}", (int)(next_random() % 200),
                           "................................................................................"
                           "................................................................................"
                           "........................................");
    if (r % 8 == 0)
      for (uint64_t edits = 1 + next_random() % 2; edits; edits--) mutate(doc, &len, sizeof doc);
    compare_at(doc, len, 0, 0);
    if (list < len && doc[list] == '[') compare_at(doc, len, list, 0);
    if (evc_flat_objects_use(1) && list + 1 < len && len - (list + 1) >= POINT_LIST_ROOM)
      taken += evc_point_list_skip(doc + list + 1, doc + len) != NULL;
  }
  if (evc_flat_objects_use(1) && taken < count / 4)
    fail_msg("the point lists took only %ld of %ld lists", taken, count);
}

/* Objects of every size up to past 64 bytes ending each way, right or wrong, first in their list (checked in full)
 * or second (checked against the first one's shape). */
static void point_list_endings(void **state) {
  (void)state;
  static const char *const endings[] = {"}",         ",\"}",      ",\"x}",      ",\"x\"}",   ",\"x\":}",
                                        ",\"x\":-}", ",\"x\":1}", ",\"x\":01}", ",}",        ".}",
                                        ".5}",       "e5}",       "5 }",        ",\"x\":1}}"};
  char doc[512];
  for (size_t e = 0; e < sizeof endings / sizeof *endings; e++)
    for (size_t size = 8; size <= 70; size++)
      for (int second = 0; second < 2; second++) {
        size_t tail = strlen(endings[e]);
        size_t len = (size_t)sprintf(doc, second ? "[{\"x\":1}," : "["), object = len;
        len += (size_t)sprintf(doc + len, "{\"x\":1");
        while (len - object + tail < size) doc[len++] = '5';
        memcpy(doc + len, endings[e], tail);
        len += tail;
        len += (size_t)sprintf(doc + len, ",{\"x\":1}]%150s", "");
        compare_at(doc, len, 0, 0);
      }
}

/* Records of strings (holding ":,}]" and spaces) ending at every offset of up to four blocks, strings crossing
 * the blocks' edges: the string-object skip takes each valid one itself, to its end (the differential tests
 * cannot see a refusal). */
static void string_objects_taken(void **state) {
  (void)state;
  if (!evc_flat_objects_use(1)) skip();
  char doc[STRING_OBJECT_MAX + 128];
  for (size_t members = 1; members < 12; members++)
    for (size_t stretch = 0; stretch < 24; stretch++) {
      size_t len = 0;
      doc[len++] = '{';
      for (size_t m = 0; m < members; m++)
        len += (size_t)sprintf(doc + len, "%s\"K%zu\":\"%.*s\"", m ? "," : "", m, (int)((m * 7 + stretch) % 23),
                               "v:a,l}u]e v:a,l}u]e v:a");
      doc[len++] = '}';
      size_t object = len;
      memset(doc + len, ' ', sizeof doc - len);
      const char *q = evc_string_object_skip(doc, doc + sizeof doc);
      if (object <= STRING_OBJECT_MAX && q != doc + object)
        fail_msg("a record of %zu bytes was not taken: %.*s", object, (int)object, doc);
      long before = records_taken;
      compare_at(doc, sizeof doc, 0, 0);
      if (object <= STRING_OBJECT_MAX && records_taken == before)
        fail_msg("a record of %zu bytes was not read as one: %.*s", object, (int)object, doc);
    }
  evc_flat_objects_use(0);
}

/* Compact documents reaching every grammar context: objects, arrays, keys, each scalar form, nesting. */
static const char *const edit_seeds[] = {
    "{\"a\":[1,-2.5,true,false,null,\"s\",{\"b\":{}},[]],\"c\":{\"d\":\"e\"},\"f\":0}",
    "[{\"x\":-122.4726,\"y\":37.79,\"z\":0},{\"x\":1E+2,\"y\":-0.5e-3,\"z\":[[],{}]}]",
    "{\"k\":[\"\\u0041\",\"\xc3\xa9\",\"a,b:c\",\"[{\"],\"n\":{\"m\":[true,{\"o\":null}]}}",
    /* a record of strings over two blocks, room after it: evc_string_object_skip */
    "[{\"MAPBLKLOT\":\"0001001\",\"BLKLOT\":\"0001001\",\"BLOCK_NUM\":\"0001\",\"LOT_NUM\":\"001\",\"ST\":\"A}\"},"
    "\"................................................................\"]",
};

/* Bytes an edit puts in: JSON's structure, every scalar's first and inner bytes, whitespace, controls, non-ASCII. */
static const char edit_bytes[] = "{}[]:,\"\\019-+.eEtrufalsnx/b \t\n\x01\x7f\x80\xc3\xa9";

/* Every single edit (each byte replaced by, or preceded by, each of edit_bytes; each byte cut) of `doc`, placed
 * after `pad` filler bytes inside an object so that the edits meet every position of a 64-byte block. */
static void edits_of(const char *doc, size_t pad) {
  char buf[512];
  size_t n = strlen(doc), head = (size_t)snprintf(buf, sizeof buf, "{\"p\":\"%.*s\",\"v\":", (int)pad,
                                                   "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp");
  for (size_t i = 0; i <= n; i++)
    for (size_t k = 0; k <= sizeof edit_bytes - 1; k++)
      for (int insert = 0; insert < 2; insert++) {
        if (!insert && i == n) continue;
        size_t len = head;
        memcpy(buf + len, doc, i);
        len += i;
        if (k < sizeof edit_bytes - 1) buf[len++] = edit_bytes[k];
        else if (insert) continue; /* k == the end: the cut, done once */
        size_t rest = insert ? i : i + 1;
        memcpy(buf + len, doc + rest, n - rest);
        len += n - rest;
        buf[len++] = '}';
        compare_at(buf, len, 0, 0);
        compare_at(buf, len, head, 0);
      }
}

/* Every single edit of each seed, at every alignment of its first byte within a block. */
static void single_edits(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof edit_seeds / sizeof *edit_seeds; i++)
    for (size_t pad = 0; pad < 64; pad += 7) edits_of(edit_seeds[i], pad);
}

/* The classifiers agree byte for byte on every byte value at every position. */
static void classifiers_agree(void **state) {
  (void)state;
  char block[64];
  for (unsigned v = 0; v < 256; v++)
    for (unsigned pos = 0; pos < 64; pos++) {
      memset(block, 'a' + (int)(pos % 3), sizeof block);
      block[pos] = (char)v;
      block[(pos * 7 + 5) % 64] = (char)(255 - v);
      evc_block_masks_t want, got;
      evc_block_classifier(EVC_BLOCK_PORTABLE)(block, &want);
      for (size_t k = 1; k < sizeof impls / sizeof *impls; k++) {
        if (!evc_block_classifier(impls[k])) continue;
        evc_block_classifier(impls[k])(block, &got);
        if (memcmp(&want, &got, sizeof want) != 0)
          fail_msg("%s classifies byte %u at %u differently", impl_names[k], v, pos);
      }
    }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(classifiers_agree), cmocka_unit_test(edge_cases),          cmocka_unit_test(depth_limits),
      cmocka_unit_test(citylots_sample),   cmocka_unit_test(conformance_corpora), cmocka_unit_test(random_mutations),
      cmocka_unit_test(single_edits),      cmocka_unit_test(random_point_lists),  cmocka_unit_test(point_list_endings), cmocka_unit_test(string_objects_taken),
      cmocka_unit_test(avx2_classifier),   cmocka_unit_test(avx512_classifier),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
