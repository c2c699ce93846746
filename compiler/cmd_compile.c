/* eventc compile: rule files and event schemas in, NAME.h / NAME.c out (written only on success). */
#include "buf.h"
#include "cli.h"
#include "emit.h"
#include "evcc_version.h"
#include "model.h"
#include "rule_schema.h"
#include "schema.h"
#include "symtab.h"
#include "template.h"

#include "eventc/version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "usage: eventc compile -o DIR --name NAME [--prefix P] [--depfile FILE] [--bus NAME]\n"
    "                      [--matcher=auto|code|tables] [-Werror] [-W<name>] [-Wno-<name>] INPUT...\n\n"
    "Compiles rule files (CloudFormation/SAM templates, eventc rules files, JSON event patterns)\n"
    "and event schemas (OpenAPI 3, JSON Schema) into DIR/NAME.h and DIR/NAME.c.\n\n"
    "Options:\n"
    "  -o DIR           output directory (created, with its parents, when missing)\n"
    "  --name NAME      output file names (NAME.h, NAME.c)\n"
    "  --prefix P       public symbol prefix (default: NAME as a C identifier); with several\n"
    "                   buses each bus's symbols are P_<bus>\n"
    "  --depfile FILE   write a Make-syntax dependency file naming every file read\n"
    "  --bus NAME       emit only the matcher of this bus\n"
    "  --matcher=FORM   how a matcher dispatches on a field's value: code (a switch with code per\n"
    "                   case), tables (rows of one constant action array walked by a loop: C\n"
    "                   compile time linear in the rules), auto (default: tables from 64 cases\n"
    "                   of one field on)\n"
    "  -fdiagnostics-format=json|sarif  the diagnostics as one JSON array or one SARIF 2.1.0 log\n"
    "                   on standard error when the command ends\n\n"
    "%s\n"
    "Exit status: 0 written, 1 errors in the inputs (nothing written), 2 bad usage.\n";

typedef struct {
  const char *dir, *name, *prefix, *depfile, *bus, *matcher;
  const char **inputs;
  size_t ninput;
  evcc_cli_input_opts_t input; /* limits and $ref policy */
} opts_t;

/* The form named by --matcher's value (into *form when not NULL); false for another word. */
static bool matcher_form(const char *v, evcc_matcher_form_t *form) {
  static const char *const names[] = {"auto", "code", "tables"};
  static const evcc_matcher_form_t forms[] = {EVCC_MATCHER_AUTO, EVCC_MATCHER_CODE, EVCC_MATCHER_TABLES};
  for (size_t i = 0; i < 3; i++)
    if (strcmp(v, names[i]) == 0) {
      if (form) *form = forms[i];
      return true;
    }
  return false;
}

static int parse_opts(int argc, char **argv, opts_t *o, evcc_diag_t *d) {
  memset(o, 0, sizeof *o);
  o->inputs = calloc((size_t)argc, sizeof *o->inputs);
  if (!o->inputs) abort();
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char **slot = strcmp(a, "-o") == 0          ? &o->dir
                        : strcmp(a, "--name") == 0    ? &o->name
                        : strcmp(a, "--prefix") == 0  ? &o->prefix
                        : strcmp(a, "--depfile") == 0 ? &o->depfile
                        : strcmp(a, "--bus") == 0     ? &o->bus
                        : strcmp(a, "--matcher") == 0 ? &o->matcher
                                                      : NULL;
    if (evcc_cli_is_help(a)) {
      printf(usage_text, evcc_cli_input_opts_help);
      return 0;
    }
    int taken = evcc_cli_input_option(&o->input, true, argc, argv, &i);
    if (taken) {
      if (taken < 0) return 2;
    } else if (slot) {
      if (i + 1 >= argc) {
        fprintf(stderr, "eventc compile: %s needs a value\n", a);
        return 2;
      }
      *slot = argv[++i];
    } else if (strncmp(a, "--matcher=", 10) == 0) {
      o->matcher = a + 10;
    } else if (strncmp(a, "-W", 2) == 0) {
      if (!evcc_diag_flag(d, a)) {
        fprintf(stderr, "eventc compile: unknown warning option '%s'\n", a);
        return 2;
      }
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "eventc compile: unknown option '%s'\n\n", a);
      fprintf(stderr, usage_text, evcc_cli_input_opts_help);
      return 2;
    } else
      o->inputs[o->ninput++] = a;
  }
  if (!o->dir || !o->name || !o->ninput) {
    fprintf(stderr, "eventc compile: -o, --name and at least one input are required\n\n");
    fprintf(stderr, usage_text, evcc_cli_input_opts_help);
    return 2;
  }
  if (o->matcher && !matcher_form(o->matcher, NULL)) {
    fprintf(stderr, "eventc compile: --matcher takes auto, code or tables, not '%s'\n", o->matcher);
    return 2;
  }
  return -1;
}

/* Loads every input: schemas into the set, everything else as rule files. */
static void load_inputs(const opts_t *o, evcc_model_t *m, evcc_schema_set_t *set, evcc_diag_t *d) {
  for (size_t i = 0; i < o->ninput; i++) {
    evcc_doc_t *doc = evcc_doc_load_limited(o->inputs[i], EVCC_SYNTAX_AUTO, &o->input.limits, d);
    if (!doc) continue;
    if (evcc_schema_doc_is_schema(doc)) {
      evcc_schema_set_add(set, doc, d);
      continue;
    }
    evcc_doc_free(doc);
    evcc_model_load_file(m, o->inputs[i], d);
  }
}

static char *ident(const char *s) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  if (s[0] >= '0' && s[0] <= '9') evcc_buf_putc(&b, '_');
  evcc_buf_c_ident(&b, s, strlen(s));
  return evcc_buf_take(&b);
}

static void prologue(evcc_emit_ctx_t *ctx, const char *guard) {
  evcc_buf_t inputs, hname, cname;
  evcc_buf_init(&inputs);
  evcc_buf_init(&hname);
  evcc_buf_init(&cname);
  for (size_t i = 0; i < ctx->ninput; i++) {
    evcc_buf_puts(&inputs, " *   ");
    evcc_buf_c_comment_text(&inputs, ctx->inputs[i], strlen(ctx->inputs[i]));
    evcc_buf_putc(&inputs, '\n');
  }
  evcc_buf_printf(&hname, "%s.h", ctx->name);
  evcc_buf_printf(&cname, "%s.c", ctx->name);
  evcc_tvar_t hv[] = {{"FILE", hname.data}, {"VERSION", EVCC_VERSION}, {"INPUTS", inputs.data}};
  evcc_tvar_t cv[] = {{"FILE", cname.data}, {"VERSION", EVCC_VERSION}, {"INPUTS", inputs.data}};
  evcc_template_render(&ctx->h, "banner.in", hv, 3);
  evcc_template_render(&ctx->c, "banner.in", cv, 3);
  evcc_buf_printf(&ctx->h,
                  "#ifndef %s\n#define %s\n\n#include <eventc/error.h>\n#include <eventc/scan.h>\n"
                  "#include <eventc/version.h>\n\n#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n\n"
                  "#ifdef EVENTC_WITH_JANSSON\n#include <jansson.h>\n#endif\n\n"
                  "#ifdef __cplusplus\nextern \"C\" {\n#endif\n",
                  guard, guard);
  evcc_buf_puts(&ctx->c, "#include ");
  evcc_buf_c_string(&ctx->c, hname.data, hname.len);
  evcc_buf_printf(&ctx->c,
                  "\n\n#include <eventc/match.h>\n\n#include <stdlib.h>\n#include <string.h>\n\n"
                  "#if EVC_ABI_VERSION != %d\n#error \"generated by eventc %s for libeventc ABI %d: regenerate it "
                  "or use the matching libeventc headers\"\n#endif\n\n",
                  EVC_ABI_VERSION, EVCC_VERSION, EVC_ABI_VERSION);
  evcc_buf_free(&inputs);
  evcc_buf_free(&hname);
  evcc_buf_free(&cname);
}

/* Whether identifiers made as PREFIX_name would be reserved ("_Foo", "a__b", "x_" + "_name"). */
static bool reserved_prefix(const char *prefix) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_buf_printf(&b, "%s_x", prefix);
  bool reserved = evcc_sym_reserved(b.data);
  evcc_buf_free(&b);
  return reserved;
}

/* Where bus `name` is declared, else its first rule. */
static evcc_loc_t bus_loc(const evcc_model_t *m, const char *name) {
  for (size_t i = 0; i < m->nbus; i++)
    if (!strcmp(m->buses[i].name, name)) return m->buses[i].loc;
  for (size_t i = 0; i < m->nrule; i++)
    if (!strcmp(m->rules[i].bus, name)) return m->rules[i].loc;
  return (evcc_loc_t){0};
}

/* Two buses whose names make the same symbol prefix would share every name: said once, plainly. */
static bool prefix_taken(const evcc_emit_ctx_t *ctx, const char **names, char **syms, size_t i) {
  for (size_t j = 0; j < i; j++) {
    if (strcmp(syms[i], syms[j]) != 0) continue;
    evcc_error(ctx->diag, bus_loc(ctx->model, names[i]),
               "bus \"%s\" and bus \"%s\" both make the C symbol prefix %s: compile them into separate "
               "outputs (--bus, --name, --prefix)", names[i], names[j], syms[i]);
    evcc_note(ctx->diag, bus_loc(ctx->model, names[j]), "bus \"%s\" is here", names[j]);
    return true;
  }
  return false;
}

/*
 * Generated names are the prefix, a field path (cut at 96 characters) and a suffix; the emitter
 * builds them in fixed buffers, so a longer prefix is refused instead of producing C that does not
 * compile.
 */
#define MAX_SYMBOL_PREFIX 100

static bool prefix_too_long(const evcc_emit_ctx_t *ctx, const char *bus, const char *sym) {
  if (strlen(sym) <= MAX_SYMBOL_PREFIX) return false;
  evcc_error(ctx->diag, bus_loc(ctx->model, bus),
             "the C symbol prefix of bus \"%s\" is %zu characters long (at most %d): choose a shorter --prefix or "
             "--name, or compile the bus alone with --bus", bus, strlen(sym), MAX_SYMBOL_PREFIX);
  return true;
}

static bool emit_buses(evcc_emit_ctx_t *ctx, const opts_t *o) {
  const char *names[1024];
  char *syms[1024];
  size_t nbus = o->bus ? 1 : evcc_model_bus_names(ctx->model, names, 1024);
  if (o->bus) names[0] = o->bus;
  bool ok = true;
  for (size_t i = 0; i < nbus; i++) {
    evcc_emit_bus_t bus;
    evcc_buf_t sym;
    evcc_buf_init(&sym);
    evcc_buf_puts(&sym, ctx->prefix);
    if (nbus > 1) {
      evcc_buf_putc(&sym, '_');
      evcc_sym_segment(&sym, names[i], strlen(names[i]), "bus");
    }
    syms[i] = evcc_buf_take(&sym);
    if (prefix_too_long(ctx, names[i], syms[i]) || prefix_taken(ctx, names, syms, i)) {
      ok = false;
      continue;
    }
    evcc_buf_t archive_fields;
    evcc_buf_init(&archive_fields);
    bus.bus_name = names[i];
    bus.loc = bus_loc(ctx->model, names[i]);
    bus.sym = syms[i];
    evcc_ir_init(&bus.ir);
    if (evcc_model_build_ir(ctx->model, names[i], &bus.ir, ctx->diag)) {
      ok &= evcc_emit_matcher(ctx, &bus) && evcc_emit_archives(ctx, &bus, &archive_fields); /* no cascade from a clash */
      bus.archive_fields = archive_fields.data;
      ok &= ok && evcc_emit_targets(ctx, &bus);
    } else
      ok = false;
    evcc_buf_free(&archive_fields);
    evcc_ir_free(&bus.ir);
  }
  for (size_t i = 0; i < nbus; i++) free(syms[i]);
  return ok;
}

/* Creates the output directory and its missing parents (like mkdir -p); false with a message. */
static bool make_dir(const char *dir) {
  size_t n = strlen(dir);
  char *path = malloc(n + 1);
  bool ok = true;
  if (!path) abort();
  memcpy(path, dir, n + 1);
  for (size_t i = 1; ok && i <= n; i++) {
    if (path[i] != '/' && path[i] != '\0') continue;
    char c = path[i];
    path[i] = '\0';
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "eventc compile: cannot create directory %s: %s\n", path, strerror(errno));
      ok = false;
    }
    path[i] = c;
  }
  free(path);
  return ok;
}

static bool write_file(const char *dir, const char *name, const char *ext, const evcc_buf_t *text) {
  size_t n = strlen(dir) + strlen(name) + strlen(ext) + 8;
  char *path = malloc(n), *tmp = malloc(n + 4);
  if (!path || !tmp) abort();
  snprintf(path, n, "%s/%s%s", dir, name, ext);
  snprintf(tmp, n + 4, "%s.tmp", path);
  FILE *f = fopen(tmp, "wb");
  bool ok = f && fwrite(text->data, 1, text->len, f) == text->len;
  if (f && fclose(f) != 0) ok = false;
  if (ok && rename(tmp, path) != 0) ok = false;
  if (!ok) {
    fprintf(stderr, "eventc compile: cannot write %s\n", path);
    remove(tmp);
  }
  free(path);
  free(tmp);
  return ok;
}

/* Make syntax: spaces and '#' escaped with a backslash, '$' doubled. */
static void dep_path(evcc_buf_t *b, const char *p) {
  for (; *p; p++) {
    if (*p == ' ' || *p == '#' || *p == '\\') evcc_buf_putc(b, '\\');
    if (*p == '$') evcc_buf_putc(b, '$');
    evcc_buf_putc(b, *p);
  }
}

static bool write_depfile(const opts_t *o, const evcc_model_t *m, const evcc_schema_set_t *set) {
  evcc_buf_t b;
  evcc_buf_init(&b);
  const char *const *sfiles = NULL;
  size_t ns = evcc_schema_set_files(set, &sfiles);
  evcc_buf_t out;
  evcc_buf_init(&out);
  evcc_buf_printf(&out, "%s/%s.h", o->dir, o->name);
  dep_path(&b, out.data);
  evcc_buf_putc(&b, ' ');
  out.len = 0;
  evcc_buf_printf(&out, "%s/%s.c", o->dir, o->name);
  dep_path(&b, out.data);
  evcc_buf_putc(&b, ':');
  size_t total = o->ninput + m->nfile + ns;
  const char **all = calloc(total + 1, sizeof *all);
  if (!all) abort();
  size_t n = 0;
  for (size_t i = 0; i < total; i++) {
    const char *f = i < o->ninput ? o->inputs[i] : i < o->ninput + m->nfile ? m->files[i - o->ninput]
                                                                           : sfiles[i - o->ninput - m->nfile];
    bool dup = strcmp(f, "-") == 0;
    for (size_t j = 0; j < n && !dup; j++) dup = strcmp(all[j], f) == 0;
    if (dup) continue;
    all[n++] = f;
    evcc_buf_puts(&b, " \\\n  ");
    dep_path(&b, f);
  }
  evcc_buf_putc(&b, '\n');
  FILE *fp = fopen(o->depfile, "wb");
  bool ok = fp && fwrite(b.data, 1, b.len, fp) == b.len;
  if (fp && fclose(fp) != 0) ok = false;
  if (!ok) fprintf(stderr, "eventc compile: cannot write %s\n", o->depfile);
  free(all);
  evcc_buf_free(&out);
  evcc_buf_free(&b);
  return ok;
}

static int compile(const opts_t *o, evcc_diag_t *d) {
  evcc_model_t m;
  evcc_model_init(&m);
  m.limits = &o->input.limits;
  evcc_schema_set_t *set = evcc_schema_set_new();
  if (!evcc_cli_apply_schema_opts(&o->input, set)) {
    evcc_schema_set_free(set);
    return 2;
  }
  load_inputs(o, &m, set, d);
  evcc_model_check_buses(&m, d);
  evcc_rule_schema_check(&m, set, d);
  evcc_emit_ctx_t ctx;
  memset(&ctx, 0, sizeof ctx);
  char *prefix = ident(o->prefix ? o->prefix : o->name);
  char *guard_base = ident(o->name);
  evcc_buf_t guard;
  evcc_buf_init(&guard);
  for (const char *p = guard_base; *p; p++) evcc_buf_putc(&guard, (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p));
  evcc_buf_puts(&guard, "_EVENTC_H");
  ctx.name = o->name;
  ctx.prefix = prefix;
  ctx.inputs = o->inputs;
  ctx.ninput = o->ninput;
  ctx.model = &m;
  ctx.schemas = set;
  ctx.diag = d;
  if (o->matcher) matcher_form(o->matcher, &ctx.matcher);
  ctx.syms = evcc_symtab_new();
  if (reserved_prefix(prefix))
    evcc_error(d, (evcc_loc_t){0}, "the symbol prefix %s makes reserved C identifiers (a leading '_' and capital, or "
               "\"__\"): choose another --prefix", prefix);
  evcc_buf_init(&ctx.h);
  evcc_buf_init(&ctx.c);
  int rc = 1;
  if (!evcc_diag_failed(d)) {
    prologue(&ctx, guard.data);
    bool ok = emit_buses(&ctx, o);
    ok &= evcc_emit_schemas(&ctx);
    evcc_buf_printf(&ctx.h, "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s */\n", guard.data);
    if (ok && !evcc_diag_failed(d)) {
      rc = make_dir(o->dir) && write_file(o->dir, o->name, ".h", &ctx.h) && write_file(o->dir, o->name, ".c", &ctx.c)
               ? 0
               : 1;
      if (rc == 0 && o->depfile && !write_depfile(o, &m, set)) rc = 1;
    }
  }
  evcc_buf_free(&ctx.h);
  evcc_buf_free(&ctx.c);
  evcc_symtab_free(ctx.syms);
  evcc_buf_free(&guard);
  free(guard_base);
  free(prefix);
  evcc_schema_set_free(set);
  evcc_model_free(&m);
  return rc;
}

int evcc_cmd_compile(int argc, char **argv) {
  evcc_diag_t d;
  evcc_diag_init(&d);
  d.echo = true;
  opts_t o;
  int rc = parse_opts(argc, argv, &o, &d);
  if (rc < 0) rc = compile(&o, &d);
  free(o.inputs);
  evcc_cli_input_opts_free(&o.input);
  evcc_diag_free(&d);
  return rc;
}
