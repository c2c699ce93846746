/* The block skip's implementations (each skip loop with its classifier inlined) and the run-time choice. */
#include "block.h"
#include "block_skip.h"

#include <stdlib.h>
#include <string.h>

static void classify_portable_fn(const char *p, evc_block_masks_t *m) {
  classify_portable(p, m);
}
static const char *skip_portable(const evc_scan_t *s, const char *p) {
  return block_skip(s, p, classify_portable, prefix_xor64);
}

#ifdef EVC_BLOCK_X86
static void classify_sse2_fn(const char *p, evc_block_masks_t *m) {
  classify_sse2(p, m);
}
static const char *skip_sse2(const evc_scan_t *s, const char *p) {
  return block_skip(s, p, classify_sse2, prefix_xor64);
}

/* BMI1/BMI2 and PCLMULQDQ come with every AVX2 CPU (Haswell on): and-not, bit scans and clears in one instruction
 * each, and the strings' prefix XOR in one multiply. */
#define AVX2_TARGET __attribute__((target("avx2,bmi,bmi2,pclmul")))
AVX2_TARGET static void classify_avx2_fn(const char *p, evc_block_masks_t *m) {
  classify_avx2(p, m);
}
AVX2_TARGET static const char *skip_avx2(const evc_scan_t *s, const char *p) {
  return block_skip(s, p, classify_avx2, prefix_xor64_clmul);
}

AVX512_TARGET static void classify_avx512_fn(const char *p, evc_block_masks_t *m) {
  classify_avx512(p, m);
}
AVX512_TARGET static const char *skip_avx512(const evc_scan_t *s, const char *p) {
  return block_skip(s, p, classify_avx512, prefix_xor64_clmul);
}

/* libgcc's CPU model also checks that the OS saves the 512-bit registers (XGETBV). */
static int has_avx512(void) {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && evc_cpu_avx2();
}
#endif

typedef const char *(*skip_fn)(const evc_scan_t *s, const char *p);

/* What `impl` runs on this CPU; 0 when it cannot. */
static int available(evc_block_impl_t impl, evc_block_classify_fn *classify, skip_fn *skip) {
  switch (impl) {
  case EVC_BLOCK_PORTABLE: *classify = classify_portable_fn, *skip = skip_portable; return 1;
#ifdef EVC_BLOCK_X86
  case EVC_BLOCK_SSE2: *classify = classify_sse2_fn, *skip = skip_sse2; return 1;
  case EVC_BLOCK_AVX2: *classify = classify_avx2_fn, *skip = skip_avx2; return evc_cpu_avx2();
  case EVC_BLOCK_AVX512: *classify = classify_avx512_fn, *skip = skip_avx512; return has_avx512();
#endif
  default: return 0;
  }
}

/*
 * EVENTC_SIMD picks the skip: unset, "off" or "none" the scalar skip of scan.c (the block skip still costs more
 * instructions and time than it on CityLots, see README), "auto" the best this CPU has (AVX2, else SSE2 on x86-64,
 * else portable), or one by name: portable, sse2, avx2, avx512 (ignored when the CPU lacks it). "auto" leaves
 * AVX-512BW out: on CityLots it ran 0.83-1.02x the scalar skip against AVX2's 0.87-1.01x (README).
 */
static evc_block_impl_t chosen_by_env(void) {
  static const struct {
    const char *name;
    evc_block_impl_t impl;
  } names[] = {{"portable", EVC_BLOCK_PORTABLE},
               {"sse2", EVC_BLOCK_SSE2},
               {"avx2", EVC_BLOCK_AVX2},
               {"avx512", EVC_BLOCK_AVX512}};
  const char *want = getenv("EVENTC_SIMD");
  evc_block_classify_fn c;
  skip_fn k;
  if (!want) return EVC_BLOCK_NONE;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(want, names[i].name) == 0) return available(names[i].impl, &c, &k) ? names[i].impl : EVC_BLOCK_NONE;
  if (strcmp(want, "auto") != 0) return EVC_BLOCK_NONE;
  if (available(EVC_BLOCK_AVX2, &c, &k)) return EVC_BLOCK_AVX2;
  if (available(EVC_BLOCK_SSE2, &c, &k)) return EVC_BLOCK_SSE2;
  return EVC_BLOCK_PORTABLE;
}

/*
 * 0 until resolved, else 1 + the evc_block_impl_t in use. Plain C99, no atomics: every thread that finds 0 reads
 * the same environment and CPU and so stores the same value (an aligned int is written whole on the CPUs we build
 * for); only the test hook evc_block_use stores another, before any matching.
 */
static int chosen;

evc_block_impl_t evc_block_impl(void) {
  if (!chosen) chosen = 1 + (int)chosen_by_env();
  return (evc_block_impl_t)(chosen - 1);
}

int evc_block_use(evc_block_impl_t impl) {
  evc_block_classify_fn c;
  skip_fn k;
  if (impl != EVC_BLOCK_NONE && !available(impl, &c, &k)) return 0;
  chosen = 1 + (int)impl;
  return 1;
}

evc_block_classify_fn evc_block_classifier(evc_block_impl_t impl) {
  evc_block_classify_fn c;
  skip_fn k;
  return available(impl, &c, &k) ? c : NULL;
}

const char *evc_block_skip(const evc_scan_t *s, const char *p) {
  evc_block_classify_fn c;
  skip_fn k;
  return available(evc_block_impl(), &c, &k) ? k(s, p) : NULL;
}
