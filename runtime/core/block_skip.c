/*
 * The validating fast skip: a container checked 64 bytes at a time from the classifier's masks.
 * Strings, whitespace, the number grammar and UTF-8 are checked in bulk per block; only token starts
 * (structural bytes, opening quotes, scalar starts) go through the grammar's state machine. UTF-8 is
 * checked sequence by sequence on the non-ASCII bytes inside strings alone (SSE2 has no byte shuffle
 * for the table method, and events are mostly ASCII). Anything rare or wrong answers "not sure" (NULL):
 * the scalar skip in scan.c then decides, so errors, offsets and messages are its own.
 */
#include "block.h"
#include "swar.h"

#include <string.h>

/*
 * The grammar's states before the next token; 0 in the transition table means "not valid here". Each open
 * container pushes the state its parent resumes in once it closes (DONE: the skipped value ended).
 */
enum { TOP = 1, OBJ_START, OBJ_KEY, OBJ_COLON, OBJ_VALUE, OBJ_AFTER, ARR_START, ARR_VALUE, ARR_AFTER, DONE, NSTATE };
enum { K_OTHER, K_OPEN_OBJ, K_OPEN_ARR, K_CLOSE_OBJ, K_CLOSE_ARR, K_COLON, K_COMMA, K_QUOTE, K_NUMBER, K_LITERAL, NCLASS };
enum { T_STATE = 15, T_PUSH = 16, T_POP = 32, T_LITERAL = 64 };

static const unsigned char token_class[256] = {
    ['{'] = K_OPEN_OBJ, ['['] = K_OPEN_ARR, ['}'] = K_CLOSE_OBJ, [']'] = K_CLOSE_ARR,
    [':'] = K_COLON, [','] = K_COMMA, ['"'] = K_QUOTE, ['-'] = K_NUMBER, ['0'] = K_NUMBER,
    ['1'] = K_NUMBER, ['2'] = K_NUMBER, ['3'] = K_NUMBER, ['4'] = K_NUMBER, ['5'] = K_NUMBER, ['6'] = K_NUMBER,
    ['7'] = K_NUMBER, ['8'] = K_NUMBER, ['9'] = K_NUMBER,
    ['t'] = K_LITERAL, ['f'] = K_LITERAL, ['n'] = K_LITERAL,
};

/* A value may start in these states; a scalar or string there leads to the state after it. */
#define VALUE_START(after)                                                                                 \
  [K_OPEN_OBJ] = OBJ_START | T_PUSH, [K_OPEN_ARR] = ARR_START | T_PUSH, [K_QUOTE] = (after),                \
  [K_NUMBER] = (after), [K_LITERAL] = (after) | T_LITERAL

static const unsigned char transition[NSTATE][NCLASS] = {
    [TOP] = {[K_OPEN_OBJ] = OBJ_START | T_PUSH, [K_OPEN_ARR] = ARR_START | T_PUSH},
    [OBJ_START] = {[K_QUOTE] = OBJ_COLON, [K_CLOSE_OBJ] = T_POP},
    [OBJ_KEY] = {[K_QUOTE] = OBJ_COLON},
    [OBJ_COLON] = {[K_COLON] = OBJ_VALUE},
    [OBJ_VALUE] = {VALUE_START(OBJ_AFTER)},
    [OBJ_AFTER] = {[K_COMMA] = OBJ_KEY, [K_CLOSE_OBJ] = T_POP},
    [ARR_START] = {VALUE_START(ARR_AFTER), [K_CLOSE_ARR] = T_POP},
    [ARR_VALUE] = {VALUE_START(ARR_AFTER)},
    [ARR_AFTER] = {[K_COMMA] = ARR_VALUE, [K_CLOSE_ARR] = T_POP},
};

/* The state a container's parent resumes in after it, by the state the container opened in. */
static const unsigned char resume_after[NSTATE] = {
    [TOP] = DONE, [OBJ_VALUE] = OBJ_AFTER, [ARR_START] = ARR_AFTER, [ARR_VALUE] = ARR_AFTER,
};

HOT uint64_t below(unsigned i) { return i >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << i) - 1; }

/* Bit i set when an odd number of quotes are at or before i: opening quotes and string contents. */
HOT uint64_t prefix_xor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

/* The end of the UTF-8 sequence at `p` (a byte >= 0x80), or NULL: no overlongs, surrogates or truncation. */
static const char *utf8_end(const char *p, const char *end) {
  const unsigned char *u = (const unsigned char *)p;
  unsigned c = u[0], lo = 0x80, hi = 0xBF;
  size_t n;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    lo = c == 0xE0 ? 0xA0 : lo;
    hi = c == 0xED ? 0x9F : hi;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    lo = c == 0xF0 ? 0x90 : lo;
    hi = c == 0xF4 ? 0x8F : hi;
  } else
    return NULL;
  if ((size_t)(end - p) < n || u[1] < lo || u[1] > hi) return NULL;
  for (size_t i = 2; i < n; i++)
    if ((u[i] & 0xC0) != 0x80) return NULL;
  return p + n;
}

/* Checks the non-ASCII bytes `high` of the block at `p` (read in place, up to `end`); the first bad one's bit. */
static uint64_t utf8_errors(const char **utf8_done, const char *p, const char *end, uint64_t high) {
  if (*utf8_done > p) high &= ~below((unsigned)(*utf8_done - p));
  while (high) {
    unsigned i = trailing_zeros64(high);
    const char *e = utf8_end(p + i, end);
    if (!e) return UINT64_C(1) << i;
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

const char *evc_block_skip(const evc_scan_t *s, const char *p, evc_block_classify_fn classify) {
  unsigned char resume[EVC_SCAN_DEPTH_CAP]; /* per open container, the state after it */
  unsigned depth = 0, room = s->max_depth - s->depth, state = TOP;
  const char *end = s->end, *utf8_done = p; /* non-ASCII bytes before utf8_done were checked already */
  uint64_t in_string = 0;                   /* all ones when the block starts inside a string */
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
    uint64_t inside = prefix_xor(m.quote) ^ in_string;
    uint64_t outside = ~inside & ~m.quote;
    uint64_t scalars = outside & ~(m.ws | m.structural | m.ctrl);
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
    unsigned limit = bad ? trailing_zeros64(bad) : 64;
    uint64_t tokens = ((m.structural & outside) | (m.quote & inside) | starts) & below(limit < next ? limit : next);
    while (tokens) {
      unsigned i = trailing_zeros64(tokens);
      unsigned t = transition[state][token_class[(unsigned char)b[i]]];
      if (!t) return NULL;
      if (t & T_PUSH) {
        if (depth >= room) return NULL;
        resume[depth++] = resume_after[state];
      } else if (t & T_POP) {
        t = resume[--depth];
        if (t == DONE) return p + i + 1;
      } else if ((t & T_LITERAL) && !literal_ok(b, i, trailing_zeros64(~(scalars >> i))))
        return NULL;
      state = t & T_STATE;
      tokens &= tokens - 1;
    }
    if (bad & below(next)) return NULL;
    in_string = next == 64 ? (uint64_t)0 - (inside >> 63) : 0;
    p += next;
  }
  return NULL;
}
