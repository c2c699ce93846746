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

/* Where the grammar stands before the next token. */
typedef enum { WANT_VALUE, WANT_VALUE_OR_CLOSE, WANT_KEY, WANT_KEY_OR_CLOSE, WANT_COLON, WANT_COMMA_OR_CLOSE } want_t;

typedef struct skip_state {
  char closer[EVC_SCAN_DEPTH_CAP]; /* the byte each open container expects to end it */
  unsigned depth, room;            /* open containers, and how many the depth limit allows */
  want_t want;
  const char *utf8_done; /* non-ASCII bytes before this were checked with an earlier block */
} skip_state_t;

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
static uint64_t utf8_errors(skip_state_t *st, const char *p, const char *end, uint64_t high) {
  if (st->utf8_done > p) high &= ~below((unsigned)(st->utf8_done - p));
  while (high) {
    unsigned i = trailing_zeros64(high);
    const char *e = utf8_end(p + i, end);
    if (!e) return UINT64_C(1) << i;
    st->utf8_done = e;
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

/* One token at byte i of block b; returns 1 to go on, 0 when not sure, 2 when the skipped value ended. */
HOT int token(skip_state_t *st, const char *b, unsigned i, uint64_t scalars) {
  char c = b[i];
  switch (c) {
  case '{':
  case '[':
    if (st->want > WANT_VALUE_OR_CLOSE || st->depth >= st->room) return 0;
    st->closer[st->depth++] = (char)(c + 2); /* '{' + 2 == '}', '[' + 2 == ']' */
    st->want = c == '{' ? WANT_KEY_OR_CLOSE : WANT_VALUE_OR_CLOSE;
    return 1;
  case '}':
  case ']':
    if (st->want != WANT_COMMA_OR_CLOSE && st->want != WANT_KEY_OR_CLOSE && st->want != WANT_VALUE_OR_CLOSE) return 0;
    if (st->closer[st->depth - 1] != c) return 0;
    st->want = WANT_COMMA_OR_CLOSE;
    return --st->depth ? 1 : 2;
  case ':':
    if (st->want != WANT_COLON) return 0;
    st->want = WANT_VALUE;
    return 1;
  case ',':
    if (st->want != WANT_COMMA_OR_CLOSE) return 0;
    st->want = st->closer[st->depth - 1] == '}' ? WANT_KEY : WANT_VALUE;
    return 1;
  case '"':
    if (st->want == WANT_KEY || st->want == WANT_KEY_OR_CLOSE) st->want = WANT_COLON;
    else if (st->want <= WANT_VALUE_OR_CLOSE) st->want = WANT_COMMA_OR_CLOSE;
    else return 0;
    return 1;
  default: /* a scalar: numbers were checked in bulk, literals are compared here */
    if (st->want > WANT_VALUE_OR_CLOSE) return 0;
    st->want = WANT_COMMA_OR_CLOSE;
    if (c == 't' || c == 'f' || c == 'n') return literal_ok(b, i, trailing_zeros64(~(scalars >> i)));
    return 1;
  }
}

const char *evc_block_skip(const evc_scan_t *s, const char *p, evc_block_classify_fn classify) {
  skip_state_t st;
  const char *end = s->end;
  uint64_t in_string = 0; /* all ones when the block starts inside a string */
  char pad[64];
  st.depth = 0;
  st.room = s->max_depth - s->depth;
  st.want = WANT_VALUE;
  st.utf8_done = p;
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
    if (m.high & inside) bad |= utf8_errors(&st, p, end, m.high & inside);
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
      int r = token(&st, b, i, scalars);
      if (r != 1) return r ? p + i + 1 : NULL;
      tokens &= tokens - 1;
    }
    if (bad & below(next)) return NULL;
    in_string = next == 64 ? (uint64_t)0 - (inside >> 63) : 0;
    p += next;
  }
  return NULL;
}
