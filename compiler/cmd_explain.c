/* eventc explain: why an event does or does not match each rule, field by field. */
#include "buf.h"
#include "cli.h"
#include "explain.h"
#include "interp.h"
#include "model.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: eventc explain RULES... --event EVENT [--rule NAME] [--bus NAME] [--json]\n\n"
    "Explains, for each rule (or the one named), whether EVENT matches it and why: for each field of\n"
    "the pattern, the event's value(s) at that path and the condition that failed, e.g.\n"
    "  FAIL  detail.customer.sla_tier: \"silver\" is not one of [\"platinum\",\"gold\"]\n"
    "Fields inside arrays of objects name the element used; when each field holds alone but not in\n"
    "one element, an \"arrays:\" line says which elements satisfy which field. A pattern with $or\n"
    "is explained alternative by alternative. The verdict is the interpreter's (eventc match).\n\n"
    "EVENT is a file path, '-' for standard input, or inline JSON text.\n"
    "RULES are CloudFormation/SAM templates, eventc rules files or JSON event patterns.\n"
    "Options:\n"
    "  --rule NAME  only this rule (NAME or BUS/NAME)\n"
    "  --bus NAME   only the rules of event bus NAME\n"
    "  --json       one JSON object per rule and line: rule, matched, alternatives[] with\n"
    "               matched, consistency and fields[] (path, condition, status, reason, values[])\n\n"
    "%s\n"
    "Exit status: 0 some explained rule matches, 1 none does, 2 bad usage, rules or event.\n";

typedef struct {
  const char *event, *rule, *bus;
  bool json;
  const char **files;
  int nfiles;
  evcc_cli_input_opts_t input;
} opts_t;

/* 1 parsed, 0 help printed, -1 bad usage (message printed). */
static int parse_opts(int argc, char **argv, opts_t *o) {
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = strcmp(a, "--event") == 0  ? &o->event
                        : strcmp(a, "--rule") == 0 ? &o->rule
                        : strcmp(a, "--bus") == 0  ? &o->bus
                                                   : NULL;
    if (evcc_cli_is_help(a)) {
      printf(usage_text, evcc_cli_input_opts_help);
      return 0;
    }
    int taken = evcc_cli_input_option(&o->input, true, argc, argv, &i);
    if (taken < 0) return -1;
    if (taken) continue;
    if (slot && i + 1 < argc)
      *slot = argv[++i];
    else if (strcmp(a, "--json") == 0)
      o->json = true;
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "eventc explain: unknown option or missing value '%s'\n\n", a);
      fprintf(stderr, usage_text, evcc_cli_input_opts_help);
      return -1;
    } else
      o->files[o->nfiles++] = a;
  }
  if (o->nfiles && o->event) return 1;
  fprintf(stderr, "eventc explain: %s\n\n", o->nfiles ? "--event is required" : "no rule files");
  fprintf(stderr, usage_text, evcc_cli_input_opts_help);
  return -1;
}

static char *rule_label(const evcc_ir_t *ir, uint32_t r, bool qualify) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  const evcc_rule_t *rule = ir->rules[r].user;
  if (qualify) evcc_buf_printf(&b, "%s/", rule->bus);
  evcc_buf_puts(&b, ir->rules[r].name);
  return evcc_buf_take(&b);
}

/* Explains the selected rules to stdout; -1 when --rule names none, else how many matched. */
static int explain_rules(const evcc_ir_t *ir, const json_t *event, const opts_t *o, bool qualify) {
  int matched = 0, explained = 0;
  for (uint32_t r = 0; r < ir->nrule; r++) {
    char *label = rule_label(ir, r, qualify);
    if (o->rule && strcmp(o->rule, ir->rules[r].name) != 0 && strcmp(o->rule, label) != 0) {
      free(label);
      continue;
    }
    evcc_explain_t x;
    evcc_explain_rule(ir, r, event, &x);
    evcc_buf_t out;
    evcc_buf_init(&out);
    if (o->json) {
      evcc_explain_json(&x, label, &out);
      evcc_buf_putc(&out, '\n');
    } else {
      evcc_explain_text(&x, label, &out);
    }
    fputs(out.data, stdout);
    evcc_buf_free(&out);
    matched += x.matched;
    explained++;
    evcc_explain_free(&x);
    free(label);
  }
  if (o->rule && !explained) {
    fprintf(stderr, "eventc explain: no rule named '%s'\n", o->rule);
    return -1;
  }
  return matched;
}

static json_t *load_event(const opts_t *o) {
  size_t len;
  const char *name;
  size_t max = evcc_load_limits_resolve(&o->input.limits).max_file_bytes;
  char *text = evcc_cli_read_arg(o->event, max, &len, &name);
  if (!text) return NULL;
  json_error_t err;
  json_t *ev = evcc_interp_load_event(text, len, &err);
  free(text);
  if (json_is_object(ev)) return ev;
  if (ev)
    fprintf(stderr, "eventc explain: %s: the event is not a JSON object\n", name);
  else
    fprintf(stderr, "eventc explain: %s:%d:%d: %s\n", name, err.line, err.column, err.text);
  json_decref(ev);
  return NULL;
}

static int explain(const opts_t *o, evcc_model_t *m, evcc_diag_t *d) {
  for (int i = 0; i < o->nfiles; i++) evcc_model_load_file(m, o->files[i], d);
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  const char *buses[2];
  bool qualify = !o->bus && evcc_model_bus_names(m, buses, 2) > 1;
  int rc = 2;
  json_t *event = NULL;
  if (evcc_model_build_ir(m, o->bus, &ir, d) && !evcc_diag_failed(d) && (event = load_event(o))) {
    int matched = explain_rules(&ir, event, o, qualify);
    rc = matched < 0 ? 2 : matched > 0 ? 0 : 1;
  }
  json_decref(event);
  evcc_ir_free(&ir);
  return rc;
}

int evcc_cmd_explain(int argc, char **argv) {
  opts_t o;
  memset(&o, 0, sizeof o);
  o.files = calloc((size_t)argc, sizeof *o.files);
  if (!o.files) abort();
  int parsed = parse_opts(argc, argv, &o), rc = parsed < 0 ? 2 : 0;
  if (parsed > 0) {
    evcc_diag_t d;
    evcc_diag_init(&d);
    d.echo = true;
    evcc_model_t m;
    evcc_model_init(&m);
    m.limits = &o.input.limits;
    rc = explain(&o, &m, &d);
    evcc_model_free(&m);
    evcc_diag_free(&d);
  }
  evcc_cli_input_opts_free(&o.input);
  free(o.files);
  return rc;
}
