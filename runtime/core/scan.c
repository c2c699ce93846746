/* JSON scanner: validates RFC 8259 byte by byte (SWAR or SSE2 over string runs) without allocating. */
#include "eventc/scan.h"
#include "block.h"
#include "flat_objects.h"
#include "utf8_seq.h"
#include "num.h"
#include "swar.h"

#include <float.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* 16 bytes at a time where SSE2 is sure to exist; -DEVC_SCAN_PORTABLE tests the SWAR paths alone. */
#if defined(__SSE2__) && defined(__GNUC__) && !defined(EVC_SCAN_PORTABLE)
#define EVC_SSE2 1
#include <emmintrin.h>
#endif

/* Bytes of a word that end a plain string run: '"', '\\', controls, and non-ASCII. */
HOT uint64_t special_bytes(uint64_t v) {
  uint64_t q = v ^ (ONES * '"');
  uint64_t b = v ^ (ONES * '\\');
  uint64_t zq = (q - ONES) & ~q;
  uint64_t zb = (b - ONES) & ~b;
  uint64_t ctl = (v - ONES * 0x20) & ~v;
  return (zq | zb | ctl | v) & HIGHS;
}

#ifdef EVC_SSE2
HOT __m128i load128(const char *p) { return _mm_loadu_si128((const __m128i *)(const void *)p); }

/* Bit i set when p[i] ends a plain string run (as special_bytes: a signed compare catches both
 * controls and non-ASCII bytes). */
HOT unsigned special16(const char *p) {
  __m128i v = load128(p);
  __m128i q = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  __m128i b = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
  __m128i c = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
  return (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(q, b), c));
}

#endif

const char *evc_scan_fail(evc_scan_t *s, const char *p, evc_errcode_t code, const char *what) {
  if (s->err_code == EVC_E_OK) {
    s->err_code = (int)code;
    evc_fail(s->err, code, evc_scan_offset(s, p), "%s", what);
  }
  return NULL;
}

const char *evc_scan_begin(evc_scan_t *s, const char *json, size_t len,
                           const evc_scan_limits_t *limits, evc_error_t *err) {
  size_t max_size = limits && limits->max_size ? limits->max_size : EVC_SCAN_DEFAULT_MAX_SIZE;
  unsigned depth = limits && limits->max_depth ? limits->max_depth : EVC_SCAN_DEFAULT_MAX_DEPTH;
  evc_error_clear(err);
  s->base = json;
  s->end = json + len;
  s->depth = 0;
  s->max_depth = depth > EVC_SCAN_DEPTH_CAP ? EVC_SCAN_DEPTH_CAP : depth;
  s->err_code = EVC_E_OK;
  s->err = err;
  s->trusted = 0;
  s->arrays = 0;
  s->key_at = json;
  if (!json) {
    s->end = NULL;
    return evc_scan_fail(s, json, EVC_E_INVALID_ARGUMENT, "no input");
  }
  if (len > max_size) return evc_scan_fail(s, json, EVC_E_SIZE, "document exceeds the size limit");
  const char *p = evc_scan_ws(s, json);
  if (p == s->end) return evc_scan_fail(s, p, EVC_E_SYNTAX, "empty document");
  return p;
}

int evc_scan_finish(evc_scan_t *s, const char *p) {
  if (!p) return s->err_code;
  p = evc_scan_ws(s, p);
  if (p != s->end) evc_scan_fail(s, p, EVC_E_SYNTAX, "unexpected data after the JSON value");
  return s->err_code;
}

/* One multi-byte UTF-8 sequence starting at `p` (a byte >= 0x80); returns its end or NULL. */
static const char *utf8_seq(evc_scan_t *s, const char *p) {
  int n = utf8_seq_len((const unsigned char *)p, (size_t)(s->end - p));
  if (n > 0) return p + n;
  return evc_scan_fail(s, p, EVC_E_UTF8,
                       n == UTF8_BAD_LEAD    ? "invalid UTF-8 lead byte"
                       : n == UTF8_TRUNCATED ? "truncated UTF-8 sequence"
                                             : "invalid UTF-8 sequence");
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = (char)(c | 0x20);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Four hex digits at `p`; -1 when they are not. */
static long hex4(const char *p) {
  long v = 0;
  for (int i = 0; i < 4; i++) {
    int h = hex_value(p[i]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/* One escape sequence; `p` at the backslash. Surrogates must come in valid pairs. */
static const char *escape_seq(evc_scan_t *s, const char *p) {
  size_t room = (size_t)(s->end - p);
  if (room < 2) return evc_scan_fail(s, p, EVC_E_SYNTAX, "unterminated string");
  switch (p[1]) {
  case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': return p + 2;
  case 'u': break;
  default: return evc_scan_fail(s, p, EVC_E_ESCAPE, "invalid escape sequence");
  }
  long u = room >= 6 ? hex4(p + 2) : -1;
  if (u < 0) return evc_scan_fail(s, p, EVC_E_ESCAPE, "\\u must be followed by four hex digits");
  if (u >= 0xDC00 && u <= 0xDFFF)
    return evc_scan_fail(s, p, EVC_E_ESCAPE, "unpaired low surrogate escape");
  if (u < 0xD800 || u > 0xDBFF) return p + 6;
  long lo = room >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4(p + 8) : -1;
  if (lo < 0xDC00 || lo > 0xDFFF)
    return evc_scan_fail(s, p, EVC_E_ESCAPE, "unpaired high surrogate escape");
  return p + 12;
}

/* Validates a string; `p` at the opening quote. Sets *escaped when a backslash occurs. */
HOT const char *string_body(evc_scan_t *s, const char *p, bool *escaped) {
  const char *end = s->end;
  p++;
  for (;;) {
#ifdef EVC_SSE2
    while (end - p >= 16) {
      unsigned m = special16(p);
      if (m) {
        p += __builtin_ctz(m);
        goto special;
      }
      p += 16;
    }
#endif
    while (end - p >= 8) {
      uint64_t m = special_bytes(load64(p));
      if (!m) {
        p += 8;
        continue;
      }
#ifdef EVC_SWAR_CTZ
      p += __builtin_ctzll(m) >> 3;
#else
      while (!(*p == '"' || *p == '\\' || (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x80)) p++;
#endif
      break;
    }
#ifdef EVC_SSE2
  special:
#endif
    if (p >= end) return evc_scan_fail(s, p, EVC_E_SYNTAX, "unterminated string");
    unsigned char c = (unsigned char)*p;
    if (c == '"') return p + 1;
    if (c == '\\') {
      *escaped = true;
      p = escape_seq(s, p);
    } else if (c >= 0x80)
      p = utf8_seq(s, p);
    else if (c < 0x20)
      return evc_scan_fail(s, p, EVC_E_SYNTAX, "control character in string");
    else
      p++;
    if (!p) return NULL;
  }
}

const char *evc_scan_string(evc_scan_t *s, const char *p, evc_str_t *out) {
  bool escaped = false;
  const char *q = string_body(s, p, &escaped);
  if (!q) return NULL;
  out->ptr = p + 1;
  out->len = (size_t)(q - p - 2);
  out->escaped = escaped;
  return q;
}

HOT const char *digits(const char *p, const char *end) { return p + digit_run(p, end); }

/* Like jansson, a number whose magnitude exceeds a double is refused (underflow is fine). */
static bool number_in_range(const evc_num_t *num) {
  double d = evc_num_to_double(num);
  return d <= DBL_MAX && d >= -DBL_MAX;
}

HOT const char *number_body(evc_scan_t *s, const char *p, evc_num_t *out) {
  const char *start = p, *end = s->end;
  if (*p == '-') p++;
  if (p < end && *p == '0') {
    p++;
    if (p < end && is_digit(*p))
      return evc_scan_fail(s, start, EVC_E_NUMBER, "leading zeros are not allowed");
  } else if (p < end && is_digit(*p))
    p = digits(p + 1, end);
  else
    return evc_scan_fail(s, start, EVC_E_NUMBER, "expected a digit");
  bool big = p - start > 300; /* only these, or an exponent, can exceed a double */
  if (p < end && *p == '.') {
    if (end - p < 2 || !is_digit(p[1]))
      return evc_scan_fail(s, start, EVC_E_NUMBER, "expected a digit after the decimal point");
    p = digits(p + 2, end);
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    if (p < end && (*p == '+' || *p == '-')) p++;
    if (p >= end || !is_digit(*p))
      return evc_scan_fail(s, start, EVC_E_NUMBER, "expected a digit in the exponent");
    p = digits(p + 1, end);
    big = true;
  }
  out->ptr = start;
  out->len = (size_t)(p - start);
  if (big && !number_in_range(out)) return evc_scan_fail(s, start, EVC_E_NUMBER, "number out of range of a double");
  return p;
}

const char *evc_scan_literal(evc_scan_t *s, const char *p, evc_kind_t *kind) {
  size_t room = (size_t)(s->end - p);
  if (room >= 4 && memcmp(p, "true", 4) == 0) {
    *kind = EVC_KIND_TRUE;
    return p + 4;
  }
  if (room >= 5 && memcmp(p, "false", 5) == 0) {
    *kind = EVC_KIND_FALSE;
    return p + 5;
  }
  if (room >= 4 && memcmp(p, "null", 4) == 0) {
    *kind = EVC_KIND_NULL;
    return p + 4;
  }
  return evc_scan_fail(s, p, EVC_E_SYNTAX, "invalid literal");
}

HOT const char *ws(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
  return p;
}

static const char *fail_value(evc_scan_t *s, const char *p) {
  if (p >= s->end) return evc_scan_fail(s, p, EVC_E_SYNTAX, "unexpected end of input");
  return evc_scan_fail(s, p, EVC_E_SYNTAX, "expected a JSON value");
}

const unsigned char evc_scan_kinds[256] = {
    ['{'] = EVC_KIND_OBJECT, ['['] = EVC_KIND_ARRAY, ['"'] = EVC_KIND_STRING, ['t'] = EVC_KIND_TRUE,
    ['f'] = EVC_KIND_FALSE,  ['n'] = EVC_KIND_NULL,  ['-'] = EVC_KIND_NUMBER, ['0'] = EVC_KIND_NUMBER,
    ['1'] = EVC_KIND_NUMBER, ['2'] = EVC_KIND_NUMBER, ['3'] = EVC_KIND_NUMBER, ['4'] = EVC_KIND_NUMBER,
    ['5'] = EVC_KIND_NUMBER, ['6'] = EVC_KIND_NUMBER, ['7'] = EVC_KIND_NUMBER, ['8'] = EVC_KIND_NUMBER,
    ['9'] = EVC_KIND_NUMBER,
};

/* The value at p would open one container more than max_depth: its pointer says where. */
static const char *fail_depth(evc_scan_t *s, const char *p) {
  if (s->err_code != EVC_E_OK) return NULL;
  s->err_code = EVC_E_DEPTH;
  size_t at = evc_scan_offset(s, p);
  evc_fail(s->err, EVC_E_DEPTH, at, "nesting deeper than %u", s->max_depth);
  if (s->err) {
    char ptr[sizeof s->err->pointer];
    size_t n = evc_pointer_at(s->base, (size_t)(s->end - s->base), at, ptr, sizeof ptr);
    evc_error_set_pointer(s->err, ptr, n);
  }
  return NULL;
}

/* After an object key: the ':' and the whitespace around it. */
HOT const char *colon(evc_scan_t *s, const char *p) {
  if (p < s->end && *p == ':') { /* the common compact form */
    p++;
    return p < s->end && (unsigned char)*p > ' ' ? p : ws(p, s->end);
  }
  p = ws(p, s->end);
  if (p >= s->end || *p != ':') return evc_scan_fail(s, p, EVC_E_SYNTAX, "expected ':' after an object key");
  return ws(p + 1, s->end);
}

HOT const char *key_then_colon(evc_scan_t *s, const char *p) {
  bool escaped = false;
  if (p >= s->end || *p != '"') return evc_scan_fail(s, p, EVC_E_SYNTAX, "expected a string key");
  p = string_body(s, p, &escaped);
  return p ? colon(s, p) : NULL;
}

/* Scalar value at `p` (not a container); returns its end. */
HOT const char *scalar(evc_scan_t *s, const char *p) {
  bool escaped = false;
  evc_num_t num;
  evc_kind_t kind;
  if (*p == '"') return string_body(s, p, &escaped);
  if (*p == '-' || is_digit(*p)) return number_body(s, p, &num);
  if (*p == 't' || *p == 'f' || *p == 'n') return evc_scan_literal(s, p, &kind);
  return fail_value(s, p);
}

#ifdef EVC_SSE2
/* The usual number forms ending within 32 bytes, as plain_number_window (swar.h) reads them: their end. */
HOT const char *plain_number_end(const char *p) {
  unsigned ni, nf;
  return plain_number_window(p, &ni, &nf);
}

/* The same forms with no exponent after them; NULL lets number_body decide (errors, exponents, long numbers,
 * the document's last bytes). */
HOT const char *quick_number(const char *p, const char *end) {
  if (end - p < 32) return NULL;
  const char *q = plain_number_end(p);
  return q && (*q | 0x20) != 'e' ? q : NULL;
}
#endif

const char *evc_scan_number(evc_scan_t *s, const char *p, evc_num_t *out) {
#ifdef EVC_SSE2
  const char *q = quick_number(p, s->end);
  if (q) {
    out->ptr = p;
    out->len = (size_t)(q - p);
    return q;
  }
#endif
  return number_body(s, p, out);
}

/* p (4 readable bytes) starts a one-byte plain key and its colon: "k": */
HOT int one_byte_key(const char *p) {
  static const unsigned char form[4] = {'"', 0, '"', ':'}, mask[4] = {0xFF, 0, 0xFF, 0xFF};
  uint32_t w, f, m; /* one word compare for the quote, quote, colon around the key byte */
  unsigned char c = (unsigned char)p[1];
  memcpy(&w, p, 4);
  memcpy(&f, form, 4);
  memcpy(&m, mask, 4);
  return (w & m) == f && c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* A plain key (no escape, no control or non-ASCII byte) that fits one word, and its colon. */
HOT const char *short_key(const char *p, const char *end) {
  /* one-byte keys ("x":) by branches, which predict well: the end is not waited for as data */
  if (end - p >= 4 && p[2] == '"' && p[3] == ':') {
    unsigned char c = (unsigned char)p[1];
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') return p + 4;
  }
#ifdef EVC_SSE2
  if (end - p >= 18) { /* reads p[1..17]: keys of up to 15 bytes */
    unsigned m = special16(p + 1);
    if (!m) return NULL;
    const char *q = p + 1 + __builtin_ctz(m);
    return q[0] == '"' && q[1] == ':' ? q + 2 : NULL;
  }
#endif
  if (end - p < 10) return NULL; /* reads p[1..9]: keys of up to six bytes */
#ifdef EVC_SWAR_CTZ
  uint64_t v = load64(p + 1);
  uint64_t m = special_bytes(v);
  if (!m) return NULL;
  unsigned i = (unsigned)__builtin_ctzll(m) >> 3;
  /* the first special byte must be the closing quote, and a colon must follow it */
  uint64_t w = i < 7 ? v >> (8 * i) : (uint64_t)(unsigned char)p[8] | (uint64_t)(unsigned char)p[9] << 8;
  return (w & 0xFFFF) == ('"' | ':' << 8) ? p + i + 3 : NULL;
#else
  const char *q = p + 1;
  while (q < p + 9 && !(*q == '"' || *q == '\\' || (unsigned char)*q < 0x20 || (unsigned char)*q >= 0x80)) q++;
  return q < p + 9 && *q == '"' && q[1] == ':' ? q + 2 : NULL;
#endif
}

#ifdef EVC_SSE2
/* A one-byte key's member whose value starts like a number: "k":- or "k":digit (6 readable bytes). */
HOT int one_byte_number(const char *p) {
  return one_byte_key(p) && (p[4] == '-' || is_digit(p[4]));
}

/* A number of one digit at p, ended by ',' or '}' (the "z":0 of points: one step, not the number reader). */
HOT int one_digit(const char *p) {
  return is_digit(p[0]) && (p[1] == ',' || p[1] == '}');
}

/*
 * A member at p (56 readable bytes) in a compact form: a plain key of up to 16 bytes, its colon, and a plain
 * string of up to 16 bytes or a number in the usual form (quick_number's) with nothing between them. Returns
 * the value's end, or NULL for the other forms (which the general steps then read).
 */
HOT const char *compact_member(const char *p) {
  const char *v, *e;
  if (one_byte_number(p)) /* "x":1.5, the members of points and vectors */
    return one_digit(p + 4) ? p + 5 : plain_number_end(p + 4);
  if (p[0] != '"') return NULL;
  e = p + 1 + __builtin_ctz(special16(p + 1) | 0x10000u); /* no special byte: a 16-byte key if p[17] is '"' */
  if (e[0] != '"' || e[1] != ':') return NULL;
  v = e + 2;
  if (*v != '"') return plain_number_end(v); /* NULL unless a number starts there */
  e = v + 1 + __builtin_ctz(special16(v + 1) | 0x10000u);
  return *e == '"' ? e + 1 : NULL;
}
#endif

#ifdef EVC_SSE2
/* Bit i set when p[32 + i] is '}' (32 readable bytes at p + 32). */
HOT uint64_t curly_closers_32_64(const char *p) {
  __m128i c = _mm_set1_epi8('}');
  unsigned lo = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(load128(p + 32), c));
  unsigned hi = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(load128(p + 48), c));
  return lo | hi << 16;
}

/* Bit i set when p[i] (64 readable bytes) is not an ASCII digit. */
HOT uint64_t non_digit64(const char *p) {
  return (uint64_t)non_digit16(p) | (uint64_t)non_digit16(p + 16) << 16 | (uint64_t)non_digit16(p + 32) << 32 |
         (uint64_t)non_digit16(p + 48) << 48;
}

/*
 * The end (an offset from p) of the number at p[at] ending before p[close], a '}' (the first non-digit of the
 * 64-byte mask `non_digit` bounds each scan), in the forms -?int(.frac)?; 0 when it is not one. The grammar is
 * plain_number_window's (swar.h); the '}' known to end every scan spares its window checks, and reading both
 * through one function cost 8% more instructions on EXACT (5,053 -> 5,467 per event).
 */
HOT unsigned flat_number_end(const char *p, unsigned at, unsigned close, uint64_t non_digit) {
  unsigned start = at + (p[at] == '-');
  if (start >= close) return 0;
  unsigned end = start + trailing_zeros64(non_digit >> start);
  if (end == start || (p[start] == '0' && end > start + 1)) return 0;
  if (p[end] != '.') return end;
  unsigned frac = end + 1 + trailing_zeros64(non_digit >> (end + 1));
  return frac > end + 1 ? frac : 0;
}

/* Whether p[1..63] (64 readable bytes) holds a '[' or '{': a nested value, so not a record of strings. */
HOT int nested_within_64(const char *p) {
  __m128i fold = _mm_set1_epi8(0x20), brace = _mm_set1_epi8('{'); /* '[' | 0x20 == '{' */
  __m128i a = _mm_cmpeq_epi8(_mm_or_si128(load128(p + 1), fold), brace);
  __m128i b = _mm_cmpeq_epi8(_mm_or_si128(load128(p + 17), fold), brace);
  __m128i c = _mm_cmpeq_epi8(_mm_or_si128(load128(p + 33), fold), brace);
  __m128i d = _mm_cmpeq_epi8(_mm_or_si128(load128(p + 48), fold), brace);
  return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0;
}

/* What flat_object reads: the object's 64 bytes, and compact_member's 56 past a member starting before its '}'. */
#define FLAT_ROOM 120

/*
 * An object of compact members (see compact_member) of 33 to 64 bytes at p ('{'; FLAT_ROOM readable bytes): its end,
 * or NULL for the general steps. The end is guessed from the first '}' among bytes 32 to 63 alone, and the
 * members are checked to end exactly there (an earlier '}' outside strings stops them first), so the next
 * object's steps need not wait for this one's members: the points and flat records events are made of. The
 * numbers of one-byte keys ("x":-122.4) are read from one digit mask of the 64 bytes, taken once.
 */
HOT const char *flat_object(const char *p) {
  unsigned closers = curly_closers_32_64(p);
  if (!closers) return NULL;
  unsigned close = 32 + (unsigned)__builtin_ctz(closers), i = 1;
  uint64_t non_digit = non_digit64(p);
  const char *after = p + close + 1;
  __asm__("" : "+r"(after)); /* keeps the end computed from the '}' alone, not from the checked members */
  for (;;) {
    const char *q = p + i;
    if (one_byte_number(q)) {
      i = one_digit(q + 4) ? i + 5 : flat_number_end(p, i + 4, close, non_digit);
      if (!i) return NULL;
    } else {
      q = compact_member(q);
      if (!q) return NULL;
      i = (unsigned)(q - p);
    }
    if (i >= close) break;
    if (p[i] != ',') return NULL;
    i++;
  }
  return i == close ? after : NULL;
}
#endif

/*
 * The scalar skipping loop for the object or array at p (the reference, and the block skip's
 * fallback; evc_scan_skip takes scalars itself): an explicit stack of
 * the closing byte each open container expects instead of recursion, so deep documents cost no
 * C stack and the depth limit is one comparison. Labels are the scanner's states; `next` is "a value just ended in a container".
 */
static const char *skip_scalar(evc_scan_t *s, const char *p) {
  char closer[EVC_SCAN_DEPTH_CAP];
  const char *end = s->end;
  unsigned d = 0, room = s->max_depth - s->depth;
open:
  if (d >= room) return fail_depth(s, p);
#ifdef EVC_SSE2
  if (*p == '{') {
    /* flat objects one after the other, as lists of points come, without the general steps between */
    const char *q;
    if (d > 0 && closer[d - 1] == ']' && end - p >= POINT_LIST_ROOM && evc_flat_objects() &&
        (q = evc_point_list_skip(p, end)) != NULL) {
      if (q[0] != ',' || q[1] != '{') {
        p = q;
        goto next;
      }
      p = q + 1; /* the rest of the list as below */
    } else if (end - p >= 64 && p[1] == '"' && !one_byte_number(p + 1) && !nested_within_64(p) &&
               evc_flat_objects() && (q = evc_string_object_skip(p, end)) != NULL) {
      if (d == 0) return q;
      p = q;
      goto next;
    }
    while (end - p >= FLAT_ROOM && (q = flat_object(p)) != NULL) {
      if (q[0] == ',' && q[1] == '{' && d > 0 && closer[d - 1] == ']') {
        p = q + 1;
        continue;
      }
      p = q;
      if (d == 0) return p;
      goto next;
    }
  }
#endif
  closer[d++] = (char)(*p + 2); /* '{' + 2 == '}', '[' + 2 == ']' */
  p++;
  if (p < end && (unsigned char)*p <= ' ') p = ws(p, end);
  if (p < end && *p == closer[d - 1]) {
    d--;
    p++;
    goto closed;
  }
  if (closer[d - 1] == ']') goto value;
key:
#ifdef EVC_SSE2
  /* members in their compact form (see compact_member), one step each: the points and flat records of events */
  while (end - p > 56) {
    const char *q = compact_member(p);
    if (q && *q == ',') {
      p = (unsigned char)q[1] <= ' ' ? ws(q + 1, end) : q + 1;
      continue;
    }
    if (q && *q == '}') {
      /* "},{" then a key, in an array: the next object of a list opens where this one closes */
      if (q[1] == ',' && q[2] == '{' && q[3] == '"' && d >= 2 && closer[d - 2] == ']') {
        p = q + 3;
        continue;
      }
      p = q;
      goto next;
    }
    break; /* anything else: the general steps from this key on */
  }
#endif
  if (p < end && *p == '"') {
    const char *q = short_key(p, end);
    if (q) {
      p = q < end && (unsigned char)*q <= ' ' ? ws(q, end) : q;
      goto value;
    }
  }
  p = key_then_colon(s, p);
  if (!p) return NULL;
value:
  if (p >= end) return fail_value(s, p);
  if (*p == '{' || *p == '[') goto open;
#ifdef EVC_SSE2
  if (*p == '-' || is_digit(*p)) {
    const char *q = quick_number(p, end);
    if (q) {
      p = q;
      goto next;
    }
  }
#endif
  p = scalar(s, p);
  if (!p) return NULL;
next:
  if (p < end && (unsigned char)*p <= ' ') p = ws(p, end);
  if (p < end && *p == ',') {
    p++;
    if (p < end && (unsigned char)*p <= ' ') p = ws(p, end);
    if (closer[d - 1] == '}') goto key;
    goto value;
  }
  if (p < end && *p == closer[d - 1]) {
    d--;
    p++;
    goto closed;
  }
  return evc_scan_fail(s, p, EVC_E_SYNTAX, closer[d - 1] == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
closed:
  if (d == 0) return p;
  goto next;
}

/*
 * Containers go through the block skip (block_skip.c) first; when it is not sure, the scalar loop
 * above reads the value again and has the last word, errors included.
 */
const char *evc_scan_skip(evc_scan_t *s, const char *p) {
  if (s->trusted) return evc_scan_skip_trusted(s, p);
  if (p >= s->end) return fail_value(s, p);
  if (*p != '{' && *p != '[') return scalar(s, p); /* without the container loop's frame */
  const char *q = evc_block_skip(s, p);
  return q ? q : skip_scalar(s, p);
}

static int enter(evc_scan_t *s, const char **pp) {
  if (s->depth >= s->max_depth) {
    fail_depth(s, *pp);
    return -1;
  }
  s->depth++;
  *pp = ws(*pp + 1, s->end);
  return 1;
}

HOT int member(evc_scan_t *s, const char **pp, evc_str_t *key) {
  bool escaped = false;
  const char *start = *pp, *p = short_key(start, s->end);
  if (p) { /* the usual plain key and colon, in one step */
    key->ptr = start + 1;
    key->len = (size_t)(p - start - 3);
    key->escaped = false;
    *pp = p < s->end && (unsigned char)*p <= ' ' ? ws(p, s->end) : p;
    return 1;
  }
  p = string_body(s, start, &escaped);
  if (p) {
    key->ptr = start + 1;
    key->len = (size_t)(p - start - 2);
    key->escaped = escaped;
    p = colon(s, p);
  }
  *pp = p;
  return p ? 1 : -1;
}

int evc_scan_obj_first(evc_scan_t *s, const char **pp, evc_str_t *key) {
  if (enter(s, pp) < 0) return -1;
  const char *p = *pp;
  if (p < s->end && *p == '}') {
    s->depth--;
    *pp = p + 1;
    return 0;
  }
  if (p >= s->end || *p != '"') {
    evc_scan_fail(s, p, EVC_E_SYNTAX, "expected a string key");
    return -1;
  }
  return member(s, pp, key);
}

int evc_scan_obj_next(evc_scan_t *s, const char **pp, evc_str_t *key) {
  const char *p = *pp;
  if (p < s->end && (unsigned char)*p <= ' ') p = ws(p, s->end);
  if (p < s->end && *p == ',') {
    p++;
    if (p < s->end && (unsigned char)*p <= ' ') p = ws(p, s->end);
    if (p >= s->end || *p != '"') {
      evc_scan_fail(s, p, EVC_E_SYNTAX, "expected a string key");
      return -1;
    }
    *pp = p;
    return member(s, pp, key);
  }
  if (p < s->end && *p == '}') {
    s->depth--;
    *pp = p + 1;
    return 0;
  }
  evc_scan_fail(s, p, EVC_E_SYNTAX, "expected ',' or '}'");
  return -1;
}

int evc_scan_arr_first(evc_scan_t *s, const char **pp) {
  if (enter(s, pp) < 0) return -1;
  if (*pp < s->end && **pp == ']') {
    s->depth--;
    (*pp)++;
    return 0;
  }
  return 1;
}

int evc_scan_arr_next(evc_scan_t *s, const char **pp) {
  const char *p = ws(*pp, s->end);
  if (p < s->end && *p == ',') {
    *pp = ws(p + 1, s->end);
    return 1;
  }
  if (p < s->end && *p == ']') {
    s->depth--;
    *pp = p + 1;
    return 0;
  }
  evc_scan_fail(s, p, EVC_E_SYNTAX, "expected ',' or ']'");
  return -1;
}

/* Appends code point `cp` as UTF-8 at dst[n..] within `cap`; returns the new length. */
static size_t put_utf8(char *dst, size_t cap, size_t n, unsigned long cp) {
  unsigned char b[4];
  size_t k;
  if (cp < 0x80) {
    b[0] = (unsigned char)cp;
    k = 1;
  } else if (cp < 0x800) {
    b[0] = (unsigned char)(0xC0 | (cp >> 6));
    b[1] = (unsigned char)(0x80 | (cp & 0x3F));
    k = 2;
  } else if (cp < 0x10000) {
    b[0] = (unsigned char)(0xE0 | (cp >> 12));
    b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[2] = (unsigned char)(0x80 | (cp & 0x3F));
    k = 3;
  } else {
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    k = 4;
  }
  for (size_t i = 0; i < k; i++)
    if (n + i < cap) dst[n + i] = (char)b[i];
  return n + k;
}

static char simple_escape(char c) {
  switch (c) {
  case 'b': return '\b';
  case 'f': return '\f';
  case 'n': return '\n';
  case 'r': return '\r';
  case 't': return '\t';
  default: return c; /* '"', '\\', '/' */
  }
}

size_t evc_str_unescape(const evc_str_t *str, char *dst, size_t cap) {
  const char *p = str->ptr, *end = str->ptr + str->len;
  size_t n = 0;
  while (p < end) {
    const char *bs = str->escaped ? memchr(p, '\\', (size_t)(end - p)) : NULL;
    size_t run = (size_t)((bs ? bs : end) - p);
    if (n < cap) memcpy(dst + n, p, run < cap - n ? run : cap - n);
    n += run;
    p += run;
    if (!bs) break;
    if (p[1] != 'u') {
      if (n < cap) dst[n] = simple_escape(p[1]);
      n++;
      p += 2;
      continue;
    }
    unsigned long cp = (unsigned long)hex4(p + 2);
    p += 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned long)hex4(p + 2) - 0xDC00);
      p += 6;
    }
    n = put_utf8(dst, cap, n, cp);
  }
  return n;
}

/* Decodes the escape at `p` (a backslash) into `out`; returns its length in the source. */
static size_t decode_escape(const char *p, char out[4], size_t *outlen) {
  if (p[1] != 'u') {
    out[0] = simple_escape(p[1]);
    *outlen = 1;
    return 2;
  }
  unsigned long cp = (unsigned long)hex4(p + 2);
  size_t used = 6;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned long)hex4(p + 8) - 0xDC00);
    used = 12;
  }
  *outlen = put_utf8(out, 4, 0, cp);
  return used;
}

bool evc_str_equals(const evc_str_t *str, const char *s, size_t n) {
  if (!str->escaped) return str->len == n && memcmp(str->ptr, s, n) == 0;
  const char *p = str->ptr, *end = str->ptr + str->len;
  size_t i = 0;
  while (p < end) {
    if (*p != '\\') {
      if (i >= n || s[i] != *p) return false;
      i++;
      p++;
      continue;
    }
    char dec[4];
    size_t k;
    p += decode_escape(p, dec, &k);
    if (k > n - i || memcmp(s + i, dec, k) != 0) return false;
    i += k;
  }
  return i == n;
}

/* Up to 19 significant digits and the exponent, then the exact conversions of num.c. */
static bool fast_double(const char *p, const char *end, double *out) {
  bool neg = *p == '-';
  uint64_t mant = 0;
  int ndig = 0, exp10 = 0;
  if (neg) p++;
  for (; p < end && is_digit(*p); p++)
    if (ndig || *p != '0') mant = mant * 10 + (uint64_t)(*p - '0'), ndig++;
  if (p < end && *p == '.')
    for (p++; p < end && is_digit(*p); p++, exp10--)
      if (ndig || *p != '0') mant = mant * 10 + (uint64_t)(*p - '0'), ndig++;
  if (ndig > 19) return false;
  if (p < end) {
    bool eneg = false;
    int e = 0;
    p++;
    if (*p == '+' || *p == '-') eneg = *p++ == '-';
    for (; p < end && is_digit(*p); p++)
      if (e < 10000) e = e * 10 + (*p - '0');
    exp10 += eneg ? -e : e;
  }
  return evc_decimal_to_double(mant, exp10, neg, out);
}

double evc_num_to_double(const evc_num_t *num) {
  double d;
  if (fast_double(num->ptr, num->ptr + num->len, &d)) return d;
  /* strtod needs a NUL-terminated copy in the C locale's format. */
  char buf[1100];
  size_t n = num->len < sizeof buf - 1 ? num->len : sizeof buf - 1;
  memcpy(buf, num->ptr, n);
  buf[n] = '\0';
  const char *dp = localeconv()->decimal_point;
  char *dot = memchr(buf, '.', n);
  if (dot && dp && dp[0] && dp[0] != '.' && !dp[1]) *dot = dp[0];
  return strtod(buf, NULL);
}
