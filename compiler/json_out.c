/* In-memory JSON values for the documents eventc writes (inferred schemas): build, reorder, print. */
#include "json_out.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef enum { J_RAW, J_STRING, J_OBJECT, J_ARRAY } jkind_t;

typedef struct jkey {
  char *s;
  size_t len;
} jkey_t;

struct evcc_jout {
  jkind_t kind;
  char *text; /* RAW and STRING */
  size_t len;
  jkey_t *keys; /* OBJECT */
  evcc_jout_t **items;
  size_t n, cap;
};

static void *xalloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q) abort();
  return q;
}

static evcc_jout_t *make(jkind_t kind) {
  evcc_jout_t *v = xalloc(NULL, sizeof *v);
  memset(v, 0, sizeof *v);
  v->kind = kind;
  return v;
}

static char *copy(const char *s, size_t len) {
  char *c = xalloc(NULL, len + 1);
  memcpy(c, s, len);
  c[len] = '\0';
  return c;
}

evcc_jout_t *evcc_jout_object(void) { return make(J_OBJECT); }
evcc_jout_t *evcc_jout_array(void) { return make(J_ARRAY); }

evcc_jout_t *evcc_jout_string(const char *s, size_t len) {
  evcc_jout_t *v = make(J_STRING);
  v->text = copy(s, len);
  v->len = len;
  return v;
}

evcc_jout_t *evcc_jout_raw(const char *text) {
  evcc_jout_t *v = make(J_RAW);
  v->len = strlen(text);
  v->text = copy(text, v->len);
  return v;
}

void evcc_jout_free(evcc_jout_t *v) {
  if (!v) return;
  for (size_t i = 0; i < v->n; i++) {
    evcc_jout_free(v->items[i]);
    if (v->keys) free(v->keys[i].s);
  }
  free(v->items);
  free(v->keys);
  free(v->text);
  free(v);
}

static void append(evcc_jout_t *c, jkey_t key, evcc_jout_t *v) {
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 4;
    c->items = xalloc(c->items, c->cap * sizeof *c->items);
    if (c->kind == J_OBJECT) c->keys = xalloc(c->keys, c->cap * sizeof *c->keys);
  }
  if (c->kind == J_OBJECT) c->keys[c->n] = key;
  c->items[c->n++] = v;
}

static size_t find(const evcc_jout_t *obj, const char *key, size_t len) {
  for (size_t i = 0; i < obj->n; i++)
    if (obj->keys[i].len == len && !memcmp(obj->keys[i].s, key, len)) return i;
  return obj->n;
}

void evcc_jout_set_n(evcc_jout_t *obj, const char *key, size_t len, evcc_jout_t *v) {
  size_t i = find(obj, key, len);
  if (i < obj->n) {
    evcc_jout_free(obj->items[i]);
    obj->items[i] = v;
    return;
  }
  append(obj, (jkey_t){copy(key, len), len}, v);
}

void evcc_jout_set(evcc_jout_t *obj, const char *key, evcc_jout_t *v) { evcc_jout_set_n(obj, key, strlen(key), v); }

evcc_jout_t *evcc_jout_get_n(const evcc_jout_t *obj, const char *key, size_t len) {
  size_t i = find(obj, key, len);
  return i < obj->n ? obj->items[i] : NULL;
}

evcc_jout_t *evcc_jout_take(evcc_jout_t *obj, const char *key) {
  size_t i = find(obj, key, strlen(key));
  if (i == obj->n) return NULL;
  evcc_jout_t *v = obj->items[i];
  free(obj->keys[i].s);
  memmove(obj->items + i, obj->items + i + 1, (obj->n - i - 1) * sizeof *obj->items);
  memmove(obj->keys + i, obj->keys + i + 1, (obj->n - i - 1) * sizeof *obj->keys);
  obj->n--;
  return v;
}

void evcc_jout_merge(evcc_jout_t *dst, evcc_jout_t *src) {
  if (!src) return;
  for (size_t i = 0; i < src->n; i++) {
    evcc_jout_set_n(dst, src->keys[i].s, src->keys[i].len, src->items[i]);
    free(src->keys[i].s);
  }
  src->n = 0;
  evcc_jout_free(src);
}

void evcc_jout_push(evcc_jout_t *arr, evcc_jout_t *v) { append(arr, (jkey_t){NULL, 0}, v); }

size_t evcc_jout_count(const evcc_jout_t *v) { return v->n; }

void evcc_jout_sort(evcc_jout_t *obj) {
  for (size_t i = 1; i < obj->n; i++) /* insertion sort: stable, and objects are small */
    for (size_t j = i; j > 0; j--) {
      jkey_t *a = &obj->keys[j - 1], *b = &obj->keys[j];
      int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
      if (c < 0 || (c == 0 && a->len <= b->len)) break;
      jkey_t k = *a;
      *a = *b, *b = k;
      evcc_jout_t *v = obj->items[j - 1];
      obj->items[j - 1] = obj->items[j], obj->items[j] = v;
    }
}

static void indent(evcc_buf_t *out, int depth) {
  evcc_buf_putc(out, '\n');
  for (int i = 0; i < depth; i++) evcc_buf_puts(out, "  ");
}

static void print(const evcc_jout_t *v, evcc_buf_t *out, int depth) {
  if (v->kind == J_RAW) {
    evcc_buf_put(out, v->text, v->len);
    return;
  }
  if (v->kind == J_STRING) {
    evcc_buf_json_string(out, v->text, v->len);
    return;
  }
  bool obj = v->kind == J_OBJECT;
  evcc_buf_putc(out, obj ? '{' : '[');
  for (size_t i = 0; i < v->n; i++) {
    if (i) evcc_buf_putc(out, ',');
    indent(out, depth + 1);
    if (obj) {
      evcc_buf_json_string(out, v->keys[i].s, v->keys[i].len);
      evcc_buf_puts(out, ": ");
    }
    print(v->items[i], out, depth + 1);
  }
  if (v->n) indent(out, depth);
  evcc_buf_putc(out, obj ? '}' : ']');
}

void evcc_jout_print(const evcc_jout_t *v, evcc_buf_t *out) {
  print(v, out, 0);
  evcc_buf_putc(out, '\n');
}
