/* Diagnostics: records gcc-style messages in memory, applies -W flags, caps error cascades. */
#include "diag.h"

#include "diag_output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const warning_names[] = {
#define EVCC_W_NAME(id, name, on) name,
    EVCC_WARNINGS(EVCC_W_NAME)
#undef EVCC_W_NAME
};

static const bool warning_default[] = {
#define EVCC_W_ON(id, name, on) on,
    EVCC_WARNINGS(EVCC_W_ON)
#undef EVCC_W_ON
};

void evcc_diag_init(evcc_diag_t *d) {
  memset(d, 0, sizeof *d);
  for (int i = 0; i < EVCC_W__COUNT; i++) d->enabled[i] = warning_default[i];
}

void evcc_diag_free(evcc_diag_t *d) {
  for (size_t i = 0; i < d->count; i++) free(d->msgs[i].text);
  free(d->msgs);
  d->msgs = NULL;
  d->count = d->cap = 0;
  for (size_t i = 0; i < d->nfiles; i++) free(d->files[i]);
  free(d->files);
  d->files = NULL;
  d->nfiles = 0;
}

/*
 * The diagnostics' own copy of a file name: a message may be printed after the document
 * that named the file was freed (a syntax error frees it at once).
 */
static const char *own_file_name(evcc_diag_t *d, const char *file) {
  if (!file) return NULL;
  for (size_t i = d->nfiles; i-- > 0;)
    if (strcmp(d->files[i], file) == 0) return d->files[i];
  char **files = realloc(d->files, (d->nfiles + 1) * sizeof *files);
  char *copy = strdup(file);
  if (!files || !copy) abort();
  d->files = files;
  d->files[d->nfiles++] = copy;
  return copy;
}

const char *evcc_warning_name(evcc_warning_t w) {
  return (unsigned)w < EVCC_W__COUNT ? warning_names[w] : "?";
}

bool evcc_diag_flag(evcc_diag_t *d, const char *arg) {
  if (strcmp(arg, "-Werror") == 0) {
    d->werror = true;
    return true;
  }
  if (strncmp(arg, "-W", 2) != 0) return false;
  const char *name = arg + 2;
  bool on = true;
  if (strncmp(name, "no-", 3) == 0) {
    name += 3;
    on = false;
  }
  for (int i = 0; i < EVCC_W__COUNT; i++) {
    if (strcmp(name, warning_names[i]) == 0) {
      d->enabled[i] = on;
      return true;
    }
  }
  return false;
}

static size_t error_cap(const evcc_diag_t *d) { return d->max_errors ? d->max_errors : 20; }

static void record(evcc_diag_t *d, evcc_severity_t sev, evcc_warning_t w, evcc_loc_t loc,
                   const char *fmt, va_list ap) {
  if (sev == EVCC_ERROR || (sev == EVCC_WARNING && d->werror)) {
    if (++d->errors > error_cap(d)) return;
  } else if (sev == EVCC_WARNING) {
    d->warnings++;
  } else if (d->errors > error_cap(d)) {
    return; /* notes of suppressed errors */
  }
  if (d->count == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 16;
    evcc_diag_msg_t *m = realloc(d->msgs, cap * sizeof *m);
    if (!m) abort();
    d->msgs = m;
    d->cap = cap;
  }
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap2);
  va_end(ap2);
  char *text = malloc((size_t)(n < 0 ? 0 : n) + 1);
  if (!text) abort();
  vsnprintf(text, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
  evcc_diag_msg_t *m = &d->msgs[d->count++];
  m->severity = (sev == EVCC_WARNING && d->werror) ? EVCC_ERROR : sev;
  m->warning = w;
  m->loc = loc;
  m->loc.file = own_file_name(d, loc.file);
  m->text = text;
  if (evcc_diag_output() != EVCC_DIAG_OUTPUT_TEXT) {
    evcc_diag_output_collect(m);
  } else if (d->echo) {
    char line[2048];
    evcc_diag_format(m, line, sizeof line);
    fprintf(stderr, "%s\n", line);
    if (sev == EVCC_ERROR && d->errors == error_cap(d))
      fprintf(stderr, "eventc: too many errors, stopping here\n");
  }
}

void evcc_error(evcc_diag_t *d, evcc_loc_t loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  record(d, EVCC_ERROR, EVCC_W__COUNT, loc, fmt, ap);
  va_end(ap);
}

void evcc_warn(evcc_diag_t *d, evcc_warning_t w, evcc_loc_t loc, const char *fmt, ...) {
  if (!d->enabled[w]) return;
  va_list ap;
  va_start(ap, fmt);
  record(d, EVCC_WARNING, w, loc, fmt, ap);
  va_end(ap);
}

void evcc_note(evcc_diag_t *d, evcc_loc_t loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  record(d, EVCC_NOTE, EVCC_W__COUNT, loc, fmt, ap);
  va_end(ap);
}

bool evcc_diag_failed(const evcc_diag_t *d) { return d->errors > 0; }

void evcc_diag_format(const evcc_diag_msg_t *m, char *out, size_t outlen) {
  static const char *const sev[] = {"note", "warning", "error"};
  char where[512] = "eventc";
  if (m->loc.file && m->loc.line)
    snprintf(where, sizeof where, "%s:%u:%u", m->loc.file, m->loc.line, m->loc.col ? m->loc.col : 1);
  else if (m->loc.file)
    snprintf(where, sizeof where, "%s", m->loc.file);
  if (m->warning < EVCC_W__COUNT)
    snprintf(out, outlen, "%s: %s: %s [-W%s%s]", where, sev[m->severity], m->text,
             m->severity == EVCC_ERROR ? "error=" : "", evcc_warning_name(m->warning));
  else
    snprintf(out, outlen, "%s: %s: %s", where, sev[m->severity], m->text);
}
