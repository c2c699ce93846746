/* Run-time support of compiled target inputs: JSONPath lookup, the payload writer, slot insertion. */
#ifndef EVENTC_TRANSFORM_H
#define EVENTC_TRANSFORM_H

#include "eventc/error.h"

#include <stddef.h>
#include <stdint.h>

/* The JSON type of a located value; MISSING when the path is not in the event. */
typedef enum evc_xtype {
  EVC_X_MISSING,
  EVC_X_STRING,
  EVC_X_NUMBER,
  EVC_X_TRUE,
  EVC_X_FALSE,
  EVC_X_NULL,
  EVC_X_OBJECT,
  EVC_X_ARRAY
} evc_xtype_t;

/* A value of the event as its raw JSON text (a string keeps its quotes and escapes). */
typedef struct evc_jval {
  evc_xtype_t type;
  const char *text;
  size_t len;
} evc_jval_t;

/* One step of a compiled JSONPath: an object member (key != NULL) or an array index. */
typedef struct evc_path_step {
  const char *key;
  uint32_t keylen;
  uint32_t index;
} evc_path_step_t;

/* A compiled JSONPath: its steps (none = the whole document). */
typedef struct evc_path {
  const evc_path_step_t *steps;
  uint32_t nstep;
} evc_path_t;

/*
 * Finds the value at each of `n` paths in one pass over JSON text; out[i] is EVC_X_MISSING when
 * paths[i] is absent (or the text is not valid JSON). When a key is repeated the last occurrence
 * wins, as in EventBridge matching.
 */
void evc_json_locate_all(const char *json, size_t len, const evc_path_t *paths, size_t n,
                         evc_jval_t *out);
/* The value at one path. */
evc_jval_t evc_json_locate(const char *json, size_t len, const evc_path_step_t *steps,
                           size_t nstep);

/* The payload writer: a caller buffer; `overflow` is set instead of writing past `cap`. */
typedef struct evc_out {
  char *buf;
  size_t cap;
  size_t len;
  int overflow;
} evc_out_t;

void evc_out_init(evc_out_t *o, char *buf, size_t cap);
void evc_out_lit(evc_out_t *o, const char *s, size_t n);
/* An unquoted value slot: the value as JSON (strings quoted); a missing value gives "". */
void evc_out_value(evc_out_t *o, const evc_jval_t *v);
/*
 * A slot inside quotes of a JSON template: string contents stay escaped, scalars as text, a
 * missing value gives nothing. An object or array cannot be placed there: the delivery fails
 * with EVC_E_TRANSFORM naming `var` (semantics doc §11.4).
 */
int evc_out_quoted(evc_out_t *o, const evc_jval_t *v, const char *var, evc_error_t *err);
/* A slot inside quotes of a string template: like evc_out_quoted, objects/arrays lose their quotes. */
void evc_out_text(evc_out_t *o, const evc_jval_t *v);
/* The original event without `detail`, keys as AWS delivers <aws.events.event>. */
void evc_out_event_nodetail(evc_out_t *o, const char *event, size_t len);
/* Ends a payload: EVC_E_NO_SPACE when the buffer was too small (the bus then grows it). */
int evc_out_done(const evc_out_t *o, evc_error_t *err);

/* What a compiled transformer reads: the event envelope and the predefined variables. */
typedef struct evc_xctx {
  const char *event; /* the event as delivered without a transformer */
  size_t event_len;
  evc_jval_t rule_arn;       /* <aws.events.rule-arn>, a JSON string */
  evc_jval_t rule_name;      /* <aws.events.rule-name> */
  evc_jval_t ingestion_time; /* <aws.events.event.ingestion-time> */
} evc_xctx_t;

/* A compiled Input / InputPath / InputTransformer; 0 or an evc_errcode_t. */
typedef int (*evc_transform_fn)(const evc_xctx_t *x, evc_out_t *o, evc_error_t *err);

/* The input for a target with no Input* field: the event itself. */
int evc_transform_event(const evc_xctx_t *x, evc_out_t *o, evc_error_t *err);

#endif
