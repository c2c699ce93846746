/* The routing graph of a rule set: sources and schedules -> buses -> rules -> targets, DLQs and archives. */
#ifndef EVCC_GRAPH_H
#define EVCC_GRAPH_H

#include "buf.h"
#include "model.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum evcc_gnode_kind {
  EVCC_GNODE_SOURCE,   /* a `source` value of a pattern (or its operator: "prefix: aws.") */
  EVCC_GNODE_SCHEDULE, /* a ScheduleExpression */
  EVCC_GNODE_BUS,
  EVCC_GNODE_RULE,
  EVCC_GNODE_TARGET,
  EVCC_GNODE_DLQ, /* a target's dead-letter queue */
  EVCC_GNODE_ARCHIVE
} evcc_gnode_kind_t;

typedef struct evcc_gnode {
  evcc_gnode_kind_t kind;
  char *key;   /* identity within its kind: the same target of two rules is one node */
  char *id;    /* node name in the output: kind prefix and a counter ("rule3") */
  char *label; /* lines separated by '\n' */
  bool dashed; /* a disabled rule */
} evcc_gnode_t;

typedef struct evcc_gedge {
  size_t from, to; /* node indexes */
  char *label;     /* lines separated by '\n', or NULL */
  bool dashed;     /* dead letters, archiving */
} evcc_gedge_t;

/* Nodes in order of first appearance in the inputs; edges likewise, each once. */
typedef struct evcc_graph {
  evcc_gnode_t *nodes;
  size_t nnode;
  evcc_gedge_t *edges;
  size_t nedge;
} evcc_graph_t;

typedef enum evcc_graph_format { EVCC_GRAPH_DOT, EVCC_GRAPH_MERMAID } evcc_graph_format_t;

/* Builds the graph of a loaded (and checked) model. */
void evcc_graph_build(const evcc_model_t *m, evcc_graph_t *g);
void evcc_graph_free(evcc_graph_t *g);

/* Writes the graph as a Graphviz digraph or a Mermaid flowchart (graph_render.c). */
void evcc_graph_render(const evcc_graph_t *g, evcc_graph_format_t format, evcc_buf_t *out);

#endif
