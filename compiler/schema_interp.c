/* Interprets loaded schemas over jansson values: `eventc validate`, and the independent oracle of the differential test. */
#include "schema_interp.h"

#include "schema_regex.h"

#include <eventc/validate.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct evcc_interp {
  evcc_schema_set_t *set;
  evcc_redfa_t **dfas; /* by regex index, compiled on first use */
  size_t ndfa;
  char path[512];
  size_t plen;
  int quiet;
  char *why;
  size_t cap;
};

evcc_interp_t *evcc_interp_new(evcc_schema_set_t *set) {
  evcc_interp_t *in = calloc(1, sizeof *in);
  const evcc_regex_t *res;
  in->set = set;
  in->ndfa = evcc_schema_set_regexes(set, &res);
  in->dfas = calloc(in->ndfa + 1, sizeof *in->dfas);
  return in;
}

void evcc_interp_free(evcc_interp_t *in) {
  if (!in) return;
  for (size_t i = 0; i < in->ndfa; i++) evcc_redfa_free(in->dfas[i]);
  free(in->dfas);
  free(in);
}

static bool fail(evcc_interp_t *in, const char *kw, const char *fmt, ...) {
  if (in->quiet || !in->why || in->why[0]) return false;
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(in->why, in->cap, "%s: %s: %s", in->plen ? in->path : "/", kw, msg);
  return false;
}

static size_t push(evcc_interp_t *in, const char *key, size_t idx) {
  size_t old = in->plen;
  char seg[300];
  if (key) {
    size_t k = 0;
    for (const char *c = key; *c && k + 3 < sizeof seg; c++) {
      if (*c == '~' || *c == '/') seg[k++] = '~', seg[k++] = *c == '~' ? '0' : '1';
      else seg[k++] = *c;
    }
    seg[k] = '\0';
  } else {
    snprintf(seg, sizeof seg, "%lu", (unsigned long)idx);
  }
  int n = snprintf(in->path + in->plen, sizeof in->path - in->plen, "/%s", seg);
  if (n > 0 && (size_t)n < sizeof in->path - in->plen) in->plen += (size_t)n;
  return old;
}

static void pop(evcc_interp_t *in, size_t old) {
  in->plen = old;
  in->path[old] = '\0';
}

static json_t *literal(const evcc_node_t *n) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_schema_json(&b, n);
  json_t *v = json_loadb(b.data, b.len, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, NULL);
  evcc_buf_free(&b);
  return v;
}

static bool equal(json_t *a, json_t *b) {
  if (json_is_number(a) && json_is_number(b)) return json_number_value(a) == json_number_value(b);
  if (json_typeof(a) != json_typeof(b)) return false;
  if (json_is_array(a)) {
    if (json_array_size(a) != json_array_size(b)) return false;
    for (size_t i = 0; i < json_array_size(a); i++)
      if (!equal(json_array_get(a, i), json_array_get(b, i))) return false;
    return true;
  }
  if (json_is_object(a)) {
    const char *k;
    json_t *x;
    if (json_object_size(a) != json_object_size(b)) return false;
    json_object_foreach(a, k, x) {
      json_t *y = json_object_get(b, k);
      if (!y || !equal(x, y)) return false;
    }
    return true;
  }
  return json_equal(a, b);
}

/* v equals one of the n values of an enum list, or the const value when n is 0. */
static bool in_literals(const evcc_node_t *list, json_t *v, size_t n) {
  for (size_t i = 0; i < (n ? n : 1); i++) {
    json_t *l = literal(n ? list->items[i] : list);
    bool eq = l && equal(l, v);
    json_decref(l);
    if (eq) return true;
  }
  return false;
}

static bool is_integral(json_t *v) {
  double d = json_number_value(v);
  return isfinite(d) && floor(d) == d;
}

static bool type_ok(unsigned types, json_t *v) {
  if (!types) return true;
  switch (json_typeof(v)) {
  case JSON_OBJECT: return types & EVCC_T_OBJECT;
  case JSON_ARRAY: return types & EVCC_T_ARRAY;
  case JSON_STRING: return types & EVCC_T_STRING;
  case JSON_INTEGER:
  case JSON_REAL: return (types & EVCC_T_NUMBER) || ((types & EVCC_T_INTEGER) && is_integral(v));
  case JSON_TRUE:
  case JSON_FALSE: return types & EVCC_T_BOOLEAN;
  default: return types & EVCC_T_NULL;
  }
}

static bool check(evcc_interp_t *in, const evcc_snode_t *s, json_t *v);

static const char *json_kind(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER:
  case JSON_REAL: return "a number";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  default: return "null";
  }
}

static bool check_number(evcc_interp_t *in, const evcc_snode_t *s, double x) {
  double lim;
  if (s->minimum && evcc_node_number(s->minimum, &lim) && (s->min_excl ? x <= lim : x < lim))
    return fail(in, s->min_excl ? "exclusiveMinimum" : "minimum", "%.15g is less than %s%s", x,
                s->min_excl ? "or equal to " : "", s->minimum->str);
  if (s->maximum && evcc_node_number(s->maximum, &lim) && (s->max_excl ? x >= lim : x > lim))
    return fail(in, s->max_excl ? "exclusiveMaximum" : "maximum", "%.15g is greater than %s%s", x,
                s->max_excl ? "or equal to " : "", s->maximum->str);
  if (s->multiple_of && evcc_node_number(s->multiple_of, &lim) && !evc_multiple_of(x, lim))
    return fail(in, "multipleOf", "%.15g is not a multiple of %.15g", x, lim);
  return true;
}

typedef int (*fmt_fn)(const char *, size_t);

static fmt_fn format_of(const char *f) {
  static const struct {
    const char *name;
    fmt_fn fn;
  } map[] = {{"date-time", evc_fmt_date_time}, {"date", evc_fmt_date}, {"time", evc_fmt_time},
             {"email", evc_fmt_email}, {"idn-email", evc_fmt_email}, {"hostname", evc_fmt_hostname},
             {"idn-hostname", evc_fmt_idn_hostname}, {"ipv4", evc_fmt_ipv4}, {"ipv6", evc_fmt_ipv6},
             {"uri", evc_fmt_uri}, {"uri-reference", evc_fmt_uri_reference}, {"iri", evc_fmt_iri},
             {"iri-reference", evc_fmt_iri_reference}, {"uuid", evc_fmt_uuid},
             {"uri-template", evc_fmt_uri_template}, {"regex", evc_fmt_regex},
             {"json-pointer", evc_fmt_json_pointer}, {"relative-json-pointer", evc_fmt_relative_json_pointer}};
  for (size_t i = 0; f && i < sizeof map / sizeof *map; i++)
    if (!strcmp(f, map[i].name)) return map[i].fn;
  return NULL;
}

static bool regex_match(evcc_interp_t *in, int re, const char *str, size_t len) {
  if (re < 0 || (size_t)re >= in->ndfa) return false;
  if (!in->dfas[re]) {
    const evcc_regex_t *res;
    evcc_diag_t d;
    evcc_diag_init(&d);
    evcc_schema_set_regexes(in->set, &res);
    in->dfas[re] = evcc_regex_compile(res[re].src, res[re].loc, &d);
    evcc_diag_free(&d);
  }
  return in->dfas[re] && evcc_redfa_match(in->dfas[re], str, len);
}

static bool check_string(evcc_interp_t *in, const evcc_snode_t *s, json_t *v) {
  const char *str = json_string_value(v);
  size_t len = json_string_length(v), cl = evc_utf8_len(str, len);
  fmt_fn f = format_of(s->format);
  if (s->min_len >= 0 && cl < (size_t)s->min_len)
    return fail(in, "minLength", "%zu characters, fewer than %ld", cl, (long)s->min_len);
  if (s->max_len >= 0 && cl > (size_t)s->max_len)
    return fail(in, "maxLength", "%zu characters, more than %ld", cl, (long)s->max_len);
  if (s->pattern && !regex_match(in, s->pattern_re, str, len))
    return fail(in, "pattern", "\"%.*s\" does not match /%s/", (int)len, str, s->pattern->str);
  if (f && !f(str, len)) return fail(in, "format", "\"%.*s\" is not a valid %s", (int)len, str, s->format);
  return true;
}

static bool check_array(evcc_interp_t *in, const evcc_snode_t *s, json_t *v) {
  size_t n = json_array_size(v), found = 0;
  for (size_t i = 0; i < n; i++) {
    json_t *e = json_array_get(v, i);
    size_t old = push(in, NULL, i);
    const evcc_snode_t *item = s->items ? s->items : i < s->ntuple ? s->tuple[i] : s->additional_items;
    if (s->tuple && i >= s->ntuple && s->additional_items && s->additional_items->boolean == 0)
      return fail(in, "additionalItems", "too many items");
    if (!check(in, item, e)) return false;
    if (s->contains) {
      in->quiet++;
      found += check(in, s->contains, e);
      in->quiet--;
    }
    pop(in, old);
  }
  if (s->min_items >= 0 && n < (size_t)s->min_items)
    return fail(in, "minItems", "%zu items, fewer than %ld", n, (long)s->min_items);
  if (s->max_items >= 0 && n > (size_t)s->max_items)
    return fail(in, "maxItems", "%zu items, more than %ld", n, (long)s->max_items);
  if (s->contains && !found) return fail(in, "contains", "no item matches");
  for (size_t i = 0; s->unique && i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      if (equal(json_array_get(v, i), json_array_get(v, j))) return fail(in, "uniqueItems", "item %lu repeats", (unsigned long)j);
  return true;
}

static bool check_member(evcc_interp_t *in, const evcc_snode_t *s, const char *key, size_t klen, json_t *e) {
  bool hit = false;
  for (size_t i = 0; i < s->nprop; i++)
    if (s->keys[i].len == klen && !memcmp(s->keys[i].name, key, klen)) {
      hit = true;
      if (!check(in, s->keys[i].schema, e)) return false;
    }
  for (size_t i = 0; i < s->npprop; i++)
    if (regex_match(in, s->pprops[i].regex, key, klen)) {
      hit = true;
      if (!check(in, s->pprops[i].schema, e)) return false;
    }
  if (!hit && s->additional) {
    if (s->additional->boolean == 0)
      return fail(in, "additionalProperties", "property \"%.*s\" is not allowed", (int)klen, key);
    return check(in, s->additional, e);
  }
  return true;
}

static bool check_object(evcc_interp_t *in, const evcc_snode_t *s, json_t *v) {
  const char *key;
  json_t *e;
  void *it;
  json_object_foreach_safe(v, it, key, e) {
    size_t old = push(in, key, 0);
    size_t klen = strlen(key);
    if (s->property_names) {
      json_t *k = json_stringn(key, klen);
      bool ok = check(in, s->property_names, k);
      json_decref(k);
      if (!ok) return false;
    }
    if (!check_member(in, s, key, klen, e)) return false;
    pop(in, old);
  }
  size_t n = json_object_size(v);
  if (s->min_props >= 0 && n < (size_t)s->min_props) return fail(in, "minProperties", "too few properties");
  if (s->max_props >= 0 && n > (size_t)s->max_props) return fail(in, "maxProperties", "too many properties");
  for (size_t i = 0; i < s->nkey; i++) {
    const evcc_skey_t *k = &s->keys[i];
    bool present = json_object_getn(v, k->name, k->len) != NULL;
    if (k->required && !present) return fail(in, "required", "missing property \"%.*s\"", (int)k->len, k->name);
    for (size_t j = 0; present && k->dep_list && j < k->dep_list->count; j++) {
      const evcc_node_t *d = k->dep_list->items[j];
      if (d->kind == EVCC_NODE_STRING && !json_object_getn(v, d->str, d->len))
        return fail(in, "dependencies", "property \"%s\" is required", d->str);
    }
    if (present && k->dep_schema && !check(in, k->dep_schema, v)) return false;
  }
  return true;
}

static bool applicators(evcc_interp_t *in, const evcc_snode_t *s, json_t *v) {
  for (size_t i = 0; i < s->nall; i++)
    if (!check(in, s->all_of[i], v)) return false;
  size_t any = 0, one = 0;
  in->quiet++;
  for (size_t i = 0; i < s->nany; i++) any += check(in, s->any_of[i], v);
  for (size_t i = 0; i < s->none; i++) one += check(in, s->one_of[i], v);
  bool not_ok = s->not_ && check(in, s->not_, v);
  bool cond = s->if_ && check(in, s->if_, v);
  in->quiet--;
  if (s->nany && !any) return fail(in, "anyOf", "no schema matches");
  if (s->none && one != 1) return fail(in, "oneOf", "%lu schemas match", (unsigned long)one);
  if (not_ok) return fail(in, "not", "the value matches");
  if (s->if_ && cond && s->then_) return check(in, s->then_, v);
  if (s->if_ && !cond && s->else_) return check(in, s->else_, v);
  return true;
}

static bool check_value(evcc_interp_t *in, const evcc_snode_t *s, json_t *v);

/* Checks v against s, leaving the path as it was (branches that fail quietly return early). */
static bool check(evcc_interp_t *in, const evcc_snode_t *s, json_t *v) {
  size_t saved = in->plen;
  bool ok = check_value(in, s, v);
  pop(in, saved);
  return ok;
}

static bool check_value(evcc_interp_t *in, const evcc_snode_t *s, json_t *v) {
  if (!s) return true;
  if (s->ref) return check(in, s->ref, v);
  if (s->boolean >= 0) return s->boolean ? true : fail(in, "false", "no value is allowed here");
  if (!type_ok(s->types, v)) return fail(in, "type", "%s is not of the allowed type", json_kind(v));
  if (s->enum_ && !in_literals(s->enum_, v, s->enum_->count))
    return fail(in, "enum", "value is not one of the allowed values");
  if (s->const_ && !in_literals(s->const_, v, 0)) return fail(in, "const", "value is not the constant");
  bool ok = true;
  if (json_is_number(v)) ok = check_number(in, s, json_number_value(v));
  else if (json_is_string(v)) ok = check_string(in, s, v);
  else if (json_is_array(v)) ok = check_array(in, s, v);
  else if (json_is_object(v)) ok = check_object(in, s, v);
  return ok && applicators(in, s, v);
}

bool evcc_interp_check(evcc_interp_t *in, const evcc_snode_t *root, const char *json, size_t len, bool detail,
                       char *why, size_t cap) {
  json_error_t e;
  json_t *v = json_loadb(json, len, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &e);
  why[0] = '\0';
  if (!v) {
    snprintf(why, cap, "offset %d: %s", e.position, e.text);
    return false;
  }
  in->why = why;
  in->cap = cap;
  in->plen = 0;
  in->path[0] = '\0';
  in->quiet = 0;
  json_t *target = v;
  if (detail && json_is_object(v) && json_object_get(v, "detail-type") && json_object_get(v, "detail")) {
    target = json_object_get(v, "detail"); /* an envelope: the schema describes its detail */
    push(in, "detail", 0);
  }
  bool ok = check(in, root, target);
  json_decref(v);
  return ok;
}
