/* Helpers shared by the CLI commands: reading inputs, printing diagnostics, reading lines. */
#include "cli.h"

#include "diag_output.h"
#include "schema.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool evcc_cli_is_help(const char *arg) { return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0; }

char *evcc_cli_read_file(const char *path, size_t max, size_t *len) {
  bool is_stdin = strcmp(path, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "eventc: %s: %s\n", path, strerror(errno));
    return NULL;
  }
  size_t cap = 65536, n = 0, got;
  char *buf = malloc(cap + 1);
  if (!buf) abort();
  while ((!max || n <= max) && (got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      cap *= 2;
      buf = realloc(buf, cap + 1);
      if (!buf) abort();
    }
  }
  bool failed = ferror(f);
  if (!is_stdin) fclose(f);
  if (failed || (max && n > max)) {
    if (failed) fprintf(stderr, "eventc: %s: read error\n", path);
    else fprintf(stderr, "eventc: %s: larger than the limit of %zu bytes (raise with --max-file-size)\n", path, max);
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

char *evcc_cli_read_arg(const char *arg, size_t max, size_t *len, const char **name) {
  const char *p = arg;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  if (*p == '{' || *p == '[' || *p == '"') { /* inline JSON */
    *name = "<inline>";
    *len = strlen(arg);
    char *copy = strdup(arg);
    if (!copy) abort();
    return copy;
  }
  *name = strcmp(arg, "-") == 0 ? "<stdin>" : arg;
  return evcc_cli_read_file(arg, max, len);
}

const char evcc_cli_input_opts_help[] =
    "Limits on input files (a file over a limit is an error, never a crash or a hang):\n"
    "  --max-file-size N  bytes of one input file or $ref target (default 16M; K, M, G suffixes)\n"
    "  --max-depth N      nesting of mappings/sequences, and of schemas through $ref (default 1100)\n"
    "  --max-nodes N      values of one document, YAML aliases counted as what they expand to\n"
    "                     (default 1000000)\n"
    "  --ref-root DIR     a schema $ref may also read files under DIR (repeatable); by default only\n"
    "                     regular files under the directory of the schema given\n"
    "  --allow-ref-outside  a schema $ref may read any regular file\n";

/* A positive count with an optional binary K/M/G suffix; 0 when it is not one. */
static size_t parse_count(const char *s) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (end == s || errno || s[0] == '-') return 0;
  unsigned shift = *end == 'K' || *end == 'k' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
  if (shift) end++;
  if (*end || v > (SIZE_MAX >> shift)) return 0;
  return (size_t)(v << shift);
}

int evcc_cli_input_option(evcc_cli_input_opts_t *o, bool all, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  size_t *slot = strcmp(a, "--max-file-size") == 0      ? &o->limits.max_file_bytes
                 : all && strcmp(a, "--max-depth") == 0 ? &o->limits.max_depth
                 : all && strcmp(a, "--max-nodes") == 0 ? &o->limits.max_nodes
                                                        : NULL;
  if (all && strcmp(a, "--allow-ref-outside") == 0) {
    o->allow_ref_outside = true;
    return 1;
  }
  bool root = all && strcmp(a, "--ref-root") == 0;
  if (!slot && !root) return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "eventc: %s needs a value\n", a);
    return -1;
  }
  const char *v = argv[++*i];
  if (root) {
    const char **roots = realloc(o->ref_roots, (o->nref_roots + 1) * sizeof *roots);
    if (!roots) abort();
    o->ref_roots = roots;
    o->ref_roots[o->nref_roots++] = v;
    return 1;
  }
  *slot = parse_count(v);
  if (!*slot) {
    fprintf(stderr, "eventc: %s needs a positive number, not '%s'\n", a, v);
    return -1;
  }
  return 1;
}

void evcc_cli_input_opts_free(evcc_cli_input_opts_t *o) {
  free(o->ref_roots);
  o->ref_roots = NULL;
  o->nref_roots = 0;
}

bool evcc_cli_apply_schema_opts(const evcc_cli_input_opts_t *o, evcc_schema_set_t *set) {
  evcc_schema_set_limits(set, &o->limits);
  evcc_schema_set_allow_ref_outside(set, o->allow_ref_outside);
  for (size_t i = 0; i < o->nref_roots; i++)
    if (!evcc_schema_set_ref_root(set, o->ref_roots[i])) {
      fprintf(stderr, "eventc: --ref-root %s: %s\n", o->ref_roots[i], strerror(errno));
      return false;
    }
  return true;
}

/* A message with the notes that follow it, sorted as one unit. */
typedef struct {
  const evcc_diag_msg_t *head;
  size_t count;
  size_t file_rank;
} diag_group_t;

static int group_cmp(const void *a, const void *b) {
  const diag_group_t *x = a, *y = b;
  if (x->file_rank != y->file_rank) return x->file_rank < y->file_rank ? -1 : 1;
  if (x->head->loc.line != y->head->loc.line) return x->head->loc.line < y->head->loc.line ? -1 : 1;
  if (x->head->loc.col != y->head->loc.col) return x->head->loc.col < y->head->loc.col ? -1 : 1;
  return x->head < y->head ? -1 : 1; /* stable */
}

static size_t file_rank(const evcc_diag_t *d, const char *file) {
  for (size_t i = 0; i < d->count; i++)
    if (d->msgs[i].loc.file == file || (file && d->msgs[i].loc.file && strcmp(d->msgs[i].loc.file, file) == 0))
      return i;
  return d->count;
}

void evcc_cli_print_diags(const evcc_diag_t *d) {
  if (d->echo || d->count == 0 || evcc_diag_output() != EVCC_DIAG_OUTPUT_TEXT) return;
  diag_group_t *groups = calloc(d->count, sizeof *groups);
  if (!groups) abort();
  size_t n = 0;
  for (size_t i = 0; i < d->count; i++) {
    if (d->msgs[i].severity == EVCC_NOTE && n) {
      groups[n - 1].count++;
      continue;
    }
    groups[n++] = (diag_group_t){&d->msgs[i], 1, file_rank(d, d->msgs[i].loc.file)};
  }
  qsort(groups, n, sizeof *groups, group_cmp);
  char line[2048];
  for (size_t g = 0; g < n; g++)
    for (size_t k = 0; k < groups[g].count; k++) {
      evcc_diag_format(&groups[g].head[k], line, sizeof line);
      fprintf(stderr, "%s\n", line);
    }
  free(groups);
}

bool evcc_cli_getline(FILE *f, char **buf, size_t *cap, size_t *len) {
  size_t n = 0;
  int c;
  if (!*buf) {
    *cap = 4096;
    *buf = malloc(*cap);
    if (!*buf) abort();
  }
  while ((c = fgetc(f)) != EOF) {
    if (n + 1 >= *cap) {
      *cap *= 2;
      *buf = realloc(*buf, *cap);
      if (!*buf) abort();
    }
    if (c == '\n') break;
    (*buf)[n++] = (char)c;
  }
  if (c == EOF && n == 0) return false;
  if (n && (*buf)[n - 1] == '\r') n--;
  (*buf)[n] = '\0';
  *len = n;
  return true;
}
