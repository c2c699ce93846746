/* eventc graph: the routing diagram of rule files, as Graphviz DOT or a Mermaid flowchart. */
#include "buf.h"
#include "cli.h"
#include "graph.h"
#include "model.h"
#include "schema.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: eventc graph [--format dot|mermaid] [-W<name>] [-Wno-<name>] RULES...\n\n"
    "Prints what routes where: event sources (the `source` values of the patterns) and schedules\n"
    "-> event buses -> rules -> targets, with each target's Id, input (InputPath, Input,\n"
    "InputTransformer) and retry policy on its edge, dead-letter queues and archives (dashed\n"
    "edges), and rules whose target is another bus as bus-to-bus paths. Disabled rules are grey.\n"
    "Order follows the inputs, so the output is the same on every run.\n\n"
    "RULES are CloudFormation/SAM templates, eventc rules files or JSON event patterns; event\n"
    "schemas among them are skipped, so compile's inputs can be given as they are.\n\n"
    "Options:\n"
    "  --format dot      Graphviz (default): eventc graph rules.yaml | dot -Tsvg > routing.svg\n"
    "  --format mermaid  a Mermaid flowchart, for Markdown that renders ```mermaid blocks\n"
    "  -Wno-<name>       disable a warning while loading the rules\n\n"
    "%s\n"
    "Exit status: 0 printed, 1 the rules have errors (diagnostics on standard error), 2 bad usage.\n";

static bool parse_format(const char *s, evcc_graph_format_t *out) {
  if (strcmp(s, "dot") == 0)
    *out = EVCC_GRAPH_DOT;
  else if (strcmp(s, "mermaid") == 0)
    *out = EVCC_GRAPH_MERMAID;
  else
    return false;
  return true;
}

/* Loads and checks every rule file, skipping event schemas (the inputs of compile may be passed as they are). */
static bool load_rules(evcc_model_t *m, const char **files, int nfiles, evcc_diag_t *d) {
  for (int i = 0; i < nfiles; i++) {
    evcc_doc_t *doc = evcc_doc_load_limited(files[i], EVCC_SYNTAX_AUTO, m->limits, d);
    if (doc && evcc_schema_doc_is_schema(doc)) evcc_doc_free(doc);
    else if (doc) evcc_model_add_doc(m, doc, d);
  }
  evcc_model_check_buses(m, d);
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  evcc_model_build_ir(m, NULL, &ir, d); /* validates every pattern */
  evcc_ir_free(&ir);
  evcc_cli_print_diags(d);
  return !evcc_diag_failed(d);
}

int evcc_cmd_graph(int argc, char **argv) {
  evcc_graph_format_t format = EVCC_GRAPH_DOT;
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_model_t m;
  evcc_model_init(&m);
  evcc_cli_input_opts_t opts = {0};
  m.limits = &opts.limits;
  const char **files = calloc((size_t)argc, sizeof *files);
  if (!files) abort();
  int nfiles = 0, rc = 2;
  for (int i = 1; i < argc; i++) {
    if (evcc_cli_is_help(argv[i])) {
      printf(usage_text, evcc_cli_input_opts_help);
      rc = 0;
      goto done;
    }
    int taken = evcc_cli_input_option(&opts, true, argc, argv, &i);
    if (taken < 0) goto done;
    if (taken) continue;
    const char *value = strncmp(argv[i], "--format=", 9) == 0              ? argv[i] + 9
                        : strcmp(argv[i], "--format") == 0 && i + 1 < argc ? argv[++i]
                                                                           : NULL;
    if (value && !parse_format(value, &format)) {
      fprintf(stderr, "eventc graph: unknown format '%s' (dot or mermaid)\n", value);
      goto done;
    } else if (value) {
      continue;
    }
    if (strncmp(argv[i], "-W", 2) == 0 && evcc_diag_flag(&d, argv[i])) continue;
    if (argv[i][0] == '-' && strcmp(argv[i], "-") != 0) {
      fprintf(stderr, "eventc graph: unknown option '%s'\n\n", argv[i]);
      fprintf(stderr, usage_text, evcc_cli_input_opts_help);
      goto done;
    }
    files[nfiles++] = argv[i];
  }
  if (nfiles == 0) {
    fprintf(stderr, "eventc graph: no rule files\n\n");
    fprintf(stderr, usage_text, evcc_cli_input_opts_help);
    goto done;
  }
  rc = 1;
  if (!load_rules(&m, files, nfiles, &d)) goto done;
  evcc_graph_t g;
  evcc_graph_build(&m, &g);
  evcc_buf_t out;
  evcc_buf_init(&out);
  evcc_graph_render(&g, format, &out);
  fwrite(out.data, 1, out.len, stdout);
  rc = fflush(stdout) == 0 ? 0 : 1;
  evcc_buf_free(&out);
  evcc_graph_free(&g);
done:
  evcc_model_free(&m);
  evcc_cli_input_opts_free(&opts);
  free(files);
  evcc_diag_free(&d);
  return rc;
}
