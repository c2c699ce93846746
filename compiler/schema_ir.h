/* The loaded form of event schemas: one evcc_snode_t per (sub)schema, $refs resolved, shared by check and emit. */
#ifndef EVCC_SCHEMA_IR_H
#define EVCC_SCHEMA_IR_H

#include "buf.h"
#include "schema.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum evcc_draft { EVCC_DRAFT4, EVCC_DRAFT7, EVCC_OPENAPI3 } evcc_draft_t;

/* JSON types a schema allows: same bits as EVC_T_* of the generated code. */
enum {
  EVCC_T_NULL = 1,
  EVCC_T_BOOLEAN = 2,
  EVCC_T_OBJECT = 4,
  EVCC_T_ARRAY = 8,
  EVCC_T_NUMBER = 16,
  EVCC_T_STRING = 32,
  EVCC_T_INTEGER = 64
};

/* How a schema's value is held in a generated struct. */
typedef enum evcc_repr {
  EVCC_R_JSON,   /* evc_json_t: raw JSON text (anything the schema cannot type) */
  EVCC_R_STRUCT, /* named struct of the properties */
  EVCC_R_ARRAY,  /* named struct { T *items; size_t count; } */
  EVCC_R_STR,    /* evc_str_t */
  EVCC_R_ENUM,   /* C enum of the string values */
  EVCC_R_INT,    /* int64_t */
  EVCC_R_NUM,    /* double */
  EVCC_R_BOOL    /* bool */
} evcc_repr_t;

typedef struct evcc_snode evcc_snode_t;

/* A key the object code dispatches on: a property, a required name or a dependency trigger. */
typedef struct evcc_skey {
  const char *name;
  size_t len;
  evcc_snode_t *schema; /* properties[name], or NULL */
  bool required;
  const evcc_node_t *dep_list;  /* dependencies[name] as a list of names */
  evcc_snode_t *dep_schema;     /* dependencies[name] as a schema */
  char *field;                  /* C field name (properties only) */
  bool by_json;                 /* held as evc_json_t (recursion through a by-value struct) */
} evcc_skey_t;

typedef struct evcc_spattern {
  const evcc_node_t *src; /* the regex text */
  int regex;              /* index into the set's regexes */
  evcc_snode_t *schema;
} evcc_spattern_t;

struct evcc_snode {
  const evcc_node_t *src;
  const char *base; /* base URI */
  const char *label; /* name under definitions/$defs/components.schemas, for C type names */
  evcc_draft_t draft;
  int boolean;      /* -1, or the value of a boolean schema (true/false) */
  evcc_snode_t *ref;
  unsigned types;   /* EVCC_T_* allowed; 0 = any */
  const evcc_node_t *minimum, *maximum, *multiple_of;
  bool min_excl, max_excl;
  long min_len, max_len, min_items, max_items, min_props, max_props; /* -1 = absent */
  const evcc_node_t *pattern;
  int pattern_re;
  const char *format;
  const evcc_node_t *enum_, *const_;
  evcc_skey_t *keys;
  size_t nkey, nprop;
  evcc_spattern_t *pprops;
  size_t npprop;
  evcc_snode_t *additional;     /* additionalProperties schema, or NULL */
  evcc_snode_t *property_names;
  evcc_snode_t *items;          /* items as one schema */
  evcc_snode_t **tuple;         /* items as an array */
  size_t ntuple;
  evcc_snode_t *additional_items;
  evcc_snode_t *contains;
  bool unique;
  evcc_snode_t **all_of, **any_of, **one_of;
  size_t nall, nany, none;
  evcc_snode_t *not_, *if_, *then_, *else_;
  /* filled by the planner (emit side) */
  evcc_repr_t repr;
  char *cname;     /* C type name of a STRUCT/ARRAY/ENUM repr, or function stem */
  char *fn;        /* validator function name */
  bool emitted, typed_done, visiting, writer_done;
  evcc_snode_t *next_all; /* every node of the set, creation order */
  unsigned char cycle_color; /* schema_cycle.c's depth-first walk */
};

/* A schema that gets public entry points: a JSON Schema document, or an OpenAPI component. */
typedef struct evcc_sroot {
  evcc_snode_t *schema;
  char *name;      /* "TicketCompletedEvent" */
  char *version;   /* info.version / "version" / file-name convention, or NULL */
  char *source;    /* x-amazon-events-source or NULL */
  char *detail_type;
  bool validate_only; /* no struct/parse/write entry points */
} evcc_sroot_t;

typedef struct evcc_regex {
  char *src;
  evcc_loc_t loc;
} evcc_regex_t;

/* Options of a set, for the conformance runner: remote URI prefixes served from directories. */
void evcc_schema_set_map_uri(evcc_schema_set_t *set, const char *prefix, const char *dir);
void evcc_schema_set_default_draft(evcc_schema_set_t *set, evcc_draft_t draft);
/*
 * Adds the schema at `node` of a document the caller keeps, as a root named `name`
 * (validate-only when `validate_only`). Returns false on errors.
 */
bool evcc_schema_set_add_node(evcc_schema_set_t *set, const evcc_node_t *node, const char *name,
                              bool validate_only, evcc_diag_t *d);

size_t evcc_schema_set_roots(const evcc_schema_set_t *set, evcc_sroot_t **roots);
size_t evcc_schema_set_regexes(const evcc_schema_set_t *set, const evcc_regex_t **res);
evcc_snode_t *evcc_schema_set_nodes(const evcc_schema_set_t *set);

/* A string that lives as long as the set. */
char *evcc_schema_set_strdup(evcc_schema_set_t *set, const char *s);

/* URIs (RFC 3986): `ref` resolved against `base`, malloc'd. */
char *evcc_uri_resolve(const char *base, const char *ref);

/* Writes a document value as compact JSON (numbers as written). */
void evcc_schema_json(evcc_buf_t *b, const evcc_node_t *n);

#endif
