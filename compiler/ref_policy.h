/* Which files a schema $ref may make eventc read: regular files under allowed roots, size-capped. */
#ifndef EVCC_REF_POLICY_H
#define EVCC_REF_POLICY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct evcc_ref_policy {
  char **roots;        /* canonical directories (realpath), owned */
  size_t nroots;
  bool allow_outside;  /* --allow-ref-outside: any regular file */
  size_t max_bytes;    /* largest file a $ref may load */
} evcc_ref_policy_t;

void evcc_ref_policy_free(evcc_ref_policy_t *p);

/* Allows files under `dir` (canonicalised; false when it does not exist). */
bool evcc_ref_policy_add_root(evcc_ref_policy_t *p, const char *dir);
/* Allows the directory that holds `file` (the schema given on the command line). */
bool evcc_ref_policy_add_root_of(evcc_ref_policy_t *p, const char *file);

/*
 * Decides whether `path` may be read for a $ref. On success returns its canonical path
 * (malloc'd); otherwise NULL with the reason in `why` ("not a regular file (a character device)",
 * "outside the allowed directories ...", "N bytes, more than ...").
 */
char *evcc_ref_policy_check(const evcc_ref_policy_t *p, const char *path, char *why, size_t whylen);

#endif
