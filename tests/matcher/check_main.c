/* Runs generated matchers over recorded events and compares with the interpreter's results. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*run_fn)(const char *, size_t, uint32_t *, uint32_t *);
run_fn matcher_run(size_t set);

static int same(const char *expected, const uint32_t *ids, uint32_t n) {
  char got[4096] = "";
  size_t used = 0;
  for (uint32_t i = 0; i < n && used + 16 < sizeof got; i++)
    used += (size_t)snprintf(got + used, sizeof got - used, "%s%u", i ? "," : "", ids[i]);
  if (!n) strcpy(got, "-");
  return strcmp(got, expected) == 0;
}

int main(int argc, char **argv) {
  FILE *f = argc > 1 ? fopen(argv[1], "rb") : NULL;
  if (!f) {
    fprintf(stderr, "usage: check DATA\n");
    return 2;
  }
  size_t set, len, passed = 0, failed = 0;
  long expect;
  char ids_text[4096];
  uint32_t ids[4096], n;
  while (fscanf(f, "%zu %ld %4095s %zu", &set, &expect, ids_text, &len) == 4) {
    char *ev = malloc(len + 1);
    if (!ev || fgetc(f) != '\n' || fread(ev, 1, len, f) != len) return 2;
    fgetc(f);
    run_fn run = matcher_run(set);
    int rc = run ? run(ev, len, ids, &n) : -3;
    int ok = expect < 0 ? rc > 0 : rc == 0 && same(ids_text, ids, n);
    if (ok)
      passed++;
    else if (++failed <= 20)
      printf("DISAGREE set m%zu: interpreter %s (%ld), generated rc %d n %u; event: %.*s\n", set, ids_text,
             expect, rc, rc == 0 ? n : 0, (int)len, ev);
    free(ev);
  }
  fclose(f);
  printf("%zu passed, %zu failed\n", passed, failed);
  return failed ? 1 : 0;
}
