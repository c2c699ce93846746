/* The YAML 1.2 core schema as the loader applies it: plain scalar types, !! core tags, CloudFormation tags. */
#include "yaml_core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORE_PREFIX "tag:yaml.org,2002:"
#define CORE_PREFIX_LEN (sizeof CORE_PREFIX - 1)

static const char *const intrinsic_tags[] = {
    "!Ref",    "!Sub",    "!GetAtt",    "!Join",   "!ImportValue", "!Select",       "!Split",
    "!FindInMap", "!If",  "!Equals",    "!Not",    "!And",         "!Or",           "!Condition",
    "!Base64", "!Cidr",   "!GetAZs",    "!Transform", "!ToJsonString", "!Length"};

bool evcc_yaml_is_intrinsic_tag(const char *tag) {
  for (size_t i = 0; i < sizeof intrinsic_tags / sizeof *intrinsic_tags; i++)
    if (strcmp(tag, intrinsic_tags[i]) == 0) return true;
  return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t digits(const char *s, size_t i, size_t n) {
  size_t start = i;
  while (i < n && is_digit(s[i])) i++;
  return i - start;
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? : the core schema's decimal number forms. */
static bool core_decimal(const char *s, size_t n, bool *integral) {
  size_t i = 0;
  if (i < n && (s[i] == '-' || s[i] == '+')) i++;
  size_t int_digits = digits(s, i, n);
  i += int_digits;
  size_t frac_digits = 0;
  bool dot = i < n && s[i] == '.';
  if (dot) {
    frac_digits = digits(s, ++i, n);
    i += frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  bool exponent = i < n && (s[i] == 'e' || s[i] == 'E');
  if (exponent) {
    i++;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    size_t exp_digits = digits(s, i, n);
    if (!exp_digits) return false;
    i += exp_digits;
  }
  *integral = !dot && !exponent;
  return i == n;
}

/* The JSON spelling of a core decimal number: no '+', no leading zeros, digits around the '.'. */
static void json_decimal(const evcc_doc_t *doc, evcc_node_t *n) {
  char *out = evcc_doc_alloc(doc, n->len + 3);
  const char *s = n->str;
  size_t i = 0, k = 0;
  if (s[i] == '-' || s[i] == '+') {
    if (s[i] == '-') out[k++] = '-';
    i++;
  }
  while (i + 1 < n->len && s[i] == '0' && is_digit(s[i + 1])) i++;
  if (s[i] == '.') out[k++] = '0';
  while (i < n->len && is_digit(s[i])) out[k++] = s[i++];
  if (i < n->len && s[i] == '.') {
    i++;
    if (i < n->len && is_digit(s[i])) {
      out[k++] = '.';
      while (i < n->len && is_digit(s[i])) out[k++] = s[i++];
    }
  }
  while (i < n->len) out[k++] = s[i++]; /* the exponent, which JSON spells the same way */
  out[k] = '\0';
  n->str = out;
  n->len = k;
  n->kind = EVCC_NODE_NUMBER;
}

/* 0o17 and 0x1F, the core schema's other integer forms, as decimal text. */
static bool radix_int(const evcc_doc_t *doc, evcc_node_t *n) {
  if (n->len < 3 || n->str[0] != '0' || (n->str[1] != 'o' && n->str[1] != 'x')) return false;
  int base = n->str[1] == 'o' ? 8 : 16;
  for (size_t i = 2; i < n->len; i++) {
    char c = n->str[i];
    bool ok = base == 8 ? (c >= '0' && c <= '7')
                        : (is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    if (!ok) return false;
  }
  errno = 0;
  unsigned long long v = strtoull(n->str + 2, NULL, base);
  if (errno == ERANGE) return false;
  char text[32];
  int len = snprintf(text, sizeof text, "%llu", v);
  n->str = evcc_doc_strndup(doc, text, (size_t)len);
  n->len = (size_t)len;
  n->kind = EVCC_NODE_NUMBER;
  return true;
}

static bool text_is(const evcc_node_t *n, const char *const *words) {
  for (; *words; words++)
    if (strcmp(n->str, *words) == 0 && strlen(*words) == n->len) return true;
  return false;
}

static const char *const null_words[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const true_words[] = {"true", "True", "TRUE", NULL};
static const char *const false_words[] = {"false", "False", "FALSE", NULL};

/* An untagged plain scalar: null, boolean, number or string by its text. */
static void resolve_plain(const evcc_doc_t *doc, evcc_node_t *n) {
  bool integral;
  if (text_is(n, null_words)) {
    n->kind = EVCC_NODE_NULL;
  } else if (text_is(n, true_words) || text_is(n, false_words)) {
    n->kind = EVCC_NODE_BOOL;
    n->boolean = text_is(n, true_words);
  } else if (core_decimal(n->str, n->len, &integral)) {
    json_decimal(doc, n);
  }
}

static const char *kind_word(evcc_node_kind_t k) {
  return k == EVCC_NODE_MAP ? "a mapping" : k == EVCC_NODE_SEQ ? "a sequence" : "a scalar";
}

static bool core_scalar(const evcc_doc_t *doc, evcc_node_t *n, const char *name, char *msg, size_t msglen) {
  bool integral = false;
  if (strcmp(name, "str") == 0) return true;
  if (strcmp(name, "int") == 0) {
    if (radix_int(doc, n) || (core_decimal(n->str, n->len, &integral) && integral)) {
      if (n->kind != EVCC_NODE_NUMBER) json_decimal(doc, n);
      return true;
    }
    snprintf(msg, msglen, "!!int value '%.64s' is not an integer", n->str);
    return false;
  }
  if (strcmp(name, "float") == 0) {
    if (core_decimal(n->str, n->len, &integral)) {
      json_decimal(doc, n);
      return true;
    }
    snprintf(msg, msglen, "!!float value '%.64s' is not a number JSON can hold (.inf and .nan cannot be)", n->str);
    return false;
  }
  if (strcmp(name, "bool") == 0 && (text_is(n, true_words) || text_is(n, false_words))) {
    n->kind = EVCC_NODE_BOOL;
    n->boolean = text_is(n, true_words);
    return true;
  }
  if (strcmp(name, "null") == 0 && text_is(n, null_words)) {
    n->kind = EVCC_NODE_NULL;
    return true;
  }
  if (strcmp(name, "bool") == 0 || strcmp(name, "null") == 0) {
    snprintf(msg, msglen, "!!%s value '%.64s' is not a %s of the YAML core schema", name, n->str,
             name[0] == 'b' ? "boolean" : "null");
    return false;
  }
  snprintf(msg, msglen, "YAML tag !!%s is not supported (eventc honours !!str, !!int, !!float, !!bool, !!null)", name);
  return false;
}

static bool is_scalar_tag(const char *name) {
  static const char *const names[] = {"str", "int", "float", "bool", "null"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strcmp(name, names[i]) == 0) return true;
  return false;
}

static bool core_tag(const evcc_doc_t *doc, evcc_node_t *n, const char *name, char *msg, size_t msglen) {
  bool is_scalar = n->kind != EVCC_NODE_MAP && n->kind != EVCC_NODE_SEQ;
  bool collection_tag = strcmp(name, "map") == 0 || strcmp(name, "seq") == 0;
  if (collection_tag) {
    if ((name[0] == 'm') == (n->kind == EVCC_NODE_MAP) && !is_scalar) return true;
    snprintf(msg, msglen, "YAML tag !!%s on %s", name, kind_word(n->kind));
    return false;
  }
  if (!is_scalar) {
    if (is_scalar_tag(name)) snprintf(msg, msglen, "YAML tag !!%s applies to a scalar, not to %s", name, kind_word(n->kind));
    else snprintf(msg, msglen, "YAML tag !!%s is not supported", name);
    return false;
  }
  return core_scalar(doc, n, name, msg, msglen);
}

bool evcc_yaml_apply_tag(const evcc_doc_t *doc, evcc_node_t *n, const char *tag, bool plain, char *msg,
                         size_t msglen) {
  if (!tag) {
    if (plain && n->kind == EVCC_NODE_STRING) resolve_plain(doc, n);
    return true;
  }
  if (strcmp(tag, "!") == 0) return true; /* the non-specific tag: a string, or the collection as is */
  if (strncmp(tag, CORE_PREFIX, CORE_PREFIX_LEN) == 0) return core_tag(doc, n, tag + CORE_PREFIX_LEN, msg, msglen);
  if (evcc_yaml_is_intrinsic_tag(tag)) {
    n->tag = evcc_doc_strndup(doc, tag, strlen(tag));
    return true;
  }
  snprintf(msg, msglen,
           "unknown YAML tag %.128s (eventc knows the core tags !!str !!int !!float !!bool !!null and "
           "CloudFormation's intrinsic functions)",
           tag);
  return false;
}
