/* The JSON Pointer of the value at a byte offset, found by reading the document again: parsers keep no path while they run. */
#include "eventc/validate.h"

#include <stdio.h>

/* One walk: the document, the offset looked for, and the pointer text built on the way down. */
typedef struct walk {
  const char *end;
  const char *target;
  char *out;
  size_t cap;
  size_t found; /* the pointer's length once the target's value is known */
} walk_t;

static const char *skip_ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
  return p;
}

/* Just after the string whose opening quote is at p (escapes skipped, not checked). */
static const char *string_end(const char *p, const char *end) {
  for (p++; p < end && *p != '"'; p++)
    if (*p == '\\') p++;
  return p < end ? p + 1 : end;
}

/* Just after the number or literal at p. */
static const char *scalar_end(const char *p, const char *end) {
  while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' && *p != '\t')
    p++;
  return p;
}

/* Appends "/seg" with ~0 and ~1 escapes; returns the new length (text cut at the capacity). */
static size_t put_seg(const walk_t *w, size_t at, const char *t, size_t n) {
  if (at + 1 < w->cap) w->out[at++] = '/';
  for (size_t i = 0; i < n && at + 2 < w->cap; i++) {
    if (t[i] == '~' || t[i] == '/') {
      w->out[at++] = '~';
      w->out[at++] = t[i] == '~' ? '0' : '1';
    } else {
      w->out[at++] = t[i];
    }
  }
  return at;
}

/* The pointer of a member: its key decoded, then escaped as a segment. */
static size_t put_key(const walk_t *w, size_t at, const char *key, const char *key_end) {
  char text[EVC_V_KEYBUF];
  evc_str_t raw;
  raw.ptr = key + 1;
  raw.len = (size_t)(key_end - key - 2);
  raw.escaped = memchr(raw.ptr, '\\', raw.len) != NULL;
  size_t n = evc_str_unescape(&raw, text, sizeof text);
  return put_seg(w, at, text, n < sizeof text ? n : sizeof text);
}

static size_t put_index(const walk_t *w, size_t at, size_t i) {
  char num[24];
  int n = snprintf(num, sizeof num, "%lu", (unsigned long)i);
  return put_seg(w, at, num, (size_t)n);
}

/* Ends the walk: the target lies in the value whose pointer has length at. */
static const char *found(walk_t *w, size_t at) {
  w->found = at;
  return NULL;
}

static const char *walk_value(walk_t *w, const char *p, size_t at);

/* Members of the object at p; a target inside a key or between members belongs to the object. */
static const char *walk_object(walk_t *w, const char *p, size_t at) {
  for (p = skip_ws(p + 1, w->end);; p = skip_ws(p + 1, w->end)) {
    if (p < w->end && *p == '}') return w->target <= p ? found(w, at) : p + 1;
    if (p >= w->end || *p != '"') return found(w, at);
    const char *key = p, *key_end = string_end(p, w->end);
    p = skip_ws(key_end, w->end);
    if (w->target < p || p >= w->end || *p != ':') return found(w, at);
    p = walk_value(w, p + 1, put_key(w, at, key, key_end));
    if (!p) return NULL;
    p = skip_ws(p, w->end);
    if (p < w->end && w->target > p && *p == '}') return p + 1;
    if (p >= w->end || w->target <= p || *p != ',') return found(w, at);
  }
}

/* Elements of the array at p, numbered from 0. */
static const char *walk_array(walk_t *w, const char *p, size_t at) {
  p = skip_ws(p + 1, w->end);
  if (p < w->end && *p == ']') return w->target <= p ? found(w, at) : p + 1;
  for (size_t i = 0;; i++, p++) {
    p = walk_value(w, p, put_index(w, at, i));
    if (!p) return NULL;
    p = skip_ws(p, w->end);
    if (p < w->end && w->target > p && *p == ']') return p + 1;
    if (p >= w->end || w->target <= p || *p != ',') return found(w, at);
  }
}

/* The value at p (after whitespace): returns its end, or NULL once the target is placed. */
static const char *walk_value(walk_t *w, const char *p, size_t at) {
  p = skip_ws(p, w->end);
  if (w->target <= p || p >= w->end) return found(w, at);
  const char *q;
  switch (*p) {
  case '{': return walk_object(w, p, at);
  case '[': return walk_array(w, p, at);
  case '"': q = string_end(p, w->end); break;
  default: q = scalar_end(p, w->end); break;
  }
  return w->target < q || q == p ? found(w, at) : q;
}

size_t evc_pointer_at(const char *json, size_t len, size_t offset, char *out, size_t cap) {
  walk_t w;
  w.end = json + len;
  w.target = json + (offset < len ? offset : len);
  w.out = out;
  w.cap = cap;
  w.found = 0;
  walk_value(&w, json, 0);
  if (cap) out[w.found] = '\0';
  return w.found;
}
