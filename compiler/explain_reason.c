/* The words of `eventc explain`: event values, pattern conditions and one failure text per operator. */
#include "explain_reason.h"

#include "interp_fields.h"

#include "eventc/ip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- values ---- */

/* Integers as integers, other numbers in the shortest %g form that reads back as the same double. */
static void put_number(evcc_buf_t *b, double d) {
  char text[40];
  if (d == (double)(long long)d && d > -1e15 && d < 1e15) {
    evcc_buf_printf(b, "%lld", (long long)d);
    return;
  }
  for (int prec = 1; prec <= 17; prec++) {
    snprintf(text, sizeof text, "%.*g", prec, d);
    if (strtod(text, NULL) == d) break;
  }
  evcc_buf_puts(b, text);
}

static void put_string(evcc_buf_t *b, const char *s, size_t n) {
  evcc_buf_json_string(b, s, n);
}

void evcc_explain_put_value(evcc_buf_t *b, const json_t *v) {
  if (json_is_string(v))
    put_string(b, json_string_value(v), json_string_length(v));
  else if (json_is_number(v))
    put_number(b, json_number_value(v));
  else if (json_is_true(v))
    evcc_buf_puts(b, "true");
  else if (json_is_false(v))
    evcc_buf_puts(b, "false");
  else
    evcc_buf_puts(b, "null");
}

/* ---- conditions, written back as the pattern ---- */

static void put_strs(evcc_buf_t *b, const evcc_cond_t *k) {
  if (k->nstr == 1) {
    put_string(b, k->strs[0].s, k->strs[0].len);
    return;
  }
  evcc_buf_putc(b, '[');
  for (size_t i = 0; i < k->nstr; i++) {
    if (i) evcc_buf_putc(b, ',');
    put_string(b, k->strs[i].s, k->strs[i].len);
  }
  evcc_buf_putc(b, ']');
}

static void put_numbers(evcc_buf_t *b, const evcc_cond_t *k) {
  if (k->nnum == 1) {
    put_number(b, k->nums[0]);
    return;
  }
  evcc_buf_putc(b, '[');
  for (size_t i = 0; i < k->nnum; i++) {
    if (i) evcc_buf_putc(b, ',');
    put_number(b, k->nums[i]);
  }
  evcc_buf_putc(b, ']');
}

static void put_range(evcc_buf_t *b, const evcc_numeric_range_t *r, bool json) {
  const char *sep = json ? "," : " ";
  if (r->has_lo && r->has_hi && r->lo == r->hi && r->lo_incl && r->hi_incl) {
    evcc_buf_puts(b, json ? "\"=\"," : "equal to ");
    put_number(b, r->lo);
    return;
  }
  if (r->has_lo) {
    evcc_buf_printf(b, json ? "\"%s\"%s" : "%s%s", r->lo_incl ? ">=" : ">", sep);
    put_number(b, r->lo);
  }
  if (r->has_hi) {
    if (r->has_lo) evcc_buf_puts(b, json ? "," : " and ");
    evcc_buf_printf(b, json ? "\"%s\"%s" : "%s%s", r->hi_incl ? "<=" : "<", sep);
    put_number(b, r->hi);
  }
}

/* An IP address as usually written: dotted quad, or IPv6 groups with the longest zero run as "::". */
static void put_ip(evcc_buf_t *b, const evcc_cidr_t *c) {
  if (!c->v6) {
    evcc_buf_printf(b, "%u.%u.%u.%u", c->addr[0], c->addr[1], c->addr[2], c->addr[3]);
    return;
  }
  unsigned g[8];
  int best = -1, best_len = 1;
  for (int i = 0; i < 8; i++) g[i] = (unsigned)c->addr[2 * i] << 8 | c->addr[2 * i + 1];
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && g[j] == 0) j++;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j > i ? j : i + 1;
  }
  for (int i = 0; i < 8; i++) {
    if (i == best) {
      evcc_buf_puts(b, "::");
      i += best_len - 1;
      continue;
    }
    evcc_buf_printf(b, "%s%x", i && i != best + best_len ? ":" : "", g[i]);
  }
}

static void put_cidr(evcc_buf_t *b, const evcc_cidr_t *c) {
  put_ip(b, c);
  evcc_buf_printf(b, "/%u", c->bits);
}

static const char *affix_op(evcc_cond_kind_t k) {
  switch (k) {
  case EVCC_COND_PREFIX:
  case EVCC_COND_PREFIX_NOCASE:
  case EVCC_COND_NOT_PREFIX: return "prefix";
  case EVCC_COND_SUFFIX:
  case EVCC_COND_SUFFIX_NOCASE:
  case EVCC_COND_NOT_SUFFIX: return "suffix";
  case EVCC_COND_WILDCARD:
  case EVCC_COND_NOT_WILDCARD: return "wildcard";
  default: return "equals-ignore-case";
  }
}

/* One condition as the pattern element that makes it. */
static void put_cond(evcc_buf_t *b, const evcc_cond_t *k) {
  switch (k->kind) {
  case EVCC_COND_EXACT_STRING: put_strs(b, k); break;
  case EVCC_COND_EXACT_NUMBER: put_numbers(b, k); break;
  case EVCC_COND_TRUE: evcc_buf_puts(b, "true"); break;
  case EVCC_COND_FALSE: evcc_buf_puts(b, "false"); break;
  case EVCC_COND_NULL: evcc_buf_puts(b, "null"); break;
  case EVCC_COND_PREFIX:
  case EVCC_COND_SUFFIX:
  case EVCC_COND_WILDCARD:
  case EVCC_COND_EQUALS_NOCASE:
    evcc_buf_printf(b, "{\"%s\":", affix_op(k->kind));
    put_strs(b, k);
    evcc_buf_putc(b, '}');
    break;
  case EVCC_COND_PREFIX_NOCASE:
  case EVCC_COND_SUFFIX_NOCASE:
    evcc_buf_printf(b, "{\"%s\":{\"equals-ignore-case\":", affix_op(k->kind));
    put_strs(b, k);
    evcc_buf_puts(b, "}}");
    break;
  case EVCC_COND_NOT_STRINGS:
    evcc_buf_puts(b, "{\"anything-but\":");
    put_strs(b, k);
    evcc_buf_putc(b, '}');
    break;
  case EVCC_COND_NOT_NUMBERS:
    evcc_buf_puts(b, "{\"anything-but\":");
    put_numbers(b, k);
    evcc_buf_putc(b, '}');
    break;
  case EVCC_COND_NOT_PREFIX:
  case EVCC_COND_NOT_SUFFIX:
  case EVCC_COND_NOT_NOCASE:
  case EVCC_COND_NOT_WILDCARD:
    evcc_buf_printf(b, "{\"anything-but\":{\"%s\":", affix_op(k->kind));
    put_strs(b, k);
    evcc_buf_puts(b, "}}");
    break;
  case EVCC_COND_NUMERIC:
    evcc_buf_puts(b, "{\"numeric\":[");
    put_range(b, &k->range, true);
    evcc_buf_puts(b, "]}");
    break;
  case EVCC_COND_CIDR:
    evcc_buf_puts(b, "{\"cidr\":\"");
    put_cidr(b, &k->cidr);
    evcc_buf_puts(b, "\"}");
    break;
  case EVCC_COND_EXISTS: evcc_buf_puts(b, "{\"exists\":true}"); break;
  case EVCC_COND_NOT_EXISTS: evcc_buf_puts(b, "{\"exists\":false}"); break;
  }
}

void evcc_explain_put_condition(evcc_buf_t *b, const evcc_ir_t *ir, const evcc_term_t *t) {
  evcc_buf_putc(b, '[');
  for (size_t i = 0; i < t->ncond; i++) {
    if (i) evcc_buf_putc(b, ',');
    put_cond(b, &ir->conds[t->conds[i]]);
  }
  evcc_buf_putc(b, ']');
}

/* ---- why a value fails ---- */

static bool is_literal(const evcc_cond_t *k) {
  return k->kind == EVCC_COND_EXACT_STRING || k->kind == EVCC_COND_EXACT_NUMBER || k->kind == EVCC_COND_TRUE ||
         k->kind == EVCC_COND_FALSE || k->kind == EVCC_COND_NULL;
}

static bool needs_string(evcc_cond_kind_t k) {
  return k == EVCC_COND_PREFIX || k == EVCC_COND_PREFIX_NOCASE || k == EVCC_COND_SUFFIX ||
         k == EVCC_COND_SUFFIX_NOCASE || k == EVCC_COND_EQUALS_NOCASE || k == EVCC_COND_WILDCARD || k == EVCC_COND_CIDR;
}

/* The excluded string of an anything-but list that `s` hits (the first, in the list's order). */
static const evcc_str_t *excluded_by(const evcc_cond_t *k, const json_t *v) {
  for (size_t i = 0; i < k->nstr; i++) {
    evcc_cond_t one = *k;
    one.strs = &k->strs[i];
    one.nstr = 1;
    if (!evcc_interp_value_cond(&one, v)) return &k->strs[i];
  }
  return NULL;
}

/* Why `v` (V below) fails condition `k`: a clause "V does not start with \"a\"". */
static void cond_reason(evcc_buf_t *b, const evcc_cond_t *k, const json_t *v) {
  evcc_explain_put_value(b, v);
  if (needs_string(k->kind) && !json_is_string(v)) {
    evcc_buf_puts(b, " is not a string, which ");
    put_cond(b, k);
    evcc_buf_puts(b, " needs");
    return;
  }
  const evcc_str_t *x;
  switch (k->kind) {
  case EVCC_COND_EXACT_STRING:
  case EVCC_COND_EXACT_NUMBER:
  case EVCC_COND_TRUE:
  case EVCC_COND_FALSE:
  case EVCC_COND_NULL:
    evcc_buf_puts(b, " is not ");
    put_cond(b, k);
    return;
  case EVCC_COND_PREFIX: evcc_buf_puts(b, " does not start with "); break;
  case EVCC_COND_PREFIX_NOCASE:
    evcc_buf_puts(b, " does not start with ");
    put_strs(b, k);
    evcc_buf_puts(b, ", ignoring case");
    return;
  case EVCC_COND_SUFFIX: evcc_buf_puts(b, " does not end with "); break;
  case EVCC_COND_SUFFIX_NOCASE:
    evcc_buf_puts(b, " does not end with ");
    put_strs(b, k);
    evcc_buf_puts(b, ", ignoring case");
    return;
  case EVCC_COND_EQUALS_NOCASE:
    evcc_buf_puts(b, " is not ");
    put_strs(b, k);
    evcc_buf_puts(b, ", ignoring case");
    return;
  case EVCC_COND_WILDCARD: evcc_buf_puts(b, " does not match the wildcard "); break;
  case EVCC_COND_NOT_STRINGS:
  case EVCC_COND_NOT_NUMBERS:
    evcc_buf_puts(b, " is excluded by ");
    put_cond(b, k);
    return;
  case EVCC_COND_NOT_PREFIX:
  case EVCC_COND_NOT_SUFFIX:
  case EVCC_COND_NOT_NOCASE:
  case EVCC_COND_NOT_WILDCARD:
    x = excluded_by(k, v);
    evcc_buf_puts(b, k->kind == EVCC_COND_NOT_PREFIX   ? " starts with "
                     : k->kind == EVCC_COND_NOT_SUFFIX ? " ends with "
                     : k->kind == EVCC_COND_NOT_NOCASE ? " equals, ignoring case, "
                                                       : " matches the wildcard ");
    if (x) put_string(b, x->s, x->len);
    evcc_buf_puts(b, ", which ");
    put_cond(b, k);
    evcc_buf_puts(b, " excludes");
    return;
  case EVCC_COND_NUMERIC:
    if (!json_is_number(v)) {
      evcc_buf_puts(b, " is not a number, which ");
      put_cond(b, k);
      evcc_buf_puts(b, " needs");
    } else {
      evcc_buf_puts(b, " is not ");
      put_range(b, &k->range, false);
    }
    return;
  case EVCC_COND_CIDR: {
    uint8_t addr[16];
    bool is_ip = evc_ip_parse(json_string_value(v), json_string_length(v), addr) != 0;
    bool host = k->cidr.bits == (k->cidr.v6 ? 128u : 32u); /* also what a plain IP in a pattern becomes */
    evcc_buf_puts(b, !is_ip ? " is not an IP address, which cidr " : host ? " is not the address " : " is not in ");
    if (host && is_ip)
      put_ip(b, &k->cidr);
    else
      put_cidr(b, &k->cidr);
    if (!is_ip) evcc_buf_puts(b, " needs");
    return;
  }
  case EVCC_COND_EXISTS:
  case EVCC_COND_NOT_EXISTS: evcc_buf_puts(b, " is present, which {\"exists\":false} excludes"); return;
  }
  put_strs(b, k); /* the operand of prefix, suffix, wildcard */
}

char *evcc_explain_value_reason(const evcc_ir_t *ir, const evcc_term_t *t, const json_t *v) {
  const evcc_cond_t *only = NULL;
  size_t nvalue_cond = 0;
  bool all_literal = true;
  for (size_t i = 0; i < t->ncond; i++) {
    const evcc_cond_t *k = &ir->conds[t->conds[i]];
    if (k->kind == EVCC_COND_NOT_EXISTS) continue;
    only = k;
    nvalue_cond++;
    all_literal = all_literal && is_literal(k);
  }
  evcc_buf_t b;
  evcc_buf_init(&b);
  if (nvalue_cond == 0) { /* only exists:false: being there is the failure */
    cond_reason(&b, &ir->conds[t->conds[0]], v);
  } else if (nvalue_cond == 1) {
    cond_reason(&b, only, v);
  } else {
    evcc_explain_put_value(&b, v);
    evcc_buf_puts(&b, all_literal ? " is not one of [" : " matches none of [");
    bool first = true;
    for (size_t i = 0; i < t->ncond; i++) {
      const evcc_cond_t *k = &ir->conds[t->conds[i]];
      if (k->kind == EVCC_COND_NOT_EXISTS) continue;
      if (!first) evcc_buf_putc(&b, ',');
      first = false;
      put_cond(&b, k);
    }
    evcc_buf_putc(&b, ']');
  }
  return evcc_buf_take(&b);
}
