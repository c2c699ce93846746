/* The rule-file model: buses, rules, targets and archives loaded from CloudFormation or eventc YAML. */
#ifndef EVCC_MODEL_H
#define EVCC_MODEL_H

#include "diag.h"
#include "doc.h"
#include "ir.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * A string-valued field that may be a CloudFormation reference. `text` is the literal text
 * (for a reference: the argument as written, e.g. "ProcessorFunction.Arn" for !GetAtt);
 * `ref` says which kind it is; `bind_name` is what C code binds a target by: the literal
 * text, or the logical id for !GetAtt X.Arn / !Ref X ("ProcessorFunction").
 */
typedef enum evcc_ref_kind {
  EVCC_REF_NONE,
  EVCC_REF_GETATT, /* !GetAtt X.Attr or Fn::GetAtt */
  EVCC_REF_REF,    /* !Ref X or Ref */
  EVCC_REF_SUB,    /* !Sub '...' or Fn::Sub */
  EVCC_REF_OTHER   /* !Join, !ImportValue, !Select, ... kept opaque */
} evcc_ref_kind_t;

typedef struct evcc_strval {
  char *text;      /* NULL when the field is absent */
  evcc_ref_kind_t ref;
  char *bind_name;
  evcc_loc_t loc;
} evcc_strval_t;

typedef enum evcc_input_kind {
  EVCC_INPUT_EVENT,       /* the matched event as is */
  EVCC_INPUT_CONSTANT,    /* Input: constant JSON text */
  EVCC_INPUT_PATH,        /* InputPath: JSONPath into the event */
  EVCC_INPUT_TRANSFORMER  /* InputTransformer */
} evcc_input_kind_t;

typedef struct evcc_path_var {
  char *name;      /* InputPathsMap key */
  char *path;      /* JSONPath text, e.g. "$.detail.items[0].id" */
  evcc_loc_t loc;  /* of the path value */
} evcc_path_var_t;

typedef struct evcc_target {
  char *id;                /* Target Id */
  evcc_loc_t loc;
  evcc_strval_t arn;
  evcc_input_kind_t input_kind;
  char *input;             /* CONSTANT: JSON text */
  char *input_path;        /* PATH */
  evcc_path_var_t *vars;   /* TRANSFORMER: InputPathsMap in input order */
  size_t nvar;
  char *input_template;    /* TRANSFORMER: InputTemplate */
  evcc_loc_t input_loc;    /* of Input / InputPath / InputTemplate value */
  const evcc_node_t *template_node; /* for mapping placeholder positions */
  bool has_retry_policy;
  int max_retry_attempts;  /* 0..185, default 185 */
  int max_event_age;       /* seconds 60..86400, default 86400 */
  evcc_strval_t dead_letter_arn; /* text NULL when no DeadLetterConfig */
  char *bus_name;          /* the Arn is an event bus: its name; else NULL */
  char *arn_type;          /* the Arn names a resource of the template: its Type; else NULL */
} evcc_target_t;

/* How a rule, archive or policy names its bus: decides what evcc_model_check_buses() says. */
typedef enum evcc_bus_ref {
  EVCC_BUSREF_DEFAULT,  /* absent or "default" */
  EVCC_BUSREF_RESOURCE, /* !Ref / !GetAtt of an AWS::Events::EventBus of the template */
  EVCC_BUSREF_LOCAL,    /* a name or ARN in an eventc rules file: must be declared */
  EVCC_BUSREF_EXTERNAL  /* a name, ARN, parameter or !ImportValue in a template: maybe another stack's */
} evcc_bus_ref_t;

typedef struct evcc_rule {
  char *logical_id;        /* CloudFormation resource name, or NULL */
  char *name;              /* Name, else the logical id */
  char *bus;               /* bus name ("default" when absent) */
  char *description;
  bool enabled;            /* State ENABLED (default) */
  const evcc_node_t *pattern; /* the pattern tree (a JSON string already parsed), or NULL */
  char *schedule;          /* ScheduleExpression or NULL */
  evcc_loc_t schedule_loc;
  evcc_target_t *targets;
  size_t ntarget;
  evcc_loc_t loc;
  evcc_bus_ref_t bus_ref;
  evcc_loc_t bus_loc;      /* of the EventBusName value */
} evcc_rule_t;

typedef struct evcc_bus {
  char *logical_id;
  char *name;
  evcc_loc_t loc;
} evcc_bus_t;

typedef struct evcc_archive {
  char *logical_id;
  char *name;
  char *bus;               /* source bus name */
  const evcc_node_t *pattern; /* or NULL: every event except replayed ones */
  int retention_days;      /* 0 = indefinitely */
  evcc_loc_t loc;
  evcc_bus_ref_t bus_ref;
  evcc_loc_t bus_loc;
} evcc_archive_t;

/* One statement of an event bus's resource policy (AWS::Events::EventBusPolicy, `policies:`). */
typedef struct evcc_policy {
  char *sid;               /* StatementId */
  char *bus;               /* the bus it guards */
  bool deny;               /* Effect: Deny */
  char **principals;       /* account ids, "*", or "${AWS::AccountId}" */
  size_t nprincipal;
  char *org_id;            /* Condition aws:PrincipalOrgID, or NULL */
  char **sources;          /* Condition events:source */
  size_t nsource;
  char **detail_types;     /* Condition events:detail-type */
  size_t ndetail_type;
  evcc_loc_t loc;
  evcc_bus_ref_t bus_ref;
  evcc_loc_t bus_loc;
} evcc_policy_t;

typedef struct evcc_model {
  evcc_bus_t *buses;
  size_t nbus;
  evcc_rule_t *rules;      /* in input order across all files */
  size_t nrule;
  evcc_archive_t *archives;
  size_t narchive;
  evcc_doc_t **docs;       /* owned documents */
  size_t ndoc;
  char **files;            /* every file read (for --depfile) */
  size_t nfile;
  const evcc_load_limits_t *limits; /* of the files evcc_model_load_file reads; NULL: defaults */
  evcc_policy_t *policies; /* in input order */
  size_t npolicy;
} evcc_model_t;

void evcc_model_init(evcc_model_t *m);
void evcc_model_free(evcc_model_t *m);

/*
 * Loads one rule file (CloudFormation/SAM template, eventc rules file, or a bare JSON event
 * pattern, recognised by content) into the model, validating it. Errors go to `d`; returns
 * false when the file could not be used at all.
 */
bool evcc_model_load_file(evcc_model_t *m, const char *path, evcc_diag_t *d);
/* The same for a document already loaded (the model takes ownership of `doc`). */
bool evcc_model_add_doc(evcc_model_t *m, evcc_doc_t *doc, evcc_diag_t *d);

/* Names of the buses with rules, in first-appearance order ("default" included when used). */
size_t evcc_model_bus_names(const evcc_model_t *m, const char **names, size_t max);

/*
 * Builds the IR of one bus (NULL = every rule of the model), validating every pattern.
 * Each IR rule's `user` points to its evcc_rule_t. Returns false on errors.
 */
bool evcc_model_build_ir(const evcc_model_t *m, const char *bus, evcc_ir_t *ir, evcc_diag_t *d);

/*
 * Every EventBusName of a rule, archive or policy must name a declared bus or "default": in an
 * eventc rules file an undeclared name is an error, in a CloudFormation template (where the bus
 * may belong to another stack) a -Wundeclared-bus warning. Returns false on errors.
 */
bool evcc_model_check_buses(const evcc_model_t *m, evcc_diag_t *d); /* model_buses.c */

/* The rule's ARN for a bus: arn:aws:events:REGION:ACCOUNT:rule[/BUS]/NAME. */
char *evcc_rule_arn(const evcc_rule_t *r, const char *region, const char *account);

#endif
