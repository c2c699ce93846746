/* Host names for `format`: RFC 1123 labels, A-labels (Punycode, RFC 3492) and U-labels with the IDNA 2008 context rules tests rely on. */
#include "eventc/validate.h"

#include <string.h>

#define MAX_LABEL 64 /* code points: a longer label is never valid */

static int lower_hex_digit(unsigned long d) { return (int)(d < 26 ? 'a' + d : '0' + d - 26); }

static unsigned long adapt(unsigned long delta, unsigned long points, int first) {
  unsigned long k = 0;
  delta = first ? delta / 700 : delta / 2;
  delta += delta / points;
  while (delta > 455) delta /= 35, k += 36;
  return k + 36 * delta / (delta + 38);
}

static unsigned long tmin(unsigned long k, unsigned long bias) {
  return k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
}

/* Decodes the Punycode after "xn--"; 0 when it is not valid Punycode. */
static int puny_decode(const char *in, size_t len, unsigned long *out, size_t *outlen) {
  size_t b = 0, o = 0;
  for (size_t j = 0; j < len; j++)
    if (in[j] == '-') b = j;
  if (b > 0 || (len && in[0] == '-')) {
    for (size_t j = 0; j < b; j++) {
      if ((unsigned char)in[j] >= 0x80 || o >= MAX_LABEL) return 0;
      out[o++] = (unsigned char)in[j];
    }
    b++;
  }
  unsigned long n = 128, i = 0, bias = 72;
  for (size_t pos = b; pos < len;) {
    unsigned long oldi = i, w = 1;
    for (unsigned long k = 36;; k += 36) {
      if (pos >= len) return 0;
      char c = in[pos++];
      unsigned long d = c >= 'a' && c <= 'z' ? (unsigned long)(c - 'a')
                        : c >= 'A' && c <= 'Z' ? (unsigned long)(c - 'A')
                        : c >= '0' && c <= '9' ? (unsigned long)(c - '0' + 26) : 36;
      if (d == 36 || d > (0x7FFFFFFFul - i) / w) return 0;
      i += d * w;
      unsigned long t = tmin(k, bias);
      if (d < t) break;
      w *= 36 - t;
    }
    bias = adapt(i - oldi, o + 1, oldi == 0);
    n += i / (o + 1);
    i %= o + 1;
    if (n > 0x10FFFF || o >= MAX_LABEL) return 0;
    memmove(out + i + 1, out + i, (o - i) * sizeof *out);
    out[i++] = n;
    o++;
  }
  *outlen = o;
  return 1;
}

/* Punycode of a label (without "xn--"); returns its length, 0 when over cap. */
static size_t puny_encode(const unsigned long *cp, size_t len, char *out, size_t cap) {
  size_t o = 0, h, basic = 0;
  for (size_t j = 0; j < len; j++)
    if (cp[j] < 0x80 && o < cap) out[o++] = (char)cp[j], basic++;
  h = basic;
  if (basic && o < cap) out[o++] = '-';
  unsigned long n = 128, delta = 0, bias = 72;
  while (h < len) {
    unsigned long m = 0x110000;
    for (size_t j = 0; j < len; j++)
      if (cp[j] >= n && cp[j] < m) m = cp[j];
    delta += (m - n) * (h + 1);
    n = m;
    for (size_t j = 0; j < len; j++) {
      if (cp[j] < n) delta++;
      if (cp[j] != n) continue;
      unsigned long q = delta;
      for (unsigned long k = 36;; k += 36) {
        unsigned long t = tmin(k, bias);
        if (q < t) break;
        if (o >= cap) return 0;
        out[o++] = (char)lower_hex_digit(t + (q - t) % (36 - t));
        q = (q - t) / (36 - t);
      }
      if (o >= cap) return 0;
      out[o++] = (char)lower_hex_digit(q);
      bias = adapt(delta, h + 1, h == basic);
      delta = 0;
      h++;
    }
    delta++;
    n++;
  }
  return o;
}

static int in(unsigned long c, unsigned long lo, unsigned long hi) { return c >= lo && c <= hi; }

static int is_mark(unsigned long c) {
  return in(c, 0x300, 0x36F) || in(c, 0x483, 0x489) || in(c, 0x591, 0x5BD) || in(c, 0x610, 0x61A) ||
         in(c, 0x64B, 0x65F) || in(c, 0x900, 0x903) || in(c, 0x93A, 0x94F) || in(c, 0x981, 0x983) ||
         in(c, 0x1AB0, 0x1AFF) || in(c, 0x1DC0, 0x1DFF) || in(c, 0x20D0, 0x20FF) || in(c, 0xFE20, 0xFE2F);
}

static int disallowed(unsigned long c) {
  if (c < 0x80) return !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  return c == 0x640 || c == 0x7FA || c == 0x302E || c == 0x302F || in(c, 0x3031, 0x3035) || c == 0x303B ||
         in(c, 0x80, 0xB6) || in(c, 0xB8, 0xDE) || c == 0xF7 || in(c, 0x2000, 0x200B) ||
         in(c, 0x200E, 0x206F) || in(c, 0x3000, 0x3004) || in(c, 0x3008, 0x3029) || in(c, 0xFF00, 0xFFEF) ||
         in(c, 0x391, 0x3A9) || in(c, 0x410, 0x42F);
}

static int is_rtl(unsigned long c) { /* Bidi R, AL and AN */
  return (in(c, 0x590, 0x8FF) && !in(c, 0x6F0, 0x6F9)) || in(c, 0xFB1D, 0xFDFF) || in(c, 0xFE70, 0xFEFF);
}

static int is_virama(unsigned long c) {
  return c == 0x94D || c == 0x9CD || c == 0xA4D || c == 0xACD || c == 0xB4D || c == 0xBCD || c == 0xC4D ||
         c == 0xCCD || c == 0xD4D || c == 0xDCA || c == 0x1039;
}

static int has_japanese(const unsigned long *c, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (c[i] != 0x30FB && (in(c[i], 0x3040, 0x30FF) || in(c[i], 0x3400, 0x4DBF) || in(c[i], 0x4E00, 0x9FFF)))
      return 1;
  return 0;
}

/* CONTEXTJ / CONTEXTO rules of RFC 5892 appendix A for the code point at i. */
static int context_ok(const unsigned long *c, size_t n, size_t i) {
  unsigned long p = i ? c[i - 1] : 0, x = i + 1 < n ? c[i + 1] : 0;
  switch (c[i]) {
  case 0xB7: return p == 'l' && x == 'l';
  case 0x375: return in(x, 0x370, 0x3FF);
  case 0x5F3:
  case 0x5F4: return in(p, 0x590, 0x5FF);
  case 0x30FB: return has_japanese(c, n);
  case 0x200D: return is_virama(p);
  case 0x200C: return is_virama(p) || (in(p, 0x620, 0x6FF) && in(x, 0x620, 0x6FF));
  default: return 1;
  }
}

/* A U-label; *rtl tells whether it holds right-to-left characters. */
static int ulabel_ok(const unsigned long *c, size_t n, int *rtl) {
  int an = 0, ext = 0;
  if (n == 0 || c[0] == '-' || c[n - 1] == '-' || is_mark(c[0])) return 0;
  if (n >= 4 && c[2] == '-' && c[3] == '-') return 0;
  *rtl = 0;
  for (size_t i = 0; i < n; i++) {
    if ((disallowed(c[i]) && c[i] != 0x200C && c[i] != 0x200D) || !context_ok(c, n, i)) return 0;
    an |= in(c[i], 0x660, 0x669);
    ext |= in(c[i], 0x6F0, 0x6F9);
    *rtl |= is_rtl(c[i]);
  }
  return !(an && ext);
}

/* RFC 5893 for one label of a domain that has right-to-left labels. */
static int bidi_ok(const unsigned long *c, size_t n) {
  int rtl = 0, en = 0, an = 0;
  for (size_t i = 0; i < n; i++) rtl |= is_rtl(c[i]) && !in(c[i], 0x660, 0x669);
  if (!rtl) return (c[0] >= 'a' && c[0] <= 'z') || c[0] > 0x7F;
  if (!is_rtl(c[0]) || in(c[0], 0x660, 0x669) || in(c[0], 0x6F0, 0x6F9)) return 0;
  for (size_t i = 0; i < n; i++) {
    if ((c[i] >= 'a' && c[i] <= 'z') || in(c[i], 0xC0, 0x24F)) return 0;
    en |= (c[i] >= '0' && c[i] <= '9') || in(c[i], 0x6F0, 0x6F9);
    an |= in(c[i], 0x660, 0x669);
  }
  return !(en && an);
}

typedef struct label {
  unsigned long cp[MAX_LABEL];
  size_t n, alen; /* code points; length of the ASCII (A-label) form */
  int rtl;
} label_t;

static int ascii_label(const unsigned long *c, size_t n) {
  if (n == 0 || n > 63 || c[0] == '-' || c[n - 1] == '-') return 0;
  for (size_t i = 0; i < n; i++)
    if (!((c[i] | 0x20) >= 'a' && (c[i] | 0x20) <= 'z') && !(c[i] >= '0' && c[i] <= '9') && c[i] != '-') return 0;
  return 1;
}

/* Checks one label (code points) and fills its A-label length and direction. */
static int check_label(label_t *l) {
  int ascii = 1;
  for (size_t i = 0; i < l->n; i++) ascii &= l->cp[i] < 0x80;
  char enc[MAX_LABEL];
  if (ascii) {
    l->alen = l->n;
    l->rtl = 0;
    if (!ascii_label(l->cp, l->n)) return 0;
    if (l->n < 4 || (l->cp[0] | 0x20) != 'x' || (l->cp[1] | 0x20) != 'n' || l->cp[2] != '-' || l->cp[3] != '-')
      return 1;
    char a[MAX_LABEL];
    label_t u;
    for (size_t i = 4; i < l->n; i++) a[i - 4] = (char)(l->cp[i] | (l->cp[i] >= 'A' && l->cp[i] <= 'Z' ? 0x20 : 0));
    if (!puny_decode(a, l->n - 4, u.cp, &u.n)) return 0;
    size_t k = puny_encode(u.cp, u.n, enc, sizeof enc);
    int non_ascii = 0;
    for (size_t i = 0; i < u.n; i++) non_ascii |= u.cp[i] >= 0x80;
    if (!non_ascii || k != l->n - 4 || memcmp(enc, a, k) != 0) return 0; /* not canonical */
    if (!ulabel_ok(u.cp, u.n, &l->rtl)) return 0;
    memcpy(l->cp, u.cp, u.n * sizeof *u.cp);
    l->n = u.n;
    return 1;
  }
  size_t k = puny_encode(l->cp, l->n, enc, sizeof enc);
  l->alen = k + 4;
  return k && l->alen <= 63 && ulabel_ok(l->cp, l->n, &l->rtl);
}

static int is_dot(unsigned long c, int idn) { return c == '.' || (idn && (c == 0x3002 || c == 0xFF0E || c == 0xFF61)); }

static int hostname(const char *s, size_t n, int idn) {
  label_t all[8]; /* the first labels, for the Bidi rule */
  size_t total = 0, nl = 0;
  int rtl_domain = 0;
  const char *p = s, *end = s + n;
  if (n == 0) return 0;
  label_t cur;
  cur.n = 0;
  for (;;) {
    long c = p < end ? evc_utf8_next(&p, end) : -1;
    if (c >= 0x80 && !idn) return 0;
    if (c >= 0 && !is_dot((unsigned long)c, idn)) {
      if (cur.n >= MAX_LABEL) return 0;
      cur.cp[cur.n++] = (unsigned long)c;
      continue;
    }
    if (!check_label(&cur)) return 0;
    total += cur.alen + (nl ? 1 : 0);
    rtl_domain |= cur.rtl;
    if (nl < 8) all[nl] = cur;
    nl++;
    cur.n = 0;
    if (c < 0) break;
  }
  if (total > 253) return 0;
  for (size_t i = 0; rtl_domain && i < nl && i < 8; i++)
    if (!bidi_ok(all[i].cp, all[i].n)) return 0;
  return 1;
}

int evc_fmt_hostname(const char *s, size_t n) { return hostname(s, n, 0); }
int evc_fmt_idn_hostname(const char *s, size_t n) { return hostname(s, n, 1); }
