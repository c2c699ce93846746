/* The words of `eventc explain`: event values, pattern conditions and why a value fails one, as text. */
#ifndef EVCC_EXPLAIN_REASON_H
#define EVCC_EXPLAIN_REASON_H

#include "buf.h"
#include "ir.h"

#include <jansson.h>

/* An event value as JSON, numbers in their shortest exact form (3, not 3.0). */
void evcc_explain_put_value(evcc_buf_t *b, const json_t *v);

/* A pattern field's conditions written back as the pattern array: ["a",{"prefix":"b"}]. */
void evcc_explain_put_condition(evcc_buf_t *b, const evcc_ir_t *ir, const evcc_term_t *t);

/* Why value `v` satisfies none of the term's value conditions (it must not), as one clause. */
char *evcc_explain_value_reason(const evcc_ir_t *ir, const evcc_term_t *t, const json_t *v);

#endif
