/* Shape checks on loaded documents: the kind a field must have, literal trees, text C can carry. */
#ifndef EVCC_NODE_CHECK_H
#define EVCC_NODE_CHECK_H

#include "diag.h"
#include "doc.h"

#include <stdbool.h>

/* "a mapping", "a sequence", "a string", "a number", "a boolean" or "null". */
const char *evcc_node_kind_shape(evcc_node_kind_t kind);
/* evcc_node_kind_shape of the node's kind, or its tag ("!Sub") when it has one. */
const char *evcc_node_shape(const evcc_node_t *n);

/* True when `n` has `kind` and no tag; otherwise reports "WHAT: expected a mapping, got a sequence" at n. */
bool evcc_node_expect(evcc_diag_t *d, const evcc_node_t *n, evcc_node_kind_t kind, const char *what);

/* True when `n` is an untagged string, number or boolean; otherwise reports it like evcc_node_expect. */
bool evcc_node_expect_scalar(evcc_diag_t *d, const evcc_node_t *n, const char *what);

/*
 * True when the scalar's text has no NUL byte (C strings would cut it there); otherwise reports
 * "WHAT contains a NUL byte" at n.
 */
bool evcc_node_text_ok(evcc_diag_t *d, const evcc_node_t *n, const char *what);

/*
 * True when no value or key under `n` carries a CloudFormation tag or a NUL byte: inside an
 * EventPattern, an InputTemplate or an InputPathsMap, eventc could only compare against the
 * tag's literal text. Reports each offending node, naming `where` ("an EventPattern").
 */
bool evcc_node_literal_tree(evcc_diag_t *d, const evcc_node_t *n, const char *where);

#endif
