/* Which files a schema $ref may make eventc read: regular files under allowed roots, size-capped. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "ref_policy.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void evcc_ref_policy_free(evcc_ref_policy_t *p) {
  for (size_t i = 0; i < p->nroots; i++) free(p->roots[i]);
  free(p->roots);
  p->roots = NULL;
  p->nroots = 0;
}

/* realpath() into a block of the run (mem.h): realpath(path, NULL)'s own block would leak if a
 * later allocation unwinds. NULL with errno set when the path cannot be resolved. */
static char *real_path(const char *path) {
  char buf[PATH_MAX];
  if (!realpath(path, buf)) return NULL;
  char *real = strdup(buf);
  if (!real) abort();
  return real;
}

bool evcc_ref_policy_add_root(evcc_ref_policy_t *p, const char *dir) {
  char *real = real_path(dir);
  if (!real) return false;
  for (size_t i = 0; i < p->nroots; i++)
    if (strcmp(p->roots[i], real) == 0) {
      free(real);
      return true;
    }
  char **roots = realloc(p->roots, (p->nroots + 1) * sizeof *roots);
  if (!roots) abort();
  p->roots = roots;
  p->roots[p->nroots++] = real;
  return true;
}

bool evcc_ref_policy_add_root_of(evcc_ref_policy_t *p, const char *file) {
  const char *slash = strrchr(file, '/');
  if (!slash) return evcc_ref_policy_add_root(p, ".");
  if (slash == file) return evcc_ref_policy_add_root(p, "/");
  char *dir = strndup(file, (size_t)(slash - file));
  if (!dir) abort();
  bool ok = evcc_ref_policy_add_root(p, dir);
  free(dir);
  return ok;
}

static bool under(const char *path, const char *root) {
  size_t n = strlen(root);
  if (strcmp(root, "/") == 0) return true;
  return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static const char *file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

char *evcc_ref_policy_check(const evcc_ref_policy_t *p, const char *path, char *why, size_t whylen) {
  char *real = real_path(path); /* resolves "..", "." and symbolic links */
  if (!real) {
    snprintf(why, whylen, "%s", strerror(errno));
    return NULL;
  }
  struct stat st;
  if (stat(real, &st) != 0) {
    snprintf(why, whylen, "%s", strerror(errno));
    free(real);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    snprintf(why, whylen, "%s is not a regular file (%s)", real, file_kind(st.st_mode));
    free(real);
    return NULL;
  }
  bool allowed = p->allow_outside;
  for (size_t i = 0; i < p->nroots && !allowed; i++) allowed = under(real, p->roots[i]);
  if (!allowed) {
    snprintf(why, whylen, "%s is outside the directories $ref may read (the input schemas' directories; "
             "widen with --ref-root DIR or --allow-ref-outside)", real);
    free(real);
    return NULL;
  }
  if (p->max_bytes && (unsigned long long)st.st_size > p->max_bytes) {
    snprintf(why, whylen, "%lld bytes, more than the limit of %zu (raise with --max-file-size)",
             (long long)st.st_size, p->max_bytes);
    free(real);
    return NULL;
  }
  return real;
}
