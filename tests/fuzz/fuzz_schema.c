/* libFuzzer target: every generated parser (typed parse, validate-only) and serializer round trip on arbitrary bytes. */
#include "fuzz_scenarios.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static unsigned char mem[1 << 16];

#define ROUND_TRIP(T)                                                                      \
  do {                                                                                     \
    fuzz_##T ev, ev2;                                                                      \
    evc_arena_t a;                                                                         \
    evc_error_t err;                                                                       \
    static char out[1 << 17], out2[1 << 17];                                               \
    size_t n, n2;                                                                          \
    evc_arena_init(&a, mem, sizeof mem);                                                   \
    int ok = fuzz_##T##_parse(json, len, &ev, &a, &err) == 0;                              \
    if ((fuzz_##T##_validate(json, len, &err) == 0) != ok) abort();                        \
    if (ok && fuzz_##T##_write(&ev, out, sizeof out, &n, &err) == 0) {                     \
      if (fuzz_##T##_parse(out, n, &ev2, &a, &err) != 0) abort();                          \
      if (fuzz_##T##_write(&ev2, out2, sizeof out2, &n2, &err) != 0) abort();              \
      if (n != n2 || memcmp(out, out2, n) != 0) abort();                                   \
    }                                                                                      \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  /* An exact-size heap copy, so ASan sees any read past the end. */
  char *json = malloc(size ? size : 1);
  size_t len = size;
  if (!json) return 0;
  if (size) memcpy(json, data, size);
  ROUND_TRIP(TicketCompletedEvent);
  ROUND_TRIP(UserRegistrationEvent);
  ROUND_TRIP(AWSEvent);
  ROUND_TRIP(CityLot);
  free(json);
  return 0;
}
