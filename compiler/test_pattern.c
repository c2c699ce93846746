/* TestEventPattern: validates a pattern and an event as AWS does, then runs the reference interpreter. */
#include "test_pattern.h"

#include "buf.h"
#include "doc.h"
#include "interp.h"
#include "pattern.h"

#include <stdio.h>
#include <string.h>

/* Fields TestEventPattern requires in the event (§1.4; §11.10: not resources, not version). */
static const char *const required_fields[] = {"id", "account", "source", "time", "region", "detail-type"};

static bool loc_before(evcc_loc_t a, evcc_loc_t b) { return a.line < b.line || (a.line == b.line && a.col < b.col); }

/* The first problem in reading order: what a streaming parser such as AWS's reports. */
static const evcc_diag_msg_t *first_error(const evcc_diag_t *d, const evcc_loc_t *limit) {
  const evcc_diag_msg_t *best = NULL;
  for (size_t i = 0; i < d->count; i++) {
    const evcc_diag_msg_t *m = &d->msgs[i];
    if (m->severity != EVCC_ERROR || (limit && !loc_before(m->loc, *limit))) continue;
    if (!best || loc_before(m->loc, best->loc)) best = m;
  }
  return best;
}

static size_t offset_of(const char *text, size_t len, evcc_loc_t loc) {
  size_t off = 0;
  for (unsigned line = 1; line < loc.line && off < len; off++)
    if (text[off] == '\n') line++;
  off += loc.col ? loc.col - 1 : 0;
  return off < len ? off : len;
}

/*
 * Closes the JSON text cut at `cut` so that it parses: open strings and containers are closed,
 * a dangling key or separator gets a placeholder value. Everything added sits at or after
 * `cut`, so problems found in it cannot precede the syntax error.
 */
static void repair(const char *text, size_t cut, evcc_buf_t *out) {
  char stack[256];
  size_t depth = 0;
  bool in_str = false, esc = false, str_is_key = false;
  char last = 0; /* last significant byte outside strings, '"' after a string */
  bool last_str_key = false;
  for (size_t i = 0; i < cut; i++) {
    char c = text[i];
    if (in_str) {
      if (esc) esc = false;
      else if (c == '\\') esc = true;
      else if (c == '"') in_str = false, last = '"', last_str_key = str_is_key;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '"') {
      in_str = true;
      str_is_key = depth && stack[depth - 1] == '{' && (last == '{' || last == ',');
    } else if ((c == '{' || c == '[') && depth < sizeof stack) {
      stack[depth++] = c;
    } else if ((c == '}' || c == ']') && depth) {
      depth--;
    }
    last = c;
  }
  evcc_buf_put(out, text, cut);
  if (in_str) {
    if (esc) evcc_buf_putc(out, '\\');
    evcc_buf_putc(out, '"');
    last = '"';
    last_str_key = str_is_key;
  }
  bool in_obj = depth && stack[depth - 1] == '{';
  if (last == '"' && last_str_key) evcc_buf_puts(out, ":null");
  else if (last == ':') evcc_buf_puts(out, "null");
  else if (last == ',') evcc_buf_puts(out, in_obj ? "\"\":null" : "null");
  while (depth) evcc_buf_putc(out, stack[--depth] == '{' ? '}' : ']');
}

/* A syntax error at `at`, unless the text before it already holds a pattern problem. */
static void pattern_problem_before(const char *pattern, size_t plen, const char *name, evcc_loc_t at, char *reason,
                                   size_t rlen, evcc_loc_t *where) {
  evcc_buf_t fixed;
  evcc_buf_init(&fixed);
  repair(pattern, offset_of(pattern, plen, at), &fixed);
  evcc_diag_t d;
  evcc_diag_init(&d);
  evcc_doc_t *doc = evcc_doc_parse(name, fixed.data ? fixed.data : "", fixed.len, EVCC_SYNTAX_JSON, &d);
  if (doc) {
    evcc_pattern_check(doc->root, &d);
    const evcc_diag_msg_t *m = first_error(&d, &at);
    if (m) {
      snprintf(reason, rlen, "%s", m->text);
      *where = m->loc;
    }
  }
  evcc_doc_free(doc);
  evcc_diag_free(&d);
  evcc_buf_free(&fixed);
}

static bool event_valid(const json_t *ev) {
  if (!json_is_object(ev)) return false;
  for (size_t i = 0; i < sizeof required_fields / sizeof required_fields[0]; i++)
    if (!json_object_get(ev, required_fields[i])) return false;
  return true;
}

evcc_tp_result_t evcc_test_pattern(const char *pattern, size_t plen, const char *pattern_name, const char *event,
                                   size_t elen, char *reason, size_t rlen, evcc_loc_t *where) {
  evcc_diag_t d;
  evcc_diag_init(&d);
  d.max_errors = 1000;
  evcc_ir_t ir;
  evcc_ir_init(&ir);
  evcc_tp_result_t result = EVCC_TP_BAD_PATTERN;
  evcc_doc_t *doc = evcc_doc_parse(pattern_name, pattern, plen, EVCC_SYNTAX_JSON, &d);
  const evcc_diag_msg_t *m = NULL;
  if (!doc) {
    m = first_error(&d, NULL);
    snprintf(reason, rlen, "%s", m ? m->text : "unreadable pattern");
    *where = m ? m->loc : (evcc_loc_t){pattern_name, 0, 0};
    if (m) pattern_problem_before(pattern, plen, pattern_name, m->loc, reason, rlen, where);
  } else if (evcc_pattern_add(&ir, doc->root, "pattern", doc->root->loc, NULL, &d) < 0) {
    m = first_error(&d, NULL);
    snprintf(reason, rlen, "%s", m ? m->text : "invalid pattern");
    *where = m ? m->loc : doc->root->loc;
  } else {
    json_error_t jerr;
    json_t *ev = evcc_interp_load_event(event, elen, &jerr);
    if (!event_valid(ev)) result = EVCC_TP_BAD_EVENT;
    else result = evcc_interp_match_rule(&ir, 0, ev) ? EVCC_TP_MATCH : EVCC_TP_NO_MATCH;
    json_decref(ev);
  }
  where->file = pattern_name; /* the document, and the name it held, are freed below */
  evcc_doc_free(doc);
  evcc_ir_free(&ir);
  evcc_diag_free(&d);
  return result;
}
