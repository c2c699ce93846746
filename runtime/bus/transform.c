/* Run-time support of compiled target inputs: JSONPath lookup in valid JSON and slot insertion. */
#include "eventc/transform.h"

#include "eventc/scan.h"

#include <string.h>

/* Strings of the (already validated) event, for flattening objects into string templates. */
static const char *skip_string(const char *p, const char *end) {
  for (p++; p < end && *p != '"'; p++)
    if (*p == '\\') p++;
  return p < end ? p + 1 : end;
}

static evc_xtype_t type_of(evc_kind_t k) {
  switch (k) {
  case EVC_KIND_OBJECT: return EVC_X_OBJECT;
  case EVC_KIND_ARRAY: return EVC_X_ARRAY;
  case EVC_KIND_STRING: return EVC_X_STRING;
  case EVC_KIND_NUMBER: return EVC_X_NUMBER;
  case EVC_KIND_TRUE: return EVC_X_TRUE;
  case EVC_KIND_FALSE: return EVC_X_FALSE;
  case EVC_KIND_NULL: return EVC_X_NULL;
  default: return EVC_X_MISSING;
  }
}

#define MAX_PATHS 128

/* One pass over the event finds every path of a transformer. */
typedef struct walk {
  evc_scan_t s;
  const evc_path_t *paths;
  evc_jval_t *out;
} walk_t;

static const char *walk_value(walk_t *w, const char *p, const uint8_t *ids, size_t nid,
                              uint32_t level);

/* Descends into member/element `sub` paths; the earlier result of a repeated key is dropped. */
static const char *walk_into(walk_t *w, const char *p, const uint8_t *sub, size_t nsub,
                             uint32_t level) {
  static const evc_jval_t missing = {EVC_X_MISSING, NULL, 0};
  if (!nsub) return evc_scan_skip(&w->s, p);
  for (size_t j = 0; j < nsub; j++) w->out[sub[j]] = missing;
  return walk_value(w, p, sub, nsub, level + 1);
}

static const char *walk_object(walk_t *w, const char *p, const uint8_t *ids, size_t nid,
                               uint32_t level) {
  evc_str_t key;
  int more = evc_scan_obj_first(&w->s, &p, &key);
  while (more > 0) {
    uint8_t sub[MAX_PATHS];
    size_t nsub = 0;
    for (size_t j = 0; j < nid; j++) {
      const evc_path_step_t *st = &w->paths[ids[j]].steps[level];
      if (st->key && evc_str_equals(&key, st->key, st->keylen)) sub[nsub++] = ids[j];
    }
    if (!(p = walk_into(w, p, sub, nsub, level))) return NULL;
    more = evc_scan_obj_next(&w->s, &p, &key);
  }
  return more < 0 ? NULL : p;
}

static const char *walk_array(walk_t *w, const char *p, const uint8_t *ids, size_t nid,
                              uint32_t level) {
  int more = evc_scan_arr_first(&w->s, &p);
  for (uint32_t e = 0; more > 0; e++) {
    uint8_t sub[MAX_PATHS];
    size_t nsub = 0;
    for (size_t j = 0; j < nid; j++) {
      const evc_path_step_t *st = &w->paths[ids[j]].steps[level];
      if (!st->key && st->index == e) sub[nsub++] = ids[j];
    }
    if (!(p = walk_into(w, p, sub, nsub, level))) return NULL;
    more = evc_scan_arr_next(&w->s, &p);
  }
  return more < 0 ? NULL : p;
}

/* The value at p is where the paths `ids` have walked `level` steps. */
static const char *walk_value(walk_t *w, const char *p, const uint8_t *ids, size_t nid,
                              uint32_t level) {
  uint8_t deep[MAX_PATHS];
  size_t ndeep = 0;
  for (size_t j = 0; j < nid; j++)
    if (w->paths[ids[j]].nstep > level) deep[ndeep++] = ids[j];
  evc_kind_t kind = evc_scan_kind(&w->s, p);
  const char *q;
  if (ndeep && kind == EVC_KIND_OBJECT)
    q = walk_object(w, p, deep, ndeep, level);
  else if (ndeep && kind == EVC_KIND_ARRAY)
    q = walk_array(w, p, deep, ndeep, level);
  else
    q = evc_scan_skip(&w->s, p);
  if (!q) return NULL;
  for (size_t j = 0; j < nid; j++) {
    if (w->paths[ids[j]].nstep != level) continue;
    w->out[ids[j]].type = type_of(kind);
    w->out[ids[j]].text = p;
    w->out[ids[j]].len = (size_t)(q - p);
  }
  return q;
}

void evc_json_locate_all(const char *json, size_t len, const evc_path_t *paths, size_t n,
                         evc_jval_t *out) {
  static const evc_jval_t missing = {EVC_X_MISSING, NULL, 0};
  uint8_t ids[MAX_PATHS];
  for (size_t i = 0; i < n; i++) out[i] = missing;
  if (n == 0) return;
  if (n > MAX_PATHS) { /* more than InputPathsMap allows: one pass per path */
    for (size_t i = 0; i < n; i++) evc_json_locate_all(json, len, &paths[i], 1, &out[i]);
    return;
  }
  for (size_t i = 0; i < n; i++) ids[i] = (uint8_t)i;
  evc_scan_limits_t limits = {len, EVC_SCAN_DEPTH_CAP};
  walk_t w;
  w.paths = paths;
  w.out = out;
  const char *p = evc_scan_begin(&w.s, json, len, &limits, NULL);
  if (p && walk_value(&w, p, ids, n, 0)) return;
  for (size_t i = 0; i < n; i++) out[i] = missing; /* not valid JSON: nothing is found */
}

evc_jval_t evc_json_locate(const char *json, size_t len, const evc_path_step_t *steps,
                           size_t nstep) {
  evc_path_t path = {steps, (uint32_t)nstep};
  evc_jval_t v;
  evc_json_locate_all(json, len, &path, 1, &v);
  return v;
}

void evc_out_init(evc_out_t *o, char *buf, size_t cap) {
  o->buf = buf;
  o->cap = cap;
  o->len = 0;
  o->overflow = 0;
}

void evc_out_lit(evc_out_t *o, const char *s, size_t n) {
  if (n > o->cap - o->len) {
    o->overflow = 1;
    o->len = o->cap;
    return;
  }
  memcpy(o->buf + o->len, s, n);
  o->len += n;
}

void evc_out_value(evc_out_t *o, const evc_jval_t *v) {
  if (v->type == EVC_X_MISSING)
    evc_out_lit(o, "\"\"", 2);
  else
    evc_out_lit(o, v->text, v->len);
}

static void out_scalar_in_quotes(evc_out_t *o, const evc_jval_t *v) {
  if (v->type == EVC_X_STRING)
    evc_out_lit(o, v->text + 1, v->len - 2); /* stays escaped: it cannot close the quotes */
  else if (v->type != EVC_X_MISSING)
    evc_out_lit(o, v->text, v->len);
}

int evc_out_quoted(evc_out_t *o, const evc_jval_t *v, const char *var, evc_error_t *err) {
  if (v->type == EVC_X_OBJECT || v->type == EVC_X_ARRAY)
    return evc_fail(err, EVC_E_TRANSFORM, (size_t)0,
                    "variable <%s> holds an %s, which cannot be placed inside quotes", var,
                    v->type == EVC_X_OBJECT ? "object" : "array");
  out_scalar_in_quotes(o, v);
  return 0;
}

/* An object/array inside a string template: compact, without the quotes of its strings. */
static void out_flattened(evc_out_t *o, const evc_jval_t *v) {
  const char *p = v->text, *end = v->text + v->len;
  while (p < end) {
    if (*p == '"') {
      const char *q = skip_string(p, end);
      evc_out_lit(o, p + 1, (size_t)(q - p - 2));
      p = q;
    } else if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      p++;
    } else {
      evc_out_lit(o, p++, 1);
    }
  }
}

void evc_out_text(evc_out_t *o, const evc_jval_t *v) {
  if (v->type == EVC_X_OBJECT || v->type == EVC_X_ARRAY)
    out_flattened(o, v);
  else
    out_scalar_in_quotes(o, v);
}

static void out_member(evc_out_t *o, const char *json, size_t len, const char *key,
                       const char *as, int *first) {
  const evc_path_step_t step = {key, (uint32_t)strlen(key), 0};
  evc_jval_t v = evc_json_locate(json, len, &step, 1);
  if (v.type == EVC_X_MISSING) return;
  if (!*first) evc_out_lit(o, ",", 1);
  *first = 0;
  evc_out_lit(o, "\"", 1);
  evc_out_lit(o, as, strlen(as));
  evc_out_lit(o, "\":", 2);
  evc_out_lit(o, v.text, v.len);
}

void evc_out_event_nodetail(evc_out_t *o, const char *event, size_t len) {
  /* The key order and the camelCase detailType are as recorded on AWS (§3.3, §11.5). */
  static const char *const keys[][2] = {
      {"id", "id"},         {"account", "account"}, {"detail-type", "detailType"},
      {"time", "time"},     {"source", "source"},   {"region", "region"},
      {"resources", "resources"}, {"version", "version"}};
  int first = 1;
  evc_out_lit(o, "{", 1);
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    out_member(o, event, len, keys[i][0], keys[i][1], &first);
  evc_out_lit(o, "}", 1);
}

int evc_out_done(const evc_out_t *o, evc_error_t *err) {
  if (!o->overflow) return 0;
  return evc_fail(err, EVC_E_NO_SPACE, o->cap, "payload buffer of %zu bytes is too small",
                  o->cap);
}

int evc_transform_event(const evc_xctx_t *x, evc_out_t *o, evc_error_t *err) {
  evc_out_lit(o, x->event, x->event_len);
  return evc_out_done(o, err);
}
