/* Publishing accepted events: match once here, then store in the bus's stream with the event id as Nats-Msg-Id. */
#include "nats_impl.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define RETRY_PAUSE_MS 50

static evc_nats_t *of_bus(const evc_bus_t *bus) { return (evc_nats_t *)(uintptr_t)bus->remote; }

const char *evc_nats_failure(const evc_bus_t *bus) { return of_bus(bus)->failure; }

/* Errors that no re-publish can cure. "Stream not found" is not one: a restarted server answers
 * so until it has recovered its streams. */
static int permanent(natsStatus s, jsErrCode jerr) {
  return s == NATS_INVALID_ARG || s == NATS_CONNECTION_CLOSED || jerr == JSStreamMessageExceedsMaximumErr;
}

int evc_nats_publish(evc_nats_t *n, natsMsg *m, const char *msg_id) {
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MsgId = msg_id;
  po.MaxWait = n->publish_timeout_ms;
  int64_t deadline = nats_Now() + n->publish_retry_ms;
  for (;;) {
    jsPubAck *ack = NULL;
    jsErrCode jerr = 0;
    natsStatus s = js_PublishMsg(&ack, n->js, m, &po, &jerr);
    if (s == NATS_OK) {
      n->metrics.published++;
      if (ack->Duplicate) n->metrics.publish_duplicates++;
      jsPubAck_Destroy(ack);
      return 0;
    }
    if (permanent(s, jerr) || nats_Now() >= deadline) {
      char why[200];
      snprintf(n->failure, sizeof n->failure, "%s: publishing to stream %s failed: %s", n->url,
               n->stream, evc_nats_status_text(s, why, sizeof why));
      n->metrics.publish_failures++;
      return -1;
    }
    n->metrics.publish_retries++; /* the same Nats-Msg-Id: the server stores it once */
    nats_Sleep(RETRY_PAUSE_MS);
  }
}

/* "0,3": the enabled rules the event matched (counted as in process), "-" when none. */
static void matched_rules(evc_bus_t *bus, const unsigned char *rule_filter, char *out, size_t cap) {
  const evc_bus_def_t *def = bus->def;
  size_t len = 0;
  out[0] = '\0';
  for (uint32_t r = def->next(bus->match_state, 0); r < def->nrule; r = def->next(bus->match_state, r + 1)) {
    if (!def->rules[r].enabled || (rule_filter && !rule_filter[r])) continue; /* a replay's FilterArns */
    bus->rule_metrics[r].matched_events++;
    if (def->rules[r].ntarget) bus->rule_metrics[r].triggered_rules++;
    int k = snprintf(out + len, cap - len, "%s%" PRIu32, len ? "," : "", r);
    if (k < 0 || (size_t)k >= cap - len) break; /* cap holds every rule id: see rules_cap() */
    len += (size_t)k;
  }
  if (len) bus->metrics.matched_events++;
  else snprintf(out, cap, "-");
}

static size_t rules_cap(const evc_bus_def_t *def) { return 12 * (size_t)def->nrule + 2; }

static natsStatus build_message(evc_nats_t *n, const evc_ingest_t *in, const char *rules, natsMsg **m) {
  char ms[24];
  snprintf(ms, sizeof ms, "%" PRId64, in->ingest_ms);
  natsStatus s = natsMsg_Create(m, n->subject, NULL, in->event, (int)in->event_len);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, EVC_HDR_EVENT_ID, in->event_id);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, EVC_HDR_RULES, rules);
  if (s == NATS_OK) s = natsMsgHeader_Set(*m, EVC_HDR_INGEST_MS, ms);
  if (s == NATS_OK && in->trace_id && strcmp(in->trace_id, in->event_id) != 0)
    s = natsMsgHeader_Set(*m, EVC_HDR_TRACE, in->trace_id);
  if (s == NATS_OK && in->route) s = evc_nats_route_set(*m, in->route); /* forwarded from a bus */
  return s;
}

evc_accept_t evc_nats_accept(evc_bus_t *bus, const evc_ingest_t *in) {
  evc_nats_t *n = of_bus(bus);
  if (evc_bus_match(bus, in) != 0) return EVC_ACCEPT_REFUSED;
  if (evc_archive_ingest(bus, in) != 0) return EVC_ACCEPT_ARCHIVE_FAILED; /* archived where accepted */
  char stack[256];
  size_t cap = rules_cap(bus->def);
  char *rules = cap <= sizeof stack ? stack : malloc(cap);
  if (!rules) return EVC_ACCEPT_NO_MEMORY;
  matched_rules(bus, in->rule_filter, rules, cap);
  natsMsg *m = NULL;
  natsStatus s = build_message(n, in, rules, &m);
  if (rules != stack) free(rules);
  char replay_id[160]; /* a replayed event keeps its id: its Msg-Id must differ from the original's */
  if (in->replay_name) snprintf(replay_id, sizeof replay_id, "%s/%s", in->replay_name, in->event_id);
  int rc = s == NATS_OK ? evc_nats_publish(n, m, in->replay_name ? replay_id : in->event_id) : -1;
  if (s != NATS_OK) {
    char why[200];
    snprintf(n->failure, sizeof n->failure, "building the message: %s",
             evc_nats_status_text(s, why, sizeof why));
  }
  natsMsg_Destroy(m);
  return rc == 0 ? EVC_ACCEPTED : EVC_ACCEPT_REMOTE_FAILED;
}
