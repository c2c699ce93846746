/* Runs git (and tar) with posix_spawnp: revisions of schema files for `eventc compat`. */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */
#include "git_source.h"

#include "buf.h"

#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Runs argv; with `out`, its standard output is collected there. True when it exited 0. */
static bool run(char *const argv[], evcc_buf_t *out) {
  int fds[2] = {-1, -1};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (out && pipe(fds) == 0) {
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
  }
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 0, 0);
  if (!out) posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1, 0);
  pid_t pid;
  bool started = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) == 0;
  posix_spawn_file_actions_destroy(&fa);
  if (fds[1] >= 0) close(fds[1]);
  char chunk[4096];
  ssize_t got;
  while (started && fds[0] >= 0 && (got = read(fds[0], chunk, sizeof chunk)) > 0) evcc_buf_put(out, chunk, (size_t)got);
  if (fds[0] >= 0) close(fds[0]);
  int status = 0;
  return started && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* First line of a command's output, or NULL. */
static char *run_line(char *const argv[]) {
  evcc_buf_t out;
  evcc_buf_init(&out);
  if (!run(argv, &out)) {
    evcc_buf_free(&out);
    return NULL;
  }
  evcc_buf_puts(&out, "");
  out.data[strcspn(out.data, "\n")] = '\0';
  return evcc_buf_take(&out);
}

/* prefix + path with "." and ".." segments resolved; NULL when it leaves the top. */
static char *top_relative(const char *prefix, const char *path) {
  char *joined = malloc(strlen(prefix) + strlen(path) + 2), *out = malloc(strlen(prefix) + strlen(path) + 2);
  if (!joined || !out) abort();
  sprintf(joined, "%s%s", prefix, path);
  size_t len = 0;
  bool ok = true;
  for (char *seg = strtok(joined, "/"); seg && ok; seg = strtok(NULL, "/")) {
    if (!strcmp(seg, ".")) continue;
    if (strcmp(seg, "..")) {
      len += (size_t)sprintf(out + len, "%s%s", len ? "/" : "", seg);
      continue;
    }
    ok = len > 0;
    while (len > 0 && out[len - 1] != '/') len--;
    if (len) len--;
  }
  out[len] = '\0';
  free(joined);
  if (!ok) free(out);
  return ok ? out : NULL;
}

/* The repository's top directory and `path` relative to it. */
static bool locate(const char *path, bool from_cwd, char **top, char **rel) {
  char *top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL},
       *pre_argv[] = {"git", "rev-parse", "--show-prefix", NULL};
  *top = run_line(top_argv);
  char *prefix = *top ? run_line(pre_argv) : NULL;
  *rel = NULL;
  if (prefix) {
    bool cwd_relative = from_cwd || !strncmp(path, "./", 2) || !strncmp(path, "../", 3);
    size_t tl = strlen(*top);
    if (path[0] == '/' && !strncmp(path, *top, tl) && path[tl] == '/')
      *rel = top_relative("", path + tl + 1);
    else
      *rel = top_relative(cwd_relative ? prefix : "", path);
  }
  free(prefix);
  return *rel != NULL;
}

static int remove_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb, (void)flag, (void)ftw;
  return remove(p);
}

void evcc_git_copy_remove(evcc_git_copy_t *c) {
  if (c->tmpdir) nftw(c->tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  free(c->tmpdir);
  free(c->file);
  c->tmpdir = c->file = NULL;
}

bool evcc_git_copy(const char *ref, const char *path, evcc_git_copy_t *out, char *err, size_t cap) {
  char *top = NULL, *rel = NULL;
  memset(out, 0, sizeof *out);
  if (!locate(path, false, &top, &rel)) {
    snprintf(err, cap, top ? "\"%s\" is outside the repository" : "not in a git repository (git rev-parse failed)",
             path);
    free(top), free(rel);
    return false;
  }
  const char *tmp = getenv("TMPDIR");
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_buf_printf(&b, "%s/eventc-compat-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  out->tmpdir = evcc_buf_take(&b);
  bool made = mkdtemp(out->tmpdir) != NULL;
  char *dir = strdup(rel), *slash = strrchr(dir, '/'), *tar = malloc(strlen(out->tmpdir) + 16);
  if (!dir || !tar) abort();
  if (slash) *slash = '\0';
  sprintf(tar, "%s/rev.tar", out->tmpdir);
  evcc_buf_printf(&b, "--output=%s", tar);
  char *archive_argv[] = {"git", "-C", top, "archive", b.data, (char *)ref, "--", slash ? dir : ".", NULL};
  char *tar_argv[] = {"tar", "-xf", tar, "-C", out->tmpdir, NULL};
  bool ok = made && run(archive_argv, NULL) && run(tar_argv, NULL) && remove(tar) == 0;
  if (!made) free(out->tmpdir), out->tmpdir = NULL;
  if (ok) {
    evcc_buf_t file;
    evcc_buf_init(&file);
    evcc_buf_printf(&file, "%s/%s", out->tmpdir, rel);
    out->file = evcc_buf_take(&file);
  } else {
    snprintf(err, cap, "cannot read \"%s\" at revision \"%s\" (git archive failed)", rel, ref);
    evcc_git_copy_remove(out);
  }
  evcc_buf_free(&b);
  free(dir), free(tar), free(top), free(rel);
  return ok;
}

size_t evcc_git_history(const char *ref, const char *path, size_t max, char ***commits, char **top_path) {
  char *top = NULL, *rel = NULL, count[32];
  size_t n = 0;
  *commits = NULL;
  *top_path = NULL;
  if (locate(path, ref == NULL, &top, &rel)) {
    snprintf(count, sizeof count, "--max-count=%zu", max);
    char *argv[] = {"git", "-C", top, "log", "--format=%H", count, ref ? (char *)ref : "HEAD", "--", rel, NULL};
    evcc_buf_t out;
    evcc_buf_init(&out);
    if (run(argv, &out) && out.data) {
      for (char *line = strtok(out.data, "\n"); line; line = strtok(NULL, "\n")) {
        *commits = realloc(*commits, (n + 1) * sizeof **commits);
        if (!*commits) abort();
        (*commits)[n++] = strdup(line);
      }
    }
    evcc_buf_free(&out);
    *top_path = rel;
    rel = NULL;
  }
  free(top), free(rel);
  return n;
}
