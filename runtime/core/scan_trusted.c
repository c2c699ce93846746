/* Skipping by structure only, for documents already validated (the scanner's trusted mode). */
#include "eventc/scan_trusted.h"
#include "swar.h"

static int is_string_stop(char c) {
  return c == '"' || c == '\\';
}

/* What may follow a number or literal in valid JSON: a separator, a closing bracket, whitespace. */
static int is_scalar_end(char c) {
  return c == ',' || c == ']' || c == '}' || (unsigned char)c <= ' ';
}

static int is_structure_stop(char c) {
  return c == '"' || c == '{' || c == '}' || c == '[' || c == ']';
}

#if defined(__SSE2__) && defined(__GNUC__) && !defined(EVC_SCAN_PORTABLE)
#include <emmintrin.h>
#include <stdint.h>
#define TRUSTED_BLOCKS 1

static __m128i load16(const char *p) {
  return _mm_loadu_si128((const __m128i *)(const void *)p);
}

static __m128i eq(__m128i v, char c) {
  return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}

/* The next '"' or backslash at or after p (end when none), 16 bytes a step. */
static const char *next_string_stop(const char *p, const char *end) {
  for (; end - p >= 16; p += 16) {
    __m128i v = load16(p);
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(eq(v, '"'), eq(v, '\\')));
    if (m) return p + __builtin_ctz(m);
  }
  while (p < end && !is_string_stop(*p)) p++;
  return p;
}

/* The next quote or bracket at or after p (end when none), 16 bytes a step. */
static const char *next_structure_stop(const char *p, const char *end) {
  for (; end - p >= 16; p += 16) {
    __m128i v = load16(p);
    __m128i brackets = _mm_or_si128(_mm_or_si128(eq(v, '{'), eq(v, '}')), _mm_or_si128(eq(v, '['), eq(v, ']')));
    unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(eq(v, '"'), brackets));
    if (m) return p + __builtin_ctz(m);
  }
  while (p < end && !is_structure_stop(*p)) p++;
  return p;
}
#else
static const char *next_string_stop(const char *p, const char *end) {
  while (p < end && !is_string_stop(*p)) p++;
  return p;
}

static const char *next_structure_stop(const char *p, const char *end) {
  while (p < end && !is_structure_stop(*p)) p++;
  return p;
}
#endif

const char *evc_scan_string_end_trusted(const char *p, const char *end, bool *escaped) {
  for (;;) {
    p = next_string_stop(p, end);
    if (p >= end) return end;
    if (*p == '"') return p + 1;
    *escaped = true;
    p = end - p >= 2 ? p + 2 : end; /* a backslash and the byte it escapes */
  }
}

static const char *string_end(const char *p, const char *end) {
  bool escaped;
  return evc_scan_string_end_trusted(p, end, &escaped);
}

/* From inside `depth` open containers, outside strings: just after the bracket that closes the
 * outermost, one quote or bracket at a time. */
static const char *close_by_stops(const char *p, const char *end, unsigned depth) {
  for (;;) {
    p = next_structure_stop(p, end);
    if (p >= end) return end;
    char c = *p++;
    if (c == '"') p = string_end(p, end);
    else if (c == '{' || c == '[') depth++;
    else if (--depth == 0) return p;
  }
}

#ifdef TRUSTED_BLOCKS
/* The quotes, backslashes, opening and closing brackets of 64 bytes, bit i for byte i. */
typedef struct block_masks {
  uint64_t quote, backslash, open, close;
} block_masks_t;

/* The byte masks of four 16-byte parts as one 64-bit mask, part 0 in the low bits. */
HOT uint64_t mask64(__m128i a, __m128i b, __m128i c, __m128i d) {
  return (uint64_t)(unsigned)_mm_movemask_epi8(a) | (uint64_t)(unsigned)_mm_movemask_epi8(b) << 16 |
         (uint64_t)(unsigned)_mm_movemask_epi8(c) << 32 | (uint64_t)(unsigned)_mm_movemask_epi8(d) << 48;
}

HOT block_masks_t classify64(const char *p) {
  __m128i v0 = load16(p), v1 = load16(p + 16), v2 = load16(p + 32), v3 = load16(p + 48);
  const __m128i fold = _mm_set1_epi8(0x20); /* '[' -> '{', ']' -> '}' */
  __m128i f0 = _mm_or_si128(v0, fold), f1 = _mm_or_si128(v1, fold), f2 = _mm_or_si128(v2, fold),
          f3 = _mm_or_si128(v3, fold);
  block_masks_t m;
  m.quote = mask64(eq(v0, '"'), eq(v1, '"'), eq(v2, '"'), eq(v3, '"'));
  m.backslash = mask64(eq(v0, '\\'), eq(v1, '\\'), eq(v2, '\\'), eq(v3, '\\'));
  m.open = mask64(eq(f0, '{'), eq(f1, '{'), eq(f2, '{'), eq(f3, '{'));
  m.close = mask64(eq(f0, '}'), eq(f1, '}'), eq(f2, '}'), eq(f3, '}'));
  return m;
}

/* Where depth `depth` reaches 0 among the brackets of one block (bits of open | close in order),
 * or -1 when it stays above; *depth updated. */
static int depth_zero_at(uint64_t open, uint64_t close, unsigned *depth) {
  for (uint64_t b = open | close; b; b &= b - 1) {
    unsigned i = trailing_zeros64(b);
    if ((open >> i) & 1u) ++*depth;
    else if (--*depth == 0) return (int)i;
  }
  return -1;
}

/* Where close_containers is between blocks. */
typedef struct skip_state {
  const char *p;
  unsigned depth;
  uint64_t inside; /* all ones: the previous block ended inside a string */
} skip_state_t;

/*
 * close_by_stops 64 bytes a step, for one classifier: the quotes' prefix XOR marks the bytes inside
 * strings, and the brackets outside them change the depth by counts, except in a block with as
 * many closing brackets as the depth, which is walked bracket by bracket. Returns the end of the
 * value, or NULL with `st` at the first block it does not take: one with a backslash (an escape
 * could hide a quote), or fewer than 64 bytes left.
 */
HOT const char *close_blocks(skip_state_t *st, const char *end, block_masks_t (*classify)(const char *),
                             uint64_t (*prefix_xor)(uint64_t), unsigned (*count)(uint64_t)) {
  const char *p = st->p;
  unsigned depth = st->depth;
  uint64_t inside = st->inside;
  for (; end - p >= 64; p += 64) {
    block_masks_t m = classify(p);
    if (m.backslash) break;
    uint64_t in = prefix_xor(m.quote) ^ inside;
    uint64_t open = m.open & ~in, close = m.close & ~in;
    unsigned closes = count(close);
    if (closes >= depth) {
      int at = depth_zero_at(open, close, &depth);
      if (at >= 0) return p + at + 1;
    } else {
      depth += count(open) - closes;
    }
    inside = (uint64_t)0 - (in >> 63);
  }
  st->p = p;
  st->depth = depth;
  st->inside = inside;
  return NULL;
}

static const char *close_blocks_sse2(skip_state_t *st, const char *end) {
  return close_blocks(st, end, classify64, prefix_xor64, bits_set64);
}

#if defined(__x86_64__) && !defined(EVC_TRUSTED_SSE2_ONLY)
#include <immintrin.h>
#define TRUSTED_AVX2 1
#define AVX2 __attribute__((target("avx2,popcnt,pclmul")))

AVX2 HOT uint64_t eq32(__m256i v, char c) {
  return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(c)));
}

AVX2 HOT block_masks_t classify64_avx2(const char *p) {
  __m256i lo = _mm256_loadu_si256((const __m256i *)(const void *)p);
  __m256i hi = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
  const __m256i fold = _mm256_set1_epi8(0x20); /* '[' -> '{', ']' -> '}' */
  __m256i flo = _mm256_or_si256(lo, fold), fhi = _mm256_or_si256(hi, fold);
  block_masks_t m;
  m.quote = eq32(lo, '"') | eq32(hi, '"') << 32;
  m.backslash = eq32(lo, '\\') | eq32(hi, '\\') << 32;
  m.open = eq32(flo, '{') | eq32(fhi, '{') << 32;
  m.close = eq32(flo, '}') | eq32(fhi, '}') << 32;
  return m;
}

AVX2 HOT unsigned popcount(uint64_t x) {
  return (unsigned)__builtin_popcountll(x);
}

AVX2 static const char *close_blocks_avx2(skip_state_t *st, const char *end) {
  return close_blocks(st, end, classify64_avx2, prefix_xor64_clmul, popcount);
}
#endif

/* close_by_stops by blocks: AVX2 where the CPU has it (evc_cpu_avx2), else SSE2. */
static const char *close_containers(const char *p, const char *end, unsigned depth) {
  skip_state_t st = {p, depth, 0};
  const char *done;
#ifdef TRUSTED_AVX2
  if (evc_cpu_avx2())
    done = close_blocks_avx2(&st, end);
  else
#endif
    done = close_blocks_sse2(&st, end);
  if (done) return done;
  if (st.inside) st.p = string_end(st.p, end);
  return close_by_stops(st.p, end, st.depth);
}
#else
static const char *close_containers(const char *p, const char *end, unsigned depth) {
  return close_by_stops(p, end, depth);
}
#endif

/* ---- the search for wanted keys (evc_trusted_next_key) ---- */

static int in_first(const evc_trusted_keys_t *keys, unsigned char b) {
  return (int)((keys->first[b >> 6] >> (b & 63)) & 1u);
}

/* Whether the string opened by the quote at q may be one of `keys`: its bytes are one, or it holds a
 * backslash before its end, or it has no end. */
static int may_be_key(const evc_trusted_keys_t *keys, const char *q, const char *end) {
  const char *t = q + 1, *c = next_string_stop(t, end);
  return c >= end || *c == '\\' || keys->is_key(t, (size_t)(c - t));
}

/* A quote at q whose next byte may start a key, and which may open one. */
static int key_at(const evc_trusted_keys_t *keys, const char *q, const char *end) {
  return (q + 1 >= end || in_first(keys, (unsigned char)q[1])) && may_be_key(keys, q, end);
}

static const char *next_key_bytes(const evc_trusted_keys_t *keys, const char *p, const char *end) {
  for (; p < end; p++)
    if (*p == '"' && key_at(keys, p, end)) return p;
  return end;
}

#ifdef TRUSTED_BLOCKS
/* 16 bytes a step: each quote's next byte looked up in `first`. */
static const char *next_key_sse2(const evc_trusted_keys_t *keys, const char *p, const char *end) {
  for (; end - p > 16; p += 16)
    for (unsigned m = (unsigned)_mm_movemask_epi8(eq(load16(p), '"')); m; m &= m - 1)
      if (key_at(keys, p + __builtin_ctz(m), end)) return p + __builtin_ctz(m);
  return next_key_bytes(keys, p, end);
}
#endif

#ifdef TRUSTED_AVX2
/* Bit i set when p[i] is a quote whose next byte is in the nibble tables' set (p + 33 <= end). */
AVX2 HOT uint32_t candidates32(const char *p, __m256i lo, __m256i hi) {
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  __m256i next = _mm256_loadu_si256((const __m256i *)(const void *)(p + 1));
  __m256i in = _mm256_and_si256(_mm256_shuffle_epi8(lo, _mm256_and_si256(next, nibble)),
                                _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(next, 4), nibble)));
  uint32_t out = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(in, _mm256_setzero_si256()));
  return eq32(_mm256_loadu_si256((const __m256i *)(const void *)p), '"') & ~out;
}

/* The nibble tables of `keys` in both lanes. */
AVX2 HOT __m256i table(const unsigned char t[16]) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)t));
}

/* The candidates of the first 64 bytes at or after *pp that hold any, *pp at those bytes; 0 with *pp
 * where fewer than 65 bytes are left. No call inside: the tables stay in registers. */
AVX2 __attribute__((noinline)) static uint64_t next_candidates(const evc_trusted_keys_t *keys, const char **pp,
                                                               const char *end) {
  const __m256i lo = table(keys->lo), hi = table(keys->hi);
  const char *p = *pp;
  for (; end - p > 64; p += 64) {
    uint64_t m = candidates32(p, lo, hi) | (uint64_t)candidates32(p + 32, lo, hi) << 32;
    if (m) {
      *pp = p;
      return m;
    }
  }
  *pp = p;
  return 0;
}

/* The candidates of the 64 bytes at p (p + 65 <= end). */
AVX2 static uint64_t candidates64(const evc_trusted_keys_t *keys, const char *p) {
  const __m256i lo = table(keys->lo), hi = table(keys->hi);
  return candidates32(p, lo, hi) | (uint64_t)candidates32(p + 32, lo, hi) << 32;
}

/* The first candidate in m (bit i for p[i]) that may open a key, else NULL. */
static const char *first_key(const evc_trusted_keys_t *keys, const char *p, uint64_t m, const char *end) {
  for (; m; m &= m - 1)
    if (key_at(keys, p + trailing_zeros64(m), end)) return p + trailing_zeros64(m);
  return NULL;
}

/* 64 bytes a step: the quotes whose next byte may start a key, found by two table lookups. The last
 * bytes are one more step over the 65 bytes before the end (the ones already searched masked off),
 * then the last byte. */
AVX2 static const char *next_key_avx2(const evc_trusted_keys_t *keys, const char *p, const char *end) {
  const char *from = p, *hit;
  for (uint64_t m; (m = next_candidates(keys, &p, end)) != 0; p += 64)
    if ((hit = first_key(keys, p, m, end))) return hit;
  if (end - from > 64 && p < end - 1) {
    const char *last = end - 65;
    if ((hit = first_key(keys, p, candidates64(keys, last) >> (p - last), end))) return hit;
    p = end - 1;
  }
  return next_key_bytes(keys, p, end);
}
#endif

const char *evc_trusted_next_key(const evc_trusted_keys_t *keys, const char *p, const char *end) {
#ifdef TRUSTED_AVX2
  if (evc_cpu_avx2()) return next_key_avx2(keys, p, end);
#endif
#ifdef TRUSTED_BLOCKS
  return next_key_sse2(keys, p, end);
#else
  return next_key_bytes(keys, p, end);
#endif
}

const char *evc_scan_skip_trusted(evc_scan_t *s, const char *p) {
  const char *end = s->end;
  if (p >= end) return end;
  if (*p == '"') return string_end(p + 1, end);
  if (*p == '{' || *p == '[') return close_containers(p + 1, end, 1);
  while (p < end && !is_scalar_end(*p)) p++; /* a number or literal */
  return p;
}

int evc_scan_member_trusted(const evc_scan_t *s, const char *p, const char **pp, evc_str_t *key) {
  const char *end = s->end;
  p = evc_trusted_string(s, p, key);
  if (p < end && *p == ':') p++;
  else if ((p = evc_trusted_ws(p, end)) < end) p++; /* whitespace, then the colon */
  if (p < end && (unsigned char)*p <= ' ') p = evc_trusted_ws(p, end);
  *pp = p < end ? p : end;
  return 1;
}
