/*
 * Private to libeventc, included by block.c once per classifier. The validating fast skip: a container checked 64 bytes
 * at a time from the classifier's masks. Strings, whitespace, the number grammar, and which token may follow which, are
 * checked in bulk per block; only brackets are visited one by one (matching, depth, object or array). UTF-8 is checked
 * sequence by sequence on the non-ASCII bytes inside strings alone (SSE2 has no byte shuffle for the table method, and
 * events are mostly ASCII). Anything rare or wrong answers "not sure" (NULL): the scalar skip in scan.c then decides,
 * so errors, offsets and messages are its own.
 */
#ifndef EVENTC_BLOCK_SKIP_H
#define EVENTC_BLOCK_SKIP_H

#include "block_classify.h"
#include "utf8_seq.h"

/* Kinds of token; a set of them says what the next token may be when it lies in a later block. */
enum {
  K_OBJ_OPEN = 1,
  K_ARR_OPEN = 2,
  K_OBJ_CLOSE = 4,
  K_ARR_CLOSE = 8,
  K_COLON = 16,
  K_COMMA = 32,
  K_STRING = 64,
  K_SCALAR = 128
};
#define K_VALUE (K_OBJ_OPEN | K_ARR_OPEN | K_STRING | K_SCALAR)
#define K_AFTER_VALUE (K_COMMA | K_OBJ_CLOSE | K_ARR_CLOSE)

/* The tokens of one block by kind (string: opening quotes; scalar: first bytes), and which strings are keys. */
typedef struct tokens {
  uint64_t all, obj_open, arr_open, obj_close, arr_close, colon, comma, string, scalar;
  uint64_t in_object; /* positions whose innermost container is an object (a closer: the one it closes) */
} tokens_t;

/* What the grammar carries from a block to the next. */
typedef struct carry {
  unsigned next_kinds; /* what the block's first token may be */
  int next_is_key;     /* a string there is a key (the token before was '{' or an object's ',') */
} carry_t;

HOT uint64_t below(unsigned i) {
  return i >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << i) - 1;
}

/* Bit i set when an odd number of bits of x are at or before i (of quotes: opening quotes and string contents). */
HOT uint64_t prefix_xor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

#ifdef EVC_BLOCK_X86
/* The same by one carry-less multiply by all ones (PCLMULQDQ). */
__attribute__((target("pclmul"))) HOT uint64_t prefix_xor_clmul(uint64_t x) {
  __m128i product = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)x), _mm_set1_epi8(-1), 0);
  return (uint64_t)_mm_cvtsi128_si64(product);
}
#endif

/* Checks the non-ASCII bytes `high` of the block at `p` (read in place, up to `end`); the first bad one's bit. */
COLD uint64_t utf8_errors(const char **utf8_done, const char *p, const char *end, uint64_t high) {
  if (*utf8_done > p) high &= ~below((unsigned)(*utf8_done - p));
  while (high) {
    unsigned i = trailing_zeros64(high);
    int n = utf8_seq_len((const unsigned char *)p + i, (size_t)(end - p) - i);
    if (n < 0) return UINT64_C(1) << i;
    const char *e = p + i + n;
    *utf8_done = e;
    high &= ~below((unsigned)(e - p));
  }
  return 0;
}

/*
 * Bytes that break the number grammar, for number runs `num` (scalar runs not starting with a literal's
 * letter): '-' only first and before a digit, '.' between digits and once, no leading zero, no other byte
 * (exponents included: the scalar path takes them). Each bit lies inside or just after its run.
 */
HOT uint64_t number_errors(const evc_block_masks_t *m, uint64_t num, uint64_t starts) {
  uint64_t digit = m->digit & num, minus = m->minus & num, dot = m->dot & num;
  uint64_t bad = num & ~(digit | minus | dot);
  bad |= minus & ~starts;
  bad |= (minus << 1) & ~digit;
  bad |= dot & ~(digit << 1);
  bad |= (dot << 1) & ~digit;
  bad |= ((digit + (dot << 1)) & ~digit) & num; /* what follows a fraction's digits must end the run */
  uint64_t int_start = (starts & digit) | ((minus & starts) << 1);
  bad |= ((int_start & m->zero) << 1) & digit;
  return bad;
}

/* A literal's run [i, i + len) of the block: exactly true, false or null. */
HOT int literal_ok(const char *b, unsigned i, unsigned len) {
  return (len == 4 && (memcmp(b + i, "true", 4) == 0 || memcmp(b + i, "null", 4) == 0)) ||
         (len == 5 && memcmp(b + i, "false", 5) == 0);
}

/* For each token of x, the token after it in the block (none for the last: it is in a later block). */
HOT uint64_t following(const tokens_t *t, uint64_t x) {
  return (~t->all + (x << 1)) & t->all;
}

/* The kind of the token starting with byte c (outside strings: a quote opens one). */
static const unsigned char kind_of[256] = {
    ['{'] = K_OBJ_OPEN, ['['] = K_ARR_OPEN, ['}'] = K_OBJ_CLOSE, [']'] = K_ARR_CLOSE, [':'] = K_COLON,
    [','] = K_COMMA,    ['"'] = K_STRING,   ['-'] = K_SCALAR,    ['0'] = K_SCALAR,    ['1'] = K_SCALAR,
    ['2'] = K_SCALAR,   ['3'] = K_SCALAR,   ['4'] = K_SCALAR,    ['5'] = K_SCALAR,    ['6'] = K_SCALAR,
    ['7'] = K_SCALAR,   ['8'] = K_SCALAR,   ['9'] = K_SCALAR,    ['t'] = K_SCALAR,    ['f'] = K_SCALAR,
    ['n'] = K_SCALAR,
};

/*
 * The grammar on a block's tokens, all at once: which kind may follow which (in an object: '{' then a key or
 * '}', key ':' value, ',' then a key; in an array: '[' then a value or ']', ',' then a value; after a value
 * ',' or a closer). Closers were matched to their openers before; b is the block. Returns 0 when a token breaks a rule,
 * else 1 with *c updated for the next block.
 */
HOT int grammar_ok(const tokens_t *t, const char *b, carry_t *c) {
  uint64_t value = t->obj_open | t->arr_open | t->string | t->scalar;
  uint64_t closer = t->obj_close | t->arr_close;
  uint64_t obj_comma = t->comma & t->in_object, arr_comma = t->comma & ~t->in_object;
  uint64_t first = t->all & (0 - t->all);
  uint64_t key = t->string & (following(t, t->obj_open | obj_comma) | (c->next_is_key ? first : 0));
  uint64_t value_end = t->scalar | (t->string & ~key) | closer;
  if (first && !(kind_of[(unsigned char)b[trailing_zeros64(first)]] & c->next_kinds)) return 0;
  uint64_t bad = (following(t, t->colon) & ~value) | (following(t, obj_comma) & ~t->string) |
                 (following(t, arr_comma) & ~value) | (following(t, t->obj_open) & ~(t->string | t->obj_close)) |
                 (following(t, t->arr_open) & ~(value | t->arr_close)) | (following(t, key) & ~t->colon) |
                 (following(t, value_end) & ~(t->comma | closer));
  if (bad) return 0;
  if (!t->all) return 1;
  uint64_t last = UINT64_C(1) << (63 - leading_zeros64(t->all));
  c->next_is_key = (last & (t->obj_open | obj_comma)) != 0;
  if (last & t->obj_open)
    c->next_kinds = K_STRING | K_OBJ_CLOSE;
  else if (last & t->arr_open)
    c->next_kinds = K_VALUE | K_ARR_CLOSE;
  else if (last & key)
    c->next_kinds = K_COLON;
  else if (last & value_end)
    c->next_kinds = K_AFTER_VALUE;
  else if (last & obj_comma)
    c->next_kinds = K_STRING;
  else
    c->next_kinds = K_VALUE; /* after ':' or an array's ',' */
  return 1;
}

/* Every literal among the scalars `starts` (run bits `scalars`) of block b is exactly true, false or null. */
HOT int literals_ok(const char *b, uint64_t starts, uint64_t scalars) {
  while (starts) {
    unsigned i = trailing_zeros64(starts);
    if (!literal_ok(b, i, trailing_zeros64(~(scalars >> i)))) return 0;
    starts &= starts - 1;
  }
  return 1;
}

/* The skip loop, with the block classifier and the prefix XOR (shifts, or a carry-less multiply) of the CPU. */
HOT const char *block_skip(const evc_scan_t *s, const char *p, void (*classify)(const char *, evc_block_masks_t *),
                           uint64_t (*prefix)(uint64_t)) {
  unsigned char is_object[EVC_SCAN_DEPTH_CAP]; /* per open container */
  unsigned depth = 0, room = s->max_depth - s->depth;
  const char *end = s->end, *utf8_done = p; /* non-ASCII bytes before utf8_done were checked already */
  uint64_t in_string = 0;                   /* all ones when the block starts inside a string */
  carry_t carry = {K_OBJ_OPEN | K_ARR_OPEN, 0};
  char pad[64];
  while (p < end) {
    const char *b = p;
    if (end - p < 64) { /* the last bytes, padded with controls, which no value may contain */
      memset(pad, 0, sizeof pad);
      memcpy(pad, p, (size_t)(end - p));
      b = pad;
    }
    evc_block_masks_t m;
    classify(b, &m);
    uint64_t inside = prefix(m.quote) ^ in_string;
    uint64_t outside = ~inside & ~m.quote;
    uint64_t structural = m.open | m.close | m.colon | m.comma;
    uint64_t scalars = outside & ~(m.ws | structural | m.ctrl);
    uint64_t starts = scalars & ~(scalars << 1);
    uint64_t lit_runs = scalars & ~(scalars + (starts & m.lit));
    uint64_t bad = m.backslash | (m.ctrl & ~(m.ws & outside)) | number_errors(&m, scalars & ~lit_runs, starts);
    if (m.high & inside) bad |= utf8_errors(&utf8_done, p, end, m.high & inside);
    /* a scalar run reaching the block's end is read again whole from the next block */
    unsigned next = 64;
    if (scalars >> 63) {
      if (!~scalars) return NULL; /* a scalar of 64 bytes or more */
      next = 64 - leading_zeros64(~scalars);
    }
    unsigned limit = bad ? trailing_zeros64(bad) : 64, stop = limit < next ? limit : next;
    /* brackets one by one: matching, the depth limit, and where the innermost container turns object or array */
    uint64_t brackets = (m.open | m.close) & outside & below(stop), flips = 0;
    unsigned top = depth ? is_object[depth - 1] : 0, top_before = top;
    int ended = 0;
    while (brackets) {
      unsigned i = trailing_zeros64(brackets), now;
      unsigned curly = (unsigned)(m.curly >> i) & 1;
      if ((m.open >> i) & 1) {
        if (depth >= room) return NULL;
        is_object[depth++] = (unsigned char)curly;
        now = curly;
      } else {
        if (is_object[depth - 1] != curly) return NULL;
        if (--depth == 0) {
          ended = 1;
          stop = i + 1;
          break;
        }
        now = is_object[depth - 1];
      }
      flips |= (uint64_t)(now ^ top) << i; /* a bracket itself belongs to the outer container (a closer: its own) */
      top = now;
      brackets &= brackets - 1;
    }
    uint64_t in_object = prefix(flips << 1) ^ ((uint64_t)0 - top_before);
    uint64_t region = below(stop), live = outside & region;
    uint64_t opens = m.open & live, closes = m.close & live;
    tokens_t t = {.all = (structural & live) | (((m.quote & inside) | starts) & region),
                  .obj_open = opens & m.curly,
                  .arr_open = opens & ~m.curly,
                  .obj_close = closes & m.curly,
                  .arr_close = closes & ~m.curly,
                  .colon = m.colon & live,
                  .comma = m.comma & live,
                  .string = m.quote & inside & region,
                  .scalar = starts & region,
                  .in_object = in_object};
    if (!grammar_ok(&t, b, &carry) || !literals_ok(b, starts & m.lit & region, scalars)) return NULL;
    if (ended) return p + stop;
    if (bad & below(next)) return NULL;
    in_string = next == 64 ? (uint64_t)0 - (inside >> 63) : 0;
    p += next;
  }
  return NULL;
}

#endif
