/* The normalized rule IR: every rule of a bus in one structure, paths and conditions interned. */
#ifndef EVCC_IR_H
#define EVCC_IR_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Shape. A pattern is flattened into dotted paths ("detail.state.status"; a key that itself
 * contains dots joins the same way, EventBridge semantics doc §2.3). Each element of a pattern
 * array is one condition on its path (the elements are OR'd). `$or` is expanded, so a rule is
 * an OR of alternatives, and each alternative an AND of terms: "some leaf value at path P
 * satisfies one of these conditions". Paths and conditions are interned across all rules of
 * the IR, so identical (path, condition) pairs in different rules share one id.
 */

typedef enum evcc_cond_kind {
  EVCC_COND_EXACT_STRING,   /* strs[0] */
  EVCC_COND_EXACT_NUMBER,   /* nums[0] with its text texts[0]: numeric or textual equality (§11.1) */
  EVCC_COND_TRUE,
  EVCC_COND_FALSE,
  EVCC_COND_NULL,
  EVCC_COND_PREFIX,         /* strs[0]; "" matches every string */
  EVCC_COND_PREFIX_NOCASE,  /* strs[0], as written (matched through its case variants) */
  EVCC_COND_SUFFIX,
  EVCC_COND_SUFFIX_NOCASE,  /* strs[0], as written (matched through its case variants) */
  EVCC_COND_EQUALS_NOCASE,  /* strs[0], as written (matched through its case variants) */
  EVCC_COND_WILDCARD,       /* strs[0] as written: '*' any run, "\*" literal star, "\\" backslash */
  EVCC_COND_NOT_STRINGS,    /* anything-but string(s): strs[0..nstr) */
  EVCC_COND_NOT_NUMBERS,    /* anything-but number(s): nums/texts[0..nnum) */
  EVCC_COND_NOT_PREFIX,     /* anything-but {prefix}: strs */
  EVCC_COND_NOT_SUFFIX,     /* anything-but {suffix}: strs */
  EVCC_COND_NOT_NOCASE,     /* anything-but {equals-ignore-case}: strs, as written */
  EVCC_COND_NOT_WILDCARD,   /* anything-but {wildcard}: strs as written */
  EVCC_COND_NUMERIC,        /* range below */
  EVCC_COND_CIDR,           /* cidr below */
  EVCC_COND_EXISTS,         /* a leaf value is present (null and "" count) */
  EVCC_COND_NOT_EXISTS      /* no leaf value at the path anywhere in the event */
} evcc_cond_kind_t;

typedef struct evcc_str {
  char *s;    /* NUL-terminated; may hold NUL bytes, use len */
  size_t len;
} evcc_str_t;

typedef struct evcc_numeric_range {
  bool has_lo, lo_incl, has_hi, hi_incl;
  double lo, hi; /* for "=" x: lo = hi = x, both inclusive */
} evcc_numeric_range_t;

typedef struct evcc_cidr {
  bool v6;
  uint8_t addr[16]; /* network address, host bits cleared; IPv4 uses addr[0..4) */
  unsigned bits;    /* prefix length */
} evcc_cidr_t;

typedef struct evcc_cond {
  evcc_cond_kind_t kind;
  uint32_t path;           /* index into evcc_ir_t.paths */
  evcc_str_t *strs;        /* sorted, unique for the NOT_* lists */
  size_t nstr;
  double *nums;
  evcc_str_t *texts;       /* number texts as written, parallel to nums */
  size_t nnum;
  evcc_numeric_range_t range;
  evcc_cidr_t cidr;
  evcc_loc_t loc;          /* first place it was written */
} evcc_cond_t;

/* Some leaf value at `path` satisfies at least one of `conds`. */
typedef struct evcc_term {
  uint32_t path;
  uint32_t *conds;
  size_t ncond;
} evcc_term_t;

/* All terms hold together (on array-consistent values, §2.5 / §11.3). Terms sorted by path. */
typedef struct evcc_alt {
  evcc_term_t *terms;
  size_t nterm;
} evcc_alt_t;

typedef struct evcc_ir_rule {
  char *name;         /* rule Name (or logical id when the file gives none) */
  evcc_loc_t loc;     /* where the rule is declared */
  evcc_loc_t pattern_loc;
  evcc_alt_t *alts;   /* OR of alternatives; a rule with no pattern has none */
  size_t nalt;
  void *user;         /* the rule in the model (evcc_rule_t *), when built from a rule file */
} evcc_ir_rule_t;

typedef struct evcc_ir {
  evcc_str_t *paths;   /* dotted paths, in order of first appearance */
  size_t npath;
  evcc_cond_t *conds;
  size_t ncond;
  evcc_ir_rule_t *rules; /* in input order */
  size_t nrule;
  size_t cap_paths, cap_conds, cap_rules;
  struct evcc_ir_index *index; /* private: hash indexes for interning */
} evcc_ir_t;

void evcc_ir_init(evcc_ir_t *ir);
void evcc_ir_free(evcc_ir_t *ir);

/* Interns a path / a condition; returns its id. The condition's arrays are taken over. */
uint32_t evcc_ir_path(evcc_ir_t *ir, const char *path, size_t len);
uint32_t evcc_ir_cond(evcc_ir_t *ir, evcc_cond_t *c);

/* Appends a rule; `alts` are taken over. Returns its id (index). */
uint32_t evcc_ir_add_rule(evcc_ir_t *ir, const char *name, evcc_loc_t loc, evcc_loc_t pattern_loc,
                          evcc_alt_t *alts, size_t nalt, void *user);

/* Human-readable dump (for tests and `eventc check --dump-ir`). */
struct evcc_buf;
void evcc_ir_dump(const evcc_ir_t *ir, struct evcc_buf *out);
const char *evcc_cond_kind_name(evcc_cond_kind_t k);

#endif
