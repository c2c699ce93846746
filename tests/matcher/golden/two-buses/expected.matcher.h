/* ---- matcher of bus orders ---- */

#define shop_orders_RULE_COUNT 1u

/* Rule ids, in input order. */
enum shop_orders_rule_id {
  shop_orders_RULE_paid = 0, /* rules.yaml:12 rule "paid" */
};

/* The rules an event matched: bit `id` of `bits` is set for every matching rule. */
typedef struct shop_orders_result {
  uint64_t bits[1];
  uint32_t count; /* number of matching rules */
} shop_orders_result_t;

/*
 * Validates `json` (RFC 8259, UTF-8, depth and size limits) and matches every rule in the
 * same single pass. Returns 0, or an evc_errcode_t with `err` telling where and why (then
 * `out` is empty). Allocation-free and thread-safe.
 */
int shop_orders_match_json(const char *json, size_t len, shop_orders_result_t *out, evc_error_t *err);
/* The same with explicit limits (NULL = defaults: 256 KB, depth EVC_MAX_DEPTH = 1,101). */
int shop_orders_match_json_limits(const char *json, size_t len, const evc_scan_limits_t *limits,
                          shop_orders_result_t *out, evc_error_t *err);
/* The next matched rule id >= from, or shop_orders_RULE_COUNT when there is none. */
uint32_t shop_orders_result_next(const shop_orders_result_t *r, uint32_t from);
/*
 * For events already validated (by a bus, an archive replay, another eventc process): the
 * same results as shop_orders_match_json on valid JSON, repeated and dotted member names included, but
 * values no rule reads are skipped by structure only. Invalid input gives unspecified matches
 * (never a crash: reads stay in len).
 */
int shop_orders_match_trusted(const char *json, size_t len, shop_orders_result_t *out, evc_error_t *err);
/* Whether rule `id` matched. */
bool shop_orders_result_has(const shop_orders_result_t *r, uint32_t id);
/* The rule's Name, NULL for an unknown id. */
const char *shop_orders_rule_name(uint32_t id);

/* One rule only: true when the event is valid and rule `id` matches it. */
bool shop_orders_rule_matches_json(uint32_t id, const char *json, size_t len, evc_error_t *err);
/* The same per rule, inline (no function per rule to compile in the generated file). */
static inline bool shop_orders_rule_paid_matches_json(const char *json, size_t len, evc_error_t *err) {
  return shop_orders_rule_matches_json(shop_orders_RULE_paid, json, len, err);
}

#ifdef EVENTC_WITH_JANSSON
/* Matches an already-parsed event (serialised once, then matched like shop_orders_match_json). */
int shop_orders_match_jansson(const json_t *event, shop_orders_result_t *out, evc_error_t *err);
#endif
/* ---- end of matcher of bus orders ---- */
/* Bus orders: targets and compiled inputs; evc_bus_new(&shop_orders_bus, &config, &err). */
#include "eventc/bus.h"

extern const evc_bus_def_t shop_orders_bus;


/* ---- matcher of bus audit-log ---- */

#define shop_audit_log_RULE_COUNT 1u

/* Rule ids, in input order. */
enum shop_audit_log_rule_id {
  shop_audit_log_RULE_everything_here = 0, /* rules.yaml:19 rule "everything.here" */
};

/* The rules an event matched: bit `id` of `bits` is set for every matching rule. */
typedef struct shop_audit_log_result {
  uint64_t bits[1];
  uint32_t count; /* number of matching rules */
} shop_audit_log_result_t;

/*
 * Validates `json` (RFC 8259, UTF-8, depth and size limits) and matches every rule in the
 * same single pass. Returns 0, or an evc_errcode_t with `err` telling where and why (then
 * `out` is empty). Allocation-free and thread-safe.
 */
int shop_audit_log_match_json(const char *json, size_t len, shop_audit_log_result_t *out, evc_error_t *err);
/* The same with explicit limits (NULL = defaults: 256 KB, depth EVC_MAX_DEPTH = 1,101). */
int shop_audit_log_match_json_limits(const char *json, size_t len, const evc_scan_limits_t *limits,
                          shop_audit_log_result_t *out, evc_error_t *err);
/* The next matched rule id >= from, or shop_audit_log_RULE_COUNT when there is none. */
uint32_t shop_audit_log_result_next(const shop_audit_log_result_t *r, uint32_t from);
/*
 * For events already validated (by a bus, an archive replay, another eventc process): the
 * same results as shop_audit_log_match_json on valid JSON, repeated and dotted member names included, but
 * values no rule reads are skipped by structure only. Invalid input gives unspecified matches
 * (never a crash: reads stay in len).
 */
int shop_audit_log_match_trusted(const char *json, size_t len, shop_audit_log_result_t *out, evc_error_t *err);
/* Whether rule `id` matched. */
bool shop_audit_log_result_has(const shop_audit_log_result_t *r, uint32_t id);
/* The rule's Name, NULL for an unknown id. */
const char *shop_audit_log_rule_name(uint32_t id);

/* One rule only: true when the event is valid and rule `id` matches it. */
bool shop_audit_log_rule_matches_json(uint32_t id, const char *json, size_t len, evc_error_t *err);
/* The same per rule, inline (no function per rule to compile in the generated file). */
static inline bool shop_audit_log_rule_everything_here_matches_json(const char *json, size_t len, evc_error_t *err) {
  return shop_audit_log_rule_matches_json(shop_audit_log_RULE_everything_here, json, len, err);
}

#ifdef EVENTC_WITH_JANSSON
/* Matches an already-parsed event (serialised once, then matched like shop_audit_log_match_json). */
int shop_audit_log_match_jansson(const json_t *event, shop_audit_log_result_t *out, evc_error_t *err);
#endif
/* ---- end of matcher of bus audit-log ---- */
/* Bus audit-log: targets and compiled inputs; evc_bus_new(&shop_audit_log_bus, &config, &err). */
#include "eventc/bus.h"

extern const evc_bus_def_t shop_audit_log_bus;


/* ---- event schemas ---- */
#include <eventc/validate.h>
#include <eventc/version.h>
#include <stdbool.h>
#include <stdint.h>

#if EVC_ABI_VERSION != 8
#error "generated by eventc for libeventc ABI 8: regenerate"
#endif


#ifdef __cplusplus
}
#endif

#endif /* GEN_EVENTC_H */
