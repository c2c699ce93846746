/* Private to libeventc: the 64-byte classifiers (portable, SSE2, AVX2, AVX-512BW), inlined into each skip loop. */
#ifndef EVENTC_BLOCK_CLASSIFY_H
#define EVENTC_BLOCK_CLASSIFY_H

#include "block.h"
#include "swar.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(EVC_SCAN_PORTABLE)
#define EVC_BLOCK_X86 1
#include <immintrin.h>
#endif

/* One bit per mask of evc_block_masks_t, in its field order. */
enum {
  C_QUOTE = 1,
  C_BS = 2,
  C_WS = 4,
  C_OPEN = 8,
  C_CLOSE = 16,
  C_CURLY = 32,
  C_COLON = 64,
  C_COMMA = 128,
  C_CTRL = 256,
  C_HIGH = 512,
  C_DIGIT = 1024,
  C_ZERO = 2048,
  C_MINUS = 4096,
  C_DOT = 8192,
  C_LIT = 16384
};

HOT unsigned byte_class(unsigned char c) {
  unsigned k = 0;
  if (c == '"') k |= C_QUOTE;
  if (c == '\\') k |= C_BS;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') k |= C_WS;
  if (c == '{' || c == '[') k |= C_OPEN;
  if (c == '}' || c == ']') k |= C_CLOSE;
  if (c == '{' || c == '}') k |= C_CURLY;
  if (c == ':') k |= C_COLON;
  if (c == ',') k |= C_COMMA;
  if (c < 0x20) k |= C_CTRL;
  if (c >= 0x80) k |= C_HIGH;
  if (c >= '0' && c <= '9') k |= C_DIGIT;
  if (c == '0') k |= C_ZERO;
  if (c == '-') k |= C_MINUS;
  if (c == '.') k |= C_DOT;
  if (c == 't' || c == 'f' || c == 'n') k |= C_LIT;
  return k;
}

/* Byte by byte: the reference the vector versions are tested against, and the path for other CPUs. */
HOT void classify_portable(const char *p, evc_block_masks_t *m) {
  uint64_t *out[] = {&m->quote, &m->backslash, &m->ws,    &m->open, &m->close, &m->curly, &m->colon, &m->comma,
                     &m->ctrl,  &m->high,      &m->digit, &m->zero, &m->minus, &m->dot,   &m->lit};
  memset(m, 0, sizeof *m);
  for (unsigned i = 0; i < 64; i++) {
    unsigned k = byte_class((unsigned char)p[i]);
    for (unsigned b = 0; k; b++, k >>= 1)
      if (k & 1) *out[b] |= UINT64_C(1) << i;
  }
}

#ifdef EVC_BLOCK_X86
/* Each mask from 16-byte pieces: bytes compared for equality, ranges by unsigned minimum. */
#define EQ(v, c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
#define ANY3(v, a, b, c) _mm_or_si128(_mm_or_si128(EQ(v, a), EQ(v, b)), EQ(v, c))
#define WS(v) _mm_or_si128(ANY3(v, ' ', '\t', '\n'), EQ(v, '\r'))
#define LOWER(v) _mm_or_si128(v, _mm_set1_epi8(0x20)) /* '[' -> '{', ']' -> '}' */
#define IS_OPEN(v) EQ(LOWER(v), '{')
#define IS_CLOSE(v) EQ(LOWER(v), '}')
#define IS_CURLY(v) _mm_or_si128(EQ(v, '{'), EQ(v, '}'))
#define IS_COLON(v) EQ(v, ':')
#define IS_COMMA(v) EQ(v, ',')
#define CTRL(v) _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v)
#define DIGIT(v)                                                                                                       \
  _mm_cmpeq_epi8(_mm_min_epu8(_mm_sub_epi8(v, _mm_set1_epi8('0')), _mm_set1_epi8(9)),                                  \
                 _mm_sub_epi8(v, _mm_set1_epi8('0')))
#define BITS16(x) ((uint64_t)(unsigned)_mm_movemask_epi8(x))
#define MASK64(expr) (BITS16(expr(a)) | BITS16(expr(b)) << 16 | BITS16(expr(c)) << 32 | BITS16(expr(d)) << 48)
#define IS_QUOTE(v) EQ(v, '"')
#define IS_BS(v) EQ(v, '\\')
#define IS_ZERO(v) EQ(v, '0')
#define IS_MINUS(v) EQ(v, '-')
#define IS_DOT(v) EQ(v, '.')
#define IS_LIT(v) ANY3(v, 't', 'f', 'n')
#define IS_HIGH(v) (v)

HOT void classify_sse2(const char *p, evc_block_masks_t *m) {
  const __m128i *q = (const __m128i *)(const void *)p;
  __m128i a = _mm_loadu_si128(q), b = _mm_loadu_si128(q + 1), c = _mm_loadu_si128(q + 2), d = _mm_loadu_si128(q + 3);
  m->quote = MASK64(IS_QUOTE);
  m->backslash = MASK64(IS_BS);
  m->ws = MASK64(WS);
  m->open = MASK64(IS_OPEN);
  m->close = MASK64(IS_CLOSE);
  m->curly = MASK64(IS_CURLY);
  m->colon = MASK64(IS_COLON);
  m->comma = MASK64(IS_COMMA);
  m->ctrl = MASK64(CTRL);
  m->high = MASK64(IS_HIGH);
  m->digit = MASK64(DIGIT);
  m->zero = MASK64(IS_ZERO);
  m->minus = MASK64(IS_MINUS);
  m->dot = MASK64(IS_DOT);
  m->lit = MASK64(IS_LIT);
}

/* The same comparisons on 32-byte registers. */
#define EQ32(v, c) _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c))
#define ANY3_32(v, a, b, c) _mm256_or_si256(_mm256_or_si256(EQ32(v, a), EQ32(v, b)), EQ32(v, c))
#define WS32(v) _mm256_or_si256(ANY3_32(v, ' ', '\t', '\n'), EQ32(v, '\r'))
#define LOWER32(v) _mm256_or_si256(v, _mm256_set1_epi8(0x20))
#define IS_OPEN32(v) EQ32(LOWER32(v), '{')
#define IS_CLOSE32(v) EQ32(LOWER32(v), '}')
#define IS_CURLY32(v) _mm256_or_si256(EQ32(v, '{'), EQ32(v, '}'))
#define IS_COLON32(v) EQ32(v, ':')
#define IS_COMMA32(v) EQ32(v, ',')
#define CTRL32(v) _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1F)), v)
#define DIGIT32(v)                                                                                                     \
  _mm256_cmpeq_epi8(_mm256_min_epu8(_mm256_sub_epi8(v, _mm256_set1_epi8('0')), _mm256_set1_epi8(9)),                   \
                    _mm256_sub_epi8(v, _mm256_set1_epi8('0')))
#define BITS32(x) ((uint64_t)(uint32_t)_mm256_movemask_epi8(x))
#define MASK64_32(expr) (BITS32(expr(lo)) | BITS32(expr(hi)) << 32)
#define IS_QUOTE32(v) EQ32(v, '"')
#define IS_BS32(v) EQ32(v, '\\')
#define IS_ZERO32(v) EQ32(v, '0')
#define IS_MINUS32(v) EQ32(v, '-')
#define IS_DOT32(v) EQ32(v, '.')
#define IS_LIT32(v) ANY3_32(v, 't', 'f', 'n')
#define IS_HIGH32(v) (v)

__attribute__((target("avx2"))) HOT void classify_avx2(const char *p, evc_block_masks_t *m) {
  const __m256i *q = (const __m256i *)(const void *)p;
  __m256i lo = _mm256_loadu_si256(q), hi = _mm256_loadu_si256(q + 1);
  m->quote = MASK64_32(IS_QUOTE32);
  m->backslash = MASK64_32(IS_BS32);
  m->ws = MASK64_32(WS32);
  m->open = MASK64_32(IS_OPEN32);
  m->close = MASK64_32(IS_CLOSE32);
  m->curly = MASK64_32(IS_CURLY32);
  m->colon = MASK64_32(IS_COLON32);
  m->comma = MASK64_32(IS_COMMA32);
  m->ctrl = MASK64_32(CTRL32);
  m->high = MASK64_32(IS_HIGH32);
  m->digit = MASK64_32(DIGIT32);
  m->zero = MASK64_32(IS_ZERO32);
  m->minus = MASK64_32(IS_MINUS32);
  m->dot = MASK64_32(IS_DOT32);
  m->lit = MASK64_32(IS_LIT32);
}
/* AVX-512BW: one 64-byte register, and each comparison yields its 64-bit mask directly. */
#define AVX512_TARGET __attribute__((target("avx512f,avx512bw,bmi,bmi2,pclmul")))
#define EQ64(c) _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(c))
#define LE64(x, c) _mm512_cmple_epu8_mask(x, _mm512_set1_epi8(c))

AVX512_TARGET HOT void classify_avx512(const char *p, evc_block_masks_t *m) {
  __m512i v = _mm512_loadu_si512((const void *)p);
  __m512i folded = _mm512_or_si512(v, _mm512_set1_epi8(0x20)); /* '[' -> '{', ']' -> '}' */
  m->quote = EQ64('"');
  m->backslash = EQ64('\\');
  m->ws = EQ64(' ') | EQ64('\t') | EQ64('\n') | EQ64('\r');
  m->open = _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('{'));
  m->close = _mm512_cmpeq_epi8_mask(folded, _mm512_set1_epi8('}'));
  m->curly = EQ64('{') | EQ64('}');
  m->colon = EQ64(':');
  m->comma = EQ64(',');
  m->ctrl = LE64(v, 0x1F);
  m->high = _mm512_movepi8_mask(v);
  m->digit = LE64(_mm512_sub_epi8(v, _mm512_set1_epi8('0')), 9);
  m->zero = EQ64('0');
  m->minus = EQ64('-');
  m->dot = EQ64('.');
  m->lit = EQ64('t') | EQ64('f') | EQ64('n');
}
#endif

#endif
