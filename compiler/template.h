/* Template skeletons embedded at build time, rendered with @NAME@ substitution. */
#ifndef EVCC_TEMPLATE_H
#define EVCC_TEMPLATE_H

#include "buf.h"
#include "symtab.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct evcc_template_file {
  const char *name;
  const char *text;
} evcc_template_file_t;

typedef struct evcc_tvar {
  const char *name;  /* without the @ signs */
  const char *value; /* inserted verbatim: escape before, with evcc_buf_c_* */
} evcc_tvar_t;

/* The embedded text of templates/NAME, or NULL. */
const char *evcc_template_text(const char *name);

/*
 * Appends template NAME to `out`, replacing each @VAR@ by its value; "@@" is a literal '@'.
 * Returns false (and appends nothing) when the template or a variable is unknown.
 */
bool evcc_template_render(evcc_buf_t *out, const char *name, const evcc_tvar_t *vars, size_t nvar);

/*
 * Claims for `o` every identifier template NAME makes of variables and literal text
 * ("@S@_match_json", "@PFX@_@NAME@_parse"); a variable alone is the caller's to claim.
 * False after reporting the first collision.
 */
bool evcc_template_claim(const char *name, const evcc_tvar_t *vars, size_t nvar, evcc_symtab_t *syms,
                         const evcc_sym_owner_t *o, evcc_diag_t *d);

#endif
