/* Hand-written bus tables for the runtime tests, standing in for `eventc compile` output. */
#include "hand_bus.h"

#include <string.h>

typedef struct hand_result {
  uint32_t bits;
} hand_result_t;

static int hand_match(const char *json, size_t len, void *state, evc_error_t *err) {
  (void)err;
  hand_result_t *r = state;
  r->bits = 1u;
  for (size_t i = 0; i + 4 <= len; i++)
    if (memcmp(json + i, "gold", 4) == 0) r->bits |= 2u;
  return 0;
}

static uint32_t hand_next(const void *state, uint32_t from) {
  const hand_result_t *r = state;
  for (uint32_t i = from; i < 2; i++)
    if (r->bits & (1u << i)) return i;
  return 2;
}

static const evc_target_def_t all_targets[] = {
    {"Notify", "NotifyFunction.Arn", "NotifyFunction", "EventDLQ.Arn", "EventDLQ", 2, 3600,
     evc_transform_event, "hand:1:1", NULL},
    {"Audit", "arn:aws:firehose:us-east-1:123456789012:deliverystream/audit",
     "arn:aws:firehose:us-east-1:123456789012:deliverystream/audit", NULL, NULL, 0, 86400,
     evc_transform_event, "hand:2:1", NULL},
};

static const evc_target_def_t gold_targets[] = {
    {"Ops", "OpsFunction.Arn", "OpsFunction", NULL, NULL, 185, 86400, evc_transform_event,
     "hand:3:1", NULL},
};

static const evc_rule_def_t rules[] = {
    {"all", 1, all_targets, 2, "hand:1:1", NULL},
    {"gold", 1, gold_targets, 1, "hand:3:1", NULL},
};

const evc_bus_def_t hand_bus = {.abi = EVC_ABI_VERSION, .name = "support", .rules = rules, .nrule = 2,
                                .match_state_size = sizeof(hand_result_t), .match = hand_match,
                                .next = hand_next};

evc_bus_def_t hand_bus_with(const evc_target_def_t *all, uint32_t nall,
                            const evc_target_def_t *gold, uint32_t ngold) {
  static evc_rule_def_t custom[2];
  evc_rule_def_t a = {"all", 1, all, nall, "hand:1:1", NULL};
  evc_rule_def_t g = {"gold", 1, gold, ngold, "hand:3:1", NULL};
  custom[0] = a;
  custom[1] = g;
  evc_bus_def_t def = {.abi = EVC_ABI_VERSION, .name = "support", .rules = custom, .nrule = 2,
                       .match_state_size = sizeof(hand_result_t), .match = hand_match, .next = hand_next};
  return def;
}
