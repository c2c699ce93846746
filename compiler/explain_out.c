/* eventc explain's output: readable text, and one JSON object per rule. */
#include "explain.h"

#include "explain_reason.h"

#include <string.h>

/* ---- text ---- */

/* One line per value of a field none of whose values satisfies it. */
static void text_value_lines(evcc_buf_t *b, const evcc_explain_field_t *xf, const char *indent) {
  for (size_t v = 0; v < xf->nvalue; v++) {
    const evcc_explain_value_t *xv = &xf->values[v];
    evcc_buf_printf(b, "%s        ", indent);
    evcc_buf_puts(b, xv->reason);
    evcc_explain_put_elements(b, xv);
    evcc_buf_putc(b, '\n');
  }
}

static void text_alt(evcc_buf_t *b, const evcc_explain_alt_t *xa, const char *indent) {
  for (size_t f = 0; f < xa->nfield; f++) {
    const evcc_explain_field_t *xf = &xa->fields[f];
    bool ok = xf->status == EVCC_EXPLAIN_OK;
    evcc_buf_printf(b, "%s  %-5s %s: %s\n", indent, ok ? "ok" : "FAIL", xf->path, xf->reason);
    if (xf->status == EVCC_EXPLAIN_NO_VALUE && xf->nvalue > 1) text_value_lines(b, xf, indent);
  }
  if (xa->consistency) evcc_buf_printf(b, "%s  arrays: %s\n", indent, xa->consistency);
}

void evcc_explain_text(const evcc_explain_t *x, const char *name, evcc_buf_t *out) {
  evcc_buf_puts(out, "rule ");
  evcc_buf_json_string(out, name, strlen(name));
  if (x->nalt == 0) {
    evcc_buf_puts(out, ": no match (the rule has no event pattern)\n");
    return;
  }
  size_t used = 0;
  while (x->matched && !x->alts[used].matched) used++;
  if (x->nalt == 1) {
    evcc_buf_puts(out, x->matched ? ": matched\n" : ": no match\n");
    text_alt(out, &x->alts[0], "");
  } else if (x->matched) {
    evcc_buf_printf(out, ": matched by alternative %zu of %zu ($or)\n", used + 1, x->nalt);
    text_alt(out, &x->alts[used], "");
  } else {
    evcc_buf_printf(out, ": no match (none of its %zu $or alternatives holds)\n", x->nalt);
    for (size_t a = 0; a < x->nalt; a++) {
      evcc_buf_printf(out, "  alternative %zu:\n", a + 1);
      text_alt(out, &x->alts[a], "  ");
    }
  }
}

/* ---- JSON ---- */

static void json_str(evcc_buf_t *b, const char *s) {
  if (s)
    evcc_buf_json_string(b, s, strlen(s));
  else
    evcc_buf_puts(b, "null");
}

static void json_value(evcc_buf_t *b, const evcc_explain_value_t *xv) {
  evcc_buf_puts(b, "{\"value\":");
  evcc_explain_put_value(b, xv->value);
  evcc_buf_printf(b, ",\"ok\":%s,\"reason\":", xv->ok ? "true" : "false");
  json_str(b, xv->reason);
  evcc_buf_puts(b, ",\"elements\":[");
  for (size_t e = 0; e < xv->nelement; e++) {
    evcc_buf_puts(b, e ? ",{\"array\":" : "{\"array\":");
    json_str(b, xv->elements[e].array);
    evcc_buf_printf(b, ",\"index\":%u}", xv->elements[e].index);
  }
  evcc_buf_puts(b, "]}");
}

static void json_field(evcc_buf_t *b, const evcc_explain_field_t *xf) {
  evcc_buf_puts(b, "{\"path\":");
  json_str(b, xf->path);
  evcc_buf_printf(b, ",\"condition\":%s,\"status\":\"%s\",\"reason\":", xf->condition,
                  evcc_explain_status_name(xf->status));
  json_str(b, xf->reason);
  evcc_buf_puts(b, ",\"values\":[");
  for (size_t v = 0; v < xf->nvalue; v++) {
    if (v) evcc_buf_putc(b, ',');
    json_value(b, &xf->values[v]);
  }
  evcc_buf_puts(b, "]}");
}

void evcc_explain_json(const evcc_explain_t *x, const char *name, evcc_buf_t *out) {
  evcc_buf_puts(out, "{\"rule\":");
  json_str(out, name);
  evcc_buf_printf(out, ",\"matched\":%s,\"alternatives\":[", x->matched ? "true" : "false");
  for (size_t a = 0; a < x->nalt; a++) {
    const evcc_explain_alt_t *xa = &x->alts[a];
    evcc_buf_printf(out, "%s{\"matched\":%s,\"consistency\":", a ? "," : "", xa->matched ? "true" : "false");
    json_str(out, xa->consistency);
    evcc_buf_puts(out, ",\"fields\":[");
    for (size_t f = 0; f < xa->nfield; f++) {
      if (f) evcc_buf_putc(out, ',');
      json_field(out, &xa->fields[f]);
    }
    evcc_buf_puts(out, "]}");
  }
  evcc_buf_puts(out, "]}");
}
