/* IPv4/IPv6 text parsing and prefix comparison for cidr matching. */
#include "eventc/ip.h"

static int parse_v4(const char *s, size_t len, uint8_t out[4]) {
  size_t i = 0;
  for (int part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= len || s[i] != '.') return 0;
      i++;
    }
    unsigned v = 0, digits = 0;
    while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
      v = v * 10 + (unsigned)(s[i] - '0');
      i++;
      digits++;
    }
    if (digits == 0 || digits > 3 || v > 255) return 0;
    out[part] = (uint8_t)v;
  }
  return i == len ? 4 : 0;
}

static int hexdigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Parses groups of an IPv6 text into words[]; returns the word count or -1. */
static int parse_v6_groups(const char *s, size_t len, uint16_t *words, int max, int allow_v4) {
  int n = 0;
  size_t i = 0;
  while (i < len) {
    if (n > 0) {
      if (s[i] != ':') return -1;
      i++;
    }
    size_t start = i;
    unsigned v = 0;
    while (i < len && hexdigit(s[i]) >= 0 && i - start < 4) v = v * 16 + (unsigned)hexdigit(s[i++]);
    if (i < len && s[i] == '.' && allow_v4) { /* trailing dotted IPv4 */
      uint8_t v4[4];
      if (n + 2 > max || !parse_v4(s + start, len - start, v4)) return -1;
      words[n++] = (uint16_t)(v4[0] << 8 | v4[1]);
      words[n++] = (uint16_t)(v4[2] << 8 | v4[3]);
      return n;
    }
    if (i == start || n >= max) return -1;
    words[n++] = (uint16_t)v;
  }
  return n;
}

static int parse_v6(const char *s, size_t len, uint8_t out[16]) {
  uint16_t head[8], tail[8];
  int nh, nt = 0;
  size_t gap = len;
  for (size_t i = 0; i + 1 < len; i++)
    if (s[i] == ':' && s[i + 1] == ':') {
      gap = i;
      break;
    }
  if (gap == len) {
    nh = parse_v6_groups(s, len, head, 8, 1);
    if (nh != 8) return 0;
  } else {
    nh = gap ? parse_v6_groups(s, gap, head, 7, 0) : 0;
    nt = gap + 2 < len ? parse_v6_groups(s + gap + 2, len - gap - 2, tail, 7, 1) : 0;
    if (nh < 0 || nt < 0 || nh + nt > 7) return 0;
  }
  for (int w = 0; w < 8; w++) {
    uint16_t v = w < nh ? head[w] : (w >= 8 - nt ? tail[w - (8 - nt)] : 0);
    out[2 * w] = (uint8_t)(v >> 8);
    out[2 * w + 1] = (uint8_t)(v & 0xFF);
  }
  return 16;
}

int evc_ip_parse(const char *s, size_t len, uint8_t out[16]) {
  for (size_t i = 0; i < len; i++)
    if (s[i] == ':') return parse_v6(s, len, out);
  return parse_v4(s, len, out);
}

int evc_ip_in_prefix(const uint8_t *a, const uint8_t *net, unsigned bits) {
  unsigned i = 0;
  for (; bits >= 8; bits -= 8, i++)
    if (a[i] != net[i]) return 0;
  if (bits == 0) return 1;
  uint8_t mask = (uint8_t)(0xFF << (8 - bits));
  return (a[i] & mask) == (net[i] & mask);
}
