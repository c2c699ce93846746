/* Linked into the compiler front-end fuzz targets with -Wl,--wrap=fopen: a fuzzed input reads no file. */
#include <errno.h>
#include <stdio.h>

/*
 * A fuzzed $ref must not read the machine's files (a $ref to /dev/zero stalls the run: that
 * loader issue is fixed on another branch). Loading a referenced file becomes the ordinary
 * "cannot load" error path, which stays covered.
 */
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode) {
  (void)path;
  (void)mode;
  errno = EACCES;
  return NULL;
}
