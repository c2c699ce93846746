/* Differential test of `pattern` matchers: emitted C (regex_matchers.c) against the interpreter on random strings. */
#include "diag.h"
#include "regex_cases.h"
#include "schema_regex.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int (*const regex_matchers[])(const char *, size_t);

#define MAXLEN 512
#define STRINGS_PER_PATTERN 20000

/* Pieces every pattern's strings are built from, besides the pattern's own characters and NUL. */
static const char *const extras[] = {
    "a", "z", "0", "_", " ", "\n", "\r", "\t", "\x7f",
    "é", "ß", "\xc2\x80", "\xdf\xbf", "\xc2\xa0",                   /* U+0080 U+07FF NBSP */
    "\xe0\xa0\x80", "\xe2\x80\xa8", "\xef\xbb\xbf", "\xef\xbf\xbf", /* U+0800 U+2028 U+FEFF U+FFFF */
    "\xf0\x90\x80\x80", "😀", "\xf4\x8f\xbf\xbf",                    /* U+10000 U+1F600 U+10FFFF */
    "\xed\xa0\x80",                                                 /* a surrogate, encoded */
    "\x80", "\xbf", "\xc3", "\xe2\x82", "\xf0\x9f\x98",             /* stray or cut short */
    "\xc1\x81", "\xc0\x80", "\xe0\x80\xb4",                         /* overlong 'A', NUL, '4' */
    "\xf4\x90\x80\x80", "\xf7\xbf\xbf\xbf", "\xf8\x88", "\xff",     /* past U+10FFFF, bad lead bytes */
};

typedef struct piece {
  const char *s;
  size_t n;
} piece_t;

static unsigned long long rng = 0x2545F4914F6CDD1DULL;

static unsigned rnd(unsigned n) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (unsigned)(rng % n);
}

static size_t utf8_len(unsigned char c) {
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* The pattern's own characters (whole UTF-8 sequences) plus the extras. */
static size_t pieces_of(const char *pattern, piece_t *out, size_t cap) {
  size_t n = 0;
  out[n++] = (piece_t){"", 1}; /* the NUL byte */
  for (size_t i = 0; i < sizeof extras / sizeof *extras && n < cap; i++)
    out[n++] = (piece_t){extras[i], strlen(extras[i])};
  for (const char *p = pattern; *p && n < cap;) {
    size_t k = utf8_len((unsigned char)*p);
    for (size_t j = 1; j < k; j++)
      if (!p[j]) k = j;
    out[n++] = (piece_t){p, k};
    p += k;
  }
  return n;
}

static void put(char *buf, size_t *len, const char *s, size_t n) {
  if (*len + n > MAXLEN) return;
  memcpy(buf + *len, s, n);
  *len += n;
}

/* One random string: pieces strung together, or a seed with a few random edits. */
static size_t random_string(const regex_case_t *c, const piece_t *pc, size_t npc, char *buf) {
  size_t nseed = 0, len = 0;
  while (nseed < 3 && c->seeds[nseed].s) nseed++;
  if (!nseed || rnd(4) == 0) {
    for (unsigned k = rnd(17); k; k--) {
      const piece_t *x = &pc[rnd((unsigned)npc)];
      put(buf, &len, x->s, x->n);
    }
    return len;
  }
  const regex_seed_t *sd = &c->seeds[rnd((unsigned)nseed)];
  put(buf, &len, sd->s, sd->n);
  for (unsigned edits = rnd(4); edits; edits--) {
    const piece_t *x = &pc[rnd((unsigned)npc)];
    size_t at = rnd((unsigned)len + 1);
    switch (rnd(5)) {
    case 0: /* insert a piece, maybe inside a multi-byte character */
      if (len + x->n <= MAXLEN) {
        memmove(buf + at + x->n, buf + at, len - at);
        memcpy(buf + at, x->s, x->n);
        len += x->n;
      }
      break;
    case 1: /* delete a byte */
      if (at < len) memmove(buf + at, buf + at + 1, len - at - 1), len--;
      break;
    case 2: /* overwrite a byte with the first byte of a piece */
      if (at < len) buf[at] = x->s[0];
      break;
    case 3: /* cut */ len = at; break;
    default: /* append a piece */ put(buf, &len, x->s, x->n); break;
    }
  }
  return len;
}

static void hex(const char *s, size_t n, char *out, size_t cap) {
  size_t k = 0;
  for (size_t i = 0; i < n && k + 4 < cap; i++) k += (size_t)snprintf(out + k, cap - k, "%02x ", (unsigned char)s[i]);
  out[k] = 0;
}

/* Seeds are matches by the interpreter, so that the random strings start next to real matches. */
static void seeds_match(void **state) {
  (void)state;
  for (size_t i = 0; i < REGEX_NCASES; i++) {
    evcc_diag_t d;
    evcc_diag_init(&d);
    evcc_redfa_t *dfa = evcc_regex_compile(regex_cases[i].pattern, (evcc_loc_t){"regex_cases.h", 0, 0}, &d);
    assert_non_null(dfa);
    for (size_t k = 0; k < 3 && regex_cases[i].seeds[k].s; k++) {
      const regex_seed_t *sd = &regex_cases[i].seeds[k];
      if (!evcc_redfa_match(dfa, sd->s, sd->n))
        fail_msg("pattern /%s/: seed %lu does not match", regex_cases[i].pattern, (unsigned long)k);
      assert_int_equal(regex_matchers[i](sd->s, sd->n), 1);
    }
    evcc_redfa_free(dfa);
    evcc_diag_free(&d);
  }
}

/* Emitted == interpreter on every string (ASCII, multi-byte, malformed UTF-8); both answers turn up per pattern. */
static void emitted_vs_interpreter(void **state) {
  (void)state;
  static char buf[MAXLEN];
  for (size_t i = 0; i < REGEX_NCASES; i++) {
    const regex_case_t *c = &regex_cases[i];
    piece_t pc[256];
    size_t npc = pieces_of(c->pattern, pc, sizeof pc / sizeof *pc), yes = 0, no = 0;
    evcc_diag_t d;
    evcc_diag_init(&d);
    evcc_redfa_t *dfa = evcc_regex_compile(c->pattern, (evcc_loc_t){"regex_cases.h", 0, 0}, &d);
    assert_non_null(dfa);
    for (int k = 0; k < STRINGS_PER_PATTERN; k++) {
      size_t len = random_string(c, pc, npc, buf);
      /* a copy of exactly len bytes: the sanitizers see any read past the end */
      char *s = malloc(len ? len : 1);
      memcpy(s, buf, len);
      int want = evcc_redfa_match(dfa, s, len), got = regex_matchers[i](s, len);
      if (want != got) {
        char h[3 * MAXLEN + 1];
        hex(s, len, h, sizeof h);
        fail_msg("pattern /%s/ on %lu bytes [%s]: emitted %d, interpreter %d", c->pattern, (unsigned long)len, h, got,
                 want);
      }
      if (want)
        yes++;
      else
        no++;
      free(s);
    }
    if (c->seeds[0].s && c->pattern[0] && (!yes || !no))
      fail_msg("pattern /%s/: %lu matches, %lu non-matches: the strings miss one side", c->pattern, (unsigned long)yes,
               (unsigned long)no);
    evcc_redfa_free(dfa);
    evcc_diag_free(&d);
  }
}

/*
 * Regression: a 4-byte lead byte cut short by the end of the string ("000" F0 "9") was '9' to the generated code
 * and U+0439 to the interpreter, whose decoder masked the lead byte by the cut length, not by the lead byte.
 */
static void cut_sequence_at_end(void **state) {
  (void)state;
  size_t i = 0;
  while (i < REGEX_NCASES && strcmp(regex_cases[i].pattern, "^[0-9]{4}$")) i++;
  assert_true(i < REGEX_NCASES);
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_redfa_t *dfa = evcc_regex_compile(regex_cases[i].pattern, (evcc_loc_t){"regex_cases.h", 0, 0}, &d);
  assert_non_null(dfa);
  static const char cut[] = "000\xf0"
                            "9"; /* 5 bytes, the last two one cut-short character */
  assert_true(evcc_redfa_match(dfa, cut, sizeof cut - 1));
  assert_int_equal(regex_matchers[i](cut, sizeof cut - 1), 1);
  evcc_redfa_free(dfa);
  evcc_diag_free(&d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(seeds_match),
      cmocka_unit_test(emitted_vs_interpreter),
      cmocka_unit_test(cut_sequence_at_end),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
