/* Runs generated matchers over recorded events and compares with the interpreter's results. */
#include <eventc/scan.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*run_fn)(const char *, size_t, uint32_t *, uint32_t *);
run_fn matcher_run(size_t set);

static int in_small_stack; /* the depth test's thread: no trusted comparison (its walk below recurses) */
static size_t trusted_compared; /* events also matched in trusted mode */

/* Whether trusted mode must give the same matches: any valid event (repeated and dotted member names too). */
int trusted_comparable(const char *ev, size_t len) {
  evc_scan_t s;
  const char *p = evc_scan_begin(&s, ev, len, NULL, NULL);
  if (in_small_stack || !p || evc_scan_finish(&s, evc_scan_skip(&s, p)) != 0) return 0;
  trusted_compared++;
  return 1;
}

static int same(const char *expected, const uint32_t *ids, uint32_t n) {
  char got[4096] = "";
  size_t used = 0;
  for (uint32_t i = 0; i < n && used + 16 < sizeof got; i++)
    used += (size_t)snprintf(got + used, sizeof got - used, "%s%u", i ? "," : "", ids[i]);
  if (!n) strcpy(got, "-");
  return strcmp(got, expected) == 0;
}

/* Checks every recorded (set, event) pair of DATA; 0 when the generated matchers agree on all. */
static int check(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 2;
  size_t set, len, passed = 0, failed = 0;
  long expect;
  static char ids_text[4096];
  static uint32_t ids[4096];
  uint32_t n;
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
             expect, rc, rc == 0 ? n : 0, len > 300 ? 300 : (int)len, ev);
    free(ev);
  }
  fclose(f);
  printf("%zu events also matched in trusted mode\n%zu passed, %zu failed\n", trusted_compared, passed, failed);
  return failed ? 1 : 0;
}

static const char *data_path;
static int thread_rc = 2;

static void *check_thread(void *arg) {
  (void)arg;
  thread_rc = check(data_path);
  return NULL;
}

/* usage: check DATA [STACK_BYTES]: with a stack size, the matchers run in a thread with that stack. */
int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: check DATA [STACK_BYTES]\n");
    return 2;
  }
  if (argc < 3) return check(argv[1]);
  pthread_attr_t attr;
  pthread_t t;
  data_path = argv[1];
  in_small_stack = 1;
  if (pthread_attr_init(&attr) || pthread_attr_setstacksize(&attr, strtoul(argv[2], NULL, 10)) ||
      pthread_create(&t, &attr, check_thread, NULL) || pthread_join(t, NULL))
    return 2;
  printf("(in a thread with a %s-byte stack)\n", argv[2]);
  return thread_rc;
}
