/* JSON scanner: RFC 8259 validation and allocation-free value access for generated code. */
#ifndef EVENTC_SCAN_H
#define EVENTC_SCAN_H

#include "eventc/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Usage. Positions are plain `const char *` kept in the caller's locals; every function takes
 * the position of a value (whitespace already skipped) and returns the position just after
 * what it read, or NULL after recording an error (with its byte offset) in the scan's
 * evc_error_t. Nothing allocates. A document is read like this:
 *
 *   evc_scan_t s;
 *   const char *p = evc_scan_begin(&s, json, len, NULL, err);   // NULL limits = defaults
 *   if (!p) return err->code;
 *   evc_str_t key;
 *   int more = evc_scan_obj_first(&s, &p, &key);   // p at '{'
 *   while (more > 0) {
 *     p = wanted(key) ? read_it(&s, p) : evc_scan_skip(&s, p);
 *     if (!p) return s.err_code;
 *     more = evc_scan_obj_next(&s, &p, &key);
 *   }
 *   if (more < 0 || evc_scan_finish(&s, p) != 0) return s.err_code;
 *
 * Every byte is validated exactly once whichever function consumes it: string escapes and
 * UTF-8 (no overlongs, no surrogates, no lone \uD800-\uDFFF escapes), the number grammar,
 * literals, structure, the nesting depth limit and the document size limit.
 */

#define EVC_SCAN_DEFAULT_MAX_SIZE 262144u /* EventBridge's 256 KB event limit */

/*
 * One nesting-depth policy for events: PutEvents processes a `detail` nested up to 1,100 levels
 * (containers, the detail object itself included), and the event around it adds one level, so
 * an event may nest EVC_MAX_DEPTH levels. It is the default, and the largest limit, of the
 * scanner, the generated matchers and validators, the bus and the compiler's interpreter.
 * Deeper input is refused with EVC_E_DEPTH, the message "nesting deeper than N" and the JSON
 * Pointer of the first value too deep. Nothing recurses per level of the input: the scanner
 * skips with an explicit stack of EVC_MAX_DEPTH bytes.
 */
#define EVC_DETAIL_MAX_DEPTH 1100u
#define EVC_MAX_DEPTH (EVC_DETAIL_MAX_DEPTH + 1u)
#define EVC_SCAN_DEFAULT_MAX_DEPTH EVC_MAX_DEPTH
#define EVC_SCAN_DEPTH_CAP EVC_MAX_DEPTH /* the largest max_depth accepted */

typedef struct evc_scan_limits {
  size_t max_size;    /* bytes; 0 = EVC_SCAN_DEFAULT_MAX_SIZE */
  unsigned max_depth; /* nested objects/arrays; 0 = default, clamped to EVC_SCAN_DEPTH_CAP */
} evc_scan_limits_t;

typedef struct evc_scan {
  const char *base;   /* first byte of the document: error offsets count from here */
  const char *end;    /* one past its last byte */
  unsigned depth;     /* containers open around the current position */
  unsigned max_depth;
  int err_code;       /* EVC_E_OK, or the first error's code */
  evc_error_t *err;   /* may be NULL */
  int trusted;        /* the document is known valid: skipped values are not validated (evc_scan_skip) */
  unsigned arrays;    /* arrays a generated walk is inside (trusted mode stops early only outside them) */
  const char *key_at; /* trusted mode: where a wanted key may start, as far as known (evc_trusted_rest_unread) */
} evc_scan_t;

/* A string as it appears in the document: the raw bytes between the quotes. */
typedef struct evc_str {
  const char *ptr;
  size_t len;
  bool escaped; /* holds at least one backslash escape: decode with evc_str_unescape() */
} evc_str_t;

/* A number's text (validated against the RFC 8259 grammar). */
typedef struct evc_num {
  const char *ptr;
  size_t len;
} evc_num_t;

typedef enum evc_kind {
  EVC_KIND_NONE, /* end of input or a byte that cannot start a value */
  EVC_KIND_OBJECT,
  EVC_KIND_ARRAY,
  EVC_KIND_STRING,
  EVC_KIND_NUMBER,
  EVC_KIND_TRUE,
  EVC_KIND_FALSE,
  EVC_KIND_NULL
} evc_kind_t;

/*
 * Starts scanning `json`: clears `err`, checks the size limit and skips leading whitespace.
 * Returns the position of the top-level value, or NULL (EVC_E_SIZE, EVC_E_SYNTAX on empty input).
 */
const char *evc_scan_begin(evc_scan_t *s, const char *json, size_t len,
                           const evc_scan_limits_t *limits, evc_error_t *err);
/* After the top-level value: only whitespace may follow. Returns 0 or the error code. */
int evc_scan_finish(evc_scan_t *s, const char *p);

/* Validates and skips one value of any kind (containers included). */
const char *evc_scan_skip(evc_scan_t *s, const char *p);
/* Reads a string value; `p` at its opening quote. */
const char *evc_scan_string(evc_scan_t *s, const char *p, evc_str_t *out);
/* Reads a number; `p` at '-' or a digit. */
const char *evc_scan_number(evc_scan_t *s, const char *p, evc_num_t *out);
/* Reads true, false or null; `*kind` says which. */
const char *evc_scan_literal(evc_scan_t *s, const char *p, evc_kind_t *kind);

/*
 * Containers. `*pp` points at '{' ('[') for the _first calls, and just after a member value
 * (element) for the _next calls. They return 1 when a member (element) follows, with `*pp`
 * at its value and `key` filled; 0 when the container closed, with `*pp` just after it;
 * -1 on error. The depth limit is checked on entry.
 */
int evc_scan_obj_first(evc_scan_t *s, const char **pp, evc_str_t *key);
int evc_scan_obj_next(evc_scan_t *s, const char **pp, evc_str_t *key);
int evc_scan_arr_first(evc_scan_t *s, const char **pp);
int evc_scan_arr_next(evc_scan_t *s, const char **pp);

/*
 * Trusted mode (s->trusted, for documents already validated, e.g. by a bus): skips by structure
 * only (brackets outside strings), never reading a skipped value twice; evc_scan_skip calls it.
 */
const char *evc_scan_skip_trusted(evc_scan_t *s, const char *p);

/*
 * The JSON Pointer of the innermost value of `json` whose text holds byte `offset` (a member's
 * key, the separators and the brackets belong to the container), written into out (cut at cap,
 * NUL-terminated when cap > 0); returns its length. The text before the offset must be valid
 * JSON, as it is after any error of the scanner or a generated parser. Iterative: no C stack
 * per level of nesting.
 */
size_t evc_pointer_at(const char *json, size_t len, size_t offset, char *out, size_t cap);

/* Records an error at `p` (first error wins) and returns NULL, for callers' own checks. */
const char *evc_scan_fail(evc_scan_t *s, const char *p, evc_errcode_t code, const char *what);

/*
 * Decodes a (validated) string into `dst`, writing at most `cap` bytes; returns the decoded
 * length, which may exceed `cap` (then only the first `cap` bytes were written). No NUL is added.
 */
size_t evc_str_unescape(const evc_str_t *str, char *dst, size_t cap);
/* True when the decoded string equals the `n` bytes at `s`. */
bool evc_str_equals(const evc_str_t *str, const char *s, size_t n);

/* The double nearest to a (validated) number's text, locale-independent. */
double evc_num_to_double(const evc_num_t *num);

/* Whitespace per RFC 8259 (space, tab, LF, CR); one comparison when there is none. */
static inline const char *evc_scan_ws(const evc_scan_t *s, const char *p) {
  while (p < s->end && (unsigned char)*p <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
  return p;
}

/* The kind of value each byte starts ({ [ " t f n - 0..9; EVC_KIND_NONE for the others). */
extern const unsigned char evc_scan_kinds[256];

/* The kind of value starting at `p`, judged by its first byte only. */
static inline evc_kind_t evc_scan_kind(const evc_scan_t *s, const char *p) {
  return p < s->end ? (evc_kind_t)evc_scan_kinds[(unsigned char)*p] : EVC_KIND_NONE;
}

/* Byte offset of `p` in the document. */
static inline size_t evc_scan_offset(const evc_scan_t *s, const char *p) {
  return (size_t)(p - s->base);
}

#endif

#include "eventc/scan_trusted.h" /* the trusted-mode steps (after the guard: it includes this file) */
