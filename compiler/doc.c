/* Loads YAML (through libyaml) and strict JSON into position-keeping trees, tags and duplicates kept. */
#include "doc.h"

#include "buf.h"
#include "mem.h"
#include "yaml_core.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include <sys/stat.h>

/* ---- pool: every node and string of a document, freed at once ---- */

typedef struct evcc_pool {
  struct evcc_pool *next;
  size_t used, cap;
  max_align_t data[];
} pool_t;

static pool_t *pool_chunk(size_t min) {
  size_t cap = min > 65536 ? min : 65536;
  pool_t *p = malloc(sizeof *p + cap);
  if (!p) abort();
  p->next = NULL;
  p->used = 0;
  p->cap = cap;
  return p;
}

void *evcc_doc_alloc(const evcc_doc_t *doc, size_t size) {
  evcc_doc_t *d = (evcc_doc_t *)doc;
  size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
  if (!d->pool || d->pool->used + size > d->pool->cap) {
    pool_t *p = pool_chunk(size);
    p->next = d->pool;
    d->pool = p;
  }
  void *r = (char *)d->pool->data + d->pool->used;
  d->pool->used += size;
  memset(r, 0, size);
  return r;
}

char *evcc_doc_strndup(const evcc_doc_t *doc, const char *s, size_t len) {
  char *r = evcc_doc_alloc(doc, len + 1);
  if (len) memcpy(r, s, len);
  r[len] = '\0';
  return r;
}

void evcc_doc_free(evcc_doc_t *doc) {
  if (!doc) return;
  for (pool_t *p = doc->pool, *n; p; p = n) {
    n = p->next;
    free(p);
  }
  free(doc->path);
  free(doc->text);
  free(doc);
}

/* ---- growable child lists while building ---- */

typedef struct {
  evcc_node_t **v;
  size_t n, cap;
} vec_t;

static void vec_push(vec_t *v, evcc_node_t *n) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 8;
    v->v = realloc(v->v, v->cap * sizeof *v->v);
    if (!v->v) abort();
  }
  v->v[v->n++] = n;
}

static evcc_node_t **vec_finish(const evcc_doc_t *doc, vec_t *v) {
  evcc_node_t **r = evcc_doc_alloc(doc, (v->n ? v->n : 1) * sizeof *r);
  if (v->n) memcpy(r, v->v, v->n * sizeof *r);
  free(v->v);
  return r;
}

/* Moves the collected children into the node (keys only for a MAP); NULL frees them on failure. */
static evcc_node_t *finish_children(const evcc_doc_t *doc, evcc_node_t *n, vec_t *keys, vec_t *items) {
  if (!n) {
    free(keys->v);
    free(items->v);
    return NULL;
  }
  n->count = items->n;
  n->items = vec_finish(doc, items);
  if (n->kind == EVCC_NODE_MAP) n->keys = vec_finish(doc, keys);
  else free(keys->v);
  return n;
}

static evcc_node_t *new_node(const evcc_doc_t *doc, evcc_node_kind_t kind, unsigned line, unsigned col,
                             size_t offset) {
  evcc_node_t *n = evcc_doc_alloc(doc, sizeof *n);
  n->kind = kind;
  n->loc.file = doc->path;
  n->loc.line = line;
  n->loc.col = col;
  n->doc = doc;
  n->src_offset = offset;
  return n;
}

/* ---- limits ---- */

evcc_load_limits_t evcc_load_limits_resolve(const evcc_load_limits_t *limits) {
  evcc_load_limits_t r = limits ? *limits : (evcc_load_limits_t){0};
  if (!r.max_file_bytes) r.max_file_bytes = EVCC_DEFAULT_MAX_FILE_BYTES;
  if (!r.max_depth) r.max_depth = EVCC_DEFAULT_MAX_DEPTH;
  if (!r.max_nodes) r.max_nodes = EVCC_DEFAULT_MAX_NODES;
  return r;
}

/* Counts `n` more nodes against the document's budget; false once it is exceeded. */
static bool charge_nodes(const evcc_doc_t *doc, size_t n) {
  evcc_doc_t *d = (evcc_doc_t *)doc;
  if (n > d->limits.max_nodes - d->nodes) {
    d->nodes = d->limits.max_nodes;
    return false;
  }
  d->nodes += n;
  return true;
}

/* ---- strict JSON ---- */

/* Maps a (line, col) inside embedded JSON text back to the enclosing file. */
typedef struct {
  bool active;
  unsigned line, col; /* where the embedded text's first byte sits */
  bool block;         /* literal block scalar: line n of the text is source line line+n-1 */
  unsigned indent;    /* block scalar indentation */
  bool exact_cols;    /* single-line scalar without escapes: columns map one to one */
} locmap_t;

typedef struct {
  const evcc_doc_t *doc;
  const char *s, *p, *end;
  const char *line_start;
  unsigned line;
  locmap_t map;
  evcc_diag_t *d;
  bool failed;
} jp_t;

/* Where (line, col) of embedded text sits in the enclosing file. */
static evcc_loc_t map_loc(const locmap_t *map, const char *file, unsigned line, unsigned col) {
  evcc_loc_t loc = {file, line, col};
  if (!map->active) return loc;
  if (map->block) {
    loc.line = map->line + line - 1;
    loc.col = map->indent + col;
  } else if (map->exact_cols && line == 1) {
    loc.line = map->line;
    loc.col = map->col + col - 1;
  } else {
    loc.line = map->line;
    loc.col = map->col;
  }
  return loc;
}

static evcc_loc_t jp_loc_at(const jp_t *j, const char *at) {
  return map_loc(&j->map, j->doc->path, j->line, (unsigned)(at - j->line_start) + 1);
}

static void jp_error(jp_t *j, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void jp_error(jp_t *j, const char *at, const char *fmt, ...) {
  if (j->failed) return;
  j->failed = true;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  evcc_error(j->d, jp_loc_at(j, at), "%s", msg);
}

static void jp_ws(jp_t *j) {
  while (j->p < j->end) {
    char c = *j->p;
    if (c == '\n') {
      j->line++;
      j->line_start = j->p + 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      return;
    }
    j->p++;
  }
}

static const char *describe(const jp_t *j, char *buf, size_t n) {
  if (j->p >= j->end) return "end of input";
  unsigned char c = (unsigned char)*j->p;
  if (c >= 0x20 && c < 0x7f) snprintf(buf, n, "character '%c'", c);
  else snprintf(buf, n, "byte 0x%02x", c);
  return buf;
}

static evcc_node_t *jp_value(jp_t *j, int depth);

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static bool read_hex4(jp_t *j, const char *at, unsigned *out) {
  if (j->end - at < 4) return false;
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hexval(at[i]);
    if (h < 0) return false;
    v = v * 16 + (unsigned)h;
  }
  *out = v;
  return true;
}

static void put_utf8(char *out, size_t *n, uint32_t cp) {
  if (cp < 0x80) {
    out[(*n)++] = (char)cp;
  } else if (cp < 0x800) {
    out[(*n)++] = (char)(0xC0 | (cp >> 6));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out[(*n)++] = (char)(0xE0 | (cp >> 12));
    out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  } else {
    out[(*n)++] = (char)(0xF0 | (cp >> 18));
    out[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*n)++] = (char)(0x80 | (cp & 0x3F));
  }
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end) {
  unsigned char c = p[0];
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
  else return 0;
  if ((size_t)(end - p) < n) return 0;
  for (size_t i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[i] & 0x3F);
  }
  if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return n;
}

/* Bytes up to the closing quote of the string starting after `p` (all of them when unterminated). */
static size_t raw_string_span(const char *p, const char *end) {
  const char *q = p;
  while (q < end && *q != '"') q += (*q == '\\' && q + 1 < end) ? 2 : 1;
  return (size_t)(q - p);
}

static bool jp_string(jp_t *j, char **out, size_t *outlen) {
  const char *start = j->p++; /* opening quote */
  /* Decoding never lengthens the text, so the raw span bounds the buffer (not the rest of the file). */
  char *buf = malloc(raw_string_span(j->p, j->end) + 1);
  if (!buf) abort();
  size_t n = 0;
  while (j->p < j->end && *j->p != '"') {
    unsigned char c = (unsigned char)*j->p;
    if (c < 0x20) {
      jp_error(j, j->p, "control character 0x%02x in a string must be escaped", c);
      goto fail;
    }
    if (c == '\\') {
      const char *esc = j->p++;
      if (j->p >= j->end) break;
      char e = *j->p++;
      switch (e) {
      case '"': buf[n++] = '"'; break;
      case '\\': buf[n++] = '\\'; break;
      case '/': buf[n++] = '/'; break;
      case 'b': buf[n++] = '\b'; break;
      case 'f': buf[n++] = '\f'; break;
      case 'n': buf[n++] = '\n'; break;
      case 'r': buf[n++] = '\r'; break;
      case 't': buf[n++] = '\t'; break;
      case 'u': {
        unsigned hi, lo;
        if (!read_hex4(j, j->p, &hi)) {
          jp_error(j, esc, "invalid \\u escape");
          goto fail;
        }
        j->p += 4;
        uint32_t cp = hi;
        if (hi >= 0xD800 && hi <= 0xDBFF && j->end - j->p >= 6 && j->p[0] == '\\' && j->p[1] == 'u' &&
            read_hex4(j, j->p + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
          cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
          j->p += 6;
        } else if (hi >= 0xD800 && hi <= 0xDFFF) {
          cp = 0xFFFD; /* lone surrogate: keep the text well-formed UTF-8 */
        }
        put_utf8(buf, &n, cp);
        break;
      }
      default:
        jp_error(j, esc, "invalid escape '\\%c' in a string", e);
        goto fail;
      }
      continue;
    }
    size_t len = utf8_len((const unsigned char *)j->p, (const unsigned char *)j->end);
    if (!len) {
      jp_error(j, j->p, "invalid UTF-8 in a string");
      goto fail;
    }
    memcpy(buf + n, j->p, len);
    n += len;
    j->p += len;
  }
  if (j->p >= j->end) {
    jp_error(j, start, "unterminated string");
    goto fail;
  }
  j->p++;
  buf[n] = '\0';
  *out = evcc_doc_strndup(j->doc, buf, n);
  *outlen = n;
  free(buf);
  return true;
fail:
  free(buf);
  return false;
}

static evcc_node_t *jp_number(jp_t *j) {
  const char *s = j->p, *p = s;
  if (p < j->end && *p == '-') p++;
  if (p < j->end && *p == '0') {
    p++;
  } else if (p < j->end && *p >= '1' && *p <= '9') {
    while (p < j->end && *p >= '0' && *p <= '9') p++;
  } else {
    jp_error(j, s, "invalid number");
    return NULL;
  }
  if (p < j->end && *p == '.') {
    p++;
    if (p >= j->end || *p < '0' || *p > '9') {
      jp_error(j, s, "invalid number: digits expected after '.'");
      return NULL;
    }
    while (p < j->end && *p >= '0' && *p <= '9') p++;
  }
  if (p < j->end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < j->end && (*p == '+' || *p == '-')) p++;
    if (p >= j->end || *p < '0' || *p > '9') {
      jp_error(j, s, "invalid number: digits expected in the exponent");
      return NULL;
    }
    while (p < j->end && *p >= '0' && *p <= '9') p++;
  }
  evcc_node_t *n = new_node(j->doc, EVCC_NODE_NUMBER, 0, 0, 0);
  n->loc = jp_loc_at(j, s);
  n->str = evcc_doc_strndup(j->doc, s, (size_t)(p - s));
  n->len = (size_t)(p - s);
  j->p = p;
  return n;
}

static bool jp_literal(jp_t *j, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0) return false;
  const char *after = j->p + n;
  if (after < j->end && ((*after >= 'a' && *after <= 'z') || (*after >= '0' && *after <= '9'))) return false;
  j->p = after;
  return true;
}

static evcc_node_t *jp_container(jp_t *j, int depth, bool is_map) {
  evcc_node_t *n = new_node(j->doc, is_map ? EVCC_NODE_MAP : EVCC_NODE_SEQ, 0, 0, 0);
  n->loc = jp_loc_at(j, j->p);
  n->src_offset = (size_t)(j->p - j->s);
  char close = is_map ? '}' : ']';
  vec_t keys = {0}, items = {0};
  char what[64];
  j->p++;
  jp_ws(j);
  if (j->p < j->end && *j->p == close) {
    n->end_loc = jp_loc_at(j, j->p);
    j->p++;
    goto done;
  }
  for (;;) {
    jp_ws(j);
    if (is_map) {
      if (j->p >= j->end || *j->p != '"') {
        jp_error(j, j->p, "expected a double-quoted object key, found %s", describe(j, what, sizeof what));
        goto fail;
      }
      evcc_node_t *k = new_node(j->doc, EVCC_NODE_STRING, 0, 0, 0);
      k->loc = jp_loc_at(j, j->p);
      if (!jp_string(j, &k->str, &k->len)) goto fail;
      jp_ws(j);
      if (j->p >= j->end || *j->p != ':') {
        jp_error(j, j->p, "expected ':' after an object key, found %s", describe(j, what, sizeof what));
        goto fail;
      }
      j->p++;
      vec_push(&keys, k);
    }
    evcc_node_t *v = jp_value(j, depth + 1);
    if (!v) goto fail;
    vec_push(&items, v);
    jp_ws(j);
    if (j->p < j->end && *j->p == ',') {
      j->p++;
      continue;
    }
    if (j->p < j->end && *j->p == close) {
      n->end_loc = jp_loc_at(j, j->p);
      j->p++;
      break;
    }
    jp_error(j, j->p, "expected ',' or '%c', found %s", close, describe(j, what, sizeof what));
    goto fail;
  }
done:
  return finish_children(j->doc, n, &keys, &items);
fail:
  return finish_children(j->doc, NULL, &keys, &items);
}

static evcc_node_t *jp_value(jp_t *j, int depth) {
  char what[64];
  jp_ws(j);
  if ((size_t)depth > j->doc->limits.max_depth) {
    jp_error(j, j->p, "nesting deeper than %zu levels (raise with --max-depth)", j->doc->limits.max_depth);
    return NULL;
  }
  if (!charge_nodes(j->doc, 1)) {
    jp_error(j, j->p, "more than %zu values in one document (raise with --max-nodes)", j->doc->limits.max_nodes);
    return NULL;
  }
  if (j->p >= j->end) {
    jp_error(j, j->p, "unexpected end of input, expected a value");
    return NULL;
  }
  const char *at = j->p;
  switch (*j->p) {
  case '{': return jp_container(j, depth, true);
  case '[': return jp_container(j, depth, false);
  case '"': {
    evcc_node_t *n = new_node(j->doc, EVCC_NODE_STRING, 0, 0, (size_t)(at - j->s));
    n->loc = jp_loc_at(j, at);
    return jp_string(j, &n->str, &n->len) ? n : NULL;
  }
  default: break;
  }
  if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) return jp_number(j);
  evcc_node_t *n = NULL;
  if (jp_literal(j, "true") || jp_literal(j, "false")) {
    n = new_node(j->doc, EVCC_NODE_BOOL, 0, 0, (size_t)(at - j->s));
    n->boolean = *at == 't';
  } else if (jp_literal(j, "null")) {
    n = new_node(j->doc, EVCC_NODE_NULL, 0, 0, (size_t)(at - j->s));
  } else {
    jp_error(j, at, "unexpected %s, expected a JSON value (string, number, object, array, true, false or null)",
             describe(j, what, sizeof what));
    return NULL;
  }
  n->loc = jp_loc_at(j, at);
  n->str = evcc_doc_strndup(j->doc, at, (size_t)(j->p - at));
  n->len = (size_t)(j->p - at);
  return n;
}

static evcc_node_t *json_parse(const evcc_doc_t *doc, const char *text, size_t len, locmap_t map,
                               evcc_diag_t *d) {
  jp_t j = {doc, text, text, text + len, text, 1, map, d, false};
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) j.p += 3; /* byte order mark */
  evcc_node_t *root = jp_value(&j, 0);
  if (!root) return NULL;
  jp_ws(&j);
  if (j.p < j.end) {
    char what[64];
    jp_error(&j, j.p, "unexpected %s after the JSON value", describe(&j, what, sizeof what));
    return NULL;
  }
  return root;
}

/* ---- YAML through libyaml ---- */

/* An anchor and the nodes one alias of it costs; `open` while its own value is being read. */
typedef struct {
  char *name;
  evcc_node_t *node;
  size_t weight;
  bool open;
} anchor_t;

typedef struct {
  evcc_doc_t *doc;
  yaml_parser_t parser;
  evcc_diag_t *d;
  anchor_t *anchors;
  size_t nanchor, capanchor;
  bool failed;
  yaml_event_t *live[EVCC_DEFAULT_MAX_DEPTH + 8]; /* events not yet deleted, innermost last (see release_yaml) */
  size_t nlive;
} yp_t;

/* Out of memory in a run (mem.h): what libyaml allocated is released here, the run frees the rest. */
static void release_yaml(void *arg) {
  yp_t *y = arg;
  while (y->nlive) yaml_event_delete(y->live[--y->nlive]);
  yaml_parser_delete(&y->parser);
}

static void event_done(yp_t *y, yaml_event_t *ev) {
  yaml_event_delete(ev);
  if (y->nlive && y->live[y->nlive - 1] == ev) y->nlive--;
}

static evcc_loc_t yloc(const yp_t *y, yaml_mark_t m) {
  evcc_loc_t l = {y->doc->path, (unsigned)m.line + 1, (unsigned)m.column + 1};
  return l;
}

static void yaml_error(yp_t *y, yaml_mark_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void yaml_error(yp_t *y, yaml_mark_t at, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  evcc_error(y->d, yloc(y, at), "%s", msg);
  y->failed = true;
}

static bool yaml_next(yp_t *y, yaml_event_t *ev) {
  if (yaml_parser_parse(&y->parser, ev)) { /* libyaml: 1 = success */
    if (y->nlive < sizeof y->live / sizeof y->live[0]) y->live[y->nlive++] = ev;
    return true;
  }
  yaml_error(y, y->parser.problem_mark, "YAML syntax error: %s%s%s",
             y->parser.problem ? y->parser.problem : "unknown problem", y->parser.context ? " " : "",
             y->parser.context ? y->parser.context : "");
  return false;
}

/* Counts nodes against the budget; reports once when it is exceeded. */
static bool yaml_charge(yp_t *y, size_t n, yaml_mark_t at) {
  if (charge_nodes(y->doc, n)) return true;
  yaml_error(y, at, "more than %zu values in one document, aliases counted as what they expand to "
             "(raise with --max-nodes)", y->doc->limits.max_nodes);
  return false;
}

static void apply_tag(yp_t *y, evcc_node_t *n, const yaml_char_t *tag, bool plain, yaml_mark_t at) {
  char msg[400];
  if (!evcc_yaml_apply_tag(y->doc, n, (const char *)tag, plain, msg, sizeof msg)) yaml_error(y, at, "%s", msg);
}

/* Remembers an anchor; returns its index, or SIZE_MAX when there is none. */
static size_t remember_anchor(yp_t *y, const yaml_char_t *anchor, evcc_node_t *n, bool open) {
  if (!anchor) return SIZE_MAX;
  if (y->nanchor == y->capanchor) {
    y->capanchor = y->capanchor ? y->capanchor * 2 : 8;
    y->anchors = realloc(y->anchors, y->capanchor * sizeof *y->anchors);
    if (!y->anchors) abort();
  }
  anchor_t *a = &y->anchors[y->nanchor];
  a->name = evcc_doc_strndup(y->doc, (const char *)anchor, strlen((const char *)anchor));
  a->node = n;
  a->weight = open ? y->doc->nodes : 1; /* an open anchor keeps its starting count until closed */
  a->open = open;
  return y->nanchor++;
}

static void close_anchor(yp_t *y, size_t index) {
  if (index == SIZE_MAX) return;
  y->anchors[index].weight = y->doc->nodes - y->anchors[index].weight + 1;
  y->anchors[index].open = false;
}

/* An alias is the anchored node itself, charged as every node it expands to. */
static evcc_node_t *yaml_alias(yp_t *y, yaml_event_t *ev) {
  const char *name = (const char *)ev->data.alias.anchor;
  for (size_t i = y->nanchor; i-- > 0;) {
    anchor_t *a = &y->anchors[i];
    if (strcmp(a->name, name) != 0) continue;
    if (a->open) {
      yaml_error(y, ev->start_mark, "alias *%s refers to its own anchor &%s: recursive structures are not supported",
                 name, name);
      return NULL;
    }
    return yaml_charge(y, a->weight, ev->start_mark) ? a->node : NULL;
  }
  yaml_error(y, ev->start_mark, "unknown alias *%s", name);
  return NULL;
}

/* A plain "<<" key: YAML 1.1's merge key, which eventc refuses rather than read as a literal key. */
static bool is_merge_key(const yaml_event_t *ev) {
  return ev->type == YAML_SCALAR_EVENT && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
         !ev->data.scalar.tag && strcmp((const char *)ev->data.scalar.value, "<<") == 0;
}

static evcc_node_t *yaml_node(yp_t *y, yaml_event_t *ev, size_t depth);

/* Reads one key of a mapping and the event of its value; false when the mapping cannot go on. */
static bool yaml_key(yp_t *y, yaml_event_t *ev, size_t depth, vec_t *keys) {
  if (is_merge_key(ev))
    yaml_error(y, ev->start_mark, "YAML merge keys ('<<') are not supported: write the keys out "
               "(CloudFormation does not merge them either)");
  evcc_node_t *k = yaml_node(y, ev, depth + 1);
  event_done(y, ev);
  if (!k) return false;
  if (k->kind == EVCC_NODE_MAP || k->kind == EVCC_NODE_SEQ) {
    evcc_error(y->d, k->loc, "a mapping key must be a scalar");
    y->failed = true;
    return false;
  }
  k->kind = EVCC_NODE_STRING;
  vec_push(keys, k);
  return yaml_next(y, ev);
}

static evcc_node_t *yaml_collection(yp_t *y, yaml_event_t *start, size_t depth, bool is_map) {
  evcc_node_t *n = new_node(y->doc, is_map ? EVCC_NODE_MAP : EVCC_NODE_SEQ, 0, 0, start->start_mark.index);
  n->loc = yloc(y, start->start_mark);
  const yaml_char_t *tag = is_map ? start->data.mapping_start.tag : start->data.sequence_start.tag;
  const yaml_char_t *anchor = is_map ? start->data.mapping_start.anchor : start->data.sequence_start.anchor;
  apply_tag(y, n, tag, false, start->start_mark);
  size_t anchor_index = remember_anchor(y, anchor, n, true);
  vec_t keys = {0}, items = {0};
  yaml_event_type_t end = is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
  for (;;) {
    yaml_event_t ev;
    if (!yaml_next(y, &ev)) goto fail;
    if (ev.type == end) {
      event_done(y, &ev);
      break;
    }
    if (is_map && !yaml_key(y, &ev, depth, &keys)) goto fail;
    evcc_node_t *v = yaml_node(y, &ev, depth + 1);
    event_done(y, &ev);
    if (!v) goto fail;
    vec_push(&items, v);
  }
  close_anchor(y, anchor_index);
  return finish_children(y->doc, n, &keys, &items);
fail:
  return finish_children(y->doc, NULL, &keys, &items);
}

static evcc_node_t *yaml_scalar(yp_t *y, yaml_event_t *ev) {
  evcc_node_t *n = new_node(y->doc, EVCC_NODE_STRING, 0, 0, ev->start_mark.index);
  n->loc = yloc(y, ev->start_mark);
  n->str = evcc_doc_strndup(y->doc, (const char *)ev->data.scalar.value, ev->data.scalar.length);
  n->len = ev->data.scalar.length;
  n->block_scalar = ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE;
  apply_tag(y, n, ev->data.scalar.tag, ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE, ev->start_mark);
  remember_anchor(y, ev->data.scalar.anchor, n, false);
  return n;
}

static evcc_node_t *yaml_node(yp_t *y, yaml_event_t *ev, size_t depth) {
  if (depth > y->doc->limits.max_depth) {
    yaml_error(y, ev->start_mark, "nesting deeper than %zu levels (raise with --max-depth)", y->doc->limits.max_depth);
    return NULL;
  }
  if (ev->type == YAML_ALIAS_EVENT) return yaml_alias(y, ev);
  if (!yaml_charge(y, 1, ev->start_mark)) return NULL;
  switch (ev->type) {
  case YAML_SCALAR_EVENT: return yaml_scalar(y, ev);
  case YAML_MAPPING_START_EVENT: return yaml_collection(y, ev, depth, true);
  case YAML_SEQUENCE_START_EVENT: return yaml_collection(y, ev, depth, false);
  default: yaml_error(y, ev->start_mark, "unexpected YAML structure"); return NULL;
  }
}

static evcc_node_t *yaml_parse(evcc_doc_t *doc, evcc_diag_t *d) {
  yp_t y = {.doc = doc, .d = d};
  if (!yaml_parser_initialize(&y.parser)) abort();
  evcc_mem_guard_t guard;
  evcc_mem_guard_push(&guard, release_yaml, &y);
  yaml_parser_set_input_string(&y.parser, (const unsigned char *)doc->text, doc->text_len);
  evcc_node_t *root = NULL;
  yaml_event_t ev;
  bool in_doc = false, done = false;
  while (!done && yaml_next(&y, &ev)) {
    switch (ev.type) {
    case YAML_DOCUMENT_START_EVENT:
      if (in_doc || root) {
        yaml_error(&y, ev.start_mark, "only one YAML document per file is supported");
        done = true;
      }
      in_doc = true;
      break;
    case YAML_DOCUMENT_END_EVENT: in_doc = false; break;
    case YAML_STREAM_END_EVENT: done = true; break;
    case YAML_STREAM_START_EVENT: break;
    default:
      root = yaml_node(&y, &ev, 0);
      if (!root) done = true;
    }
    event_done(&y, &ev);
  }
  evcc_mem_guard_pop(&guard);
  yaml_parser_delete(&y.parser);
  free(y.anchors);
  if (y.failed) return NULL;
  if (!root) root = new_node(doc, EVCC_NODE_NULL, 1, 1, 0); /* an empty file */
  return root;
}

/* ---- public entry points ---- */

static bool looks_like_json(const char *path, const char *text, size_t len) {
  size_t pl = strlen(path);
  if (pl >= 5 && strcmp(path + pl - 5, ".json") == 0) return true;
  for (size_t i = 0; i < len; i++) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

evcc_doc_t *evcc_doc_parse_limited(const char *path, const char *text, size_t len, evcc_syntax_t syntax,
                                   const evcc_load_limits_t *limits, evcc_diag_t *d) {
  evcc_load_limits_t lim = evcc_load_limits_resolve(limits);
  if (len > lim.max_file_bytes) {
    evcc_loc_t where = {path, 0, 0};
    evcc_error(d, where, "input is %zu bytes, more than the limit of %zu (raise with --max-file-size)", len,
               lim.max_file_bytes);
    return NULL;
  }
  evcc_doc_t *doc = calloc(1, sizeof *doc);
  if (!doc) abort();
  doc->path = strdup(path);
  doc->text = malloc(len + 1);
  if (!doc->path || !doc->text) abort();
  memcpy(doc->text, text, len);
  doc->text[len] = '\0';
  doc->text_len = len;
  doc->limits = lim;
  if (syntax == EVCC_SYNTAX_AUTO) syntax = looks_like_json(path, text, len) ? EVCC_SYNTAX_JSON : EVCC_SYNTAX_YAML;
  locmap_t none = {0};
  doc->root = syntax == EVCC_SYNTAX_JSON ? json_parse(doc, doc->text, len, none, d) : yaml_parse(doc, d);
  if (!doc->root) {
    evcc_doc_free(doc);
    return NULL;
  }
  return doc;
}

evcc_doc_t *evcc_doc_parse(const char *path, const char *text, size_t len, evcc_syntax_t syntax,
                           evcc_diag_t *d) {
  return evcc_doc_parse_limited(path, text, len, syntax, NULL, d);
}

/* Reads at most `max` bytes; *len = max + 1 says the file holds more (a device like /dev/zero never ends). */
static char *read_all(FILE *f, size_t max, size_t *len) {
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap);
  if (!buf) abort();
  size_t got;
  while (n <= max && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      cap *= 2;
      buf = realloc(buf, cap);
      if (!buf) abort();
    }
  }
  *len = n;
  return buf;
}

static void close_file(void *f) {
  if (f) fclose(f);
}

evcc_doc_t *evcc_doc_load_limited(const char *path, evcc_syntax_t syntax, const evcc_load_limits_t *limits,
                                  evcc_diag_t *d) {
  evcc_load_limits_t lim = evcc_load_limits_resolve(limits);
  bool is_stdin = strcmp(path, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  evcc_loc_t where = {path, 0, 0};
  if (!f) {
    evcc_error(d, where, "cannot open: %s", strerror(errno));
    return NULL;
  }
  struct stat st;
  if (!is_stdin && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    evcc_error(d, where, "cannot read: it is a directory");
    fclose(f);
    return NULL;
  }
  size_t len;
  evcc_mem_guard_t guard;
  evcc_mem_guard_push(&guard, close_file, is_stdin ? NULL : f);
  char *text = read_all(f, lim.max_file_bytes, &len);
  evcc_mem_guard_pop(&guard);
  bool bad = ferror(f);
  if (!is_stdin) fclose(f);
  if (bad) {
    evcc_error(d, where, "cannot read: %s", strerror(errno));
    free(text);
    return NULL;
  }
  if (len > lim.max_file_bytes) {
    evcc_error(d, where, "file is larger than the limit of %zu bytes (raise with --max-file-size)", lim.max_file_bytes);
    free(text);
    return NULL;
  }
  evcc_doc_t *doc = evcc_doc_parse_limited(is_stdin ? "<stdin>" : path, text, len, syntax, &lim, d);
  free(text);
  return doc;
}

evcc_doc_t *evcc_doc_load(const char *path, evcc_syntax_t syntax, evcc_diag_t *d) {
  return evcc_doc_load_limited(path, syntax, NULL, d);
}

/* Indentation of the first non-blank content line of the block scalar starting at `offset`. */
static unsigned block_indent(const evcc_doc_t *doc, size_t offset) {
  const char *p = doc->text + offset, *end = doc->text + doc->text_len;
  while (p < end && *p != '\n') p++; /* the "|" indicator line */
  while (p < end) {
    p++;
    unsigned ind = 0;
    while (p + ind < end && p[ind] == ' ') ind++;
    if (p + ind < end && p[ind] != '\n' && p[ind] != '\r') return ind;
    p += ind;
    while (p < end && *p != '\n') p++;
  }
  return 0;
}

/* How positions inside a scalar's value map to its source: exact for literal blocks and verbatim lines. */
static locmap_t scalar_map(const evcc_doc_t *owner, const evcc_node_t *str) {
  locmap_t map = {.active = true, .line = str->loc.line, .col = str->loc.col};
  if (str->block_scalar) {
    map.block = true;
    map.line = str->loc.line + 1;
    map.indent = block_indent(owner, str->src_offset);
  } else if (str->src_offset < owner->text_len) {
    /* A single-line scalar maps column for column when its source text equals its value. */
    const char *src = owner->text + str->src_offset;
    size_t skip = (*src == '"' || *src == '\'') ? 1 : 0;
    if (owner->text_len - str->src_offset >= str->len + skip && memcmp(src + skip, str->str, str->len) == 0 &&
        !memchr(str->str, '\n', str->len)) {
      map.exact_cols = true;
      map.col = str->loc.col + (unsigned)skip;
    }
  }
  return map;
}

evcc_node_t *evcc_doc_parse_embedded_json(evcc_doc_t *owner, const evcc_node_t *str, evcc_diag_t *d) {
  return json_parse(owner, str->str, str->len, scalar_map(owner, str), d);
}

evcc_loc_t evcc_node_offset_loc(const evcc_node_t *str, size_t offset) {
  if (!str->doc || offset > str->len) return str->loc;
  unsigned line = 1;
  size_t bol = 0;
  for (size_t i = 0; i < offset; i++)
    if (str->str[i] == '\n') line++, bol = i + 1;
  locmap_t map = scalar_map(str->doc, str);
  return map_loc(&map, str->loc.file, line, (unsigned)(offset - bol) + 1);
}

const evcc_node_t *evcc_map_get(const evcc_node_t *map, const char *key) {
  if (!map || map->kind != EVCC_NODE_MAP) return NULL;
  size_t klen = strlen(key);
  for (size_t i = map->count; i-- > 0;)
    if (map->keys[i]->len == klen && memcmp(map->keys[i]->str, key, klen) == 0) return map->items[i];
  return NULL;
}

bool evcc_node_number(const evcc_node_t *n, double *out) {
  if (!n || n->kind != EVCC_NODE_NUMBER) return false;
  errno = 0;
  char *end;
  double v = strtod(n->str, &end);
  if (end == n->str || isinf(v) || isnan(v)) return false;
  if (errno == ERANGE && v == 0.0) return false; /* a nonzero literal that underflows to zero */
  *out = v;
  return true;
}

const char *evcc_node_kind_name(evcc_node_kind_t k) {
  static const char *const names[] = {"null", "boolean", "number", "string", "object", "array"};
  return (unsigned)k <= EVCC_NODE_SEQ ? names[k] : "?";
}

void evcc_node_to_json(const evcc_node_t *n, evcc_buf_t *out) {
  switch (n->kind) {
  case EVCC_NODE_STRING: evcc_buf_json_string(out, n->str, n->len); return;
  case EVCC_NODE_NULL: evcc_buf_puts(out, "null"); return;
  case EVCC_NODE_BOOL: evcc_buf_puts(out, n->boolean ? "true" : "false"); return;
  case EVCC_NODE_NUMBER: evcc_buf_put(out, n->str, n->len); return;
  case EVCC_NODE_SEQ:
  case EVCC_NODE_MAP:
    evcc_buf_putc(out, n->kind == EVCC_NODE_MAP ? '{' : '[');
    for (size_t i = 0; i < n->count; i++) {
      if (i) evcc_buf_putc(out, ',');
      if (n->kind == EVCC_NODE_MAP) {
        evcc_buf_json_string(out, n->keys[i]->str, n->keys[i]->len);
        evcc_buf_putc(out, ':');
      }
      evcc_node_to_json(n->items[i], out);
    }
    evcc_buf_putc(out, n->kind == EVCC_NODE_MAP ? '}' : ']');
    return;
  }
}
