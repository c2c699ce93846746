/* `format` checks of generated validators: RFC 3339 dates/times, RFC 5321 email, RFC 1123 hostnames, IPs, RFC 3986 URIs, UUIDs. */
#include "eventc/validate.h"

#include <string.h>

static int digit(char c) { return c >= '0' && c <= '9'; }
static int alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int xdigit(char c) { return digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }

/* Reads exactly n digits at s[*i]; -1 if they are not there. */
static int num(const char *s, size_t len, size_t *i, int n) {
  int v = 0;
  for (int k = 0; k < n; k++, (*i)++) {
    if (*i >= len || !digit(s[*i])) return -1;
    v = v * 10 + (s[*i] - '0');
  }
  return v;
}

static int expect(const char *s, size_t len, size_t *i, char c) {
  if (*i >= len || (s[*i] | 0x20) != (c | 0x20)) return 0;
  (*i)++;
  return 1;
}

static int full_date(const char *s, size_t n, size_t *i) {
  static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y = num(s, n, i, 4);
  if (y < 0 || !expect(s, n, i, '-')) return 0;
  int m = num(s, n, i, 2);
  if (m < 1 || m > 12 || !expect(s, n, i, '-')) return 0;
  int d = num(s, n, i, 2);
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d >= 1 && d <= days[m - 1] && !(m == 2 && d == 29 && !leap);
}

/* partial-time and offset; a leap second must fall on 23:59 UTC. */
static int full_time(const char *s, size_t n, size_t *i) {
  int h = num(s, n, i, 2), off = 0;
  if (h < 0 || h > 23 || !expect(s, n, i, ':')) return 0;
  int m = num(s, n, i, 2);
  if (m < 0 || m > 59 || !expect(s, n, i, ':')) return 0;
  int sec = num(s, n, i, 2);
  if (sec < 0 || sec > 60) return 0;
  if (*i < n && s[*i] == '.') {
    (*i)++;
    if (*i >= n || !digit(s[*i])) return 0;
    while (*i < n && digit(s[*i])) (*i)++;
  }
  if (expect(s, n, i, 'Z')) {
    off = 0;
  } else if (*i < n && (s[*i] == '+' || s[*i] == '-')) {
    int sign = s[(*i)++] == '-' ? -1 : 1;
    int oh = num(s, n, i, 2);
    if (oh < 0 || oh > 23 || !expect(s, n, i, ':')) return 0;
    int om = num(s, n, i, 2);
    if (om < 0 || om > 59) return 0;
    off = sign * (oh * 60 + om);
  } else {
    return 0;
  }
  if (sec == 60) {
    int utc = ((h * 60 + m - off) % 1440 + 1440) % 1440;
    if (utc != 23 * 60 + 59) return 0;
  }
  return 1;
}

int evc_fmt_date(const char *s, size_t n) {
  size_t i = 0;
  return full_date(s, n, &i) && i == n;
}

int evc_fmt_time(const char *s, size_t n) {
  size_t i = 0;
  return full_time(s, n, &i) && i == n;
}

int evc_fmt_date_time(const char *s, size_t n) {
  size_t i = 0;
  return full_date(s, n, &i) && expect(s, n, &i, 'T') && full_time(s, n, &i) && i == n;
}

static int ipv4(const char *s, size_t n) {
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    if (part && !expect(s, n, &i, '.')) return 0;
    size_t st = i;
    int v = 0;
    while (i < n && digit(s[i]) && i - st < 3) v = v * 10 + (s[i++] - '0');
    if (i == st || v > 255 || (i - st > 1 && s[st] == '0')) return 0;
  }
  return i == n;
}

int evc_fmt_ipv4(const char *s, size_t n) { return ipv4(s, n); }

int evc_fmt_ipv6(const char *s, size_t n) {
  int groups = 0, gap = 0;
  size_t i = 0;
  if (n >= 2 && s[0] == ':' && s[1] == ':') gap = 1, i = 2;
  else if (n && s[0] == ':') return 0;
  while (i < n) {
    size_t st = i;
    while (i < n && xdigit(s[i])) i++;
    if (i < n && s[i] == '.') { /* trailing IPv4 */
      if (!ipv4(s + st, n - st) || groups > 6) return 0;
      groups += 2;
      i = n;
      break;
    }
    if (i == st || i - st > 4) return 0;
    groups++;
    if (i == n) break;
    if (s[i] != ':') return 0;
    i++;
    if (i < n && s[i] == ':') {
      if (gap) return 0;
      gap = 1;
      i++;
    } else if (i == n) {
      return 0;
    }
  }
  return gap ? groups <= 7 : groups == 8;
}

static int atext(char c) {
  return alpha(c) || digit(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c)) || (unsigned char)c >= 0x80;
}

int evc_fmt_email(const char *s, size_t n) {
  const char *at = NULL;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '@') at = s + i;
  if (!at) return 0;
  size_t ln = (size_t)(at - s), dn = n - ln - 1;
  if (ln == 0 || dn == 0) return 0;
  if (s[0] == '"') {
    if (ln < 2 || s[ln - 1] != '"') return 0;
  } else {
    for (size_t i = 0; i < ln; i++)
      if (!(atext(s[i]) || (s[i] == '.' && i > 0 && i + 1 < ln && s[i + 1] != '.'))) return 0;
  }
  const char *d = at + 1;
  if (d[0] == '[' && d[dn - 1] == ']') {
    if (dn > 6 && !strncmp(d + 1, "IPv6:", 5)) return evc_fmt_ipv6(d + 6, dn - 7);
    return ipv4(d + 1, dn - 2);
  }
  for (size_t i = 0; i < dn; i++)
    if ((unsigned char)d[i] >= 0x80) return 1; /* internationalised domain: not checked further */
  return evc_fmt_hostname(d, dn);
}

int evc_fmt_uuid(const char *s, size_t n) {
  if (n != 36) return 0;
  for (size_t i = 0; i < n; i++) {
    int dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !xdigit(s[i])) return 0;
  }
  return 1;
}

static int unreserved(char c) { return alpha(c) || digit(c) || c == '-' || c == '.' || c == '_' || c == '~'; }
static int sub_delim(char c) { return c && strchr("!$&'()*+,;=", c) != NULL; }

/* One URI character of a component: unreserved, sub-delims, `extra`, %HH, or non-ASCII in an IRI. */
static int uri_unit(const char *s, size_t n, size_t *i, const char *extra, int iri) {
  char c = s[*i];
  if (c == '%') {
    if (*i + 2 >= n || !xdigit(s[*i + 1]) || !xdigit(s[*i + 2])) return 0;
    *i += 3;
    return 1;
  }
  if (unreserved(c) || sub_delim(c) || (c && strchr(extra, c)) || (iri && (unsigned char)c >= 0x80)) {
    (*i)++;
    return 1;
  }
  return 0;
}

static int all_units(const char *s, size_t n, const char *extra, int iri) {
  for (size_t i = 0; i < n;)
    if (!uri_unit(s, n, &i, extra, iri)) return 0;
  return 1;
}

/* host: [IPv6] / [vX.future] / reg-name (an IPv4-looking name is a reg-name) */
static int uri_host(const char *h, size_t n, int iri) {
  if (n && h[0] == '[') {
    if (h[n - 1] != ']') return 0;
    if (n > 3 && (h[1] | 0x20) == 'v') {
      size_t i = 2;
      while (i < n - 1 && xdigit(h[i])) i++;
      return i > 2 && h[i] == '.' && i + 1 < n - 1 && all_units(h + i + 1, n - i - 2, ":", 0);
    }
    return evc_fmt_ipv6(h + 1, n - 2);
  }
  return all_units(h, n, "", iri);
}

static int uri_authority(const char *s, size_t n, int iri) {
  const char *at = memchr(s, '@', n);
  size_t h = 0;
  if (at) {
    h = (size_t)(at - s) + 1;
    if (!all_units(s, h - 1, ":", iri)) return 0;
  }
  size_t e = n, colon = n;
  if (h < n && s[h] == '[') {
    const char *close = memchr(s + h, ']', n - h);
    if (!close) return 0;
    colon = (size_t)(close - s) + 1;
    if (colon < n && s[colon] != ':') return 0;
  } else {
    for (size_t i = h; i < n; i++)
      if (s[i] == ':') {
        colon = i;
        break;
      }
  }
  for (size_t i = colon + 1; i < e; i++)
    if (!digit(s[i])) return 0;
  return uri_host(s + h, colon - h, iri);
}

static size_t scheme_len(const char *s, size_t n) {
  if (n == 0 || !alpha(s[0])) return 0;
  size_t i = 1;
  while (i < n && (alpha(s[i]) || digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')) i++;
  return i < n && s[i] == ':' ? i : 0;
}

/* RFC 3986 URI or relative reference (RFC 3987 IRI when `iri`). */
static int uri_ref(const char *s, size_t n, int iri, int need_scheme) {
  size_t k = scheme_len(s, n), i = k ? k + 1 : 0;
  if (need_scheme && !k) return 0;
  size_t q = i;
  while (q < n && s[q] != '?' && s[q] != '#') q++;
  const char *path = s + i;
  size_t plen = q - i;
  if (plen >= 2 && path[0] == '/' && path[1] == '/') {
    size_t a = 2;
    while (a < plen && path[a] != '/') a++;
    if (!uri_authority(path + 2, a - 2, iri)) return 0;
    path += a;
    plen -= a;
  } else if (!k) {
    const char *slash = memchr(path, '/', plen), *colon = memchr(path, ':', plen);
    if (colon && (!slash || colon < slash)) return 0; /* would read as a scheme */
  }
  if (!all_units(path, plen, ":@/", iri)) return 0;
  size_t f = q;
  while (f < n && s[f] != '#') f++;
  if (q < n && s[q] == '?' && !all_units(s + q + 1, f - q - 1, ":@/?", iri)) return 0;
  return f >= n || all_units(s + f + 1, n - f - 1, ":@/?", iri);
}

int evc_fmt_uri(const char *s, size_t n) { return uri_ref(s, n, 0, 1); }
int evc_fmt_uri_reference(const char *s, size_t n) { return uri_ref(s, n, 0, 0); }
int evc_fmt_iri(const char *s, size_t n) { return uri_ref(s, n, 1, 1); }
int evc_fmt_iri_reference(const char *s, size_t n) { return uri_ref(s, n, 1, 0); }

/* RFC 6570 level 4 syntax. */
static int template_expr(const char *s, size_t n) {
  size_t i = 0;
  if (i < n && strchr("+#./;?&=,!@|", s[i])) i++;
  for (;;) {
    size_t st = i;
    while (i < n) {
      if (s[i] == '%') {
        if (i + 2 >= n || !xdigit(s[i + 1]) || !xdigit(s[i + 2])) return 0;
        i += 3;
      } else if (alpha(s[i]) || digit(s[i]) || s[i] == '_') {
        i++;
      } else if (s[i] == '.' && i > st && i + 1 < n && s[i + 1] != '.') {
        i++;
      } else {
        break;
      }
    }
    if (i == st || s[i - 1] == '.') return 0;
    if (i < n && s[i] == '*') {
      i++;
    } else if (i < n && s[i] == ':') {
      size_t d = ++i;
      while (i < n && digit(s[i])) i++;
      if (i == d || i - d > 4 || s[d] == '0') return 0;
    }
    if (i == n) return 1;
    if (s[i++] != ',') return 0;
  }
}

int evc_fmt_uri_template(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '{') {
      const char *close = memchr(s + i, '}', n - i);
      if (!close || !template_expr(s + i + 1, (size_t)(close - s - i - 1))) return 0;
      i = (size_t)(close - s);
    } else if (c == '%') {
      if (i + 2 >= n || !xdigit(s[i + 1]) || !xdigit(s[i + 2])) return 0;
    } else if (c <= 0x20 || c == 0x7f || strchr("\"<>\\^`|}", (char)c)) {
      return 0;
    }
  }
  return 1;
}

/* ECMA-262 pattern syntax (checked, not compiled): groups, classes, escapes. */
static int regex_escape(const char *s, size_t n, size_t *i) {
  char c = *i + 1 < n ? s[*i + 1] : 0;
  *i += 2;
  if (!c) return 0;
  if (!alpha(c)) return 1;
  if (strchr("dDwWsSbBfnrtv", c)) return 1;
  if (c == 'c') return *i < n && alpha(s[(*i)++]);
  if (c == 'x') return *i + 1 < n && xdigit(s[*i]) && xdigit(s[*i + 1]) && (*i += 2);
  if (c == 'u' || c == 'p' || c == 'P' || c == 'k') {
    char open = c == 'k' ? '<' : '{';
    if (*i < n && s[*i] == open) {
      const char *close = memchr(s + *i, c == 'k' ? '>' : '}', n - *i);
      if (!close) return 0;
      *i = (size_t)(close - s) + 1;
      return 1;
    }
    return c == 'u' && *i + 3 < n && xdigit(s[*i]) && xdigit(s[*i + 1]) && xdigit(s[*i + 2]) &&
           xdigit(s[*i + 3]) && (*i += 4);
  }
  return 0;
}

int evc_fmt_regex(const char *s, size_t n) {
  long depth = 0;
  for (size_t i = 0; i < n;) {
    char c = s[i];
    if (c == '\\') {
      if (!regex_escape(s, n, &i)) return 0;
    } else if (c == '[') {
      i++;
      if (i < n && s[i] == '^') i++;
      while (i < n && s[i] != ']') {
        if (s[i] == '\\') {
          if (!regex_escape(s, n, &i)) return 0;
        } else {
          i++;
        }
      }
      if (i++ >= n) return 0;
    } else if (c == '(') {
      i++;
      if (i < n && s[i] == '?') {
        const char *t = s + i + 1;
        size_t left = n - i - 1;
        if (left && (*t == ':' || *t == '=' || *t == '!')) i += 2;
        else if (left > 1 && t[0] == '<' && (t[1] == '=' || t[1] == '!')) i += 3;
        else if (left > 1 && t[0] == '<' && memchr(t, '>', left)) i = (size_t)((const char *)memchr(t, '>', left) - s) + 1;
        else return 0;
      }
      depth++;
    } else if (c == ')') {
      if (--depth < 0) return 0;
      i++;
    } else {
      i++;
    }
  }
  return depth == 0;
}

int evc_fmt_json_pointer(const char *s, size_t n) {
  if (n && s[0] != '/') return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '~' && (i + 1 >= n || (s[i + 1] != '0' && s[i + 1] != '1'))) return 0;
  return 1;
}

int evc_fmt_relative_json_pointer(const char *s, size_t n) {
  size_t i = 0;
  while (i < n && digit(s[i])) i++;
  if (i == 0 || (i > 1 && s[0] == '0')) return 0;
  return (i + 1 == n && s[i] == '#') || evc_fmt_json_pointer(s + i, n - i);
}
