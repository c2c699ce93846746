/* Why an event does or does not match a rule: per pattern field, the event's values and the failed condition. */
#ifndef EVCC_EXPLAIN_H
#define EVCC_EXPLAIN_H

#include "buf.h"
#include "ir.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum evcc_explain_status {
  EVCC_EXPLAIN_OK,          /* a value satisfies the field's condition (or it is absent, for exists:false) */
  EVCC_EXPLAIN_MISSING,     /* no value at the path */
  EVCC_EXPLAIN_NO_VALUE,    /* values at the path, none satisfies the condition */
  EVCC_EXPLAIN_PRESENT,     /* exists:false, and a value is there */
  EVCC_EXPLAIN_INCONSISTENT /* holds alone, but not in the same array element as the other fields */
} evcc_explain_status_t;

/* An element of an array of objects that a value sits in. */
typedef struct evcc_explain_element {
  char *array; /* dotted path of the array (owned) */
  uint32_t index;
} evcc_explain_element_t;

/* One of the event's values at a field's path. */
typedef struct evcc_explain_value {
  const json_t *value;              /* points into the event */
  bool ok;                          /* satisfies the field's condition */
  char *reason;                     /* why not ("\"silver\" is not one of [...]"), NULL when ok */
  evcc_explain_element_t *elements; /* outermost first */
  size_t nelement;
} evcc_explain_value_t;

/* One field (path) of one alternative of the pattern. */
typedef struct evcc_explain_field {
  const char *path;
  char *condition; /* the field's condition, as a reader writes it: ["platinum", "gold"] */
  evcc_explain_status_t status;
  char *reason;                 /* one line: why it fails, or what satisfies it */
  evcc_explain_value_t *values; /* for OK: the value used (none when absent); else every value at the path */
  size_t nvalue;
} evcc_explain_field_t;

/* One alternative of the rule ($or makes several). */
typedef struct evcc_explain_alt {
  bool matched;
  evcc_explain_field_t *fields; /* in the IR's term order (sorted by path) */
  size_t nfield;
  char *consistency; /* why the fields that hold alone do not hold together (arrays), or NULL */
} evcc_explain_alt_t;

typedef struct evcc_explain {
  uint32_t rule;
  bool matched; /* the interpreter's verdict: its own search decides every alternative */
  evcc_explain_alt_t *alts;
  size_t nalt;
} evcc_explain_t;

/* Explains rule `rule` of `ir` against an event parsed with evcc_interp_load_event(). */
void evcc_explain_rule(const evcc_ir_t *ir, uint32_t rule, const json_t *event, evcc_explain_t *out);
void evcc_explain_free(evcc_explain_t *x);

/* Readable text, several lines ending in '\n'; `name` is how the rule is called ("bus/rule"). */
void evcc_explain_text(const evcc_explain_t *x, const char *name, evcc_buf_t *out);
/* One JSON object on one line (no newline): rule, matched, alternatives with fields, values, reasons. */
void evcc_explain_json(const evcc_explain_t *x, const char *name, evcc_buf_t *out);

/* " (in element 1 of detail.items)" for a value in arrays of objects, outermost first; nothing otherwise. */
void evcc_explain_put_elements(evcc_buf_t *b, const evcc_explain_value_t *xv);

const char *evcc_explain_status_name(evcc_explain_status_t s);

#endif
