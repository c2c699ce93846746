/* cmocka tests of the hash index over generated exact-string tables (eventc/strtab.h). */
#include <eventc/strtab.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Places the entries as `eventc compile` does: 1 + index at the first free slot from the hash on. */
static uint32_t *build_slots(const evc_strent_t *tab, uint32_t n, uint32_t nslot) {
  uint32_t *slots = calloc(nslot, sizeof *slots);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t hash = evc_str_hash(tab[i].s, tab[i].len), h = hash & (nslot - 1);
    while (slots[h]) h = (h + 1) & (nslot - 1);
    slots[h] = (hash & ~(nslot - 1)) | (i + 1);
  }
  return slots;
}

/* Generated tables are compiled on one machine and run on another: the hash is part of the format. */
static void test_hash_is_fixed(void **state) {
  (void)state;
  assert_int_equal(evc_str_hash("", 0), 0xeb2d1d8bu);
  assert_int_equal(evc_str_hash("1430022", 7), 0x9e537d13u);
  assert_int_equal(evc_str_hash("exactly8", 8), 0x978436d6u);
  assert_int_equal(evc_str_hash("a string longer than sixteen bytes", 34), 0x834db9b4u);
  /* every byte takes part: no two of these one-byte edits collide on the full 32 bits */
  char s[24] = "0123456789abcdefghijklm";
  uint32_t base = evc_str_hash(s, 23);
  for (int i = 0; i < 23; i++) {
    s[i] ^= 1;
    assert_int_not_equal(evc_str_hash(s, 23), base);
    s[i] ^= 1;
  }
  assert_int_not_equal(evc_str_hash(s, 22), base); /* the length counts too */
}

/* The hash as its definition reads: the 8-byte little-endian words, then the 0 to 7 bytes left as one more word,
 * each byte put in its place. */
static uint32_t reference_hash(const unsigned char *s, size_t len) {
  const uint64_t golden = UINT64_C(0x9E3779B97F4A7C15);
  uint64_t h = golden ^ (uint64_t)len;
  for (size_t i = 0;; i += 8) {
    uint64_t w = 0;
    for (size_t k = 0; k < 8 && i + k < len; k++) w |= (uint64_t)s[i + k] << (8 * k);
    h = (h ^ w) * golden;
    h ^= h >> 29;
    if (len - i < 8) break;
  }
  return (uint32_t)(h ^ (h >> 32));
}

/* Every length from 0 to 40 and every byte value: the word-wise reads give the bytes' value. */
static void test_hash_matches_definition(void **state) {
  (void)state;
  unsigned char s[48];
  for (unsigned v = 0; v < 256; v++) {
    for (size_t i = 0; i < sizeof s; i++) s[i] = (unsigned char)(v * 31u + i * 7u + (i == v % 40 ? 0x80u : 0u));
    for (size_t len = 0; len <= 40; len++)
      assert_int_equal(evc_str_hash((const char *)s, len), reference_hash(s, len));
  }
}

/* Every entry is found, at its index; near misses (prefixes, one byte off, embedded NUL) are not. */
static void test_lookup(void **state) {
  (void)state;
  enum { N = 3000 };
  static char text[N][16];
  static evc_strent_t tab[N];
  for (uint32_t i = 0; i < N; i++) {
    int len = snprintf(text[i], sizeof text[i], "%07u", i * 7919u % 10000000u);
    if (i % 5 == 0) text[i][3] = '\0'; /* an embedded NUL: lengths, not terminators, count */
    tab[i] = (evc_strent_t){(uint32_t)len, text[i]};
  }
  tab[N - 1] = (evc_strent_t){0, ""};
  uint32_t *slots = build_slots(tab, N, 8192);
  for (uint32_t i = 0; i < N; i++) assert_int_equal(evc_strtab_lookup(tab, slots, 8191, tab[i].s, tab[i].len), i);
  char probe[16];
  for (uint32_t i = 0; i + 1 < N; i++) {
    memcpy(probe, tab[i].s, tab[i].len);
    assert_int_equal(evc_strtab_lookup(tab, slots, 8191, probe, tab[i].len - 1), -1);
    probe[tab[i].len - 1] ^= 0x40;
    assert_int_equal(evc_strtab_lookup(tab, slots, 8191, probe, tab[i].len), -1);
  }
  free(slots);
}

/* A crowded index (every slot but one full, long probe runs) still answers, and ends on the empty slot. */
static void test_crowded_index(void **state) {
  (void)state;
  static const evc_strent_t tab[7] = {{1, "a"}, {1, "b"}, {1, "c"}, {2, "ab"}, {2, "ba"}, {3, "abc"}, {3, "cba"}};
  uint32_t *slots = build_slots(tab, 7, 8);
  for (uint32_t i = 0; i < 7; i++) assert_int_equal(evc_strtab_lookup(tab, slots, 7, tab[i].s, tab[i].len), i);
  assert_int_equal(evc_strtab_lookup(tab, slots, 7, "zzz", 3), -1);
  assert_int_equal(evc_strtab_lookup(tab, slots, 7, "", 0), -1);
  free(slots);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hash_is_fixed),
      cmocka_unit_test(test_hash_matches_definition),
      cmocka_unit_test(test_lookup),
      cmocka_unit_test(test_crowded_index),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
