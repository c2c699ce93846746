/* SAM events that are EventBridge rules (EventBridgeRule, CloudWatchEvent, Schedule) as AWS::Events::Rule. */
#ifndef EVCC_SAM_H
#define EVCC_SAM_H

#include "diag.h"
#include "doc.h"

#include <stdbool.h>
#include <stddef.h>

/* One rule SAM would generate: its logical id (OwnerEventId) and the AWS::Events::Rule properties. */
typedef struct evcc_sam_rule {
  const char *logical_id;   /* in the document's pool */
  const evcc_node_t *props; /* built in the document's pool from the event's own nodes */
  evcc_loc_t loc;           /* of the event */
} evcc_sam_rule_t;

/* True for the SAM resource types whose Events may be EventBridge rules targeting the resource. */
bool evcc_sam_is_rule_owner(const char *type);

/*
 * The rules of the `Events` of an AWS::Serverless::Function or StateMachine `owner_id` with
 * properties `props`, as SAM translates them: the target is the resource itself (Arn
 * !GetAtt OWNER.Arn, Id Target.Id or OWNER EVENT "LambdaTarget"/"StepFunctionsTarget"), a
 * DeadLetterConfig {Type: SQS} names the queue SAM creates (QueueLogicalId, else RULE "Queue").
 * Events of other types (S3, SQS, Api, ...) are not EventBridge rules and give none. Returns
 * the number of rules written to *out (an array in the document's pool); problems go to `d`
 * and set *ok to false.
 */
size_t evcc_sam_rules(evcc_doc_t *doc, const char *owner_type, const char *owner_id, const evcc_node_t *props,
                      evcc_diag_t *d, bool *ok, evcc_sam_rule_t **out);

#endif
