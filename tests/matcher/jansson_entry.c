/* Checks gen_match_jansson() against gen_match_json() on a few events (built by golden.py). */
#include "gen.h"

#include <stdio.h>
#include <string.h>

static const char *const events[] = {
    "{\"source\":\"orders.service\",\"detail-type\":\"OrderCreated\",\"region\":\"eu-west-1\","
    "\"detail\":{\"amount\":250,\"currency\":\"EUR\",\"country\":\"FR\",\"total\":3.5,\"ip\":\"10.1.2.3\"}}",
    "{\"detail\":{\"items\":[{\"sku\":\"A-1\",\"qty\":1},{\"sku\":\"C-3\",\"qty\":9}],\"key\":\"uploads/x/y.jpg\"}}",
    "{\"detail\":{\"urgent\":true,\"note\":null,\"tier\":\"gold\",\"coupon\":\"X\",\"env\":\"prod\"},\"source\":\"x\"}",
};

int main(void) {
  int failed = 0;
  for (size_t i = 0; i < sizeof events / sizeof *events; i++) {
    gen_result_t a, b;
    json_error_t jerr;
    json_t *ev = json_loads(events[i], 0, &jerr);
    if (!ev || gen_match_json(events[i], strlen(events[i]), &a, NULL) != 0 || gen_match_jansson(ev, &b, NULL) != 0 ||
        memcmp(a.bits, b.bits, sizeof a.bits) != 0 || a.count == 0) {
      printf("event %zu: jansson entry point disagrees (or nothing matched)\n", i);
      failed++;
    }
    json_decref(ev);
  }
  printf("%d failed\n", failed);
  return failed != 0;
}
