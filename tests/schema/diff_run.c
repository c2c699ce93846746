/*
 * Differential test: the generated validators of every JSON-Schema-Test-Suite group against the schema
 * interpreter (jansson values, compiler/schema_interp.c) on the suite's instances and random mutations of them.
 */
#include "doc.h"
#include "schema_interp.h"
#include "suite.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(unsigned n) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (unsigned)(rng % n);
}

static json_t *random_scalar(void) {
  static const char *const strs[] = {"", "a", "foo", "bar", "1", "é", "2020-01-01", "tkt_1", "\xf0\x9f\x98\x80"};
  switch (rnd(6)) {
  case 0: return json_integer((json_int_t)rnd(21) - 10);
  case 1: return json_real((double)rnd(2000) / 100.0 - 10.0);
  case 2: return json_string(strs[rnd(sizeof strs / sizeof *strs)]);
  case 3: return json_boolean(rnd(2));
  case 4: return json_null();
  default: return rnd(2) ? json_object() : json_array();
  }
}

/* Applies one random edit somewhere in the tree; returns the (possibly new) root. */
static json_t *mutate(json_t *v, int depth) {
  size_t n = json_is_array(v) ? json_array_size(v) : json_is_object(v) ? json_object_size(v) : 0;
  if (n && depth < 8 && rnd(3)) {
    if (json_is_array(v)) {
      size_t i = rnd((unsigned)n);
      json_array_set(v, i, mutate(json_incref(json_array_get(v, i)), depth + 1));
      json_decref(json_array_get(v, i));
    } else {
      void *it = json_object_iter(v);
      for (unsigned k = rnd((unsigned)n); k; k--) it = json_object_iter_next(v, it);
      json_t *child = json_object_iter_value(it);
      json_object_iter_set_new(v, it, mutate(json_incref(child), depth + 1));
    }
    return v;
  }
  switch (rnd(5)) {
  case 0:
    if (json_is_array(v)) {
      json_array_append_new(v, n && rnd(2) ? json_deep_copy(json_array_get(v, rnd((unsigned)n))) : random_scalar());
      return v;
    }
    if (json_is_object(v)) {
      static const char *const keys[] = {"foo", "bar", "baz", "a", "b", "", "quux", "status"};
      json_object_set_new(v, keys[rnd(8)], random_scalar());
      return v;
    }
    break;
  case 1:
    if (json_is_number(v)) {
      json_t *x = json_real(json_number_value(v) + (double)rnd(5) - 2 + (rnd(2) ? 0.5 : 0));
      json_decref(v);
      return x;
    }
    break;
  case 2:
    if (json_is_string(v) && json_string_length(v)) {
      json_t *x = json_stringn(json_string_value(v), json_string_length(v) - 1);
      if (!x) break; /* cut inside a UTF-8 sequence */
      json_decref(v);
      return x;
    }
    break;
  default:
    break;
  }
  json_decref(v);
  return random_scalar();
}

typedef struct group {
  evcc_doc_t *doc;
  const char *file;
  evcc_schema_set_t *set;
  evcc_interp_t *in;
  const evcc_snode_t *root;
} group_t;

static int load_group(group_t *g, const char *suite, const char *draft, const char *meta, const suite_case_t *c) {
  if (!g->file || strcmp(g->file, c->file)) {
    char path[4096];
    evcc_doc_free(g->doc);
    snprintf(path, sizeof path, "%s/%s/%s", suite, draft, c->file);
    evcc_diag_t d;
    evcc_diag_init(&d);
    g->doc = evcc_doc_load(path, EVCC_SYNTAX_JSON, &d);
    evcc_diag_free(&d);
    g->file = c->file;
  }
  evcc_interp_free(g->in);
  evcc_schema_set_free(g->set);
  g->set = evcc_schema_set_new();
  char remotes[4096];
  snprintf(remotes, sizeof remotes, "%s/remotes", suite);
  evcc_schema_set_map_uri(g->set, "http://localhost:1234/", remotes);
  evcc_schema_set_map_uri(g->set, "http://json-schema.org/", meta);
  evcc_schema_set_default_draft(g->set, strcmp(draft, "draft4") ? EVCC_DRAFT7 : EVCC_DRAFT4);
  evcc_diag_t d;
  evcc_diag_init(&d);
  const evcc_node_t *schema = evcc_map_get(g->doc->root->items[c->group_index], "schema");
  bool ok = evcc_schema_set_add_node(g->set, schema, "root", true, &d);
  evcc_diag_free(&d);
  evcc_sroot_t *roots;
  evcc_schema_set_roots(g->set, &roots);
  g->root = ok ? roots[0].schema : NULL;
  g->in = evcc_interp_new(g->set);
  return ok;
}

/* Runs both validators on one instance; prints and counts a disagreement. */
static int compare(group_t *g, const suite_case_t *c, const char *json, size_t len) {
  evc_error_t err;
  char why[512];
  int gen = c->validate(json, len, &err) == 0;
  int ref = evcc_interp_check(g->in, g->root, json, len, false, why, sizeof why);
  if (gen == ref) return 0;
  char msg[512];
  evc_error_format(&err, msg, sizeof msg);
  printf("DISAGREE %s | %s | %s\n  instance %.300s\n  generated: %s\n  interpreter: %s\n", c->file, c->group, c->test,
         json, gen ? "valid" : msg, ref ? "valid" : why);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: diff_run SUITE_DIR DRAFT METASCHEMA_DIR MUTATIONS_PER_CASE\n");
    return 2;
  }
  unsigned per = (unsigned)atoi(argv[4]), runs = 0, bad = 0;
  group_t g = {0};
  const char *loaded_for = NULL;
  unsigned loaded_index = ~0u;
  for (size_t i = 0; i < suite_ncases; i++) {
    const suite_case_t *c = &suite_cases[i];
    if (!c->validate || !strncmp(c->file, "optional/", 9)) continue; /* formats and bignums are shared code */
    if (c->file != loaded_for || c->group_index != loaded_index) {
      if (!load_group(&g, argv[1], argv[2], argv[3], c)) continue;
      loaded_for = c->file;
      loaded_index = c->group_index;
    }
    bad += (unsigned)compare(&g, c, c->data, c->len);
    runs++;
    for (unsigned k = 0; k < per; k++) {
      json_t *v = json_loadb(c->data, c->len, JSON_DECODE_ANY, NULL);
      if (!v) break;
      v = mutate(v, 0);
      char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
      if (text) {
        bad += (unsigned)compare(&g, c, text, strlen(text));
        runs++;
      }
      free(text);
      json_decref(v);
    }
  }
  printf("%s differential: %u instances, %u disagreements\n", argv[2], runs, bad);
  evcc_interp_free(g.in);
  evcc_schema_set_free(g.set);
  evcc_doc_free(g.doc);
  return bad != 0;
}
