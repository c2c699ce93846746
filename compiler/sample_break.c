/* The sampler's --invalid events: which keywords a generated value can break, and the change that breaks one. */
#include "sample_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void sample_breaks_clear(evcc_sampler_t *sp) {
  for (size_t i = 0; i < sp->nbrk; i++) free(sp->brk[i].key), free(sp->brk[i].kw), free(sp->brk[i].at);
  sp->nbrk = 0;
}

static void note(evcc_sampler_t *sp, sample_break_kind_t kind, const evcc_snode_t *s, const char *keyword,
                 const char *key) {
  sp->brk = realloc(sp->brk, (sp->nbrk + 1) * sizeof *sp->brk);
  if (!sp->brk) abort();
  evcc_buf_t kw;
  evcc_buf_init(&kw);
  evcc_buf_printf(&kw, "%s/%s", sp->kw.data ? sp->kw.data : "", keyword);
  sp->brk[sp->nbrk++] =
      (sample_break_t){kind, s, key ? strdup(key) : NULL, evcc_buf_take(&kw), strdup(sp->at.data ? sp->at.data : "")};
}

static bool has_unexpected_room(evcc_sampler_t *sp, const evcc_snode_t *s) {
  for (size_t i = 0; i < s->nkey; i++)
    if (s->keys[i].len == strlen(SAMPLE_UNEXPECTED) && !memcmp(s->keys[i].name, SAMPLE_UNEXPECTED, s->keys[i].len))
      return false;
  for (size_t i = 0; i < s->npprop; i++) {
    const evcc_redfa_t *dfa = sample_dfa(sp, s->pprops[i].regex);
    if (!dfa || evcc_redfa_match(dfa, SAMPLE_UNEXPECTED, strlen(SAMPLE_UNEXPECTED))) return false;
  }
  return true;
}

static void note_string(evcc_sampler_t *sp, const evcc_snode_t *s) {
  bool plain = !s->pattern && !s->format;
  if (s->min_len > 0 && plain) note(sp, BRK_MIN_LENGTH, s, "minLength", NULL);
  if (s->max_len >= 0 && plain) note(sp, BRK_MAX_LENGTH, s, "maxLength", NULL);
  if (s->pattern && !s->format) note(sp, BRK_PATTERN, s, "pattern", NULL);
  if (s->format && !s->pattern) note(sp, BRK_FORMAT, s, "format", NULL);
}

static void note_object(evcc_sampler_t *sp, const evcc_snode_t *s, json_t *v) {
  for (size_t i = 0; i < s->nkey; i++) {
    char *name = strndup(s->keys[i].name, s->keys[i].len);
    if (s->keys[i].required && json_object_get(v, name)) note(sp, BRK_REQUIRED, s, "required", name);
    free(name);
  }
  if (s->additional && s->additional->boolean == 0 && has_unexpected_room(sp, s))
    note(sp, BRK_ADDITIONAL, s, "additionalProperties", NULL);
}

void sample_note_breaks(evcc_sampler_t *sp, const evcc_snode_t *s, json_t *v) {
  if (sp->in_branch || !s || s->boolean >= 0) return;
  if (s->types) note(sp, BRK_TYPE, s, "type", NULL);
  if (s->enum_) note(sp, BRK_ENUM, s, "enum", NULL);
  if (s->const_) note(sp, BRK_CONST, s, "const", NULL);
  if (s->enum_ || s->const_) return; /* the literal decides; other keywords hold for it by the schema's design */
  if (json_is_number(v)) {
    if (s->minimum) note(sp, BRK_MINIMUM, s, s->min_excl ? "exclusiveMinimum" : "minimum", NULL);
    if (s->maximum) note(sp, BRK_MAXIMUM, s, s->max_excl ? "exclusiveMaximum" : "maximum", NULL);
    if (s->multiple_of) note(sp, BRK_MULTIPLE_OF, s, "multipleOf", NULL);
  } else if (json_is_string(v)) {
    note_string(sp, s);
  } else if (json_is_object(v)) {
    note_object(sp, s, v);
  } else if (json_is_array(v)) {
    if (s->min_items > 0) note(sp, BRK_MIN_ITEMS, s, "minItems", NULL);
    if (s->max_items >= 0 && !s->unique && json_array_size(v)) note(sp, BRK_MAX_ITEMS, s, "maxItems", NULL);
  }
}

/* ---- replacements ---- */

static bool type_allows(unsigned types, json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return types & EVCC_T_OBJECT;
  case JSON_ARRAY: return types & EVCC_T_ARRAY;
  case JSON_STRING: return types & EVCC_T_STRING;
  case JSON_INTEGER: return types & (EVCC_T_NUMBER | EVCC_T_INTEGER);
  case JSON_REAL: return types & EVCC_T_NUMBER;
  case JSON_TRUE:
  case JSON_FALSE: return types & EVCC_T_BOOLEAN;
  default: return types & EVCC_T_NULL;
  }
}

static json_t *wrong_type(unsigned types) {
  json_t *options[] = {json_string("sample"), json_integer(7), json_real(0.5), json_true(),
                       json_null(),           json_array(),    json_object()};
  json_t *pick = NULL;
  for (size_t i = 0; i < sizeof options / sizeof *options; i++) {
    if (!pick && !type_allows(types, options[i])) pick = json_incref(options[i]);
    json_decref(options[i]);
  }
  return pick;
}

static bool same_string(const evcc_node_t *n, const evcc_buf_t *b) {
  return n->kind == EVCC_NODE_STRING && n->len == b->len && !memcmp(n->str, b->data, b->len); /* NUL bytes included */
}

/* True when the const (a string node) or one item of the enum equals `b`. */
static bool in_list(const evcc_node_t *list, const evcc_buf_t *b) {
  for (size_t i = 0; list->kind == EVCC_NODE_SEQ && i < list->count; i++)
    if (same_string(list->items[i], b)) return true;
  return list->kind != EVCC_NODE_SEQ && same_string(list, b);
}

/* A value of the literal list's first item's type that is none of them (a string or a number). */
static json_t *not_listed(const evcc_node_t *list) {
  const evcc_node_t *first = list->kind == EVCC_NODE_SEQ ? (list->count ? list->items[0] : NULL) : list;
  double x, max = -INFINITY;
  if (first && first->kind == EVCC_NODE_STRING) {
    evcc_buf_t b;
    evcc_buf_init(&b);
    evcc_buf_put(&b, first->str, first->len);
    do evcc_buf_puts(&b, "_x");
    while (in_list(list, &b));
    json_t *v = json_stringn(b.data, b.len);
    evcc_buf_free(&b);
    return v;
  }
  if (!first || first->kind != EVCC_NODE_NUMBER) return NULL;
  for (size_t i = 0; list->kind == EVCC_NODE_SEQ && i < list->count; i++)
    if (list->items[i]->kind == EVCC_NODE_NUMBER && evcc_node_number(list->items[i], &x)) max = fmax(max, x);
  if (list->kind != EVCC_NODE_SEQ) evcc_node_number(list, &max);
  return json_integer((json_int_t)floor(max) + 1);
}

static bool integral_only(const evcc_snode_t *s) {
  return (s->types & EVCC_T_INTEGER) && !(s->types & EVCC_T_NUMBER);
}

/* A number just past the bound (below minimum when `low`), still a multiple and of the right type. */
static json_t *past_bound(const evcc_snode_t *s, bool low) {
  double bound, m = 0;
  const evcc_node_t *n = low ? s->minimum : s->maximum;
  bool excl = low ? s->min_excl : s->max_excl;
  if (!evcc_node_number(n, &bound)) return NULL;
  if (s->multiple_of)
    evcc_node_number(s->multiple_of, &m);
  else if (integral_only(s))
    m = 1;
  double x;
  if (m > 0)
    x = low ? (excl ? floor(bound / m) : ceil(bound / m) - 1) * m : (excl ? ceil(bound / m) : floor(bound / m) + 1) * m;
  else
    x = excl ? bound : low ? bound - 0.5 : bound + 0.5;
  return x == floor(x) && fabs(x) < 1e15 ? json_integer((json_int_t)x) : json_real(x);
}

static json_t *not_multiple(const evcc_snode_t *s, json_t *v) {
  double m;
  if (!evcc_node_number(s->multiple_of, &m)) return NULL;
  double x = json_number_value(v) + (integral_only(s) ? 1 : m / 2);
  return x == floor(x) && fabs(x) < 1e15 ? json_integer((json_int_t)x) : json_real(x);
}

static json_t *text_of_length(evcc_sampler_t *sp, size_t len) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  sample_text(sp, &b, len);
  json_t *v = json_stringn(b.data ? b.data : "", b.len);
  evcc_buf_free(&b);
  return v;
}

/* A string within the length bounds that the pattern does not match. */
static json_t *not_matching(evcc_sampler_t *sp, const evcc_snode_t *s) {
  const evcc_redfa_t *dfa = sample_dfa(sp, s->pattern_re);
  size_t min = s->min_len > 0 ? (size_t)s->min_len : 0, max = s->max_len >= 0 ? (size_t)s->max_len : min + 16;
  for (int tries = 0; dfa && tries < 32; tries++) {
    json_t *v = text_of_length(sp, (size_t)sample_between(sp, min, max));
    if (!evcc_redfa_match(dfa, json_string_value(v), json_string_length(v))) return v;
    json_decref(v);
  }
  return NULL;
}

/* A string within the length bounds that is no valid value of any format: spaces and parentheses. */
static json_t *not_formatted(const evcc_snode_t *s) {
  size_t min = s->min_len > 0 ? (size_t)s->min_len : 0, max = s->max_len >= 0 ? (size_t)s->max_len : min + 8;
  size_t len = min > 3 ? min : max < 3 ? max : 3;
  char text[64];
  if (!len || len >= sizeof text) return NULL;
  for (size_t i = 0; i < len; i++) text[i] = i % 2 ? ' ' : '(';
  return json_stringn(text, len);
}

static json_t *replacement(evcc_sampler_t *sp, const sample_break_t *b, json_t *v) {
  const evcc_snode_t *s = b->schema;
  switch (b->kind) {
  case BRK_TYPE: return wrong_type(s->types);
  case BRK_ENUM: return not_listed(s->enum_);
  case BRK_CONST: return not_listed(s->const_);
  case BRK_MINIMUM: return past_bound(s, true);
  case BRK_MAXIMUM: return past_bound(s, false);
  case BRK_MULTIPLE_OF: return not_multiple(s, v);
  case BRK_MIN_LENGTH: return text_of_length(sp, (size_t)s->min_len - 1);
  case BRK_MAX_LENGTH: return text_of_length(sp, (size_t)s->max_len + 1);
  case BRK_PATTERN: return not_matching(sp, s);
  case BRK_FORMAT: return not_formatted(s);
  default: return NULL;
  }
}

/* Changes a container in place: removes a required member, adds one, or resizes an array. */
static bool change_container(const sample_break_t *b, json_t *v) {
  switch (b->kind) {
  case BRK_REQUIRED: return json_is_object(v) && !json_object_del(v, b->key);
  case BRK_ADDITIONAL: return json_is_object(v) && !json_object_set_new(v, SAMPLE_UNEXPECTED, json_true());
  case BRK_MIN_ITEMS:
    while (json_array_size(v) >= (size_t)b->schema->min_items) json_array_remove(v, json_array_size(v) - 1);
    return true;
  case BRK_MAX_ITEMS:
    while (json_array_size(v) <= (size_t)b->schema->max_items)
      json_array_append_new(v, json_deep_copy(json_array_get(v, json_array_size(v) - 1)));
    return true;
  default: return false;
  }
}

/* Unescapes one JSON Pointer token of `p` (up to the next '/') into `out`; returns its end. */
static const char *pointer_token(const char *p, evcc_buf_t *out) {
  out->len = 0;
  for (; *p && *p != '/'; p++) {
    if (*p == '~' && (p[1] == '0' || p[1] == '1'))
      evcc_buf_putc(out, p[1] == '0' ? '~' : '/'), p++;
    else
      evcc_buf_putc(out, *p);
  }
  if (!out->data) evcc_buf_puts(out, "");
  return p;
}

bool sample_apply_break(evcc_sampler_t *sp, const sample_break_t *b, json_t **event) {
  json_t *parent = NULL, *v = *event;
  evcc_buf_t tok;
  evcc_buf_init(&tok);
  for (const char *p = b->at; v && *p == '/';) {
    p = pointer_token(p + 1, &tok);
    parent = v;
    v = json_is_object(v) ? json_object_get(v, tok.data) : json_array_get(v, strtoul(tok.data, NULL, 10));
  }
  bool ok = false;
  if (v &&
      (b->kind == BRK_REQUIRED || b->kind == BRK_ADDITIONAL || b->kind == BRK_MIN_ITEMS || b->kind == BRK_MAX_ITEMS)) {
    ok = change_container(b, v);
  } else if (v) {
    json_t *r = replacement(sp, b, v);
    ok = r != NULL;
    if (r && !parent)
      json_decref(*event), *event = r;
    else if (r && json_is_object(parent))
      json_object_set_new(parent, tok.data, r);
    else if (r)
      json_array_set_new(parent, strtoul(tok.data, NULL, 10), r);
  }
  evcc_buf_free(&tok);
  return ok;
}
