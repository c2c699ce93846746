/* Internals shared by the sampler's files: its state, the keywords an event may break, scalar generators. */
#ifndef EVCC_SAMPLE_IMPL_H
#define EVCC_SAMPLE_IMPL_H

#include "sample.h"
#include "schema_interp.h"
#include "schema_regex.h"

#include <jansson.h>

/* What an --invalid event changes to break one keyword. */
typedef enum sample_break_kind {
  BRK_TYPE,
  BRK_ENUM,
  BRK_CONST,
  BRK_MINIMUM,
  BRK_MAXIMUM,
  BRK_MULTIPLE_OF,
  BRK_MIN_LENGTH,
  BRK_MAX_LENGTH,
  BRK_PATTERN,
  BRK_FORMAT,
  BRK_REQUIRED,
  BRK_ADDITIONAL,
  BRK_MIN_ITEMS,
  BRK_MAX_ITEMS
} sample_break_kind_t;

/* A keyword the event being generated could break, at one value of it. */
typedef struct sample_break {
  sample_break_kind_t kind;
  const evcc_snode_t *schema;
  char *key; /* REQUIRED: the member to remove from the value */
  char *kw;  /* schema location of the keyword */
  char *at;  /* instance location of the value */
} sample_break_t;

struct evcc_sampler {
  evcc_schema_set_t *set;
  const evcc_sroot_t *root;
  evcc_interp_t *interp;
  unsigned long long state;
  evcc_redfa_t **dfas; /* by regex index of the set, compiled on first use */
  size_t ndfa;
  const char *const *extra;
  size_t nextra;
  char err[512];       /* first reason a value could not be generated */
  sample_break_t *brk; /* keywords of the current event that may be broken */
  size_t nbrk;
  int in_branch;     /* inside anyOf/oneOf/allOf/not/if: breaks there are not recorded */
  evcc_buf_t kw, at; /* schema and instance location of the value being generated */
  bool too_deep;     /* the schema forces nesting past MAX_SAMPLE_DEPTH: every attempt stops */
};

/* The next pseudo-random number (splitmix64). */
unsigned long long sample_rand(void *sp);
/* A random count of lo..hi, one time in four lo and one in four hi. */
unsigned long long sample_between(evcc_sampler_t *sp, unsigned long long lo, unsigned long long hi);
/* Records the first reason sampling failed. */
void sample_fail(evcc_sampler_t *sp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The DFA of the set's regex `re` (NULL if it does not compile). */
const evcc_redfa_t *sample_dfa(evcc_sampler_t *sp, int re);

/* Number and string values of `s`; NULL (reason recorded) when none can be made. */
json_t *sample_number(evcc_sampler_t *sp, const evcc_snode_t *s, bool integer);
json_t *sample_string(evcc_sampler_t *sp, const evcc_snode_t *s);
/* A string of `len` code points from a small alphabet (ASCII and one two-byte letter). */
void sample_text(evcc_sampler_t *sp, evcc_buf_t *b, size_t len);
/* A value of a validated format; false for formats that are annotations only. */
bool sample_format(evcc_sampler_t *sp, const char *format, evcc_buf_t *b);
/* A scalar of any type. */
json_t *sample_any(evcc_sampler_t *sp);
/* True when the interpreter accepts `v` under `s`. */
bool sample_accepts(evcc_sampler_t *sp, const evcc_snode_t *s, json_t *v, char *why, size_t cap);

/* Records what `v`, generated for `s` at the current locations, can break. */
void sample_note_breaks(evcc_sampler_t *sp, const evcc_snode_t *s, json_t *v);
/* Applies one break to (a copy of) the event it was recorded on; false when it cannot be applied. */
bool sample_apply_break(evcc_sampler_t *sp, const sample_break_t *b, json_t **event);
void sample_breaks_clear(evcc_sampler_t *sp);
/* How events are written (and read back by the checks): compact, numbers with 15 significant digits. */
#define SAMPLE_DUMP_FLAGS (JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))
/* The member an additionalProperties break adds. */
#define SAMPLE_UNEXPECTED "unexpected_property"

#endif
