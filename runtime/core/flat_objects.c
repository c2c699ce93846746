/* Flat objects skipped with AVX-512: lists of points by the shape of their first, records of strings by masks. */
#include "flat_objects.h"
#include "block_classify.h"
#include "eventc/match.h"

#include <stdlib.h>
#include <string.h>

#ifdef EVC_BLOCK_X86
#define POINT_TARGET __attribute__((target("avx512f,avx512bw,avx512vbmi2,bmi,bmi2,popcnt,pclmul")))

/*
 * The object at bit 0 of the masks ('{') when it is made of one-byte keys and numbers in the forms
 * -?int(.frac)?, with no whitespace, and ends within the 64 bytes: its size; 0 otherwise. Each rule of the
 * grammar is one mask that must be empty: members start after the '{' and each comma, their quotes and colon
 * sit at fixed offsets from there, and each value is a run of digits (after a '-' or not) ended by a comma or
 * the '}', or by a '.' and a second run (the carry of adding a run's first bit to the digits lands just past it).
 */
POINT_TARGET static inline unsigned number_object_size(const evc_block_masks_t *m) {
  uint64_t closer = m->close & m->curly;
  uint64_t last = closer & -closer;    /* its '}': the first one */
  uint64_t within = last ^ (last - 1); /* the object's bytes */
  uint64_t comma = m->comma & within;
  uint64_t start = comma | 1, ends = comma | last; /* the byte before each member, the byte after each value */
  uint64_t key = start << 2, value = start << 5;
  uint64_t minus = m->minus & within, digit = m->digit;
  uint64_t first = (value & ~minus) | minus << 1; /* each value's first digit */
  uint64_t frac = (m->dot & within) << 1;
  uint64_t int_end = (digit + first) & ~digit, frac_end = (digit + frac) & ~digit; /* just past each run */
  uint64_t structural = start | start << 1 | key | start << 3 | start << 4 | last;
  uint64_t bad = (start & ~(within >> 6)) /* a member too close to the '}' for its key, colon and value */
                 | ((m->quote & within) ^ (start << 1 | start << 3)) | ((m->colon & within) ^ start << 4) |
                 (key & (m->backslash | m->ctrl | m->high | m->digit)) /* digit keys: not a shape's skeleton */
                 | (within & ~structural & ~(digit | m->minus | m->dot)) | (first & ~digit) |
                 ((first & m->zero) << 1 & digit) /* a leading zero */
                 | (frac & ~digit) | (int_end & ~(m->dot | ends)) | (frac_end & ~ends);
  return last && !bad ? (unsigned)__builtin_ctzll(last) + 1 : 0;
}

/* What a byte of a shape's skeleton must be followed by. */
enum { DIGIT_NEXT = 1, OTHER_NEXT = 2, VALUE_NEXT = 4 /* a value's first digit: no leading zero */ };

/*
 * The shape of a valid object: its bytes other than digits in order (its skeleton: braces, quotes, keys, colons,
 * commas, minus signs, dots), what may follow each of them, and the mask of the skeleton's bytes. An object is
 * valid when its non-digit bytes are the skeleton's and its digit runs lie where the shape has them, none
 * with a leading zero: the grammar is the same as that of the object learnt from.
 */
typedef struct shape {
  __m512i skeleton, next;
  uint64_t size;
} shape_t;

POINT_TARGET static inline __m512i bytes_where(uint64_t mask, char c) {
  return _mm512_maskz_mov_epi8(mask, _mm512_set1_epi8(c));
}

/* Checks the object at p in full (64 readable bytes) and learns its shape: its size, or 0. */
POINT_TARGET static unsigned learn(const char *p, shape_t *shape) {
  evc_block_masks_t m;
  if (*p != '{') return 0;
  classify_avx512(p, &m);
  unsigned size = number_object_size(&m);
  if (!size) return 0;
  uint64_t within = size == 64 ? ~UINT64_C(0) : (UINT64_C(1) << size) - 1, other = ~m.digit & within;
  uint64_t digit_next = other & (m.digit >> 1), other_next = other & ~(m.digit >> 1) & (within >> 1);
  uint64_t value_next = digit_next & (m.colon | m.minus);
  __m512i next =
      _mm512_or_si512(_mm512_or_si512(bytes_where(digit_next, DIGIT_NEXT), bytes_where(other_next, OTHER_NEXT)),
                      bytes_where(value_next, VALUE_NEXT));
  unsigned n = (unsigned)__builtin_popcountll(other);
  shape->skeleton = _mm512_maskz_compress_epi8(other, _mm512_loadu_si512((const void *)p));
  shape->next = _mm512_maskz_compress_epi8(other, next);
  shape->size = n == 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
  return size;
}

/* The size of the object at p ('{', 64 readable bytes) when it has `shape`, else 0. */
POINT_TARGET static inline unsigned known(const char *p, const shape_t *shape) {
  __m512i v = _mm512_loadu_si512((const void *)p);
  uint64_t other = _mm512_cmpgt_epu8_mask(_mm512_sub_epi8(v, _mm512_set1_epi8('0')), _mm512_set1_epi8(9));
  if (_mm512_mask_cmpneq_epi8_mask(shape->size, _mm512_maskz_compress_epi8(other, v), shape->skeleton)) return 0;
  __m512i next = _mm512_maskz_expand_epi8(other, shape->next); /* each skeleton byte's rule, at its place here */
  uint64_t digit_next = _mm512_test_epi8_mask(next, _mm512_set1_epi8(DIGIT_NEXT));
  uint64_t other_next = _mm512_test_epi8_mask(next, _mm512_set1_epi8(OTHER_NEXT));
  uint64_t value_next = _mm512_test_epi8_mask(next, _mm512_set1_epi8(VALUE_NEXT));
  uint64_t zero = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('0'));
  uint64_t closer = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('}')), digit = ~other;
  uint64_t bad = (digit_next << 1 & other) | (other_next << 1 & digit) | ((value_next << 1 & zero) << 1 & digit);
  return bad ? 0 : (unsigned)__builtin_ctzll(closer) + 1;
}

/* Bit i set when p[i] (64 readable bytes) is '}'. */
POINT_TARGET static inline uint64_t closers(const char *p) {
  return _mm512_cmpeq_epi8_mask(_mm512_loadu_si512((const void *)p), _mm512_set1_epi8('}'));
}

/* Whether the object ended by `q` is followed by another with room to read it. */
static inline int another(const char *q, const char *end) {
  return q[0] == ',' && q[1] == '{' && end - (q + 1) >= POINT_LIST_ROOM;
}

/*
 * Two objects a step: both ends are found first from the '}' of 128 bytes, and the checks confirm them, so
 * the next step's loads wait for one bit scan instead of for the checks.
 */
POINT_TARGET const char *evc_point_list_skip(const char *p, const char *end) {
  shape_t shape;
  const char *last = NULL;
  unsigned size;
  if (end - p < POINT_LIST_ROOM || !(size = learn(p, &shape))) return NULL;
  for (last = p + size; another(last, end);) {
    p = last + 1;
    uint64_t c0 = closers(p), c0_rest = c0 & (c0 - 1);
    const char *q1 = p + 1 + __builtin_ctzll(c0 | UINT64_C(1) << 63);
    const char *q2 =
        p + 1 + (c0_rest ? __builtin_ctzll(c0_rest) : 64 + __builtin_ctzll(closers(p + 64) | UINT64_C(1) << 63));
    __asm__("" : "+r"(q1), "+r"(q2)); /* the ends from the '}' alone, not from the checks */
    if (p + known(p, &shape) != q1) { /* another shape, or not a list of points from here */
      if (!(size = learn(p, &shape))) return last;
      last = p + size;
      continue;
    }
    last = q1;
    if (!another(q1, end)) break;
    if (q1 + 1 + known(q1 + 1, &shape) == q2) last = q2;
  }
  return last;
}

/* What a block of a string object hands the next: the bits of its last byte that the next block's checks need. */
typedef struct carry {
  uint64_t in_string, odd_strings; /* all ones when the block ended inside a string / after an odd number of them */
  uint64_t quote, closing;         /* its last byte: a quote, a closing quote */
} carry_t;

/*
 * One 64-byte block of a string object (see evc_string_object_skip), `first` the '{' in the first block: the
 * offset just past the object's '}' in this block, 0 when the object goes on, -1 when it is not one.
 */
POINT_TARGET static inline int string_object_block(const char *b, uint64_t first, carry_t *c, uint64_t *quotes) {
  __m512i v = _mm512_loadu_si512((const void *)b);
  uint64_t quote = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
  uint64_t odd = _mm512_cmplt_epi8_mask(v, _mm512_set1_epi8(0x20)) /* controls and non-ASCII bytes */
                 | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\'));
  uint64_t in_string = prefix_xor64_clmul(quote) ^ c->in_string; /* opening quotes and contents */
  uint64_t opening = quote & in_string, closing = quote & ~in_string, outside = ~in_string & ~quote;
  uint64_t closer = outside & _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('}'));
  uint64_t last = closer & -closer, span = closer ? last ^ (last - 1) : ~UINT64_C(0);
  uint64_t odd_strings = prefix_xor64_clmul(opening) ^ c->odd_strings;
  uint64_t colon = outside & _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(':'));
  uint64_t comma = outside & _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(','));
  uint64_t structural = outside & span;
  uint64_t bad = (odd & span) | (structural & ~(colon | comma | last | first)) |
                 (structural & ~first & ~(quote << 1 | c->quote)) /* a string before each (and so after each) */
                 | ((closing << 1 | c->closing) & opening & span) /* but never two strings */
                 | (colon & span & ~odd_strings)                  /* a key before each ':' */
                 | ((comma | last) & span & odd_strings);         /* a value before each ',' and the '}' */
  if (bad) return -1;
  *quotes = quote & span;
  if (closer) return (int)__builtin_ctzll(last) + 1;
  c->in_string = (uint64_t)((int64_t)in_string >> 63), c->odd_strings = (uint64_t)((int64_t)odd_strings >> 63);
  c->quote = quote >> 63, c->closing = closing >> 63;
  return 0;
}

/*
 * The string object at p as evc_string_object_skip takes it: its end, or NULL. With `at`, the offsets of its
 * quotes from p go there (each block's, by compressing the offsets of its bytes) and their count to *n. Inlined
 * in both callers, so that the skip keeps no trace of the offsets.
 */
POINT_TARGET static inline __attribute__((always_inline)) const char *string_object_take(const char *p, const char *end,
                                                                                       unsigned char *at, unsigned *n) {
  carry_t c = {0, 0, 0, 0};
  unsigned count = 0;
  for (const char *b = p; b < p + STRING_OBJECT_MAX && end - b >= 64; b += 64) {
    uint64_t quotes;
    int past = string_object_block(b, b == p, &c, &quotes);
    if (past < 0) return NULL;
    if (at) {
      const __m512i offsets = _mm512_set_epi8(63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46,
                                              45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28,
                                              27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9,
                                              8, 7, 6, 5, 4, 3, 2, 1, 0);
      __m512i here = _mm512_add_epi8(offsets, _mm512_set1_epi8((char)(b - p)));
      _mm512_storeu_si512((void *)(at + count), _mm512_maskz_compress_epi8(quotes, here));
      count += (unsigned)__builtin_popcountll(quotes);
    }
    if (past > 0) {
      if (n) *n = count;
      return b + past;
    }
  }
  return NULL;
}

POINT_TARGET const char *evc_string_object_skip(const char *p, const char *end) {
  return string_object_take(p, end, NULL, NULL);
}

/*
 * The string object at p, its quotes' offsets in r->at: its end, or NULL. The full check runs only when the first
 * member's value is a string too and no '{' or '[' comes before the first '}': other objects cost a few compares.
 */
POINT_TARGET static const char *record_take(const char *p, const char *end, evc_record_t *r) {
  if (end - p < 64) return NULL;
  __m512i v = _mm512_loadu_si512((const void *)p);
  uint64_t quote = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('"'));
  uint64_t closer = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('}'));
  uint64_t opener = _mm512_cmpeq_epi8_mask(_mm512_or_si512(v, _mm512_set1_epi8(0x20)), _mm512_set1_epi8('{'));
  unsigned key_end = (unsigned)_tzcnt_u64(quote & (quote - 1));
  if (key_end > 61 || p[key_end + 1] != ':' || p[key_end + 2] != '"') return NULL;
  if ((opener & ~UINT64_C(1)) & ((closer & -closer) - 1)) return NULL; /* '{' or '[' before the first '}': nested */
  return string_object_take(p, end, r->at, &r->n);
}

/* libgcc's CPU model also checks that the OS saves the 512-bit registers (XGETBV). */
static int cpu_has_flat_objects(void) {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vbmi2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
         __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("pclmul");
}
#else
static int cpu_has_flat_objects(void) {
  return 0;
}
const char *evc_point_list_skip(const char *p, const char *end) {
  (void)p, (void)end;
  return NULL;
}
const char *evc_string_object_skip(const char *p, const char *end) {
  (void)p, (void)end;
  return NULL;
}
static const char *record_take(const char *p, const char *end, evc_record_t *r) {
  (void)p, (void)end, (void)r;
  return NULL;
}
#endif

static int narrowed_by_env(void) {
  static const char *const narrower[] = {"off", "none", "portable", "sse2", "avx2"};
  const char *want = getenv("EVENTC_SIMD");
  for (size_t i = 0; want && i < sizeof narrower / sizeof *narrower; i++)
    if (strcmp(want, narrower[i]) == 0) return 1;
  return 0;
}

/* 0 until resolved, else 1 + whether the lists are on (plain C99: see `chosen` in block.c). */
static int chosen;

int evc_flat_objects(void) {
  if (!chosen) chosen = 1 + (cpu_has_flat_objects() && !narrowed_by_env());
  return chosen - 1;
}

int evc_record_open_at(evc_scan_t *s, const char *p, evc_record_t *r) {
  const char *end = s->depth < s->max_depth && evc_flat_objects() ? record_take(p, s->end, r) : NULL;
  if (!end) return 0;
  r->base = p;
  r->end = end;
  r->i = 0;
  return 1;
}

int evc_flat_objects_use(int on) {
  if (on && !cpu_has_flat_objects()) return 0;
  chosen = 1 + !!on;
  return 1;
}
