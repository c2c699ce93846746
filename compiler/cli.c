/* Helpers shared by the CLI commands: reading inputs, printing diagnostics, reading lines. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool evcc_cli_is_help(const char *arg) { return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0; }

char *evcc_cli_read_file(const char *path, size_t *len) {
  bool is_stdin = strcmp(path, "-") == 0;
  FILE *f = is_stdin ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "eventc: %s: %s\n", path, strerror(errno));
    return NULL;
  }
  size_t cap = 65536, n = 0, got;
  char *buf = malloc(cap + 1);
  if (!buf) abort();
  while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      cap *= 2;
      buf = realloc(buf, cap + 1);
      if (!buf) abort();
    }
  }
  bool failed = ferror(f);
  if (!is_stdin) fclose(f);
  if (failed) {
    fprintf(stderr, "eventc: %s: read error\n", path);
    free(buf);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

char *evcc_cli_read_arg(const char *arg, size_t *len, const char **name) {
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
  return evcc_cli_read_file(arg, len);
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
  if (d->echo || d->count == 0) return;
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
