/* Machine-readable diagnostics: collects every message of the process, writes JSON or SARIF 2.1.0. */
#include "diag_output.h"

#include "buf.h"
#include "evcc_version.h"

#include <stdlib.h>
#include <string.h>

/* One collected message: its own copies, since the evcc_diag_t that recorded it is freed first. */
typedef struct {
  evcc_severity_t severity;
  evcc_warning_t warning;
  char *file;
  unsigned line, col;
  char *text;
} collected_t;

static evcc_diag_output_t output_format = EVCC_DIAG_OUTPUT_TEXT;
static collected_t *collected;
static size_t ncollected, collected_cap;

int evcc_diag_output_option(const char *arg) {
  static const char opt[] = "-fdiagnostics-format=";
  if (strncmp(arg, opt, sizeof opt - 1) != 0) return 0;
  const char *v = arg + sizeof opt - 1;
  if (strcmp(v, "text") == 0)
    output_format = EVCC_DIAG_OUTPUT_TEXT;
  else if (strcmp(v, "json") == 0)
    output_format = EVCC_DIAG_OUTPUT_JSON;
  else if (strcmp(v, "sarif") == 0)
    output_format = EVCC_DIAG_OUTPUT_SARIF;
  else {
    fprintf(stderr, "eventc: unknown diagnostics format '%s' (text, json or sarif)\n", v);
    return -1;
  }
  return 1;
}

evcc_diag_output_t evcc_diag_output(void) {
  return output_format;
}

static char *copy_or_null(const char *s) {
  if (!s) return NULL;
  char *c = strdup(s);
  if (!c) abort();
  return c;
}

void evcc_diag_output_collect(const evcc_diag_msg_t *m) {
  if (ncollected == collected_cap) {
    collected_cap = collected_cap ? collected_cap * 2 : 16;
    collected = realloc(collected, collected_cap * sizeof *collected);
    if (!collected) abort();
  }
  collected[ncollected++] =
      (collected_t){m->severity, m->warning, copy_or_null(m->loc.file), m->loc.line, m->loc.col, copy_or_null(m->text)};
}

static void forget_collected(void) {
  for (size_t i = 0; i < ncollected; i++) {
    free(collected[i].file);
    free(collected[i].text);
  }
  free(collected);
  collected = NULL;
  ncollected = collected_cap = 0;
}

/* ---- JSON text ---- */

/* Length of the valid UTF-8 sequence at s[0..n), 0 when it is not one. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
  if (!len || len > n || (len == 2 && s[0] < 0xC2) || (len == 4 && s[0] > 0xF4)) return 0;
  for (size_t i = 1; i < len; i++)
    if ((s[i] & 0xC0) != 0x80) return 0;
  if (len == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0))) return 0;
  if (len == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))) return 0;
  return len;
}

/* A JSON string of `s`; bytes that are not UTF-8 (a file name, a value quoted in a message) become U+FFFD. */
static void json_text(evcc_buf_t *b, const char *s) {
  evcc_buf_t clean;
  evcc_buf_init(&clean);
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    size_t len = utf8_seq((const unsigned char *)s + i, n - i);
    if (len)
      evcc_buf_put(&clean, s + i, len);
    else
      evcc_buf_puts(&clean, "\xEF\xBF\xBD");
    i += len ? len : 1;
  }
  evcc_buf_json_string(b, clean.data ? clean.data : "", clean.len);
  evcc_buf_free(&clean);
}

static void json_text_or_null(evcc_buf_t *b, const char *s) {
  if (s)
    json_text(b, s);
  else
    evcc_buf_puts(b, "null");
}

static const char *severity_name(evcc_severity_t s) {
  return s == EVCC_ERROR ? "error" : s == EVCC_WARNING ? "warning" : "note";
}

/* The option that controls a message, as the text format shows it: "-Wname" or "-Werror=name". */
static void option_name(evcc_buf_t *b, const collected_t *c) {
  if (c->warning >= EVCC_W__COUNT) {
    evcc_buf_puts(b, "null");
    return;
  }
  evcc_buf_t opt;
  evcc_buf_init(&opt);
  evcc_buf_printf(&opt, "-W%s%s", c->severity == EVCC_ERROR ? "error=" : "", evcc_warning_name(c->warning));
  json_text(b, opt.data);
  evcc_buf_free(&opt);
}

/* How many notes follow message i. */
static size_t notes_after(size_t i) {
  size_t n = 0;
  while (i + 1 + n < ncollected && collected[i + 1 + n].severity == EVCC_NOTE) n++;
  return n;
}

static void json_position(evcc_buf_t *b, const collected_t *c) {
  evcc_buf_puts(b, "\"file\": ");
  json_text_or_null(b, c->file);
  if (c->line)
    evcc_buf_printf(b, ", \"line\": %u, \"column\": %u", c->line, c->col ? c->col : 1);
  else
    evcc_buf_puts(b, ", \"line\": null, \"column\": null");
}

static void write_json(evcc_buf_t *b) {
  evcc_buf_puts(b, "[");
  bool first = true;
  for (size_t i = 0; i < ncollected; i++) {
    const collected_t *c = &collected[i];
    size_t nnote = notes_after(i);
    evcc_buf_puts(b, first ? "\n{" : ",\n{");
    first = false;
    json_position(b, c);
    evcc_buf_printf(b, ", \"severity\": \"%s\", \"option\": ", severity_name(c->severity));
    option_name(b, c);
    evcc_buf_puts(b, ", \"message\": ");
    json_text(b, c->text);
    evcc_buf_puts(b, ", \"notes\": [");
    for (size_t k = 1; k <= nnote; k++) {
      evcc_buf_puts(b, k > 1 ? ", {" : "{");
      json_position(b, &collected[i + k]);
      evcc_buf_puts(b, ", \"message\": ");
      json_text(b, collected[i + k].text);
      evcc_buf_putc(b, '}');
    }
    evcc_buf_puts(b, "]}");
    i += nnote;
  }
  evcc_buf_puts(b, first ? "]\n" : "\n]\n");
}

/* ---- SARIF 2.1.0 ---- */

#define SARIF_ERROR_RULE "error"

/* A file name as a URI reference: a relative path stays relative, an absolute one is a file: URI. */
static void sarif_uri(evcc_buf_t *b, const char *file) {
  static const char hex[] = "0123456789ABCDEF";
  evcc_buf_t uri;
  evcc_buf_init(&uri);
  if (file[0] == '/') evcc_buf_puts(&uri, "file://");
  for (const unsigned char *p = (const unsigned char *)file; *p; p++) {
    bool plain =
        (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL;
    if (plain)
      evcc_buf_putc(&uri, (char)*p);
    else
      evcc_buf_printf(&uri, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
  }
  json_text(b, uri.data);
  evcc_buf_free(&uri);
}

static void sarif_physical_location(evcc_buf_t *b, const collected_t *c) {
  evcc_buf_puts(b, "\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
  sarif_uri(b, c->file);
  evcc_buf_putc(b, '}');
  if (c->line)
    evcc_buf_printf(b, ", \"region\": {\"startLine\": %u, \"startColumn\": %u}", c->line, c->col ? c->col : 1);
  evcc_buf_putc(b, '}');
}

static void sarif_message(evcc_buf_t *b, const char *text) {
  evcc_buf_puts(b, "\"message\": {\"text\": ");
  json_text(b, text);
  evcc_buf_putc(b, '}');
}

/* The driver's rules: every named warning in X-macro order, then the one rule of errors. */
static void sarif_rules(evcc_buf_t *b) {
  static const bool on_by_default[] = {
#define EVCC_W_ON(id, name, on) on,
      EVCC_WARNINGS(EVCC_W_ON)
#undef EVCC_W_ON
  };
  evcc_buf_puts(b, "\"rules\": [");
  for (int w = 0; w < EVCC_W__COUNT; w++)
    evcc_buf_printf(
        b, "\n          {\"id\": \"-W%s\", \"defaultConfiguration\": {\"level\": \"warning\", \"enabled\": %s}},",
        evcc_warning_name((evcc_warning_t)w), on_by_default[w] ? "true" : "false");
  evcc_buf_puts(b, "\n          {\"id\": \"" SARIF_ERROR_RULE "\", \"defaultConfiguration\": {\"level\": \"error\"}}]");
}

static void sarif_result(evcc_buf_t *b, size_t i, size_t nnote) {
  const collected_t *c = &collected[i];
  bool warning = c->warning < EVCC_W__COUNT;
  evcc_buf_puts(b, "\n        {\"ruleId\": ");
  if (warning)
    evcc_buf_printf(b, "\"-W%s\", \"ruleIndex\": %d", evcc_warning_name(c->warning), (int)c->warning);
  else
    evcc_buf_printf(b, "\"" SARIF_ERROR_RULE "\", \"ruleIndex\": %d", (int)EVCC_W__COUNT);
  evcc_buf_printf(b, ", \"level\": \"%s\", ", severity_name(c->severity));
  sarif_message(b, c->text);
  if (c->file) {
    evcc_buf_puts(b, ", \"locations\": [{");
    sarif_physical_location(b, c);
    evcc_buf_puts(b, "}]");
  }
  if (nnote) {
    evcc_buf_puts(b, ", \"relatedLocations\": [");
    for (size_t k = 1; k <= nnote; k++) {
      evcc_buf_printf(b, "%s{\"id\": %zu, ", k > 1 ? ", " : "", k - 1);
      if (collected[i + k].file) {
        sarif_physical_location(b, &collected[i + k]);
        evcc_buf_puts(b, ", ");
      }
      sarif_message(b, collected[i + k].text);
      evcc_buf_putc(b, '}');
    }
    evcc_buf_putc(b, ']');
  }
  evcc_buf_putc(b, '}');
}

static void write_sarif(evcc_buf_t *b, int exit_status) {
  evcc_buf_puts(b, "{\n  \"$schema\": "
                   "\"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json\",\n"
                   "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": {\"driver\": {\"name\": "
                   "\"eventc\", \"version\": \"" EVCC_VERSION "\",\n        ");
  sarif_rules(b);
  evcc_buf_printf(b,
                  "}},\n      \"invocations\": [{\"executionSuccessful\": %s, \"exitCode\": %d}],\n"
                  "      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": [",
                  exit_status == 0 || exit_status == 1 ? "true" : "false", exit_status);
  bool first = true;
  for (size_t i = 0; i < ncollected; i++) {
    size_t nnote = notes_after(i);
    if (!first) evcc_buf_putc(b, ',');
    first = false;
    sarif_result(b, i, nnote);
    i += nnote;
  }
  evcc_buf_puts(b, first ? "]\n    }\n  ]\n}\n" : "\n      ]\n    }\n  ]\n}\n");
}

void evcc_diag_output_finish(FILE *out, int exit_status) {
  if (output_format == EVCC_DIAG_OUTPUT_TEXT) return;
  evcc_buf_t b;
  evcc_buf_init(&b);
  if (output_format == EVCC_DIAG_OUTPUT_JSON)
    write_json(&b);
  else
    write_sarif(&b, exit_status);
  fputs(b.data, out);
  fflush(out);
  evcc_buf_free(&b);
  forget_collected();
}

void evcc_diag_output_drop(void) {
  collected = NULL;
  ncollected = collected_cap = 0;
}
