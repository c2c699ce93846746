/*
 * Private to libeventc, included by block.c once per classifier. The validating fast skip: a container checked 64 bytes
 * at a time from the classifier's masks. Strings, controls, escapes and the number grammar are checked in bulk per
 * block; the tokens (structural characters, opening quotes, first bytes of scalars) then go one by one through a
 * table of which token may follow which, with a stack of open containers. UTF-8 is checked sequence by sequence on
 * the non-ASCII bytes inside strings alone (events are mostly ASCII). Anything rare or wrong answers "not sure"
 * (NULL): the scalar skip in scan.c then decides, so errors, offsets and messages are its own.
 */
#ifndef EVENTC_BLOCK_SKIP_H
#define EVENTC_BLOCK_SKIP_H

#include "block_classify.h"
#include "utf8_seq.h"

HOT uint64_t below(unsigned i) {
  return i >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << i) - 1;
}

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

/* What the next token may be; from T_PUSH_OBJ on, what to do with a bracket (or a token that breaks the grammar). */
enum {
  S_OBJ_VALUE,     /* after ':' */
  S_ARR_VALUE,     /* after an array's ',' */
  S_ARR_FIRST,     /* after '[': a value or ']' */
  S_OBJ_FIRST,     /* after '{': a key or '}' */
  S_KEY,           /* after an object's ',' */
  S_COLON,         /* after a key */
  S_OBJ_AFTER,     /* after a value in an object: ',' or '}' */
  S_ARR_AFTER,     /* after a value in an array: ',' or ']' */
  T_PUSH_OBJ = 16, /* '{' opens an object */
  T_PUSH_ARR,      /* '[' opens an array */
  T_POP,           /* '}' or ']' closes the innermost container (the state made sure it is the right one) */
  T_ERR
};

/* The kind of token starting with byte c (outside strings: a quote opens one; other bytes start scalars). */
enum { K_OTHER, K_OBJ_OPEN, K_ARR_OPEN, K_OBJ_CLOSE, K_ARR_CLOSE, K_COLON, K_COMMA, K_STRING, K_SCALAR, K_COUNT };
static const unsigned char kind_of[256] = {
    ['{'] = K_OBJ_OPEN, ['['] = K_ARR_OPEN, ['}'] = K_OBJ_CLOSE, [']'] = K_ARR_CLOSE, [':'] = K_COLON,
    [','] = K_COMMA,    ['"'] = K_STRING,   ['-'] = K_SCALAR,    ['0'] = K_SCALAR,    ['1'] = K_SCALAR,
    ['2'] = K_SCALAR,   ['3'] = K_SCALAR,   ['4'] = K_SCALAR,    ['5'] = K_SCALAR,    ['6'] = K_SCALAR,
    ['7'] = K_SCALAR,   ['8'] = K_SCALAR,   ['9'] = K_SCALAR,    ['t'] = K_SCALAR,    ['f'] = K_SCALAR,
    ['n'] = K_SCALAR,
};

/* The grammar: in an object '{' then a key or '}', key ':' value, ',' then a key; in an array '[' then a value or
 * ']', ',' then a value; after a value ',' or the closer of its container. Every other pair is T_ERR. */
#define VALUE_TO(after) {T_ERR, T_PUSH_OBJ, T_PUSH_ARR, T_ERR, T_ERR, T_ERR, T_ERR, after, after}
static const unsigned char next_state[8][K_COUNT] = {
    [S_OBJ_VALUE] = VALUE_TO(S_OBJ_AFTER),
    [S_ARR_VALUE] = VALUE_TO(S_ARR_AFTER),
    [S_ARR_FIRST] = {T_ERR, T_PUSH_OBJ, T_PUSH_ARR, T_ERR, T_POP, T_ERR, T_ERR, S_ARR_AFTER, S_ARR_AFTER},
    [S_OBJ_FIRST] = {T_ERR, T_ERR, T_ERR, T_POP, T_ERR, T_ERR, T_ERR, S_COLON, T_ERR},
    [S_KEY] = {T_ERR, T_ERR, T_ERR, T_ERR, T_ERR, T_ERR, T_ERR, S_COLON, T_ERR},
    [S_COLON] = {T_ERR, T_ERR, T_ERR, T_ERR, T_ERR, S_OBJ_VALUE, T_ERR, T_ERR, T_ERR},
    [S_OBJ_AFTER] = {T_ERR, T_ERR, T_ERR, T_POP, T_ERR, T_ERR, S_KEY, T_ERR, T_ERR},
    [S_ARR_AFTER] = {T_ERR, T_ERR, T_ERR, T_ERR, T_POP, T_ERR, S_ARR_VALUE, T_ERR, T_ERR},
};
#undef VALUE_TO

/* Every literal among the scalars `starts` (run bits `scalars`) of block b is exactly true, false or null. */
HOT int literals_ok(const char *b, uint64_t starts, uint64_t scalars) {
  while (starts) {
    unsigned i = trailing_zeros64(starts);
    if (!literal_ok(b, i, trailing_zeros64(~(scalars >> i)))) return 0;
    starts &= starts - 1;
  }
  return 1;
}

/* Where a container skip stands between tokens: the grammar state and the open containers (1 for an object). */
typedef struct walk {
  unsigned state, depth, room;
  unsigned char is_object[EVC_SCAN_DEPTH_CAP];
} walk_t;

/* Walks the tokens `tokens` of block b (at p) through the grammar. Returns the container's end when its closer is
 * among them, else p (not ended yet), or NULL when a token breaks the grammar or the depth limit. */
HOT const char *walk_tokens(walk_t *w, const char *p, const char *b, uint64_t tokens) {
  unsigned state = w->state;
  while (tokens) {
    unsigned i = trailing_zeros64(tokens);
    unsigned next = next_state[state][kind_of[(unsigned char)b[i]]];
    tokens &= tokens - 1;
    if (next < T_PUSH_OBJ) {
      state = next;
      continue;
    }
    if (next == T_ERR) return NULL;
    if (next == T_POP) {
      if (--w->depth == 0) return p + i + 1;
      state = w->is_object[w->depth - 1] ? S_OBJ_AFTER : S_ARR_AFTER;
      continue;
    }
    if (w->depth >= w->room) return NULL;
    w->is_object[w->depth++] = next == T_PUSH_OBJ;
    state = next == T_PUSH_OBJ ? S_OBJ_FIRST : S_ARR_FIRST;
  }
  w->state = state;
  return p;
}

/*
 * The skip loop, with the block classifier and the prefix XOR (shifts, or a carry-less multiply) of the CPU. Per
 * block, in bulk: strings, controls, escapes, UTF-8 inside strings, the number grammar; then the tokens (structural
 * characters, opening quotes, first bytes of scalars) one by one through the grammar table.
 */
HOT const char *block_skip(const evc_scan_t *s, const char *p, void (*classify)(const char *, evc_block_masks_t *),
                           uint64_t (*prefix)(uint64_t)) {
  walk_t w;
  w.state = S_ARR_VALUE; /* p is at '{' or '[' */
  w.depth = 0;
  w.room = s->max_depth - s->depth;
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
    uint64_t tokens = ((structural & outside) | (m.quote & inside) | starts) & below(stop);
    const char *ended = walk_tokens(&w, p, b, tokens);
    if (!ended) return NULL;
    uint64_t checked = ended == p ? below(stop) : below((unsigned)(ended - p));
    if (!literals_ok(b, starts & m.lit & checked, scalars)) return NULL;
    if (ended != p) return ended;
    if (bad & below(next)) return NULL;
    in_string = next == 64 ? (uint64_t)0 - (inside >> 63) : 0;
    p += next;
  }
  return NULL;
}

#endif
