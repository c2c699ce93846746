/* Test generator: emits many matchers into one C file plus the interpreter's expected results. */
#include "buf.h"
#include "doc.h"
#include "emit.h"
#include "symtab.h"
#include "interp.h"
#include "pattern.h"

#include "eventc/scan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Usage:
 *   gen_matchers conformance OUT.c OUT.data FILE...   corpora (test-event-pattern / match-cases, or
 *                                                     JSON Lines of {patterns: {rule: text}, event})
 *   gen_matchers random OUT.c OUT.data SEED SETS EVENTS   random pattern sets and events
 * OUT.c holds one matcher per pattern set (prefix m<k>) and a table of them; OUT.data holds
 * "set expected-count id,id,... length\n<event bytes>\n" records, expected by the interpreter
 * (-1 = the event is not a valid JSON object).
 */

typedef struct {
  evcc_ir_t ir;
  char name[32];
} set_t;

typedef struct {
  FILE *c, *data;
  size_t nset;
  size_t npair;
  evcc_diag_t diag;
  evcc_matcher_form_t form; /* --matcher= */
} gen_t;

/* Documents stay loaded while their IR lives: its locations point into them. */
static evcc_doc_t **docs;
static size_t ndocs;

static void keep_doc(evcc_doc_t *doc) {
  docs = realloc(docs, (ndocs + 1) * sizeof *docs);
  if (!docs) abort();
  docs[ndocs++] = doc;
}

/* The patterns of the set being built, written above its matcher for whoever reads a failure. */
static evcc_buf_t set_patterns;

static bool add_pattern(evcc_ir_t *ir, const char *text, size_t len, const char *rule, evcc_diag_t *d) {
  evcc_buf_puts(&set_patterns, " * ");
  evcc_buf_c_comment_text(&set_patterns, rule, strlen(rule));
  evcc_buf_puts(&set_patterns, ": ");
  evcc_buf_c_comment_text(&set_patterns, text, len);
  evcc_buf_putc(&set_patterns, '\n');
  evcc_doc_t *doc = evcc_doc_parse("pattern.json", text, len, EVCC_SYNTAX_JSON, d);
  if (!doc) return false;
  evcc_loc_t loc = {"pattern.json", 1, 1};
  bool ok = evcc_pattern_add(ir, doc->root, rule, loc, NULL, d) >= 0;
  keep_doc(doc);
  return ok;
}

/* Emits set `k`'s matcher and its runner function into the C file; false when beyond its limits. With `dry`, only
 * tells whether it is, silently (a random set that is not is drawn again). */
static bool emit_set(gen_t *g, evcc_ir_t *ir, bool dry) {
  evcc_emit_ctx_t ctx;
  evcc_diag_t quiet;
  evcc_diag_init(&quiet);
  memset(&ctx, 0, sizeof ctx);
  ctx.diag = dry ? &quiet : &g->diag;
  evcc_buf_init(&ctx.h);
  evcc_buf_init(&ctx.c);
  char sym[32];
  snprintf(sym, sizeof sym, "m%zu", g->nset);
  evcc_emit_bus_t bus = {.bus_name = "default", .sym = sym, .ir = *ir, .loc = {"pattern.json", 1, 1}};
  ctx.name = sym;
  ctx.prefix = sym;
  ctx.syms = evcc_symtab_new();
  ctx.matcher = g->form;
  bool emitted = evcc_emit_matcher(&ctx, &bus);
  evcc_symtab_free(ctx.syms);
  evcc_diag_free(&quiet);
  if (!emitted || dry) {
    evcc_buf_free(&ctx.h);
    evcc_buf_free(&ctx.c);
    return emitted;
  }
  fprintf(g->c, "/* set %s\n%s */\n", sym, set_patterns.data ? set_patterns.data : "");
  set_patterns.len = 0;
  fputs(ctx.h.data, g->c);
  fputs(ctx.c.data, g->c);
  fprintf(g->c,
          "static int run_%s(const char *ev, size_t len, uint32_t *ids, uint32_t *n) {\n"
          "  %s_result_t r;\n  uint32_t id;\n  int rc = %s_match_json(ev, len, &r, NULL);\n  *n = 0;\n"
          "  for (id = %s_result_next(&r, 0); id < %s_rule_count; id = %s_result_next(&r, id + 1)) ids[(*n)++] = id;\n"
          "  if (*n != r.count) return -2;\n"
          "  if (rc == 0 && trusted_comparable(ev, len)) { /* trusted mode: the same matches on valid input */\n"
          "    %s_result_t t;\n"
          "    if (%s_match_trusted(ev, len, &t, NULL) != 0 || memcmp(t.bits, r.bits, sizeof r.bits) != 0) return -4;\n"
          "  }\n  return rc;\n}\n\n",
          sym, sym, sym, sym, sym, sym, sym, sym);
  evcc_buf_free(&ctx.h);
  evcc_buf_free(&ctx.c);
  g->nset++;
  return true;
}

static void add_event(gen_t *g, const evcc_ir_t *ir, const char *ev, size_t len) {
  json_error_t jerr;
  json_t *e = evcc_interp_load_event(ev, len, &jerr);
  uint32_t *ids = calloc(ir->nrule + 1, sizeof *ids);
  long n = -1;
  if (e && json_is_object(e)) n = (long)evcc_interp_match(ir, e, ids);
  fprintf(g->data, "%zu %ld ", g->nset, n);
  for (long i = 0; i < n; i++) fprintf(g->data, "%s%u", i ? "," : "", ids[i]);
  fprintf(g->data, "%s %zu\n", n > 0 ? "" : "-", len);
  fwrite(ev, 1, len, g->data);
  fputc('\n', g->data);
  g->npair++;
  json_decref(e);
  free(ids);
}

/* ---- corpora ---- */

static void conformance_file(gen_t *g, const char *path) {
  json_error_t err;
  json_t *root = json_load_file(path, 0, &err);
  if (!root) {
    fprintf(stderr, "cannot load %s: %s\n", path, err.text);
    exit(2);
  }
  json_t *cases = json_object_get(root, "cases");
  size_t i;
  json_t *cs;
  json_array_foreach(cases, i, cs) {
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    evcc_diag_t d;
    evcc_diag_init(&d);
    set_patterns.len = 0;
    json_t *rules = json_object_get(cs, "rules");
    bool ok = true;
    if (rules) {
      const char *name;
      json_t *pats;
      json_object_foreach(rules, name, pats) {
        size_t j;
        json_t *p;
        json_array_foreach(pats, j, p) ok &= add_pattern(&ir, json_string_value(p), json_string_length(p), name, &d);
      }
    } else {
      json_t *p = json_object_get(cs, "event_pattern");
      ok = json_is_string(p) && add_pattern(&ir, json_string_value(p), json_string_length(p), "rule", &d);
    }
    if (ok && !emit_set(g, &ir, false)) {
      printf("SKIPPED %s: beyond the generated matcher's limits\n", json_string_value(json_object_get(cs, "name")));
      ok = false;
    }
    if (ok) {
      g->nset--; /* events below belong to the set just emitted */
      json_t *checks = json_object_get(cs, "checks"), *ev;
      size_t k;
      if (checks)
        json_array_foreach(checks, k, ev) {
          json_t *t = json_object_get(ev, "event");
          add_event(g, &ir, json_string_value(t), json_string_length(t));
        }
      else if (json_is_string(json_object_get(cs, "event")))
        add_event(g, &ir, json_string_value(json_object_get(cs, "event")),
                  json_string_length(json_object_get(cs, "event")));
      g->nset++;
    }
    evcc_diag_free(&d);
    evcc_ir_free(&ir);
  }
  json_decref(root);
}

/* One set per line of a differential sample: {"patterns": {rule: pattern text}, "event": text}. */
static void sample_file(gen_t *g, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(2);
  }
  static char line[65536];
  while (fgets(line, sizeof line, f)) {
    json_error_t err;
    json_t *cs = json_loads(line, 0, &err);
    if (!cs) {
      fprintf(stderr, "%s: %s\n", path, err.text);
      exit(2);
    }
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    evcc_diag_t d;
    evcc_diag_init(&d);
    set_patterns.len = 0;
    const char *name;
    json_t *p, *ev = json_object_get(cs, "event");
    bool ok = true;
    json_object_foreach(json_object_get(cs, "patterns"), name, p) ok &=
        add_pattern(&ir, json_string_value(p), json_string_length(p), name, &d);
    if (ok) add_event(g, &ir, json_string_value(ev), json_string_length(ev));
    if (ok && !emit_set(g, &ir, false)) {
      fprintf(stderr, "%s beyond the generated matcher's limits\n", json_string_value(json_object_get(cs, "name")));
      exit(2);
    }
    evcc_diag_free(&d);
    evcc_ir_free(&ir);
    json_decref(cs);
  }
  fclose(f);
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* ---- random pattern sets and events (fixed seed: the same cases on every run) ---- */

static uint64_t rng_state;
static uint32_t rnd(uint32_t n) {
  rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (uint32_t)((rng_state >> 33) % n);
}

/* "key": objects not all of one-byte keys, which the walk may read as records (evc_record_t) */
static const char *const keys[] = {"a", "b", "c", "a.b", "key"};
#define NKEYS ((uint32_t)(sizeof keys / sizeof *keys))
static const char *const strs[] = {"x", "xy", "abc", "ABC", "", "10.0.0.1", "2001:db8::1", "\\u00c9t\\u00e9", "a*b",
                                   "x\\\"y", "été", "ab\\\\c", "xyz.png", "x.PNG",
                                   /* letters whose case mappings are not one-to-one, non-BMP letters */
                                   "ß", "SS", "ss", "µ", "Μ", "μ", "ı", "I", "i", "İ", "i\\u0307", "ǅ", "Ǆ", "ǆ", "ς",
                                   "σ", "Σ", "ﬁ", "FI", "𐐀", "𐐨", "\\ud801\\udc00", "😀b", "😀B",
                                   /* textual forms of IP addresses */
                                   "::", "0.0.0.0", "::ffff:10.0.0.1", "::f:1.2.3.4", "010.0.0.1", "10.0.0.01",
                                   "0:0:0:0:0:0:0:1", "2001:DB8:0:0:0:0:0:1", "2001:0db8::0001"};
static const char *const nums[] = {"0", "1", "-1", "2.5", "1e3", "1000", "100.0", "-0", "3.0e2", "300",
                                   /* event-only: on or next to pattern constants, beyond a double's digits */
                                   "2.5000000000000001", "2.4999999999999999", "2.500000000000001", "5000.000000000001",
                                   "4999.9999999999999999", "1000.00000000000000000001", "99999999999999999999e-17",
                                   "25e-1", "0.0000000000000000000025e21", "-1.0000000000000000001", "1e-400",
                                   /* extremes: the double range's ends, beyond it, 2^53 + 1, subnormals */
                                   "1e400", "-1e400", "5e-324", "4.9406564584124654e-324", "1.7976931348623157e308",
                                   "-1.7976931348623157e+308", "9007199254740993", "9007199254740992.0", "-0.0",
                                   "1.0000000000000001e300", "0.10000000000000001"};
/* Pattern numbers a double holds only approximately, or at the ends of its range. */
static const char *const pattern_nums[] = {"9007199254740993", "-122.42200352825248", "1e300", "5e-324",
                                           "-1.7976931348623157e308", "0.1", "-0", "999999999999999999999"};

static void rand_scalar(evcc_buf_t *b) {
  switch (rnd(6)) {
  case 0: case 1: evcc_buf_printf(b, "\"%s\"", strs[rnd(sizeof strs / sizeof *strs)]); break;
  case 2: case 3: evcc_buf_puts(b, nums[rnd(sizeof nums / sizeof *nums)]); break; /* events only */
  case 4: evcc_buf_puts(b, rnd(2) ? "true" : "false"); break;
  default: evcc_buf_puts(b, "null"); break;
  }
}

static void rand_value(evcc_buf_t *b, int depth);

static void rand_object(evcc_buf_t *b, int depth) {
  uint32_t n = rnd(4);
  evcc_buf_putc(b, '{');
  for (uint32_t i = 0; i < n; i++) {
    const char *key = keys[rnd(NKEYS)];
    evcc_buf_printf(b, "%s\"%s\":", i ? "," : "", key);
    rand_value(b, depth + 1);
    if (rnd(8) == 0) { /* the same key again: only the last occurrence counts */
      evcc_buf_printf(b, ",\"%s\":", key);
      rand_value(b, depth + 1);
    }
  }
  evcc_buf_putc(b, '}');
}

/*
 * A flat object of plain strings, which generated matchers read as a record (evc_record_t) where the CPU has
 * AVX-512; now and then one member that is not plain (a number, an escape, non-ASCII, a space, a bracket),
 * which leaves the object to the general steps. Long values carry it across 64-byte blocks.
 */
static void rand_record(evcc_buf_t *b) {
  static const char *const plain[] = {"x", "xy", "abc", "ABC", "", "10.0.0.1", "a*b", "xyz.png", "x.PNG", "SS",
                                      "ss", "I", "i", "FI", "2001:db8::1", "a,b:c}d", "p*.PNG and a longer value"};
  static const char *const other[] = {"1", "\"x\\\"y\"", " \"x\"", "\"\\u00e9t\\u00e9\"", "\"été\"", "\"[x]\"", "{}"};
  uint32_t n = rnd(7);
  evcc_buf_putc(b, '{');
  for (uint32_t i = 0; i < n; i++) {
    evcc_buf_printf(b, "%s\"%s\":", i ? "," : "", keys[rnd(NKEYS)]);
    if (rnd(16) == 0) evcc_buf_puts(b, other[rnd(sizeof other / sizeof *other)]);
    else evcc_buf_printf(b, "\"%s\"", plain[rnd(sizeof plain / sizeof *plain)]);
  }
  evcc_buf_putc(b, '}');
}

/* Half the events end with a member no pattern reads, long enough that objects before it have the 64 bytes after
 * them that records need. */
static void pad_event(evcc_buf_t *b) {
  if (rnd(2)) return;
  b->len--; /* the '}' */
  evcc_buf_printf(b, "%s\"pad\":\"%64s\"}", b->len > 1 ? "," : "", "");
}

static void rand_value(evcc_buf_t *b, int depth) {
  uint32_t r = depth > 3 ? 5 : rnd(10);
  if (r < 3 && rnd(2)) rand_record(b);
  else if (r < 3) rand_object(b, depth);
  else if (r < 5) {
    uint32_t n = rnd(8) ? rnd(4) : 9 + rnd(4); /* some past EVC_LATER_MAX: table rows then run at once */
    evcc_buf_putc(b, '[');
    for (uint32_t i = 0; i < n; i++) {
      if (i) evcc_buf_putc(b, ',');
      rand_value(b, depth + 1);
    }
    evcc_buf_putc(b, ']');
  } else
    rand_scalar(b);
}

static void rand_str(evcc_buf_t *b) {
  static const char *const ps[] = {"x",  "a",  "ab", "AB", "10.0", "é", "png", ".png", "*", "x*", "*b", "a*c", "\\\\*",
                                   "ß",  "SS", "µ",  "ı",  "I",    "İ", "ǅ",   "ς",    "Σ", "ﬁ",  "𐐀", "😀b", "a\\\"",
                                   "\\\"b"};
  evcc_buf_printf(b, "\"%s\"", ps[rnd(sizeof ps / sizeof *ps)]);
}

static void rand_cond(evcc_buf_t *b) {
  switch (rnd(16)) {
  case 0: case 1: rand_scalar(b); break;
  case 2: evcc_buf_puts(b, "{\"prefix\":"); rand_str(b); evcc_buf_putc(b, '}'); break;
  case 3: evcc_buf_puts(b, "{\"suffix\":"); rand_str(b); evcc_buf_putc(b, '}'); break;
  case 4: evcc_buf_puts(b, "{\"equals-ignore-case\":"); rand_str(b); evcc_buf_putc(b, '}'); break;
  case 5: evcc_buf_puts(b, "{\"prefix\":{\"equals-ignore-case\":"); rand_str(b); evcc_buf_puts(b, "}}"); break;
  case 6: evcc_buf_puts(b, "{\"suffix\":{\"equals-ignore-case\":"); rand_str(b); evcc_buf_puts(b, "}}"); break;
  case 7: evcc_buf_puts(b, "{\"wildcard\":"); rand_str(b); evcc_buf_putc(b, '}'); break;
  case 8: evcc_buf_puts(b, "{\"anything-but\":"); rand_str(b); evcc_buf_putc(b, '}'); break;
  case 9: evcc_buf_printf(b, "{\"anything-but\":[%s,%s]}", nums[rnd(6)], nums[rnd(6)]); break;
  case 10: evcc_buf_puts(b, "{\"anything-but\":{\"prefix\":\"a\"}}"); break;
  case 11: evcc_buf_puts(b, "{\"anything-but\":{\"equals-ignore-case\":[\"x\",\"abc\"]}}"); break;
  case 12:
    if (rnd(2)) evcc_buf_printf(b, "{\"numeric\":[\">\",%s,\"<=\",5000]}", nums[rnd(3) + 1]);
    else evcc_buf_printf(b, "{\"numeric\":[\"=\",%s]}", pattern_nums[rnd(sizeof pattern_nums / sizeof *pattern_nums)]);
    break;
  case 13: evcc_buf_puts(b, rnd(2) ? "{\"exists\":true}" : "{\"exists\":false}"); break;
  case 14: {
    static const char *const cidrs[] = {"10.0.0.0/24", "2001:db8::/32", "0.0.0.0/0", "::/0", "10.0.0.0/8", "::/96"};
    evcc_buf_printf(b, "{\"cidr\":\"%s\"}", cidrs[rnd(sizeof cidrs / sizeof *cidrs)]);
    break;
  }
  default: evcc_buf_puts(b, "{\"anything-but\":{\"wildcard\":\"a*\"}}"); break;
  }
}

static void rand_leaf(evcc_buf_t *b) {
  uint32_t n = 1 + rnd(3);
  evcc_buf_putc(b, '[');
  for (uint32_t i = 0; i < n; i++) {
    if (i) evcc_buf_putc(b, ',');
    rand_cond(b);
  }
  evcc_buf_putc(b, ']');
}

/* An object of two fields, one of them required absent: array consistency meets absence when the
 * event holds an array of objects here. */
static void absence_pair(evcc_buf_t *b) {
  uint32_t k = rnd(NKEYS), other = (k + 1 + rnd(NKEYS - 1)) % NKEYS;
  evcc_buf_printf(b, "{\"%s\":[{\"exists\":false}],\"%s\":", keys[k], keys[other]);
  rand_leaf(b);
  evcc_buf_putc(b, '}');
}

static void rand_pattern(evcc_buf_t *b, int depth) {
  uint32_t n = 1 + rnd(depth ? 2 : 3);
  evcc_buf_putc(b, '{');
  for (uint32_t i = 0; i < n; i++) {
    evcc_buf_printf(b, "%s\"%s\":", i ? "," : "", keys[rnd(NKEYS)]);
    if (depth < 2 && rnd(3) == 0) rand_pattern(b, depth + 1);
    else if (depth == 1 && rnd(4) == 0) absence_pair(b); /* as many fields as a nested object: within limits */
    else rand_leaf(b);
  }
  if (depth == 0 && rnd(8) == 0) {
    evcc_buf_puts(b, ",\"$or\":[");
    rand_pattern(b, 2);
    evcc_buf_putc(b, ',');
    rand_pattern(b, 2);
    evcc_buf_putc(b, ']');
  }
  evcc_buf_putc(b, '}');
}

/* One set with many exact strings and prefixes on one field: the table-driven code paths. */
static void big_set(gen_t *g, size_t nevents) {
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  evcc_diag_t d;
  evcc_diag_init(&d);
  set_patterns.len = 0;
  for (uint32_t r = 0; r < 120; r++) {
    char pat[160], name[16];
    if (r % 3 == 2)
      snprintf(pat, sizeof pat, "{\"a\":[{\"prefix\":\"p%u\"}],\"b\":[{\"anything-but\":[\"v%u\"]}]}", r, r);
    else
      snprintf(pat, sizeof pat, "{\"a\":[\"v%u\",\"w%u\"]}", r, r % 7);
    snprintf(name, sizeof name, "big%u", r);
    add_pattern(&ir, pat, strlen(pat), name, &d);
  }
  /* 14 fields below one array-capable field: kept as maximal masks (evc_achain_t) */
  const char *wide = "{\"d\":{\"k0\":[0],\"k1\":[1],\"k2\":[2],\"k3\":[3],\"k4\":[4],\"k5\":[5],\"k6\":[6],"
                     "\"k7\":[7],\"k8\":[8],\"k9\":[9],\"ka\":[10],\"kb\":[11],\"kc\":[12],\"kd\":[13]}}";
  add_pattern(&ir, wide, strlen(wide), "wide", &d);
  for (size_t e = 0; e < nevents; e++) {
    char obj[3][160];
    for (int o = 0; o < 3; o++) {
      size_t n = 0;
      for (unsigned k = 0; k < 14; k++)
        if (rnd(4) || o == 0) n += (size_t)snprintf(obj[o] + n, sizeof obj[o] - n, "%s\"k%x\":%u", n ? "," : "", k, k);
      if (!n) strcpy(obj[o], "\"k0\":0");
    }
    char wev[600];
    if (rnd(2)) snprintf(wev, sizeof wev, "{\"d\":[{%s},{%s}],\"d.kd\":13}", obj[1], obj[2]);
    else snprintf(wev, sizeof wev, "{\"d\":[{%s},[{%s},{%s}]]}", obj[rnd(2) + 1], obj[1], obj[2]);
    add_event(g, &ir, wev, strlen(wev));
  }
  for (size_t e = 0; e < nevents; e++) {
    char ev[96];
    unsigned k = rnd(200);
    snprintf(ev, sizeof ev, "{\"a\":[\"%s%u\",\"v%u\"],\"b\":\"v%u\"}", k % 2 ? "p" : "v", k, rnd(130), rnd(130));
    add_event(g, &ir, ev, strlen(ev));
  }
  if (!emit_set(g, &ir, false)) exit(2);
  evcc_diag_free(&d);
  evcc_ir_free(&ir);
}

static void random_sets(gen_t *g, uint64_t seed, size_t nsets, size_t nevents) {
  rng_state = seed;
  big_set(g, nevents);
  while (g->nset < nsets) {
    evcc_ir_t ir;
    evcc_ir_init(&ir);
    evcc_diag_t d;
    evcc_diag_init(&d);
    uint32_t nrule = 1 + rnd(4);
    set_patterns.len = 0;
    for (uint32_t r = 0; r < nrule; r++) {
      evcc_buf_t p;
      evcc_buf_init(&p);
      rand_pattern(&p, 0);
      char name[16];
      snprintf(name, sizeof name, "r%u", r);
      add_pattern(&ir, p.data, p.len, name, &d);
      evcc_buf_free(&p);
    }
    if (ir.nrule && emit_set(g, &ir, true)) {
      for (size_t e = 0; e < nevents; e++) {
        evcc_buf_t ev;
        evcc_buf_init(&ev);
        if (rnd(4)) rand_object(&ev, 0);
        else rand_record(&ev);
        pad_event(&ev);
        add_event(g, &ir, ev.data, ev.len);
        evcc_buf_free(&ev);
      }
      if (!emit_set(g, &ir, false)) {
        fprintf(stderr, "random set %zu beyond the matcher's limits\n", g->nset);
        exit(2);
      }
    }
    evcc_diag_free(&d);
    evcc_ir_free(&ir);
  }
}

/* {"source":"x","detail":D} where D nests `levels` containers: objects {"a":...} and arrays in turn, or arrays only. */
static void deep_event(evcc_buf_t *b, unsigned levels, bool arrays_only) {
  evcc_buf_puts(b, "{\"source\":\"x\",\"detail\":");
  for (unsigned i = 0; i < levels; i++) evcc_buf_puts(b, arrays_only || i % 2 ? "[" : "{\"a\":");
  evcc_buf_puts(b, "5");
  for (unsigned i = levels; i-- > 0;) evcc_buf_putc(b, arrays_only || i % 2 ? ']' : '}');
  evcc_buf_putc(b, '}');
}

/*
 * The depth policy (EVC_MAX_DEPTH): events whose detail nests as deep as PutEvents accepts are
 * matched alike by the interpreter and the generated matcher, one level more is refused by both.
 */
static void depth_set(gen_t *g) {
  static const char *const pats[] = {"{\"source\":[\"x\"]}", "{\"detail\":{\"a\":{\"a\":{\"a\":[{\"exists\":true}]}}}}",
                                     "{\"detail\":{\"a\":[{\"exists\":false}]}}", "{\"detail\":[5]}"};
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  evcc_diag_t d;
  evcc_diag_init(&d);
  set_patterns.len = 0;
  for (size_t r = 0; r < sizeof pats / sizeof *pats; r++) {
    char name[16];
    snprintf(name, sizeof name, "d%zu", r);
    add_pattern(&ir, pats[r], strlen(pats[r]), name, &d);
  }
  unsigned levels[] = {1, 2, 3, 4, EVC_DETAIL_MAX_DEPTH - 1, EVC_DETAIL_MAX_DEPTH, EVC_DETAIL_MAX_DEPTH + 1,
                       EVC_DETAIL_MAX_DEPTH + 2};
  for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
    for (int arrays_only = 0; arrays_only < 2; arrays_only++) {
      evcc_buf_t ev;
      evcc_buf_init(&ev);
      deep_event(&ev, levels[i], arrays_only);
      add_event(g, &ir, ev.data, ev.len);
      evcc_buf_free(&ev);
    }
  if (!emit_set(g, &ir, false)) exit(2);
  evcc_diag_free(&d);
  evcc_ir_free(&ir);
}

static void emit_main(gen_t *g) {
  fputs("typedef int (*run_fn)(const char *, size_t, uint32_t *, uint32_t *);\n", g->c);
  fprintf(g->c, "static const run_fn runs[%zu] = {\n", g->nset ? g->nset : 1);
  for (size_t i = 0; i < g->nset; i++) fprintf(g->c, "  run_m%zu,\n", i);
  if (!g->nset) fputs("  NULL,\n", g->c);
  fprintf(g->c, "};\nconst size_t nruns = %zu;\n", g->nset);
  fputs("run_fn matcher_run(size_t set) { return set < nruns ? runs[set] : NULL; }\n", g->c);
}

/* A leading --matcher=code|tables: the dispatch form every matcher is emitted in (else auto). */
static bool matcher_option(int *argc, char ***argv, evcc_matcher_form_t *form) {
  if (*argc < 2 || strncmp((*argv)[1], "--matcher=", 10) != 0) return true;
  const char *v = (*argv)[1] + 10;
  if (strcmp(v, "code") == 0) *form = EVCC_MATCHER_CODE;
  else if (strcmp(v, "tables") == 0) *form = EVCC_MATCHER_TABLES;
  else if (strcmp(v, "auto") != 0) return false;
  (*argv)++;
  (*argc)--;
  return true;
}

int main(int argc, char **argv) {
  gen_t g;
  memset(&g, 0, sizeof g);
  if (!matcher_option(&argc, &argv, &g.form) || argc < 4) {
    fprintf(stderr, "usage: gen_matchers [--matcher=auto|code|tables] conformance|random|depth OUT.c OUT.data ARGS...\n");
    return 2;
  }
  evcc_diag_init(&g.diag);
  g.diag.echo = true;
  g.c = fopen(argv[2], "w");
  g.data = fopen(argv[3], "wb");
  if (!g.c || !g.data) return 2;
  fputs("/* Generated by tests/matcher/gen_matchers: many matchers in one translation unit. */\n"
        "#include <eventc/match.h>\n#include <eventc/version.h>\n#include <stdbool.h>\n#include <stdint.h>\n"
        "#include <stdlib.h>\n#include <string.h>\n\n"
        "int trusted_comparable(const char *ev, size_t len); /* check_main.c */\n\n", g.c);
  if (strcmp(argv[1], "conformance") == 0)
    for (int i = 4; i < argc; i++) {
      if (ends_with(argv[i], ".jsonl")) sample_file(&g, argv[i]);
      else conformance_file(&g, argv[i]);
    }
  else if (strcmp(argv[1], "depth") == 0)
    depth_set(&g);
  else if (argc >= 7)
    random_sets(&g, strtoull(argv[4], NULL, 10), strtoull(argv[5], NULL, 10), strtoull(argv[6], NULL, 10));
  emit_main(&g);
  fclose(g.c);
  fclose(g.data);
  fprintf(stderr, "%zu matchers, %zu (pattern set, event) pairs\n", g.nset, g.npair);
  evcc_buf_free(&set_patterns);
  evcc_diag_free(&g.diag);
  for (size_t i = 0; i < ndocs; i++) evcc_doc_free(docs[i]);
  free(docs);
  return 0;
}
