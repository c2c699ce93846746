/* Writes a routing graph as Graphviz DOT or as a Mermaid flowchart; every label goes through one escaper per format. */
#include "graph.h"

#include <string.h>

/* DOT: a double-quoted string; '\n' in a label is a centred line break, control bytes are dropped. */
static void dot_string(evcc_buf_t *b, const char *s) {
  evcc_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '\n')
      evcc_buf_puts(b, "\\n");
    else if (*s == '"' || *s == '\\') {
      evcc_buf_putc(b, '\\');
      evcc_buf_putc(b, *s);
    } else if ((unsigned char)*s >= 0x20) {
      evcc_buf_putc(b, *s);
    }
  }
  evcc_buf_putc(b, '"');
}

/* Mermaid: a double-quoted label; markup characters as entity codes, '\n' as <br/>. */
static void mermaid_string(evcc_buf_t *b, const char *s) {
  evcc_buf_putc(b, '"');
  for (; *s; s++) {
    if (*s == '\n')
      evcc_buf_puts(b, "<br/>");
    else if (*s == '"')
      evcc_buf_puts(b, "#quot;");
    else if (*s == '#')
      evcc_buf_puts(b, "#35;");
    else if (*s == '<')
      evcc_buf_puts(b, "#lt;");
    else if (*s == '>')
      evcc_buf_puts(b, "#gt;");
    else if (*s == '|')
      evcc_buf_puts(b, "#124;");
    else if ((unsigned char)*s >= 0x20)
      evcc_buf_putc(b, *s);
  }
  evcc_buf_putc(b, '"');
}

static const char *const dot_shape[] = {
    [EVCC_GNODE_SOURCE] = "shape=ellipse",
    [EVCC_GNODE_SCHEDULE] = "shape=ellipse, style=dashed",
    [EVCC_GNODE_BUS] = "shape=box3d, style=filled, fillcolor=\"#dde8f5\"",
    [EVCC_GNODE_RULE] = "shape=box, style=rounded",
    [EVCC_GNODE_TARGET] = "shape=box",
    [EVCC_GNODE_DLQ] = "shape=cylinder, style=filled, fillcolor=\"#f8dede\"",
    [EVCC_GNODE_ARCHIVE] = "shape=cylinder, style=filled, fillcolor=\"#eeeeee\"",
};

static void render_dot(const evcc_graph_t *g, evcc_buf_t *out) {
  evcc_buf_puts(out,
                "// Routing of the rules: sources and schedules -> event buses -> rules -> targets (eventc graph)\n"
                "digraph eventc {\n"
                "  rankdir=LR;\n"
                "  node [fontname=\"Helvetica\", fontsize=11];\n"
                "  edge [fontname=\"Helvetica\", fontsize=9];\n");
  for (size_t i = 0; i < g->nnode; i++) {
    const evcc_gnode_t *n = &g->nodes[i];
    evcc_buf_printf(out, "  %s [label=", n->id);
    dot_string(out, n->label);
    evcc_buf_printf(out, ", %s%s];\n", dot_shape[n->kind], n->dashed ? ", color=gray50, fontcolor=gray50" : "");
  }
  for (size_t i = 0; i < g->nedge; i++) {
    const evcc_gedge_t *e = &g->edges[i];
    evcc_buf_printf(out, "  %s -> %s", g->nodes[e->from].id, g->nodes[e->to].id);
    if (e->label || e->dashed) {
      evcc_buf_puts(out, " [");
      if (e->label) {
        evcc_buf_puts(out, "label=");
        dot_string(out, e->label);
      }
      evcc_buf_puts(out, e->dashed ? (e->label ? ", style=dashed" : "style=dashed") : "");
      evcc_buf_putc(out, ']');
    }
    evcc_buf_puts(out, ";\n");
  }
  evcc_buf_puts(out, "}\n");
}

/* Opening and closing brackets of each kind's Mermaid shape. */
static const char *const mermaid_shape[][2] = {
    [EVCC_GNODE_SOURCE] = {"([", "])"},  [EVCC_GNODE_SCHEDULE] = {">", "]"}, [EVCC_GNODE_BUS] = {"[[", "]]"},
    [EVCC_GNODE_RULE] = {"(", ")"},      [EVCC_GNODE_TARGET] = {"[", "]"},   [EVCC_GNODE_DLQ] = {"[(", ")]"},
    [EVCC_GNODE_ARCHIVE] = {"[(", ")]"},
};

static void render_mermaid(const evcc_graph_t *g, evcc_buf_t *out) {
  evcc_buf_puts(out,
                "%% Routing of the rules: sources and schedules -> event buses -> rules -> targets (eventc graph)\n"
                "flowchart LR\n");
  for (size_t i = 0; i < g->nnode; i++) {
    const evcc_gnode_t *n = &g->nodes[i];
    evcc_buf_printf(out, "  %s%s", n->id, mermaid_shape[n->kind][0]);
    mermaid_string(out, n->label);
    evcc_buf_printf(out, "%s\n", mermaid_shape[n->kind][1]);
  }
  for (size_t i = 0; i < g->nedge; i++) {
    const evcc_gedge_t *e = &g->edges[i];
    evcc_buf_printf(out, "  %s %s", g->nodes[e->from].id, e->dashed ? "-.->" : "-->");
    if (e->label) {
      evcc_buf_putc(out, '|');
      mermaid_string(out, e->label);
      evcc_buf_putc(out, '|');
    }
    evcc_buf_printf(out, " %s\n", g->nodes[e->to].id);
  }
  for (size_t i = 0; i < g->nnode; i++)
    if (g->nodes[i].dashed) evcc_buf_printf(out, "  style %s stroke-dasharray: 5 5\n", g->nodes[i].id);
}

void evcc_graph_render(const evcc_graph_t *g, evcc_graph_format_t format, evcc_buf_t *out) {
  if (format == EVCC_GRAPH_DOT)
    render_dot(g, out);
  else
    render_mermaid(g, out);
}
