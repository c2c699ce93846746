/* Reference interpreter: EventBridge matching over a jansson event, array-consistent like event-ruler. */
#include "interp.h"
#include "interp_fields.h"

#include "eventc/casefold.h"
#include "eventc/ip.h"
#include "eventc/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The event is flattened into leaf fields: (dotted path, value, array membership). Every array
 * of the event gets an id; a field inside element i of array a carries (a -> i). Fields may be
 * combined in one match only when they agree on every array they both sit in (§11.3).
 */

static void *xrealloc(void *p, size_t n) {
  void *r = realloc(p, n ? n : 1);
  if (!r) abort();
  return r;
}

static void add_field(evcc_fields_t *fs, const char *path, const json_t *v, const evcc_member_t *m, size_t nm) {
  if (fs->n == fs->cap) {
    fs->cap = fs->cap ? fs->cap * 2 : 32;
    fs->v = xrealloc(fs->v, fs->cap * sizeof *fs->v);
  }
  evcc_field_t *f = &fs->v[fs->n++];
  f->path = strdup(path);
  if (!f->path) abort();
  f->value = v;
  f->members = xrealloc(NULL, nm * sizeof *m);
  if (nm) memcpy(f->members, m, nm * sizeof *m);
  f->nmember = nm;
}

typedef struct {
  evcc_member_t *v;
  size_t n, cap;
} stack_t;

static void flatten(evcc_fields_t *fs, char **path, size_t plen, size_t *pcap, const json_t *v, stack_t *st);

static void path_set(char **path, size_t *pcap, size_t at, const char *key, size_t klen) {
  size_t need = at + 1 + klen + 1;
  if (need > *pcap) {
    *pcap = need * 2;
    *path = xrealloc(*path, *pcap);
  }
  if (at) (*path)[at++] = '.';
  memcpy(*path + at, key, klen);
  (*path)[at + klen] = '\0';
}

static void flatten(evcc_fields_t *fs, char **path, size_t plen, size_t *pcap, const json_t *v, stack_t *st) {
  if (json_is_object(v)) {
    const char *key;
    const json_t *child;
    json_object_foreach((json_t *)v, key, child) {
      size_t klen = strlen(key);
      path_set(path, pcap, plen, key, klen);
      flatten(fs, path, plen + (plen ? 1 : 0) + klen, pcap, child, st);
    }
    return;
  }
  if (json_is_array(v)) {
    uint32_t id = fs->next_array++;
    fs->array_paths = xrealloc(fs->array_paths, fs->next_array * sizeof *fs->array_paths);
    fs->array_paths[id] = strndup(*path, plen);
    if (!fs->array_paths[id]) abort();
    if (st->n == st->cap) {
      st->cap = st->cap ? st->cap * 2 : 8;
      st->v = xrealloc(st->v, st->cap * sizeof *st->v);
    }
    /* Only structured elements record their index: a leaf in an array may combine with the
     * fields of any element around it (event-ruler's behaviour, seen in its recorded cases). */
    for (size_t i = 0; i < json_array_size(v); i++) {
      const json_t *e = json_array_get(v, i);
      bool structured = json_is_object(e) || json_is_array(e);
      if (structured) st->v[st->n++] = (evcc_member_t){id, (uint32_t)i};
      (*path)[plen] = '\0';
      flatten(fs, path, plen, pcap, e, st);
      if (structured) st->n--;
    }
    return;
  }
  (*path)[plen] = '\0';
  add_field(fs, *path, v, st->v, st->n);
}

void evcc_fields_free(evcc_fields_t *fs) {
  for (size_t i = 0; i < fs->n; i++) {
    free(fs->v[i].path);
    free(fs->v[i].members);
  }
  free(fs->v);
  for (uint32_t a = 0; a < fs->next_array; a++) free(fs->array_paths[a]);
  free(fs->array_paths);
}

void evcc_fields_flatten(const json_t *event, evcc_fields_t *fs) {
  memset(fs, 0, sizeof *fs);
  size_t cap = 64;
  char *path = xrealloc(NULL, cap);
  path[0] = '\0';
  stack_t st = {0};
  if (json_is_object(event)) flatten(fs, &path, 0, &cap, event, &st);
  free(path);
  free(st.v);
}

/* ---- value conditions ---- */

/*
 * How many bytes at the start of s[0..n) spell pattern `p` case-insensitively: each pattern code
 * point as itself, its full lowercase or its full uppercase mapping (event-ruler's
 * EqualsIgnoreCaseParser); -1 when they do not. No variant is a prefix of another, so the first
 * that fits is the only one.
 */
static long nocase_span(const evcc_str_t *p, const char *s, size_t n) {
  size_t at = 0;
  for (size_t i = 0; i < p->len;) {
    unsigned char var[3][EVC_CASE_VARIANT_MAX];
    size_t len[3], k, nvar = evc_case_variants_at(p->s + i, p->len - i, &k, var, len);
    i += k;
    size_t v = 0;
    while (v < nvar && !(n - at >= len[v] && memcmp(s + at, var[v], len[v]) == 0)) v++;
    if (v == nvar) return -1;
    at += len[v];
  }
  return (long)at;
}

static bool nocase_equal(const evcc_str_t *p, const char *s, size_t n) { return nocase_span(p, s, n) == (long)n; }

static bool nocase_suffix(const evcc_str_t *p, const char *s, size_t n) {
  for (size_t j = 0; j <= n; j++)
    if (nocase_equal(p, s + j, n - j)) return true;
  return false;
}

static bool nocase_in(const evcc_cond_t *k, const char *s, size_t n) {
  for (size_t i = 0; i < k->nstr; i++)
    if (nocase_equal(&k->strs[i], s, n)) return true;
  return false;
}

static bool has_prefix(const char *s, size_t n, const evcc_str_t *p) { return n >= p->len && memcmp(s, p->s, p->len) == 0; }

static bool has_suffix(const char *s, size_t n, const evcc_str_t *p) {
  return n >= p->len && memcmp(s + n - p->len, p->s, p->len) == 0;
}

/* Next literal segment of a wildcard pattern, unescaping \* and \\; returns false at the end. */
static bool wild_segment(const evcc_str_t *w, size_t *pos, char *seg, size_t *seglen, bool *star_after) {
  size_t i = *pos, n = 0;
  if (i > w->len) return false;
  while (i < w->len && w->s[i] != '*') {
    if (w->s[i] == '\\' && i + 1 < w->len) i++;
    seg[n++] = w->s[i++];
  }
  *star_after = i < w->len;
  *seglen = n;
  *pos = i + 1;
  return true;
}

static const char *find(const char *h, size_t hn, const char *nd, size_t nn) {
  if (nn == 0) return h;
  for (size_t i = 0; i + nn <= hn; i++)
    if (memcmp(h + i, nd, nn) == 0) return h + i;
  return NULL;
}

/*
 * Wildcard match without backtracking: the first segment must be a prefix, the last a suffix,
 * the ones between are found leftmost-first (greedy leftmost is exact for '*'-only globs).
 */
bool evcc_wildcard_match(const evcc_str_t *w, const char *s, size_t n) {
  char *seg = xrealloc(NULL, w->len + 1);
  size_t pos = 0, len, at = 0;
  bool star, first = true, ok = true;
  while (wild_segment(w, &pos, seg, &len, &star)) {
    if (first && !star) { /* no star at all */
      ok = len == n && memcmp(seg, s, n) == 0;
      break;
    }
    if (first) {
      ok = len <= n && memcmp(seg, s, len) == 0;
      at = len;
    } else if (!star) { /* last segment: a suffix of what is left */
      ok = n - at >= len && memcmp(s + n - len, seg, len) == 0;
    } else {
      const char *hit = find(s + at, n - at, seg, len);
      ok = hit != NULL;
      if (ok) at = (size_t)(hit - s) + len;
    }
    first = false;
    if (!ok || !star) break;
  }
  free(seg);
  return ok;
}

static bool str_in(const evcc_cond_t *k, const char *s, size_t n) {
  for (size_t i = 0; i < k->nstr; i++)
    if (k->strs[i].len == n && memcmp(k->strs[i].s, s, n) == 0) return true;
  return false;
}

static bool string_cond(const evcc_cond_t *k, const char *s, size_t n) {
  switch (k->kind) {
  case EVCC_COND_EXACT_STRING: return str_in(k, s, n);
  case EVCC_COND_PREFIX: return has_prefix(s, n, &k->strs[0]);
  case EVCC_COND_SUFFIX: return has_suffix(s, n, &k->strs[0]);
  case EVCC_COND_WILDCARD: return evcc_wildcard_match(&k->strs[0], s, n);
  case EVCC_COND_NOT_STRINGS: return !str_in(k, s, n);
  case EVCC_COND_NOT_NUMBERS: return true; /* a string is anything but a number */
  case EVCC_COND_NOT_PREFIX:
    for (size_t i = 0; i < k->nstr; i++)
      if (has_prefix(s, n, &k->strs[i])) return false;
    return true;
  case EVCC_COND_NOT_SUFFIX:
    for (size_t i = 0; i < k->nstr; i++)
      if (has_suffix(s, n, &k->strs[i])) return false;
    return true;
  case EVCC_COND_NOT_WILDCARD:
    for (size_t i = 0; i < k->nstr; i++)
      if (evcc_wildcard_match(&k->strs[i], s, n)) return false;
    return true;
  case EVCC_COND_CIDR: {
    uint8_t a[16];
    int len = evc_ip_parse(s, n, a);
    return len && (len == 16) == k->cidr.v6 && evc_ip_in_prefix(a, k->cidr.addr, k->cidr.bits);
  }
  case EVCC_COND_PREFIX_NOCASE: return nocase_span(&k->strs[0], s, n) >= 0;
  case EVCC_COND_SUFFIX_NOCASE: return nocase_suffix(&k->strs[0], s, n);
  case EVCC_COND_EQUALS_NOCASE: return nocase_in(k, s, n);
  case EVCC_COND_NOT_NOCASE: return !nocase_in(k, s, n);
  case EVCC_COND_EXISTS: return true;
  default: return false;
  }
}

static bool in_range(const evcc_numeric_range_t *r, double v) {
  if (r->has_lo && (r->lo_incl ? v < r->lo : v <= r->lo)) return false;
  if (r->has_hi && (r->hi_incl ? v > r->hi : v >= r->hi)) return false;
  return true;
}

static bool number_cond(const evcc_cond_t *k, double v) {
  switch (k->kind) {
  case EVCC_COND_EXACT_NUMBER: return v == k->nums[0];
  case EVCC_COND_NUMERIC: return in_range(&k->range, v);
  case EVCC_COND_NOT_NUMBERS:
    for (size_t i = 0; i < k->nnum; i++)
      if (k->nums[i] == v) return false;
    return true;
  case EVCC_COND_NOT_STRINGS:
  case EVCC_COND_NOT_PREFIX:
  case EVCC_COND_NOT_SUFFIX:
  case EVCC_COND_NOT_NOCASE:
  case EVCC_COND_NOT_WILDCARD:
  case EVCC_COND_EXISTS: return true;
  default: return false;
  }
}

bool evcc_interp_value_cond(const evcc_cond_t *k, const json_t *v) {
  if (json_is_string(v)) return string_cond(k, json_string_value(v), json_string_length(v));
  if (json_is_number(v)) return number_cond(k, json_number_value(v));
  switch (k->kind) {
  case EVCC_COND_TRUE: return json_is_true(v);
  case EVCC_COND_FALSE: return json_is_false(v);
  case EVCC_COND_NULL: return json_is_null(v);
  case EVCC_COND_NOT_STRINGS:
  case EVCC_COND_NOT_NUMBERS:
  case EVCC_COND_NOT_PREFIX:
  case EVCC_COND_NOT_SUFFIX:
  case EVCC_COND_NOT_NOCASE:
  case EVCC_COND_NOT_WILDCARD:
  case EVCC_COND_EXISTS: return true; /* null and booleans are "anything but" a string or number */
  default: return false;
  }
}

/* ---- array-consistent search ---- */

bool evcc_fields_consistent(const evcc_field_t *a, const evcc_field_t *b) {
  for (size_t i = 0; i < a->nmember; i++)
    for (size_t j = 0; j < b->nmember; j++)
      if (a->members[i].array == b->members[j].array && a->members[i].index != b->members[j].index) return false;
  return true;
}

typedef struct {
  const evcc_ir_t *ir;
  const evcc_fields_t *fs;
  const evcc_alt_t *alt;
  const evcc_field_t **chosen;
} search_t;

/*
 * exists:false at `path` holds when no field at that path can sit in the same array elements
 * as the fields chosen for the other terms (event-ruler's array-consistent absence).
 */
static bool path_absent(const search_t *s, uint32_t path) {
  const char *p = s->ir->paths[path].s;
  for (size_t i = 0; i < s->fs->n; i++) {
    const evcc_field_t *f = &s->fs->v[i];
    if (strcmp(f->path, p) != 0) continue;
    bool fits = true;
    for (size_t j = 0; j < s->alt->nterm && fits; j++)
      if (s->chosen[j]) fits = evcc_fields_consistent(s->chosen[j], f);
    if (fits) return false;
  }
  return true;
}

bool evcc_interp_field_satisfies(const evcc_ir_t *ir, const evcc_term_t *t, const evcc_field_t *f) {
  for (size_t k = 0; k < t->ncond; k++) {
    const evcc_cond_t *c = &ir->conds[t->conds[k]];
    if (c->kind != EVCC_COND_NOT_EXISTS && evcc_interp_value_cond(c, f->value)) return true;
  }
  return false;
}

static bool has_absence(const search_t *s, const evcc_term_t *t) {
  for (size_t k = 0; k < t->ncond; k++)
    if (s->ir->conds[t->conds[k]].kind == EVCC_COND_NOT_EXISTS) return true;
  return false;
}

/* Absence terms (chosen[ti] == NULL) are decided once every other term has its field. */
static bool absences_hold(const search_t *s) {
  for (size_t ti = 0; ti < s->alt->nterm; ti++)
    if (!s->chosen[ti] && !path_absent(s, s->alt->terms[ti].path)) return false;
  return true;
}

static bool search(search_t *s, size_t ti) {
  if (ti == s->alt->nterm) return absences_hold(s);
  const evcc_term_t *t = &s->alt->terms[ti];
  const char *p = s->ir->paths[t->path].s;
  for (size_t i = 0; i < s->fs->n; i++) {
    const evcc_field_t *f = &s->fs->v[i];
    if (strcmp(f->path, p) != 0 || !evcc_interp_field_satisfies(s->ir, t, f)) continue;
    bool ok = true;
    for (size_t j = 0; j < ti && ok; j++)
      if (s->chosen[j]) ok = evcc_fields_consistent(s->chosen[j], f);
    if (!ok) continue;
    s->chosen[ti] = f;
    if (search(s, ti + 1)) return true;
  }
  s->chosen[ti] = NULL;
  return has_absence(s, t) && search(s, ti + 1);
}

bool evcc_interp_alt_search(const evcc_ir_t *ir, const evcc_fields_t *fs, const evcc_alt_t *alt,
                            const evcc_field_t **chosen) {
  search_t s = {ir, fs, alt, chosen};
  return search(&s, 0);
}

static bool match_fields(const evcc_ir_t *ir, uint32_t rule, const evcc_fields_t *fs) {
  const evcc_ir_rule_t *r = &ir->rules[rule];
  for (size_t a = 0; a < r->nalt; a++) {
    const evcc_field_t **chosen = calloc(r->alts[a].nterm + 1, sizeof *chosen);
    if (!chosen) abort();
    bool ok = evcc_interp_alt_search(ir, fs, &r->alts[a], chosen);
    free(chosen);
    if (ok) return true;
  }
  return false;
}

bool evcc_interp_match_rule(const evcc_ir_t *ir, uint32_t rule, const json_t *event) {
  evcc_fields_t fs;
  evcc_fields_flatten(event, &fs);
  bool r = match_fields(ir, rule, &fs);
  evcc_fields_free(&fs);
  return r;
}

size_t evcc_interp_match(const evcc_ir_t *ir, const json_t *event, uint32_t *out) {
  evcc_fields_t fs;
  evcc_fields_flatten(event, &fs);
  size_t n = 0;
  for (uint32_t r = 0; r < ir->nrule; r++)
    if (match_fields(ir, r, &fs)) out[n++] = r;
  evcc_fields_free(&fs);
  return n;
}

/*
 * The generated matchers' validation (RFC 8259, the depth policy of eventc/scan.h) by the same
 * scanner: 0 when it accepts the text, else its error code with `err` filled in.
 */
static int scan_refusal(const char *text, size_t len, json_error_t *err) {
  evc_scan_limits_t limits = {len ? len : 1, EVC_MAX_DEPTH};
  evc_scan_t s;
  evc_error_t e;
  const char *p = evc_scan_begin(&s, text, len, &limits, &e);
  if (p) p = evc_scan_skip(&s, p);
  if (p && evc_scan_finish(&s, p) == 0) return 0;
  memset(err, 0, sizeof *err);
  err->position = (int)e.offset;
  snprintf(err->text, sizeof err->text, "%.40s at %.100s", e.message, e.pointer[0] ? e.pointer : "/");
  snprintf(err->source, sizeof err->source, "<buffer>");
  return (int)e.code;
}

/* jansson reports the errors it finds in its own words; what only the scanner refuses (too deep,
 * or text jansson lets through, such as a NUL byte after a value) is refused in the scanner's. */
json_t *evcc_interp_load_event(const char *text, size_t len, json_error_t *err) {
  json_error_t scan_err;
  int refused = scan_refusal(text, len, &scan_err);
  json_t *v = refused == EVC_E_DEPTH
                  ? NULL
                  : json_loadb(text, len, JSON_ALLOW_NUL | JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL, err);
  if (refused && v) json_decref(v);
  if (refused && (v || refused == EVC_E_DEPTH)) {
    *err = scan_err;
    return NULL;
  }
  return v;
}
