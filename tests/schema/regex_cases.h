/* Patterns, each with strings it matches, shared by regex_gen (emits their matchers) and test_regex (runs them). */
#ifndef REGEX_CASES_H
#define REGEX_CASES_H

#include <stddef.h>

typedef struct regex_seed {
  const char *s;
  size_t n; /* seeds may hold NUL bytes */
} regex_seed_t;

typedef struct regex_case {
  const char *pattern;
  regex_seed_t seeds[3]; /* strings the pattern matches: random edits of them land near the edges */
} regex_case_t;

#define SEED(x) {x, sizeof x - 1}
#define AB10 "ababababab"
#define AB50 AB10 AB10 AB10 AB10 AB10

/* Each line says what it makes the emitter do. */
static const regex_case_t regex_cases[] = {
    {"^tkt_[a-zA-Z0-9]+$",
     {SEED("tkt_8f3a2c"), SEED("tkt_1"), SEED("tkt_ABCdef0123456789xyz")}}, /* fixed start, loop */
    {"^[0-9]{4}$", {SEED("2024"), SEED("0000")}},
    {"^[0-9]{3}[A-Z]?$", {SEED("123"), SEED("456Z")}},
    {"^[0-9]+$", {SEED("7"), SEED("1234567890123")}},
    {"a+b", {SEED("xxaab"), SEED("ab")}},  /* unanchored: a match ends the scan early */
    {"^(ab)*$", {SEED(""), SEED("abab")}}, /* fixed start that cycles back */
    {"^abc", {SEED("abc"), SEED("abcdef")}},
    {"abc$", {SEED("abc"), SEED("xxabc")}},
    {"foo", {SEED("xfooy"), SEED("foo")}},
    {"[^a-z]", {SEED("A"), SEED("abc1")}},
    {"^.$", {SEED("x"), SEED("é"), SEED("😀")}},                            /* '.' leaves out \n \r U+2028 U+2029 */
    {"^\\s+$", {SEED(" "), SEED("\t\n\xc2\xa0\xe2\x80\xa8\xef\xbb\xbf")}}, /* non-ASCII white space */
    {"^\\S*x\\D\\W", {SEED("abcx!?"), SEED("éx. ")}},
    {"^\\w+@\\w+\\.com$", {SEED("me@example.com"), SEED("a_1@b.com")}},
    {"^[é-ü]+$", {SEED("éü"), SEED("ñ")}},                     /* a non-ASCII range only */
    {"^🐲*$", {SEED(""), SEED("🐲🐲")}},                          /* a 4-byte character in a loop */
    {"^[\\u0000-\\u00ff]*$", {SEED(""), SEED("abc\xc3\xbf")}}, /* a range across 0x80 */
    {"^(a|é|😀)+z?$", {SEED("a"), SEED("é😀az")}},
    {"^\\d{2,4}-?\\d*$", {SEED("12"), SEED("1234-56")}},
    {"x|^y|z$", {SEED("x"), SEED("yes"), SEED("abcz")}},
    {"^$", {SEED("")}},
    {"", {SEED("")}},                                                       /* matches before reading anything */
    {"a^b", {{NULL, 0}}},                                                   /* never matches */
    {"^[\\u0080-\\u07FF][\\u0800-\\uFFFF][\\uD83D\\uDE00-\\uD83D\\uDE4F]$", /* 2-, 3- and 4-byte classes */
     {SEED("\xc2\x80\xe0\xa0\x80\xf0\x9f\x98\x80"), SEED("ß€😃")}},
    {"[\\uD800-\\uDFFF]",
     {SEED("\xed\xa0\x80"), SEED("a\xed\xbf\xbf")}}, /* lone surrogates, as the decoder reads them */
    {"^abcdefghijklmnopqrstuvwxyz0123456789ABCDEF",
     {SEED("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")}},                        /* over 32 */
    {"^a+b+c+d+e+f+g+h+i+j+$", {SEED("abcdefghij"), SEED("aabbccddeeffgghhiijj")}}, /* more loops than stay bits */
    {"^[ab]{300}$", {SEED(AB50 AB50 AB50 AB50 AB50 AB50)}},                         /* over 255 states: 16-bit table */
    {"ü.*ß", {SEED("üß"), SEED("xxüyyßzz")}},
    {"[^\\x00-\\x7f]", {SEED("é"), SEED("abc😀")}},
    {"^[^\\n]*$", {SEED(""), SEED("abc def")}},
    {"\\u2028|\\u2029", {SEED("\xe2\x80\xa8"), SEED("a\xe2\x80\xa9")}},
    {"^ab¢d", {SEED("ab¢d"), SEED("ab¢dx")}}, /* fixed start stops at a non-ASCII character */
    {"^(a{2}b?){1,3}$", {SEED("aa"), SEED("aabaab"), SEED("aaaaaa")}},
    {"^\\cJ\\x41\\t", {SEED("\nA\t")}},
    {"^\\x00a", {SEED("\0a"), SEED("\0ab")}},      /* NUL in the fixed start */
    {"^\\?\\?/\"\\\\\\*/", {SEED("?\?/\"\\*/x")}}, /* a trigraph, a quote, a backslash and a comment end */
    {"^[a-z]+[\\u0100-\\u017F]*[a-z]?$", {SEED("abc"), SEED("abcāž"), SEED("aſz")}},
    {"^[\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF]+$", /* many segments */
     {SEED("À"), SEED("Ωλφ"), SEED("øȳ")}},
    {"^[^0-9]*[0-9]+[^0-9]*$", {SEED("abc123"), SEED("1"), SEED("é9ü")}},
};

#define REGEX_NCASES (sizeof regex_cases / sizeof *regex_cases)

#endif
