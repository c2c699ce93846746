/* Schema discovery, reading side: one pass over each event's JSON text that merges it into a shape tree. */
#include "infer.h"

#include "eventc/validate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 255 /* the registry's discovery limit */

typedef struct reader {
  const char *p, *start, *end;
  int depth;
  const char *err; /* first problem, NULL while fine */
  const char *err_at;
  evcc_buf_t *scratch;
} reader_t;

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q) abort();
  return q;
}

static bool fail(reader_t *r, const char *why) {
  if (!r->err) r->err = why, r->err_at = r->p;
  return false;
}

static void skip_ws(reader_t *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) r->p++;
}

static bool expect(reader_t *r, char c) {
  skip_ws(r);
  if (r->p >= r->end || *r->p != c) return fail(r, c == ':' ? "expected ':'" : "expected a value");
  r->p++;
  return true;
}

/* ---- strings ---- */

static bool utf8_tail(reader_t *r) {
  const unsigned char *s = (const unsigned char *)r->p;
  size_t left = (size_t)(r->end - r->p);
  unsigned c = s[0];
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (!n || left < n) return fail(r, "invalid UTF-8 in a string");
  for (size_t i = 1; i < n; i++)
    if ((s[i] & 0xC0) != 0x80) return fail(r, "invalid UTF-8 in a string");
  if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
    return fail(r, "invalid UTF-8 in a string");
  r->p += n;
  return true;
}

static unsigned hex4(const char *s) {
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
               : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
    if (d == 16) return 0x110000;
    v = v * 16 + d;
  }
  return v;
}

static void put_utf8(evcc_buf_t *b, unsigned cp) {
  char u[4];
  size_t n;
  if (cp < 0x80) u[0] = (char)cp, n = 1;
  else if (cp < 0x800) u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
  else if (cp < 0x10000)
    u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
  else
    u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F)), u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)),
    u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
  evcc_buf_put(b, u, n);
}

/* One escape after the backslash, appended decoded to `out`. */
static bool escape(reader_t *r, evcc_buf_t *out) {
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  if (r->p >= r->end) return fail(r, "unterminated string");
  const char *k = strchr(from, *r->p);
  if (*r->p && k) {
    evcc_buf_putc(out, to[k - from]);
    r->p++;
    return true;
  }
  if (*r->p != 'u' || r->end - r->p < 5) return fail(r, "invalid escape in a string");
  unsigned cp = hex4(r->p + 1);
  r->p += 5;
  if (cp >= 0xDC00 && cp <= 0xDFFF) return fail(r, "lone low surrogate in a string");
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    unsigned lo = r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u' ? hex4(r->p + 2) : 0;
    if (lo < 0xDC00 || lo > 0xDFFF) return fail(r, "lone high surrogate in a string");
    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    r->p += 6;
  }
  if (cp > 0x10FFFF) return fail(r, "invalid \\u escape in a string");
  put_utf8(out, cp);
  return true;
}

/*
 * A string after its opening quote. Without escapes *s points into the text; with escapes the
 * decoded text is in r->scratch (from `mark` on). *escaped says which.
 */
static bool string(reader_t *r, const char **s, size_t *n, bool *escaped) {
  const char *from = r->p;
  size_t mark = r->scratch->len;
  *escaped = false;
  for (;;) {
    while (r->p < r->end && (unsigned char)*r->p >= 0x20 && *r->p != '"' && *r->p != '\\' && (unsigned char)*r->p < 0x80)
      r->p++;
    if (r->p >= r->end) return fail(r, "unterminated string");
    char c = *r->p;
    if (c == '"') break;
    if ((unsigned char)c < 0x20) return fail(r, "control character in a string");
    if ((unsigned char)c >= 0x80) {
      if (!utf8_tail(r)) return false;
      continue;
    }
    evcc_buf_put(r->scratch, from, (size_t)(r->p - from));
    *escaped = true;
    r->p++;
    if (!escape(r, r->scratch)) return false;
    from = r->p;
  }
  if (*escaped) {
    evcc_buf_put(r->scratch, from, (size_t)(r->p - from));
    *s = r->scratch->data + mark;
    *n = r->scratch->len - mark;
  } else {
    *s = from;
    *n = (size_t)(r->p - from);
  }
  r->p++;
  return true;
}

/* ---- numbers ---- */

static bool digits(reader_t *r) {
  const char *s = r->p;
  while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
  return r->p > s;
}

/* A number; *integer when written without fraction or exponent and small enough for int64. */
static bool number(reader_t *r, bool *integer) {
  const char *s = r->p;
  if (r->p < r->end && *r->p == '-') r->p++;
  if (r->p < r->end && *r->p == '0') r->p++;
  else if (!digits(r)) return fail(r, "invalid number");
  *integer = true;
  if (r->p < r->end && *r->p == '.') {
    r->p++;
    if (!digits(r)) return fail(r, "invalid number");
    *integer = false;
  }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
    r->p++;
    if (r->p < r->end && (*r->p == '+' || *r->p == '-')) r->p++;
    if (!digits(r)) return fail(r, "invalid number");
    *integer = false;
  }
  if (*integer && r->p - s > 18) *integer = false; /* may not fit int64: the registry's int64 would refuse it */
  return true;
}

/* ---- shapes ---- */

static evcc_shape_t *new_shape(void) {
  evcc_shape_t *s = calloc(1, sizeof *s);
  if (!s) abort();
  return s;
}

static void free_shape_parts(evcc_shape_t *s) {
  for (size_t i = 0; i < s->nfield; i++) {
    free_shape_parts(s->fields[i].shape);
    free(s->fields[i].shape);
    free(s->fields[i].name);
  }
  free(s->fields);
  if (s->items) free_shape_parts(s->items);
  free(s->items);
}

/* The field `name` of an object shape, added when new; keys usually come in the same order. */
static evcc_shape_field_t *field_of(evcc_shape_t *s, const char *name, size_t len) {
  for (size_t k = 0, i = s->hint; k < s->nfield; k++, i = i + 1 == s->nfield ? 0 : i + 1) {
    evcc_shape_field_t *f = &s->fields[i];
    if (f->len == len && !memcmp(f->name, name, len)) {
      s->hint = i + 1 == s->nfield ? 0 : i + 1;
      return f;
    }
  }
  if (s->nfield == s->cap) s->cap = s->cap ? 2 * s->cap : 8, s->fields = xrealloc(s->fields, s->cap * sizeof *s->fields);
  evcc_shape_field_t *f = &s->fields[s->nfield++];
  f->name = xrealloc(NULL, len + 1);
  memcpy(f->name, name, len);
  f->name[len] = '\0';
  f->len = len;
  f->present = 0;
  f->shape = new_shape();
  s->hint = 0;
  return f;
}

static void seen_string(evcc_shape_t *s, const char *v, size_t n) {
  if (!s) return;
  typedef int (*fmt_fn)(const char *, size_t);
  static const fmt_fn check[] = {evc_fmt_date_time, evc_fmt_email, evc_fmt_uuid, evc_fmt_ipv4};
  if (!s->seen[EVCC_SEEN_STR]) s->formats = (1u << EVCC_FMT__COUNT) - 1;
  s->seen[EVCC_SEEN_STR]++;
  for (unsigned b = 0; s->formats >> b; b++)
    if (s->formats & (1u << b) && !check[b](v, n)) s->formats &= ~(1u << b);
}

/* ---- values ---- */

static bool value(reader_t *r, evcc_shape_t *s);

/* An object after its '{'; `s` NULL only checks the syntax. */
static bool object(reader_t *r, evcc_shape_t *s) {
  if (s) s->seen[EVCC_SEEN_OBJ]++;
  skip_ws(r);
  if (r->p < r->end && *r->p == '}') {
    r->p++;
    return true;
  }
  for (;;) {
    skip_ws(r);
    if (r->p >= r->end || *r->p != '"') return fail(r, "expected a member name");
    r->p++;
    const char *k;
    size_t kn, mark = r->scratch->len;
    bool esc;
    if (!string(r, &k, &kn, &esc)) return false;
    evcc_shape_field_t *f = s ? field_of(s, k, kn) : NULL;
    r->scratch->len = mark;
    if (f) f->present++;
    if (!expect(r, ':') || !value(r, f ? f->shape : NULL)) return false;
    skip_ws(r);
    if (r->p < r->end && *r->p == ',') {
      r->p++;
      continue;
    }
    if (r->p < r->end && *r->p == '}') {
      r->p++;
      return true;
    }
    return fail(r, "expected ',' or '}'");
  }
}

static bool array(reader_t *r, evcc_shape_t *s) {
  if (s) s->seen[EVCC_SEEN_ARR]++;
  skip_ws(r);
  if (r->p < r->end && *r->p == ']') {
    r->p++;
    return true;
  }
  if (s && !s->items) s->items = new_shape();
  for (;;) {
    if (!value(r, s ? s->items : NULL)) return false;
    skip_ws(r);
    if (r->p < r->end && *r->p == ',') {
      r->p++;
      continue;
    }
    if (r->p < r->end && *r->p == ']') {
      r->p++;
      return true;
    }
    return fail(r, "expected ',' or ']'");
  }
}

static bool literal(reader_t *r, const char *word, size_t n) {
  if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n)) return fail(r, "invalid literal");
  r->p += n;
  return true;
}

static bool count(evcc_shape_t *s, evcc_seen_kind_t k) {
  if (s) s->seen[k]++;
  return true;
}

/* One value; `s` NULL only checks the syntax. */
static bool value(reader_t *r, evcc_shape_t *s) {
  skip_ws(r);
  if (r->p >= r->end) return fail(r, "expected a value");
  char c = *r->p;
  if ((c == '{' || c == '[') && ++r->depth > MAX_DEPTH)
    return fail(r, "nested deeper than 255 levels (the registry's discovery limit)");
  bool ok, integer;
  switch (c) {
  case '{': r->p++, ok = object(r, s), r->depth--; return ok;
  case '[': r->p++, ok = array(r, s), r->depth--; return ok;
  case '"': {
    const char *v;
    size_t n, mark = r->scratch->len;
    bool esc;
    r->p++;
    if (!string(r, &v, &n, &esc)) return false;
    seen_string(s, v, n);
    r->scratch->len = mark;
    return true;
  }
  case 't': return count(s, EVCC_SEEN_BOOL) && literal(r, "true", 4);
  case 'f': return count(s, EVCC_SEEN_BOOL) && literal(r, "false", 5);
  case 'n': return count(s, EVCC_SEEN_NULL) && literal(r, "null", 4);
  default: return number(r, &integer) && count(s, integer ? EVCC_SEEN_INT : EVCC_SEEN_NUM);
  }
}

/* ---- envelopes ---- */

typedef struct envelope {
  size_t source_at, detail_type_at; /* offsets of the NUL-terminated copies */
  size_t source_len, detail_type_len;
  bool has_source, has_detail_type;
  const char *detail;               /* text of the detail value */
  size_t detail_len;
  bool detail_is_text;              /* PutEvents "Detail": a JSON string holding the detail */
  bool entry;                       /* has a PutEvents member (Source, DetailType, Detail) */
} envelope_t;

static bool is_key(const char *k, size_t n, const char *a, const char *b) {
  return (strlen(a) == n && !memcmp(k, a, n)) || (strlen(b) == n && !memcmp(k, b, n));
}

/* Reads the top-level members an event or a PutEvents entry is recognised by. */
static bool read_envelope(reader_t *r, envelope_t *e, evcc_buf_t *copy) {
  memset(e, 0, sizeof *e);
  skip_ws(r);
  if (r->p >= r->end || *r->p != '{') return value(r, NULL);
  r->p++;
  skip_ws(r);
  if (r->p < r->end && *r->p == '}') return r->p++, true;
  for (;;) {
    skip_ws(r);
    if (r->p >= r->end || *r->p != '"') return fail(r, "expected a member name");
    r->p++;
    const char *k;
    size_t kn;
    bool esc;
    r->scratch->len = 0;
    if (!string(r, &k, &kn, &esc) || !expect(r, ':')) return false;
    bool src = is_key(k, kn, "source", "Source"), dt = is_key(k, kn, "detail-type", "DetailType");
    bool detail = is_key(k, kn, "detail", "Detail");
    e->entry |= is_key(k, kn, "Source", "DetailType") || is_key(k, kn, "Detail", "Detail");
    skip_ws(r);
    const char *v = r->p;
    if ((src || dt) && r->p < r->end && *r->p == '"') {
      const char *s;
      size_t n;
      r->p++;
      r->scratch->len = 0;
      if (!string(r, &s, &n, &esc)) return false;
      size_t at = copy->len;
      evcc_buf_put(copy, s, n);
      evcc_buf_putc(copy, '\0');
      if (src) e->has_source = true, e->source_at = at, e->source_len = n;
      else e->has_detail_type = true, e->detail_type_at = at, e->detail_type_len = n;
    } else if (!value(r, NULL)) {
      return false;
    }
    if (detail) e->detail = v, e->detail_len = (size_t)(r->p - v), e->detail_is_text = *v == '"';
    skip_ws(r);
    if (r->p < r->end && *r->p == ',') {
      r->p++;
      continue;
    }
    if (r->p < r->end && *r->p == '}') return r->p++, true;
    return fail(r, "expected ',' or '}'");
  }
}

static evcc_infer_pair_t *pair_of(evcc_infer_t *in, const char *src, size_t sn, const char *dt, size_t dn) {
  for (size_t i = 0; i < in->npair; i++) {
    evcc_infer_pair_t *p = &in->pairs[i];
    if (!src ? !p->source
             : p->source && strlen(p->source) == sn && !memcmp(p->source, src, sn) && strlen(p->detail_type) == dn &&
                   !memcmp(p->detail_type, dt, dn))
      return p;
  }
  if (in->npair == in->cap) in->cap = in->cap ? 2 * in->cap : 4, in->pairs = xrealloc(in->pairs, in->cap * sizeof *in->pairs);
  evcc_infer_pair_t *p = &in->pairs[in->npair++];
  memset(p, 0, sizeof *p);
  if (src) {
    p->source = strndup(src, sn);
    p->detail_type = strndup(dt, dn);
    if (!p->source || !p->detail_type) abort();
  }
  return p;
}

void evcc_infer_init(evcc_infer_t *in) {
  memset(in, 0, sizeof *in);
  evcc_buf_init(&in->scratch);
}

void evcc_infer_free(evcc_infer_t *in) {
  for (size_t i = 0; i < in->npair; i++) {
    free_shape_parts(&in->pairs[i].detail);
    free(in->pairs[i].source);
    free(in->pairs[i].detail_type);
  }
  free(in->pairs);
  evcc_buf_free(&in->scratch);
}

/* Reads a whole value into `s` (NULL: only checks it), nothing but blanks after it. */
static bool whole(reader_t *r, evcc_shape_t *s) {
  if (!value(r, s)) return false;
  skip_ws(r);
  return r->p == r->end || fail(r, "text after the JSON value");
}

static bool report(const reader_t *r, char *why, size_t whylen, size_t *at) {
  snprintf(why, whylen, "%s", r->err);
  *at = (size_t)(r->err_at - r->start);
  return false;
}

/* A PutEvents entry PutEvents would accept: non-empty Source and DetailType, Detail a JSON object. */
static const char *entry_refusal(const envelope_t *e) {
  if (!e->has_source || !e->source_len) return "a PutEvents entry without a Source string";
  if (!e->has_detail_type || !e->detail_type_len) return "a PutEvents entry without a DetailType string";
  if (!e->detail) return "a PutEvents entry without a Detail";
  return NULL;
}

/* Records the detail held as JSON text in a string; it must be an object. */
static bool detail_text(evcc_infer_t *in, reader_t *d, evcc_shape_t *shape, char *why, size_t whylen) {
  const char *text;
  size_t n;
  bool esc;
  d->p++;
  if (!string(d, &text, &n, &esc)) return false;
  char *copy = strndup(text, n);
  if (!copy) abort();
  reader_t check = {copy, copy, copy + n, 0, NULL, NULL, &in->scratch};
  skip_ws(&check);
  bool ok = check.p < check.end && *check.p == '{' && whole(&check, NULL);
  if (ok) {
    reader_t rec = {copy, copy, copy + n, 0, NULL, NULL, &in->scratch};
    ok = whole(&rec, shape);
  } else {
    snprintf(why, whylen, "Detail is not a JSON object%s%s", check.err ? ": " : "", check.err ? check.err : "");
  }
  free(copy);
  return ok;
}

bool evcc_infer_add(evcc_infer_t *in, const char *json, size_t len, char *why, size_t whylen, size_t *at) {
  reader_t r = {json, json, json + len, 0, NULL, NULL, &in->scratch};
  envelope_t e;
  evcc_buf_t names;
  evcc_buf_init(&names);
  bool ok = read_envelope(&r, &e, &names); /* checks the whole line's syntax before anything is recorded */
  skip_ws(&r);
  if (ok && r.p != r.end) ok = fail(&r, "text after the JSON value");
  const char *refused = ok && e.entry ? entry_refusal(&e) : NULL;
  if (ok && e.entry && !refused && !e.detail_is_text && *e.detail != '{') refused = "Detail is not a JSON object";
  if (!ok || refused) {
    evcc_buf_free(&names);
    if (refused) snprintf(why, whylen, "%s", refused), *at = 0;
    return ok ? false : report(&r, why, whylen, at);
  }
  bool event = e.has_source && e.has_detail_type;
  const char *src = event ? names.data + e.source_at : NULL;
  const char *dt = event ? names.data + e.detail_type_at : NULL;
  evcc_infer_pair_t *p = pair_of(in, src, e.source_len, dt, e.detail_type_len);
  evcc_buf_free(&names);
  in->scratch.len = 0;
  reader_t d = {json, json, json + len, 0, NULL, NULL, &in->scratch};
  if (event && e.detail) d.p = e.detail, d.end = e.detail + e.detail_len;
  if (event && e.detail_is_text && e.entry) {
    if (!detail_text(in, &d, &p->detail, why, whylen)) return *at = (size_t)(e.detail - json), false;
  } else if (!event || e.detail) {
    whole(&d, &p->detail);
  }
  p->events++;
  return true;
}
