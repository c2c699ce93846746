/* Resource types eventc knows besides rules, buses, archives, policies: type names, API destinations. */
#ifndef EVCC_MODEL_RESOURCES_H
#define EVCC_MODEL_RESOURCES_H

#include "diag.h"
#include "doc.h"

#include <stdbool.h>

/*
 * Warns (-Wunknown-type) when `type` is in the AWS::Events:: or AWS::Serverless:: namespace
 * but names no type of it, suggesting the likely one; other namespaces are not eventc's concern.
 */
void evcc_check_resource_type(evcc_diag_t *d, const evcc_node_t *type);

/*
 * Checks an AWS::Events::Connection or AWS::Events::ApiDestination resource's properties as
 * CloudFormation does (required fields, HttpMethod and AuthorizationType values, unknown
 * fields). Rules target an API destination like any other target, by its logical id.
 * Returns false after an error; does nothing for other types.
 */
bool evcc_check_api_resource(evcc_diag_t *d, const char *type, const evcc_node_t *props);

#endif
