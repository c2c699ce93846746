/* The 64-byte block classifier (portable, SSE2, AVX2 chosen at run time) behind the validating fast skip. */
#include "block.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(EVC_SCAN_PORTABLE)
#define EVC_BLOCK_X86 1
#include <immintrin.h>
#endif

/* One bit per mask of evc_block_masks_t, in its field order. */
enum { C_QUOTE = 1, C_BS = 2, C_WS = 4, C_STRUCT = 8, C_CTRL = 16, C_HIGH = 32, C_DIGIT = 64, C_ZERO = 128,
       C_MINUS = 256, C_DOT = 512, C_LIT = 1024 };

static unsigned byte_class(unsigned char c) {
  unsigned k = 0;
  if (c == '"') k |= C_QUOTE;
  if (c == '\\') k |= C_BS;
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') k |= C_WS;
  if (c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',') k |= C_STRUCT;
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
static void classify_portable(const char *p, evc_block_masks_t *m) {
  uint64_t *out[] = {&m->quote, &m->backslash, &m->ws, &m->structural, &m->ctrl, &m->high,
                     &m->digit, &m->zero,      &m->minus, &m->dot,     &m->lit};
  memset(m, 0, sizeof *m);
  for (unsigned i = 0; i < 64; i++) {
    unsigned k = byte_class((unsigned char)p[i]);
    for (unsigned b = 0; k; b++, k >>= 1)
      if (k & 1) *out[b] |= UINT64_C(1) << i;
  }
}

#ifdef EVC_BLOCK_X86
/* 16 bytes at a time; bytes are compared for equality, ranges by unsigned minimum. */
static void classify16(__m128i v, unsigned shift, evc_block_masks_t *m) {
#define EQ(c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
#define BITS(x) ((uint64_t)(unsigned)_mm_movemask_epi8(x) << shift)
  __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* '[' -> '{', ']' -> '}' */
  __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
  m->quote |= BITS(EQ('"'));
  m->backslash |= BITS(EQ('\\'));
  m->ws |= BITS(_mm_or_si128(_mm_or_si128(EQ(' '), EQ('\t')), _mm_or_si128(EQ('\n'), EQ('\r'))));
  m->structural |= BITS(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(lower, _mm_set1_epi8('{')),
                                                  _mm_cmpeq_epi8(lower, _mm_set1_epi8('}'))),
                                     _mm_or_si128(EQ(':'), EQ(','))));
  m->ctrl |= BITS(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v));
  m->high |= BITS(v);
  m->digit |= BITS(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d));
  m->zero |= BITS(EQ('0'));
  m->minus |= BITS(EQ('-'));
  m->dot |= BITS(EQ('.'));
  m->lit |= BITS(_mm_or_si128(_mm_or_si128(EQ('t'), EQ('f')), EQ('n')));
#undef EQ
#undef BITS
}

static void classify_sse2(const char *p, evc_block_masks_t *m) {
  memset(m, 0, sizeof *m);
  for (unsigned i = 0; i < 64; i += 16) classify16(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), i, m);
}

/* 32 bytes at a time: the same comparisons as classify16 on 256-bit registers. */
__attribute__((target("avx2"))) static void classify32(__m256i v, unsigned shift, evc_block_masks_t *m) {
#define EQ(c) _mm256_cmpeq_epi8(v, _mm256_set1_epi8(c))
#define BITS(x) ((uint64_t)(uint32_t)_mm256_movemask_epi8(x) << shift)
  __m256i lower = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
  __m256i d = _mm256_sub_epi8(v, _mm256_set1_epi8('0'));
  m->quote |= BITS(EQ('"'));
  m->backslash |= BITS(EQ('\\'));
  m->ws |= BITS(_mm256_or_si256(_mm256_or_si256(EQ(' '), EQ('\t')), _mm256_or_si256(EQ('\n'), EQ('\r'))));
  m->structural |= BITS(_mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(lower, _mm256_set1_epi8('{')),
                                                        _mm256_cmpeq_epi8(lower, _mm256_set1_epi8('}'))),
                                        _mm256_or_si256(EQ(':'), EQ(','))));
  m->ctrl |= BITS(_mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1F)), v));
  m->high |= BITS(v);
  m->digit |= BITS(_mm256_cmpeq_epi8(_mm256_min_epu8(d, _mm256_set1_epi8(9)), d));
  m->zero |= BITS(EQ('0'));
  m->minus |= BITS(EQ('-'));
  m->dot |= BITS(EQ('.'));
  m->lit |= BITS(_mm256_or_si256(_mm256_or_si256(EQ('t'), EQ('f')), EQ('n')));
#undef EQ
#undef BITS
}

__attribute__((target("avx2"))) static void classify_avx2(const char *p, evc_block_masks_t *m) {
  memset(m, 0, sizeof *m);
  classify32(_mm256_loadu_si256((const __m256i *)(const void *)p), 0, m);
  classify32(_mm256_loadu_si256((const __m256i *)(const void *)(p + 32)), 32, m);
}
#endif

/* The classifier of `impl`, or NULL when this build or CPU has none (or impl is EVC_BLOCK_NONE). */
static evc_block_classify_fn classifier_of(evc_block_impl_t impl) {
  switch (impl) {
  case EVC_BLOCK_PORTABLE: return classify_portable;
#ifdef EVC_BLOCK_X86
  case EVC_BLOCK_SSE2: return classify_sse2;
  case EVC_BLOCK_AVX2: return __builtin_cpu_supports("avx2") ? classify_avx2 : NULL;
#endif
  default: return NULL;
  }
}

static evc_block_impl_t best_impl(void) {
  static const struct { const char *name; evc_block_impl_t impl; } names[] = {
      {"none", EVC_BLOCK_NONE}, {"portable", EVC_BLOCK_PORTABLE}, {"sse2", EVC_BLOCK_SSE2}, {"avx2", EVC_BLOCK_AVX2}};
  const char *want = getenv("EVENTC_SIMD");
  for (size_t i = 0; want && i < sizeof names / sizeof *names; i++)
    if (strcmp(want, names[i].name) == 0 && (names[i].impl == EVC_BLOCK_NONE || classifier_of(names[i].impl)))
      return names[i].impl;
  if (classifier_of(EVC_BLOCK_AVX2)) return EVC_BLOCK_AVX2;
  if (classifier_of(EVC_BLOCK_SSE2)) return EVC_BLOCK_SSE2;
  return EVC_BLOCK_PORTABLE;
}

/* 0 until resolved, else 1 + the evc_block_impl_t in use; relaxed atomics: every thread resolves the same. */
static int chosen;

evc_block_classify_fn evc_block_classifier(void) {
  int c = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
  if (!c) {
    c = 1 + (int)best_impl();
    __atomic_store_n(&chosen, c, __ATOMIC_RELAXED);
  }
  return classifier_of((evc_block_impl_t)(c - 1));
}

int evc_block_use(evc_block_impl_t impl) {
  if (impl != EVC_BLOCK_NONE && !classifier_of(impl)) return 0;
  __atomic_store_n(&chosen, 1 + (int)impl, __ATOMIC_RELAXED);
  return 1;
}
