/* Runs the validators suite_gen compiled from JSON-Schema-Test-Suite: per-keyword counts, failures list, targets. */
#include "suite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tally {
  char name[128];
  unsigned pass, fail;
} tally_t;

static tally_t keywords[256];
static size_t nkeyword;

static tally_t *tally_of(const char *file) {
  char name[128];
  snprintf(name, sizeof name, "%s", file);
  char *dot = strstr(name, ".json");
  if (dot) *dot = '\0';
  for (size_t i = 0; i < nkeyword; i++)
    if (!strcmp(keywords[i].name, name)) return &keywords[i];
  if (nkeyword == sizeof keywords / sizeof *keywords) abort();
  snprintf(keywords[nkeyword].name, sizeof keywords[nkeyword].name, "%s", name);
  return &keywords[nkeyword++];
}

/* Runs one case; on failure writes the reason into why. */
static int run_case(const suite_case_t *c, char *why, size_t cap) {
  if (!c->validate) {
    snprintf(why, cap, "schema not compiled: %s", c->compile_error);
    return 0;
  }
  evc_error_t err;
  int rc = c->validate(c->data, c->len, &err);
  if ((rc == 0) == (c->valid != 0)) return 1;
  if (rc == 0) {
    snprintf(why, cap, "accepted an invalid instance");
  } else {
    char msg[400];
    evc_error_format(&err, msg, sizeof msg);
    snprintf(why, cap, "rejected a valid instance: %s", msg);
  }
  return 0;
}

/* Lines of the known-failures file, to tell new failures from accepted ones. */
static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = calloc((size_t)n + 1, 1);
  if (s && fread(s, 1, (size_t)n, f) != (size_t)n) s[0] = '\0';
  fclose(f);
  return s;
}

static void print_totals(unsigned req[2], unsigned fmt[2], unsigned opt[2]) {
  printf("%s required: %u passed, %u failed (%.2f%%)\n", suite_draft, req[0], req[1], 100.0 * req[0] / (req[0] + req[1]));
  printf("%s optional/format: %u passed, %u failed (%.2f%%)\n", suite_draft, fmt[0], fmt[1],
         100.0 * fmt[0] / (fmt[0] + fmt[1]));
  printf("%s optional (other): %u passed, %u failed\n", suite_draft, opt[0], opt[1]);
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: suite_run MIN_REQUIRED_PCT MIN_FORMAT_PCT FAILURES_OUT KNOWN_FAILURES\n");
    return 2;
  }
  double min_req = atof(argv[1]), min_fmt = atof(argv[2]);
  FILE *out = fopen(argv[3], "w");
  char *known = read_all(argv[4]);
  unsigned req[2] = {0, 0}, fmt[2] = {0, 0}, opt[2] = {0, 0}, fresh = 0;
  if (!out) return 2;
  fprintf(out, "# JSON-Schema-Test-Suite %s: tests eventc fails, with the reason\n", suite_draft);
  for (size_t i = 0; i < suite_ncases; i++) {
    const suite_case_t *c = &suite_cases[i];
    char why[600];
    int ok = run_case(c, why, sizeof why);
    unsigned *bucket = !strncmp(c->file, "optional/format/", 16) ? fmt : !strncmp(c->file, "optional/", 9) ? opt : req;
    bucket[!ok]++;
    tally_t *t = tally_of(c->file);
    ok ? t->pass++ : t->fail++;
    if (ok) continue;
    char line[1024];
    snprintf(line, sizeof line, "%s %s | %s | %s", suite_draft, c->file, c->group, c->test);
    fprintf(out, "%s: %s\n", line, why);
    if (known && !strstr(known, line)) {
      printf("NEW FAILURE %s: %s\n", line, why);
      fresh++;
    }
  }
  fclose(out);
  for (size_t i = 0; i < nkeyword; i++)
    printf("%s %-40s %u passed, %u failed\n", suite_draft, keywords[i].name, keywords[i].pass, keywords[i].fail);
  print_totals(req, fmt, opt);
  free(known);
  int bad = 100.0 * req[0] < min_req * (req[0] + req[1]) || 100.0 * fmt[0] < min_fmt * (fmt[0] + fmt[1]);
  if (bad) printf("FAIL: below the targets (required %.1f%%, format %.1f%%)\n", min_req, min_fmt);
  if (fresh) printf("FAIL: %u failures not listed in %s\n", fresh, argv[4]);
  return bad || fresh ? 1 : 0;
}
