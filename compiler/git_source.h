/* Files as they are at a git revision, for `eventc compat git:REF:PATH`: the git and tar commands, run without a shell.
 */
#ifndef EVCC_GIT_SOURCE_H
#define EVCC_GIT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

/* A revision's copy of a file's directory, extracted to a temporary directory. */
typedef struct evcc_git_copy {
  char *tmpdir; /* removed by evcc_git_copy_remove */
  char *file;   /* the file inside tmpdir */
} evcc_git_copy_t;

/*
 * Extracts the directory of `path` as it is at `ref` (so relative $refs resolve in the same revision) from the
 * repository around the current directory. `path` is relative to the repository's top unless it starts with
 * "./" or "../" (then relative to the current directory), as in `git show REF:PATH`. False with the reason.
 */
bool evcc_git_copy(const char *ref, const char *path, evcc_git_copy_t *out, char *err, size_t cap);
void evcc_git_copy_remove(evcc_git_copy_t *c);

/*
 * The commits (newest first, at most `max`) reachable from `ref` (NULL: HEAD) that changed `path` (as for
 * evcc_git_copy; a working-tree path when `ref` is NULL), and the path from the top of the repository.
 * Returns the count; the caller frees each string and the array.
 */
size_t evcc_git_history(const char *ref, const char *path, size_t max, char ***commits, char **top_path);

#endif
