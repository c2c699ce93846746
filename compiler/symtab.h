/* The one table of every C identifier `eventc compile` emits: who claimed it, from which input, and how names are made. */
#ifndef EVCC_SYMTAB_H
#define EVCC_SYMTAB_H

#include "buf.h"
#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * What an identifier is generated for: `what` reads in a message ("bus \"orders\"", "rule
 * \"COUNT\" of bus \"default\"", "schema \"A_B\""), `loc` is the input that produced it. Two
 * claims with the same `what` and `loc` are the same owner (a name may be claimed twice by it).
 */
typedef struct evcc_sym_owner {
  const char *what;
  evcc_loc_t loc;
} evcc_sym_owner_t;

typedef struct evcc_symtab evcc_symtab_t;

evcc_symtab_t *evcc_symtab_new(void);
void evcc_symtab_free(evcc_symtab_t *t);

/*
 * Claims `ident` for `o`. When another owner holds it (or a namespace it is in), reports
 * "error: WHAT needs the C identifier ID, which OTHER already uses" at o->loc with a note at
 * the other owner, and returns false. For names users call (public API): never renamed.
 */
bool evcc_sym_claim(evcc_symtab_t *t, const char *ident, const evcc_sym_owner_t *o, evcc_diag_t *d);

/*
 * Claims every identifier that starts with `prefix` (a family of generated internal helpers,
 * e.g. "P_at_" for a matcher's per-field functions); reported like evcc_sym_claim.
 */
bool evcc_sym_claim_prefix(evcc_symtab_t *t, const char *prefix, const evcc_sym_owner_t *o, evcc_diag_t *d);

/*
 * Claims `base`, or when it is claimed already (by anyone) or reserved the first free of
 * base_2, base_3, ... (in claim order, so in input order); for names that may be renamed
 * (internal statics, derived type names). The result belongs to the table.
 */
const char *evcc_sym_unique(evcc_symtab_t *t, const char *base, const evcc_sym_owner_t *o);

/* Whether `ident` is taken by another owner than `o` (exactly or through a namespace). */
bool evcc_sym_taken(const evcc_symtab_t *t, const char *ident, const evcc_sym_owner_t *o);

/*
 * Whether `ident` may not be used by generated code: a C or C++ keyword (the headers are
 * included from C++ too), or reserved to the implementation (starting with "_" and an upper
 * case letter, or containing "__").
 */
bool evcc_sym_reserved(const char *ident);

/*
 * Appends a user's name (rule, bus, schema, enum value, target id, field path) as one piece
 * of an identifier: bytes outside [A-Za-z0-9_] become '_', runs of '_' become one, and '_'
 * at either end is dropped, so joining pieces with '_' never makes "__". Appends `empty`
 * when nothing is left.
 */
void evcc_sym_segment(evcc_buf_t *b, const char *s, size_t n, const char *empty);

#endif
