/* eventc match: the rules each event of an NDJSON stream matches, by the reference interpreter. */
#include "buf.h"
#include "cli.h"
#include "interp.h"
#include "model.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: eventc match [--bus NAME] RULES... < events.ndjson\n\n"
    "Reads one JSON event per line from standard input and prints, for each, one line: a JSON\n"
    "array of the names of the matching rules, sorted. A line that is not a JSON object prints\n"
    "  {\"line\": N, \"error\": \"...\"}\n"
    "instead, and processing continues. Empty lines are skipped.\n\n"
    "RULES are CloudFormation/SAM templates, eventc rules files or JSON event patterns.\n"
    "Options:\n"
    "  --bus NAME   only the rules of event bus NAME (default: every rule; with several buses\n"
    "               the names print as BUS/RULE)\n\n"
    "%s\n"
    "Exit status: 0 all lines were events, 1 some line was not, 2 the rules did not load.\n";

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void print_matches(const evcc_ir_t *ir, const uint32_t *ids, size_t n, bool qualify) {
  char **names = malloc((n ? n : 1) * sizeof *names);
  if (!names) abort();
  for (size_t i = 0; i < n; i++) {
    const evcc_rule_t *r = ir->rules[ids[i]].user;
    evcc_buf_t b;
    evcc_buf_init(&b);
    if (qualify) evcc_buf_printf(&b, "%s/", r->bus);
    evcc_buf_puts(&b, ir->rules[ids[i]].name);
    names[i] = evcc_buf_take(&b);
  }
  qsort(names, n, sizeof *names, cmp_str);
  evcc_buf_t out;
  evcc_buf_init(&out);
  evcc_buf_putc(&out, '[');
  for (size_t i = 0; i < n; i++) {
    if (i) evcc_buf_putc(&out, ',');
    evcc_buf_json_string(&out, names[i], strlen(names[i]));
    free(names[i]);
  }
  evcc_buf_putc(&out, ']');
  puts(out.data);
  evcc_buf_free(&out);
  free(names);
}

static bool match_stream(const evcc_ir_t *ir, bool qualify) {
  char *line = NULL;
  size_t cap = 0, len, lineno = 0;
  bool all_ok = true;
  uint32_t *ids = malloc((ir->nrule ? ir->nrule : 1) * sizeof *ids);
  if (!ids) abort();
  while (evcc_cli_getline(stdin, &line, &cap, &len)) {
    lineno++;
    if (strspn(line, " \t") == len) continue;
    json_error_t err;
    json_t *ev = evcc_interp_load_event(line, len, &err);
    if (!json_is_object(ev)) {
      evcc_buf_t msg;
      evcc_buf_init(&msg);
      evcc_buf_printf(&msg, "{\"line\": %zu, \"error\": ", lineno);
      const char *why = ev ? "the event is not a JSON object" : err.text;
      evcc_buf_json_string(&msg, why, strlen(why));
      evcc_buf_putc(&msg, '}');
      puts(msg.data);
      evcc_buf_free(&msg);
      all_ok = false;
    } else {
      print_matches(ir, ids, evcc_interp_match(ir, ev, ids), qualify);
    }
    json_decref(ev);
    fflush(stdout);
  }
  free(ids);
  free(line);
  return all_ok;
}

int evcc_cmd_match(int argc, char **argv) {
  const char *bus = NULL;
  evcc_diag_t d;
  evcc_diag_init(&d);
  d.echo = true;
  evcc_model_t m;
  evcc_model_init(&m);
  evcc_cli_input_opts_t opts = {0};
  m.limits = &opts.limits;
  const char **files = calloc((size_t)argc, sizeof *files);
  if (!files) abort();
  int nfiles = 0, rc = 2;
  bool usage_ok = true;
  for (int i = 1; i < argc && usage_ok; i++) {
    if (evcc_cli_is_help(argv[i])) {
      printf(usage_text, evcc_cli_input_opts_help);
      rc = 0;
      goto done;
    }
    int taken = evcc_cli_input_option(&opts, true, argc, argv, &i);
    if (taken) usage_ok = taken > 0;
    else if (strcmp(argv[i], "--bus") == 0 && i + 1 < argc) bus = argv[++i];
    else if (argv[i][0] == '-') {
      usage_ok = false;
      fprintf(stderr, "eventc match: unknown option '%s'\n\n", argv[i]);
      fprintf(stderr, usage_text, evcc_cli_input_opts_help);
    } else
      files[nfiles++] = argv[i];
  }
  for (int i = 0; i < nfiles && usage_ok; i++) evcc_model_load_file(&m, files[i], &d);
  if (!usage_ok) goto done;
  if (nfiles == 0) {
    fprintf(stderr, "eventc match: no rule files\n\n");
    fprintf(stderr, usage_text, evcc_cli_input_opts_help);
    goto done;
  }
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  const char *buses[2];
  bool qualify = !bus && evcc_model_bus_names(&m, buses, 2) > 1;
  if (!evcc_model_build_ir(&m, bus, &ir, &d) || evcc_diag_failed(&d)) {
    evcc_ir_free(&ir);
    goto done;
  }
  if (bus && ir.nrule == 0) fprintf(stderr, "eventc match: warning: no rules on bus '%s'\n", bus);
  rc = match_stream(&ir, qualify) ? 0 : 1;
  evcc_ir_free(&ir);
done:
  evcc_model_free(&m);
  evcc_cli_input_opts_free(&opts);
  free(files);
  evcc_diag_free(&d);
  return rc;
}
