/* URI reference resolution (RFC 3986 section 5.2) for schema $ref and id/$id. */
#include "buf.h"
#include "schema_ir.h"

#include <stdlib.h>
#include <string.h>

typedef struct uri_part {
  const char *s;
  size_t n;
  bool has;
} uri_part_t;

typedef struct uri {
  uri_part_t scheme, auth, path, query, frag;
} uri_t;

static uri_part_t part(const char *s, size_t n, bool has) {
  uri_part_t p = {s, n, has};
  return p;
}

static void parse(const char *s, uri_t *u) {
  memset(u, 0, sizeof *u);
  size_t i = 0, n = strlen(s);
  while (i < n && (strchr("+-.", s[i]) || (s[i] >= 'a' && s[i] <= 'z') ||
                   (s[i] >= 'A' && s[i] <= 'Z') || (i > 0 && s[i] >= '0' && s[i] <= '9')))
    i++;
  if (i > 0 && i < n && s[i] == ':' && !strchr("+-.", s[0])) {
    u->scheme = part(s, i, true);
    s += i + 1;
    n -= i + 1;
  }
  const char *hash = memchr(s, '#', n);
  if (hash) {
    u->frag = part(hash + 1, (size_t)(s + n - hash - 1), true);
    n = (size_t)(hash - s);
  }
  const char *q = memchr(s, '?', n);
  if (q) {
    u->query = part(q + 1, (size_t)(s + n - q - 1), true);
    n = (size_t)(q - s);
  }
  if (n >= 2 && s[0] == '/' && s[1] == '/') {
    size_t a = 2;
    while (a < n && s[a] != '/') a++;
    u->auth = part(s + 2, a - 2, true);
    s += a;
    n -= a;
  }
  u->path = part(s, n, true);
}

static bool starts(const char *s, const char *pre) { return strncmp(s, pre, strlen(pre)) == 0; }

static void pop_segment(evcc_buf_t *b) {
  while (b->len > 0 && b->data[b->len - 1] != '/') b->len--;
  if (b->len > 0) b->len--;
}

/* Removes "." and ".." segments (RFC 3986 5.2.4). */
static void remove_dots(evcc_buf_t *out, const char *p, size_t n) {
  char *in = malloc(n + 1), *s = in;
  memcpy(in, p, n);
  in[n] = '\0';
  evcc_buf_t b;
  evcc_buf_init(&b);
  while (*s) {
    if (starts(s, "../")) s += 3;
    else if (starts(s, "./")) s += 2;
    else if (starts(s, "/./")) s += 2;
    else if (!strcmp(s, "/.")) s[1] = '/', s += 1;
    else if (starts(s, "/../")) s += 3, pop_segment(&b);
    else if (!strcmp(s, "/..")) s[2] = '/', s += 2, pop_segment(&b);
    else if (!strcmp(s, ".") || !strcmp(s, "..")) break;
    else {
      size_t j = 1;
      while (s[j] && s[j] != '/') j++;
      evcc_buf_put(&b, s, j);
      s += j;
    }
  }
  if (b.len) evcc_buf_put(out, b.data, b.len);
  evcc_buf_free(&b);
  free(in);
}

static void put_part(evcc_buf_t *b, const char *pre, uri_part_t p, const char *post) {
  if (!p.has) return;
  evcc_buf_puts(b, pre);
  evcc_buf_put(b, p.s, p.n);
  evcc_buf_puts(b, post);
}

static void merge_path(evcc_buf_t *b, const uri_t *base, const uri_t *ref) {
  evcc_buf_t m;
  evcc_buf_init(&m);
  if (base->auth.has && base->path.n == 0) {
    evcc_buf_putc(&m, '/');
  } else {
    const char *slash = NULL;
    for (size_t i = 0; i < base->path.n; i++)
      if (base->path.s[i] == '/') slash = base->path.s + i;
    if (slash) evcc_buf_put(&m, base->path.s, (size_t)(slash - base->path.s + 1));
  }
  evcc_buf_put(&m, ref->path.s, ref->path.n);
  remove_dots(b, m.data ? m.data : "", m.len);
  evcc_buf_free(&m);
}

char *evcc_uri_resolve(const char *base, const char *ref) {
  uri_t b, r;
  parse(base ? base : "", &b);
  parse(ref, &r);
  evcc_buf_t out;
  evcc_buf_init(&out);
  const uri_t *auth_from = &r, *query_from = &r;
  if (!r.scheme.has) {
    put_part(&out, "", b.scheme, ":");
    if (!r.auth.has) auth_from = &b;
  } else {
    put_part(&out, "", r.scheme, ":");
  }
  put_part(&out, "//", auth_from->auth, "");
  if (r.scheme.has || r.auth.has) {
    remove_dots(&out, r.path.s, r.path.n);
  } else if (r.path.n == 0) {
    evcc_buf_put(&out, b.path.s, b.path.n);
    if (!r.query.has) query_from = &b;
  } else if (r.path.s[0] == '/') {
    remove_dots(&out, r.path.s, r.path.n);
  } else if (!b.scheme.has && !b.auth.has && b.path.n == 0) {
    remove_dots(&out, r.path.s, r.path.n);
  } else {
    merge_path(&out, &b, &r);
  }
  put_part(&out, "?", query_from->query, "");
  put_part(&out, "#", r.frag, "");
  if (!out.data) evcc_buf_puts(&out, "");
  return evcc_buf_take(&out);
}
