/* Compiles every test group of a JSON-Schema-Test-Suite draft with eventc into one C file of validators and cases. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "buf.h"
#include "doc.h"
#include "emit.h"
#include "symtab.h"
#include "schema_ir.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct gen {
  const char *suite, *draft, *metadir;
  evcc_buf_t code;  /* every group's validators */
  evcc_buf_t cases; /* the case table */
  unsigned ngroup, ncase;
} gen_t;

/* Compiles one group's schema; on failure returns the first diagnostic (malloc'd). */
static char *compile_group(gen_t *g, const evcc_node_t *schema, const char *prefix) {
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_schema_set_t *set = evcc_schema_set_new();
  char remotes[4096];
  snprintf(remotes, sizeof remotes, "%s/remotes", g->suite);
  evcc_schema_set_map_uri(set, "http://localhost:1234/", remotes);
  evcc_schema_set_map_uri(set, "http://json-schema.org/", g->metadir);
  evcc_schema_set_default_draft(set, strcmp(g->draft, "draft4") ? EVCC_DRAFT7 : EVCC_DRAFT4);
  char *why = NULL;
  evcc_emit_ctx_t ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.name = prefix;
  ctx.prefix = prefix;
  ctx.schemas = set;
  ctx.diag = &d;
  ctx.syms = evcc_symtab_new();
  evcc_buf_init(&ctx.h);
  evcc_buf_init(&ctx.c);
  if (evcc_schema_set_add_node(set, schema, "root", true, &d) && evcc_emit_schemas(&ctx) && !evcc_diag_failed(&d)) {
    evcc_buf_put(&g->code, ctx.h.data, ctx.h.len);
    evcc_buf_put(&g->code, ctx.c.data, ctx.c.len);
  }
  for (size_t i = 0; i < d.count && !why; i++) {
    if (d.msgs[i].severity != EVCC_ERROR) continue;
    char line[1024];
    evcc_diag_format(&d.msgs[i], line, sizeof line);
    why = strdup(line);
  }
  evcc_symtab_free(ctx.syms);
  evcc_buf_free(&ctx.h);
  evcc_buf_free(&ctx.c);
  evcc_schema_set_free(set);
  evcc_diag_free(&d);
  return why;
}

static void put_string(evcc_buf_t *b, const evcc_node_t *n) {
  if (n && n->kind == EVCC_NODE_STRING) evcc_buf_c_string(b, n->str, n->len);
  else evcc_buf_puts(b, "\"\"");
}

static void add_cases(gen_t *g, const char *file, const evcc_node_t *group, size_t index, const char *prefix,
                      const char *why) {
  const evcc_node_t *tests = evcc_map_get(group, "tests");
  for (size_t i = 0; tests && i < tests->count; i++) {
    const evcc_node_t *t = tests->items[i], *data = evcc_map_get(t, "data"), *valid = evcc_map_get(t, "valid");
    evcc_buf_t json;
    evcc_buf_init(&json);
    evcc_schema_json(&json, data);
    evcc_buf_puts(&g->cases, "  {");
    evcc_buf_c_string(&g->cases, file, strlen(file));
    evcc_buf_puts(&g->cases, ", ");
    put_string(&g->cases, evcc_map_get(group, "description"));
    evcc_buf_puts(&g->cases, ", ");
    put_string(&g->cases, evcc_map_get(t, "description"));
    evcc_buf_puts(&g->cases, ", ");
    evcc_buf_c_string(&g->cases, json.data, json.len);
    evcc_buf_printf(&g->cases, ", %lu, %d, ", (unsigned long)json.len, valid && valid->boolean);
    if (why) {
      evcc_buf_puts(&g->cases, "NULL, ");
      evcc_buf_c_string(&g->cases, why, strlen(why));
    } else {
      evcc_buf_printf(&g->cases, "%s_root_validate, NULL", prefix);
    }
    evcc_buf_printf(&g->cases, ", %lu},\n", (unsigned long)index);
    evcc_buf_free(&json);
    g->ncase++;
  }
}

static int add_file(gen_t *g, const char *file) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s/%s", g->suite, g->draft, file);
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_doc_t *doc = evcc_doc_load(path, EVCC_SYNTAX_JSON, &d);
  evcc_diag_free(&d);
  if (!doc || doc->root->kind != EVCC_NODE_SEQ) {
    fprintf(stderr, "suite_gen: cannot read %s\n", path);
    evcc_doc_free(doc);
    return 1;
  }
  for (size_t i = 0; i < doc->root->count; i++) {
    const evcc_node_t *group = doc->root->items[i];
    char prefix[32];
    snprintf(prefix, sizeof prefix, "S%u", g->ngroup++);
    char *why = compile_group(g, evcc_map_get(group, "schema"), prefix);
    add_cases(g, file, group, i, prefix, why);
    free(why);
  }
  evcc_doc_free(doc);
  return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Every .json file under dir/rel, as paths relative to dir, sorted. */
static void list_files(const char *dir, const char *rel, char ***files, size_t *n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, rel);
  DIR *d = opendir(path);
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char sub[4096], full[8192];
    snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
    snprintf(full, sizeof full, "%s/%s", dir, sub);
    struct stat st;
    if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
      list_files(dir, sub, files, n);
    } else if (strstr(e->d_name, ".json")) {
      *files = realloc(*files, (*n + 1) * sizeof **files);
      (*files)[(*n)++] = strdup(sub);
    }
  }
  if (d) closedir(d);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: suite_gen SUITE_DIR DRAFT METASCHEMA_DIR OUT.c\n");
    return 2;
  }
  gen_t g = {argv[1], argv[2], argv[3], {0}, {0}, 0, 0};
  int rc = 0;
  char dir[4096], **files = NULL;
  size_t nfile = 0;
  snprintf(dir, sizeof dir, "%s/%s", g.suite, g.draft);
  list_files(dir, "", &files, &nfile);
  qsort(files, nfile, sizeof *files, cmp_str);
  for (size_t i = 0; i < nfile; i++) {
    rc |= add_file(&g, files[i]);
    free(files[i]);
  }
  free(files);
  if (nfile == 0) rc = 1;
  FILE *out = fopen(argv[4], "w");
  if (!out || rc) return 1;
  fprintf(out, "/* Generated by suite_gen from JSON-Schema-Test-Suite %s: do not edit. */\n", g.draft);
  fprintf(out, "#include \"suite.h\"\n\n%s\nconst suite_case_t suite_cases[] = {\n%s};\nconst size_t suite_ncases = %u;\n"
               "const char suite_draft[] = \"%s\";\n",
          g.code.data ? g.code.data : "", g.cases.data ? g.cases.data : "", g.ncase, g.draft);
  evcc_buf_free(&g.code);
  evcc_buf_free(&g.cases);
  return fclose(out) != 0;
}
