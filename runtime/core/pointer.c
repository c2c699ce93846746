/* The JSON Pointer of the value at a byte offset, found by reading the document again: parsers keep no path while they run. */
#include "eventc/scan.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/*
 * One walk down the single path that leads to the target: siblings are stepped over without
 * recursion, so any nesting depth costs no C stack (the depth-limit error of a 64 KB-stack
 * thread reads it too).
 */
typedef struct walk {
  const char *end;
  const char *target;
  char *out;
  size_t cap;
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

/* Just after the value at p (a container: its brackets counted, strings stepped over). */
static const char *value_end(const char *p, const char *end) {
  if (p >= end) return p;
  if (*p == '"') return string_end(p, end);
  if (*p != '{' && *p != '[') return scalar_end(p, end);
  size_t open = 0;
  for (; p < end; p++) {
    if (*p == '"') p = string_end(p, end) - 1;
    else if (*p == '{' || *p == '[') open++;
    else if ((*p == '}' || *p == ']') && --open == 0) return p + 1;
  }
  return end;
}

/*
 * Whether the value [v, e) holds the target. A document cut short (a parse error at its end)
 * ends in the missing value, or inside a container still open; a scalar that runs to the end
 * leaves the error to its container.
 */
static bool holds_target(const walk_t *w, const char *v, const char *e) {
  return w->target < e || v >= w->end || (e >= w->end && (*v == '{' || *v == '['));
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
  char text[1024];
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

/*
 * In the object at p, the member whose value holds the target: returns that value's start and
 * extends *at, or NULL when the target belongs to the object itself (a key, a separator, a brace).
 */
static const char *member_toward(const walk_t *w, const char *p, size_t *at) {
  for (p = skip_ws(p + 1, w->end);; p = skip_ws(p + 1, w->end)) {
    if (p >= w->end || *p != '"') return NULL;
    const char *key = p, *key_end = string_end(p, w->end);
    p = skip_ws(key_end, w->end);
    if (w->target < p || p >= w->end || *p != ':') return NULL;
    const char *v = skip_ws(p + 1, w->end), *e = value_end(v, w->end);
    if (holds_target(w, v, e)) {
      *at = put_key(w, *at, key, key_end);
      return v;
    }
    p = skip_ws(e, w->end);
    if (p >= w->end || w->target <= p || *p != ',') return NULL;
  }
}

/* The same for the element of the array at p that holds the target. */
static const char *element_toward(const walk_t *w, const char *p, size_t *at) {
  p = skip_ws(p + 1, w->end);
  if (p < w->end && *p == ']') return NULL;
  for (size_t i = 0;; i++) {
    const char *e = value_end(p, w->end);
    if (holds_target(w, p, e)) {
      *at = put_index(w, *at, i);
      return p;
    }
    p = skip_ws(e, w->end);
    if (p >= w->end || w->target <= p || *p != ',') return NULL;
    p = skip_ws(p + 1, w->end);
  }
}

size_t evc_pointer_at(const char *json, size_t len, size_t offset, char *out, size_t cap) {
  walk_t w = {json + len, json + (offset < len ? offset : len), out, cap};
  size_t at = 0;
  const char *p = skip_ws(json, w.end);
  while (p && p < w.end && w.target > p && (*p == '{' || *p == '[')) {
    size_t inner = at;
    const char *v = *p == '{' ? member_toward(&w, p, &inner) : element_toward(&w, p, &inner);
    if (!v || w.target < v) {
      if (v) at = inner; /* whitespace before the value belongs to it, as in the document order */
      break;
    }
    at = inner;
    p = v;
  }
  if (cap) out[at < cap ? at : cap - 1] = '\0';
  return at;
}
