/* One JSON-Schema-Test-Suite test, compiled by suite_gen: the instance and its group's generated validator. */
#ifndef SUITE_H
#define SUITE_H

#include <eventc/validate.h>

#include <stddef.h>

typedef struct suite_case {
  const char *file;  /* "ref.json", "optional/format/email.json" */
  const char *group; /* group description */
  const char *test;  /* test description */
  const char *data;  /* the instance as JSON text */
  size_t len;
  int valid;         /* expected result */
  int (*validate)(const char *json, size_t len, evc_error_t *err); /* NULL: the schema did not compile */
  const char *compile_error;
  unsigned group_index; /* position of the group in its file */
} suite_case_t;

extern const suite_case_t suite_cases[];
extern const size_t suite_ncases;
extern const char suite_draft[];

#endif
