/* Private to libeventc: the 64-byte block classifier and the validating fast skip built on it. */
#ifndef EVENTC_BLOCK_H
#define EVENTC_BLOCK_H

#include "eventc/scan.h"

#include <stdint.h>

/* Bit i of each mask describes byte i of a 64-byte block. */
typedef struct evc_block_masks {
  uint64_t quote;     /* '"' */
  uint64_t backslash; /* '\\' */
  uint64_t ws;        /* ' ', '\t', '\n', '\r' */
  uint64_t open;      /* '{' '[' */
  uint64_t close;     /* '}' ']' */
  uint64_t curly;     /* '{' '}' */
  uint64_t colon;     /* ':' */
  uint64_t comma;     /* ',' */
  uint64_t ctrl;      /* bytes below 0x20 */
  uint64_t high;      /* bytes 0x80 and above */
  uint64_t digit;     /* '0'..'9' */
  uint64_t zero;      /* '0' */
  uint64_t minus;     /* '-' */
  uint64_t dot;       /* '.' */
  uint64_t lit;       /* 't' 'f' 'n': first bytes of the literals */
} evc_block_masks_t;

/* Classifies the 64 bytes at `p` (all readable). */
typedef void (*evc_block_classify_fn)(const char *p, evc_block_masks_t *m);

/* The implementations; EVC_BLOCK_NONE turns the fast skip off (evc_scan_skip is then the scalar reference). */
typedef enum evc_block_impl {
  EVC_BLOCK_NONE,
  EVC_BLOCK_PORTABLE,
  EVC_BLOCK_SSE2,
  EVC_BLOCK_AVX2,
  EVC_BLOCK_AVX512
} evc_block_impl_t;

/* The implementation in use, chosen once from the environment variable EVENTC_SIMD (block.c says how). */
evc_block_impl_t evc_block_impl(void);

/* Test hook: uses `impl` from now on; returns 0 when this build or CPU lacks it (nothing changes then). */
int evc_block_use(evc_block_impl_t impl);

/* The classifier of `impl` (for tests), or NULL when this build or CPU lacks it. */
evc_block_classify_fn evc_block_classifier(evc_block_impl_t impl);

/*
 * Skips the object or array at `p` ('{' or '['), validating it like the scalar skip, with the implementation
 * in use. Returns its end, or NULL when not sure (invalid input, or a rare form: escapes, exponents, scalars
 * of 64 bytes or more, nesting past the limit, the fast skip turned off): the caller then runs the scalar
 * skip, which decides and reports. Never records an error and never accepts invalid input.
 */
const char *evc_block_skip(const evc_scan_t *s, const char *p);

#endif
