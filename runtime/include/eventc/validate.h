/* Runtime of generated schema parsers: a one-pass JSON cursor, keyword checks, formats, a JSON writer. */
#ifndef EVENTC_VALIDATE_H
#define EVENTC_VALIDATE_H

#include "eventc/arena.h"
#include "eventc/error.h"
#include "eventc/scan.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The generic view of a value the schema cannot type: its raw JSON text in the input. */
typedef struct evc_json {
  const char *ptr;
  size_t len;
} evc_json_t;

/* A number as read: its double value, and its int64 value when it is integral and fits. */
typedef struct evc_vnum {
  double d;
  int64_t i;
  int is_int;   /* the value is integral (1, 1.0, 1e2) */
  int fits_i64; /* is_int and exactly representable as int64_t */
} evc_vnum_t;

/* The cursor's few hot steps, inlined into generated code whatever the optimizer's size limits. */
#if defined(__GNUC__)
#define EVC_V_INLINE static inline __attribute__((always_inline))
#else
#define EVC_V_INLINE static inline
#endif

/* Word-at-a-time fast paths where the byte order is known (the scanner's own paths elsewhere). */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define EVC_V_WORDS 1
#endif
/* 16 bytes a step where SSE2 is sure to exist (as the scanner; -DEVC_SCAN_PORTABLE opts out). */
#if defined(__SSE2__) && defined(__GNUC__) && !defined(EVC_SCAN_PORTABLE)
#define EVC_V_SSE2 1
#include <emmintrin.h>
#endif

#define EVC_V_KEYBUF 1024

/*
 * State of one parse: the cursor over the input, the arena and where errors go. No path is
 * kept: an error's JSON Pointer is found afterwards from its offset (evc_pointer_at).
 */
typedef struct evc_vctx {
  evc_scan_t s;   /* the scanner (libeventc's one validating JSON reader) */
  const char *p;  /* the cursor: the next byte to read */
  const char *vstart; /* start of the value being checked: the offset of schema errors */
  evc_arena_t *arena;
  evc_error_t *err;
  unsigned quiet; /* > 0 inside anyOf/oneOf/not/if: schema failures are not recorded */
  int fatal;      /* a syntax error (or exhausted arena) was found: no branch may succeed */
  int scratch;    /* validation only: decoded strings may reuse the arena */
  const char *key_at; /* checking an object key as a string (propertyNames): its member's value */
  const char *key_base, *key_end; /* and the document it is in */
  size_t keyused;
  char keybuf[EVC_V_KEYBUF]; /* object keys that had escapes, decoded */
} evc_vctx_t;


/* Starts a parse of `json`; any error (size, empty input) is recorded and makes the parse fail. */
EVC_V_INLINE void evc_v_init(evc_vctx_t *v, const char *json, size_t len, evc_arena_t *arena, evc_error_t *err) {
  v->p = evc_scan_begin(&v->s, json, len, NULL, err);
  v->arena = arena;
  v->err = err;
  v->quiet = 0;
  v->fatal = v->p == NULL;
  v->scratch = 0;
  v->key_at = NULL;
  v->keyused = 0;
  if (!v->p) v->p = json;
  v->vstart = v->p;
}

/* After the root value: only whitespace may follow. */
int evc_v_finish_scan(evc_vctx_t *v);
EVC_V_INLINE int evc_v_finish(evc_vctx_t *v) {
  if (!v->fatal && evc_scan_ws(&v->s, v->p) == v->s.end) return 0;
  return evc_v_finish_scan(v);
}

/* Records a schema failure at the current path (unless quiet); returns -1. */
int evc_v_fail(evc_vctx_t *v, const char *keyword, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records a syntax/limit error (always, and sets fatal); returns -1. */
int evc_v_error(evc_vctx_t *v, evc_errcode_t code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));


/* evc_v_string's general case: any string, through the scanner. */
int evc_v_string_scan(evc_vctx_t *v, evc_str_t *raw);
/* Decoded value of a raw string (into the arena when it had escapes). */
int evc_v_decode(evc_vctx_t *v, const evc_str_t *raw, evc_str_t *out);
/* Any number but a single digit (evc_v_number's and evc_v_double's general case). */
int evc_v_number_words(evc_vctx_t *v, evc_vnum_t *n);
int evc_v_double_words(evc_vctx_t *v, double *d);

/* A digit followed by a byte that cannot continue a number: the commonest number (0, 1, a count). */
EVC_V_INLINE int evc_v_single_digit(const char *p, const char *end) {
  return end - p >= 2 && (unsigned)(p[0] - '0') < 10u && (unsigned)(p[1] - '0') >= 10u && p[1] != '.' &&
         (p[1] | 0x20) != 'e';
}

/* Reads a number token (its text is v->vstart .. v->p afterwards, for messages). */
EVC_V_INLINE int evc_v_number(evc_vctx_t *v, evc_vnum_t *n) {
  const char *p = v->p;
  if (!evc_v_single_digit(p, v->s.end)) return evc_v_number_words(v, n);
  n->i = p[0] - '0';
  n->d = (double)n->i;
  n->is_int = n->fits_i64 = 1;
  v->p = p + 1;
  return 0;
}

/* Reads a number token as its nearest double only (no integer views): the common fast case. */
EVC_V_INLINE int evc_v_double(evc_vctx_t *v, double *d) {
  const char *p = v->p;
  if (!evc_v_single_digit(p, v->s.end)) return evc_v_double_words(v, d);
  *d = (double)(p[0] - '0');
  v->p = p + 1;
  return 0;
}
/*
 * Validation without the value (nothing stores it, no multipleOf): takes the number at the
 * cursor when its usual form (up to 7 integer digits, any fraction, no exponent) puts it,
 * whatever its fraction, strictly between lo and hi (bounds or -HUGE_VAL/HUGE_VAL), and returns
 * 1; returns 0 with the cursor unmoved for every other number, which evc_v_double then reads,
 * checks and reports.
 */
int evc_v_number_inside_words(evc_vctx_t *v, double lo, double hi); /* all but a single digit */
EVC_V_INLINE int evc_v_number_inside(evc_vctx_t *v, double lo, double hi) {
  const char *p = v->p;
  if (!evc_v_single_digit(p, v->s.end)) return evc_v_number_inside_words(v, lo, hi);
  double x = (double)(p[0] - '0');
  if (!(x > lo && x < hi)) return 0;
  v->p = p + 1;
  return 1;
}
/* Reads true/false/null; returns 1 for true, 0 for false/null, -1 on error. */
int evc_v_literal(evc_vctx_t *v);
/* Skips (and checks) one value of any type. */
int evc_v_skip(evc_vctx_t *v);
/*
 * Array element n (0-based) of an array being built in the arena: returns the (possibly moved)
 * items with room for it, zeroed; NULL with EVC_E_NO_SPACE recorded when the arena is full.
 */
void *evc_v_grow_more(evc_vctx_t *v, void *items, size_t *cap, size_t n, size_t size); /* the array is full */
EVC_V_INLINE void *evc_v_grow(evc_vctx_t *v, void *items, size_t *cap, size_t n, size_t size) {
  if (n >= *cap) return evc_v_grow_more(v, items, cap, n, size);
  memset((unsigned char *)items + n * size, 0, size); /* an element the schema leaves unset (null) reads as zero */
  return items;
}

/* The scanner recorded an error (offset, code, message): adds the JSON Pointer; returns -1. */
int evc_v_scan_failed(evc_vctx_t *v);
/* Decodes an escaped key into the key buffer; returns 1, or -1 when the buffer is full. */
int evc_v_key_escaped(evc_vctx_t *v, evc_str_t *key);
/* Arrays: next() returns 1 with the cursor at each element and 0 after ']'. */
int evc_v_arr_next_scan(evc_vctx_t *v, size_t *n); /* any separator, through the scanner */
EVC_V_INLINE int evc_v_arr_next(evc_vctx_t *v, size_t *n) {
  const char *p = v->p;
  if (*n && v->s.end - p > 1) { /* the compact ",x" and "]" here; the scanner does the rest */
    if (*p == ',' && (unsigned char)p[1] > ' ') {
      v->p = p + 1;
      (*n)++;
      return 1;
    }
    if (*p == ']') {
      v->s.depth--;
      v->p = p + 1;
      return 0;
    }
  }
  return evc_v_arr_next_scan(v, n);
}

/* Skips whitespace and classifies the next value (which becomes the value errors point at). */
static inline evc_kind_t evc_v_peek(evc_vctx_t *v) {
  v->vstart = v->p = evc_scan_ws(&v->s, v->p);
  return evc_scan_kind(&v->s, v->p);
}

/* Objects: next() gives each key (decoded) with the cursor at its value; 0 after '}'. */
static inline int evc_v_obj_next(evc_vctx_t *v, size_t *n, evc_str_t *key) {
  if (*n && v->p < v->s.end && *v->p == '}') { /* the usual end, without a call */
    v->s.depth--;
    v->p++;
    return 0;
  }
  int r = *n ? evc_scan_obj_next(&v->s, &v->p, key) : evc_scan_obj_first(&v->s, &v->p, key);
  if (r != 1) return r < 0 ? evc_v_scan_failed(v) : 0;
  (*n)++;
  return key->escaped ? evc_v_key_escaped(v, key) : 1;
}

/*
 * The bytes of one step (EVC_V_STEP bytes at p) that end a plain string run: '"', '\\', controls
 * and non-ASCII. A mask; the first such byte is at ctz(mask) >> EVC_V_SHIFT, 0 when none is.
 */
#if defined(EVC_V_SSE2)
#define EVC_V_STEP 16
#define EVC_V_SHIFT 0
EVC_V_INLINE uint64_t evc_v_run_stops(const char *p) {
  __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
  __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                                              _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
                                 _mm_cmplt_epi8(x, _mm_set1_epi8(0x20))); /* signed: non-ASCII too */
  return (unsigned)_mm_movemask_epi8(special);
}
#elif defined(EVC_V_WORDS)
#define EVC_V_STEP 8
#define EVC_V_SHIFT 3
EVC_V_INLINE uint64_t evc_v_run_stops(const char *p) { /* the lowest flagged byte is exact */
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  uint64_t w;
  memcpy(&w, p, 8);
  uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
  return (((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w) | w) & highs;
}
#endif

/*
 * Reads a string token (raw: escapes still in; the scanner checked them). Plain ASCII strings of
 * up to 31 bytes are taken here, EVC_V_STEP bytes at a time; the rest go through the scanner.
 */
EVC_V_INLINE int evc_v_string(evc_vctx_t *v, evc_str_t *raw) {
#ifdef EVC_V_STEP
  const char *p = v->p;
  if (v->s.end - p > 32) {
    for (int i = 1; i < 32; i += EVC_V_STEP) {
      uint64_t m = evc_v_run_stops(p + i);
      if (!m) continue;
      const char *q = p + i + (__builtin_ctzll(m) >> EVC_V_SHIFT);
      if (*q != '"') break; /* an escape, a control or non-ASCII byte: the scanner's case */
      raw->ptr = p + 1;
      raw->len = (size_t)(q - p - 1);
      raw->escaped = 0;
      v->p = q + 1;
      return 0;
    }
  }
#endif
  return evc_v_string_scan(v, raw);
}

/*
 * Objects whose members usually come in a known order: the generated code has compared the len
 * bytes at the cursor with the next member's separator ('{' or ','), quoted key and colon, and
 * at least one byte follows them. Takes the member (its key is not needed); returns 1, or -1
 * when the object is nested too deep.
 */
EVC_V_INLINE int evc_v_obj_took(evc_vctx_t *v, size_t *n, size_t len) {
  const char *p = v->p;
  if (!*n) {
    if (v->s.depth >= v->s.max_depth) {
      evc_str_t key;
      return evc_v_obj_next(v, n, &key); /* which reports it */
    }
    v->s.depth++;
  }
  p += len;
  v->p = (unsigned char)*p <= ' ' ? evc_scan_ws(&v->s, p) : p;
  (*n)++;
  return 1;
}

/* A position to come back to (applicators read the same value again). */
typedef struct evc_vmark {
  const char *p;
  unsigned depth;
} evc_vmark_t;

static inline evc_vmark_t evc_v_mark(const evc_vctx_t *v) {
  evc_vmark_t m;
  m.p = v->p;
  m.depth = v->s.depth;
  return m;
}
static inline void evc_v_rewind(evc_vctx_t *v, const evc_vmark_t *m) {
  v->p = m->p;
  v->s.depth = m->depth;
}

/* A generated validator: reads one value at the cursor, storing it into out when not NULL. */
typedef int (*evc_vfn_t)(evc_vctx_t *v, void *out);
/* Validates an object key (already decoded) as a JSON string against `fn` (propertyNames). */
int evc_v_key(evc_vctx_t *v, const evc_str_t *key, evc_vfn_t fn);


/* Keyword checks shared by every generated validator. */
int evc_json_equal(const char *a, size_t alen, const char *b, size_t blen);
/* Index of the first element equal to an earlier one in the array text, or -1. */
long evc_json_duplicate(const char *arr, size_t len);
int evc_multiple_of(double x, double m);
/* Length in code points of decoded UTF-8. */
size_t evc_utf8_len(const char *s, size_t n);
/* Next code point of decoded UTF-8 at *s (advanced); -1 at the end. */
long evc_utf8_next(const char **s, const char *end);

/* Formats (RFC 3339, RFC 5321/1123, RFC 3986, RFC 4122, JSON Pointer): 1 when valid. */
int evc_fmt_date_time(const char *s, size_t n);
int evc_fmt_date(const char *s, size_t n);
int evc_fmt_time(const char *s, size_t n);
int evc_fmt_email(const char *s, size_t n);
int evc_fmt_hostname(const char *s, size_t n);
int evc_fmt_ipv4(const char *s, size_t n);
int evc_fmt_ipv6(const char *s, size_t n);
int evc_fmt_uri(const char *s, size_t n);
int evc_fmt_uri_reference(const char *s, size_t n);
int evc_fmt_iri(const char *s, size_t n);
int evc_fmt_iri_reference(const char *s, size_t n);
int evc_fmt_uri_template(const char *s, size_t n);
int evc_fmt_regex(const char *s, size_t n);
int evc_fmt_idn_hostname(const char *s, size_t n);
int evc_fmt_uuid(const char *s, size_t n);
int evc_fmt_json_pointer(const char *s, size_t n);
int evc_fmt_relative_json_pointer(const char *s, size_t n);

/* A compact JSON writer into a caller buffer (serializers). */
typedef struct evc_jw {
  char *buf;
  size_t cap, len; /* len keeps counting past cap so callers learn the size needed */
} evc_jw_t;

void evc_jw_init(evc_jw_t *w, char *buf, size_t cap);
void evc_jw_raw(evc_jw_t *w, const char *s, size_t n);
void evc_jw_string(evc_jw_t *w, const char *s, size_t n);
void evc_jw_int(evc_jw_t *w, int64_t x);
void evc_jw_double(evc_jw_t *w, double x);
/* Ends the text (NUL-terminated when it fits); EVC_E_NO_SPACE when it did not fit. */
int evc_jw_finish(evc_jw_t *w, size_t *outlen, evc_error_t *err);

#endif
