/* Private to libeventc: the one check of a multi-byte UTF-8 sequence, shared by the scalar and block skips. */
#ifndef EVENTC_UTF8_SEQ_H
#define EVENTC_UTF8_SEQ_H

#include <stddef.h>

/* Why a sequence is refused; scan.c turns each into its message. */
enum { UTF8_BAD_LEAD = -1, UTF8_TRUNCATED = -2, UTF8_BAD_SEQUENCE = -3 };

/*
 * The length (2 to 4) of the UTF-8 sequence at `u` (a byte >= 0x80, `room` bytes readable), or a reason
 * above: no overlong forms, surrogates, code points past U+10FFFF, or truncation.
 */
static inline int utf8_seq_len(const unsigned char *u, size_t room) {
  unsigned c = u[0], lo = 0x80, hi = 0xBF;
  int n;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    lo = c == 0xE0 ? 0xA0 : lo;
    hi = c == 0xED ? 0x9F : hi;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    lo = c == 0xF0 ? 0x90 : lo;
    hi = c == 0xF4 ? 0x8F : hi;
  } else
    return UTF8_BAD_LEAD;
  if (room < (size_t)n) return UTF8_TRUNCATED;
  if (u[1] < lo || u[1] > hi) return UTF8_BAD_SEQUENCE;
  for (int i = 2; i < n; i++)
    if ((u[i] & 0xC0) != 0x80) return UTF8_BAD_SEQUENCE;
  return n;
}

#endif
