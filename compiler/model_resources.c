/* Known AWS::Events::/AWS::Serverless:: resource types, and the checks of API destinations and connections. */
#include "model_resources.h"

#include "node_check.h"
#include "spelling.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const known_types[] = {"AWS::Events::ApiDestination",
                                          "AWS::Events::Archive",
                                          "AWS::Events::Connection",
                                          "AWS::Events::Endpoint",
                                          "AWS::Events::EventBus",
                                          "AWS::Events::EventBusPolicy",
                                          "AWS::Events::Rule",
                                          "AWS::Serverless::Api",
                                          "AWS::Serverless::Application",
                                          "AWS::Serverless::Connector",
                                          "AWS::Serverless::Function",
                                          "AWS::Serverless::GraphQLApi",
                                          "AWS::Serverless::HttpApi",
                                          "AWS::Serverless::LayerVersion",
                                          "AWS::Serverless::SimpleTable",
                                          "AWS::Serverless::StateMachine"};

static const char *const connection_fields[] = {"AuthParameters",   "AuthorizationType",
                                                "Description",      "InvocationConnectivityParameters",
                                                "KmsKeyIdentifier", "Name"};
static const char *const connection_auth_types[] = {"API_KEY", "BASIC", "OAUTH_CLIENT_CREDENTIALS"};
static const char *const api_destination_fields[] = {
    "ConnectionArn", "Description", "HttpMethod", "InvocationEndpoint", "InvocationRateLimitPerSecond", "Name"};
static const char *const http_methods[] = {"POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"};

void evcc_check_resource_type(evcc_diag_t *d, const evcc_node_t *type) {
  const char *t = type->str;
  if (strncmp(t, "AWS::Events::", 13) != 0 && strncmp(t, "AWS::Serverless::", 17) != 0) return;
  for (size_t i = 0; i < COUNT(known_types); i++)
    if (strcmp(t, known_types[i]) == 0) return;
  const char *guess = evcc_spelling_suggest(t, known_types, COUNT(known_types));
  if (guess)
    evcc_warn(d, EVCC_W_UNKNOWN_TYPE, type->loc, "unknown resource type '%s'; did you mean '%s'?", t, guess);
  else
    evcc_warn(d, EVCC_W_UNKNOWN_TYPE, type->loc, "unknown resource type '%s': eventc ignores it", t);
}

/* A required untagged string field whose value, when literal, is one of `allowed`. */
static bool check_enum(evcc_diag_t *d, const evcc_node_t *props, const char *key, bool required,
                       const char *const *allowed, size_t nallowed) {
  const evcc_node_t *v = evcc_map_get(props, key);
  if (!v) {
    if (required) evcc_error(d, props->loc, "missing required field '%s'", key);
    return !required;
  }
  if (v->tag || v->kind != EVCC_NODE_STRING) return true; /* a parameter: CloudFormation resolves it */
  for (size_t i = 0; i < nallowed; i++)
    if (strcmp(v->str, allowed[i]) == 0) return true;
  char list[160] = "";
  for (size_t i = 0; i < nallowed; i++) {
    strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
    strncat(list, allowed[i], sizeof list - strlen(list) - 1);
  }
  const char *guess = evcc_spelling_suggest(v->str, allowed, nallowed);
  if (guess)
    evcc_error(d, v->loc, "%s '%s' is not one of %s; did you mean '%s'?", key, v->str, list, guess);
  else
    evcc_error(d, v->loc, "%s '%s' is not one of %s", key, v->str, list);
  return false;
}

static bool require(evcc_diag_t *d, const evcc_node_t *props, const char *key) {
  if (evcc_map_get(props, key)) return true;
  evcc_error(d, props->loc, "missing required field '%s'", key);
  return false;
}

bool evcc_check_api_resource(evcc_diag_t *d, const char *type, const evcc_node_t *props) {
  bool connection = strcmp(type, "AWS::Events::Connection") == 0;
  if (!connection && strcmp(type, "AWS::Events::ApiDestination") != 0) return true;
  const char *what = connection ? "a connection" : "an API destination";
  if (!evcc_node_expect(d, props, EVCC_NODE_MAP,
                        connection ? "a connection's properties" : "an API destination's properties"))
    return false;
  if (connection) {
    evcc_check_known_keys(d, props, connection_fields, COUNT(connection_fields), what);
    return check_enum(d, props, "AuthorizationType", false, connection_auth_types, COUNT(connection_auth_types));
  }
  evcc_check_known_keys(d, props, api_destination_fields, COUNT(api_destination_fields), what);
  bool ok = require(d, props, "ConnectionArn");
  ok &= require(d, props, "InvocationEndpoint");
  return check_enum(d, props, "HttpMethod", true, http_methods, COUNT(http_methods)) && ok;
}
