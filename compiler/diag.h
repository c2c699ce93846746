/* Diagnostics of the eventc compiler: gcc-style file:line:col messages, named warnings, caps. */
#ifndef EVCC_DIAG_H
#define EVCC_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* A position in an input file; line and col are 1-based, 0 means unknown. */
typedef struct evcc_loc {
  const char *file;
  unsigned line;
  unsigned col;
} evcc_loc_t;

/* Every named warning, once: X(ENUM, "flag-name", on-by-default). */
#define EVCC_WARNINGS(X)                                                                 \
  X(PATTERN_SIZE, "pattern-size", true)       /* pattern over 2,048 characters */        \
  X(UNKNOWN_FIELD, "unknown-field", true)     /* key eventc does not know in a rule file */ \
  X(UNKNOWN_KEYWORD, "unknown-keyword", true) /* JSON Schema keyword eventc ignores */   \
  X(IGNORED_FIELD, "ignored-field", true)     /* known AWS field with no local meaning */ \
  X(LARGE_AUTOMATON, "large-automaton", true) /* one rule's wildcard automaton is large */ \
  X(SCHEMA_FALLBACK, "schema-fallback", true) /* schema construct mapped to a generic JSON view */ \
  X(UNDECLARED_BUS, "undeclared-bus", true)   /* a template names a bus no input declares */ \
  X(UNKNOWN_TYPE, "unknown-type", true)       /* AWS::Events::/AWS::Serverless:: type or SAM event type unknown */ \
  X(RULE_SCHEMA, "rule-schema", true)         /* the event schemas say a rule condition never holds */ \
  X(INCOMPATIBLE_UPDATE, "incompatible-update", true) /* infer --update cannot stay backward compatible */ \
  X(SKIPPED_EVENT, "skipped-event", true)     /* infer skips a line that is not JSON or a valid PutEvents entry */

typedef enum evcc_warning {
#define EVCC_W_ENUM(id, name, on) EVCC_W_##id,
  EVCC_WARNINGS(EVCC_W_ENUM)
#undef EVCC_W_ENUM
  EVCC_W__COUNT
} evcc_warning_t;

typedef enum evcc_severity { EVCC_NOTE, EVCC_WARNING, EVCC_ERROR } evcc_severity_t;

/* One emitted diagnostic, kept in memory so tests can inspect it. */
typedef struct evcc_diag_msg {
  evcc_severity_t severity;
  evcc_warning_t warning; /* meaningful when severity == EVCC_WARNING */
  evcc_loc_t loc;         /* loc.file is the diagnostics' own copy: it outlives the document */
  char *text;
} evcc_diag_msg_t;

typedef struct evcc_diag {
  evcc_diag_msg_t *msgs;
  size_t count, cap;
  size_t errors, warnings;
  size_t max_errors;               /* stop recording after this many errors (0 = 20) */
  bool enabled[EVCC_W__COUNT];     /* -W<name> / -Wno-<name> */
  bool werror;                     /* -Werror: warnings count as errors */
  bool echo;                       /* print each message to stderr as it arrives */
  char **files;                    /* file names of recorded messages, owned, each once */
  size_t nfiles;
} evcc_diag_t;

void evcc_diag_init(evcc_diag_t *d);
void evcc_diag_free(evcc_diag_t *d);

/* Parses "-Werror", "-Wno-NAME", "-WNAME"; false if it is not a known warning flag. */
bool evcc_diag_flag(evcc_diag_t *d, const char *arg);

void evcc_error(evcc_diag_t *d, evcc_loc_t loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void evcc_warn(evcc_diag_t *d, evcc_warning_t w, evcc_loc_t loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void evcc_note(evcc_diag_t *d, evcc_loc_t loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* True when errors (or warnings under -Werror) were reported. */
bool evcc_diag_failed(const evcc_diag_t *d);

/* Writes "file:line:col: error: text [-Wname]" for one message. */
void evcc_diag_format(const evcc_diag_msg_t *m, char *out, size_t outlen);

/* Name of a warning ("pattern-size"). */
const char *evcc_warning_name(evcc_warning_t w);

#endif
