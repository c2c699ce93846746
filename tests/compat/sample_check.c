/* Runs sampled events (NDJSON on stdin) through a generated validator and checks each verdict: `valid` or `invalid`. */
#include "sampled.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*validate_fn)(const char *json, size_t len, evc_error_t *err);

static const struct {
  const char *name;
  validate_fn fn;
} validators[] = {{"AWSEvent", sampled_AWSEvent_validate},
                  {"CityLot", sampled_CityLot_validate},
                  {"Tree", sampled_Tree_validate},
                  {"Ticket", sampled_Ticket_validate},
                  {"Order", sampled_Order_validate}};

static validate_fn find(const char *name) {
  for (size_t i = 0; i < sizeof validators / sizeof *validators; i++)
    if (!strcmp(validators[i].name, name)) return validators[i].fn;
  return NULL;
}

int main(int argc, char **argv) {
  validate_fn fn = argc == 3 ? find(argv[1]) : NULL;
  if (!fn || (strcmp(argv[2], "valid") && strcmp(argv[2], "invalid"))) {
    fprintf(stderr, "usage: sample_check AWSEvent|CityLot|Tree|Ticket|Order valid|invalid < events.ndjson\n");
    return 2;
  }
  int want_valid = !strcmp(argv[2], "valid");
  static char line[1 << 20];
  unsigned long n = 0, wrong = 0;
  while (fgets(line, sizeof line, stdin)) {
    size_t len = strcspn(line, "\n");
    evc_error_t err;
    int rc = fn(line, len, &err);
    n++;
    if ((rc == 0) != want_valid && wrong++ == 0) {
      char why[300];
      evc_error_format(&err, why, sizeof why);
      fprintf(stderr, "event %lu: %s: %.*s\n", n, rc ? why : "accepted", (int)(len > 400 ? 400 : len), line);
    }
  }
  printf("%lu events, %lu %s\n", n, wrong, want_valid ? "refused" : "accepted");
  return n && !wrong ? 0 : 1;
}
