/* Schema discovery: event shapes merged across an NDJSON stream, written as registry-style schemas. */
#ifndef EVCC_INFER_H
#define EVCC_INFER_H

#include "buf.h"
#include "diag.h"
#include "doc.h"

#include <stdbool.h>
#include <stddef.h>

/* What was seen at one place of the events, merged across events. */
typedef enum evcc_seen_kind { EVCC_SEEN_NULL, EVCC_SEEN_BOOL, EVCC_SEEN_INT, EVCC_SEEN_NUM, EVCC_SEEN_STR,
                              EVCC_SEEN_OBJ, EVCC_SEEN_ARR, EVCC_SEEN__COUNT } evcc_seen_kind_t;

/* String formats inferred when every string seen at a place has them (bits of evcc_shape_t.formats). */
#define EVCC_INFER_FORMATS(X) X(DATE_TIME, "date-time") X(EMAIL, "email") X(UUID, "uuid") X(IPV4, "ipv4")
enum {
#define EVCC_F_ENUM(id, name) EVCC_FMT_BIT_##id,
  EVCC_INFER_FORMATS(EVCC_F_ENUM)
#undef EVCC_F_ENUM
  EVCC_FMT__COUNT
};

typedef struct evcc_shape evcc_shape_t;

typedef struct evcc_shape_field {
  char *name;
  size_t len;
  unsigned long present; /* objects that had it */
  evcc_shape_t *shape;
} evcc_shape_field_t;

struct evcc_shape {
  unsigned long seen[EVCC_SEEN__COUNT];
  unsigned formats;           /* EVCC_FMT_BIT_* every string so far had (1u << bit) */
  evcc_shape_field_t *fields; /* in first-seen order */
  size_t nfield, cap, hint;
  evcc_shape_t *items;        /* elements of the arrays seen here */
};

/* The events of one (source, detail-type) pair; source NULL for lines that are not EventBridge events. */
typedef struct evcc_infer_pair {
  char *source, *detail_type;
  unsigned long events;
  evcc_shape_t detail; /* the detail, or the whole line for non-events */
} evcc_infer_pair_t;

typedef struct evcc_infer {
  evcc_infer_pair_t *pairs; /* in first-seen order */
  size_t npair, cap;
  evcc_buf_t scratch;
} evcc_infer_t;

void evcc_infer_init(evcc_infer_t *in);
void evcc_infer_free(evcc_infer_t *in);

/*
 * Adds one line: an EventBridge event ("source", "detail-type", "detail"), a PutEvents entry
 * ("Source", "DetailType", "Detail" as an object or a JSON string), or any other JSON value (a
 * pair without source). False for invalid JSON, with the reason and the byte offset of the problem.
 */
bool evcc_infer_add(evcc_infer_t *in, const char *json, size_t len, char *why, size_t whylen, size_t *at);

typedef enum evcc_infer_format { EVCC_INFER_OPENAPI, EVCC_INFER_JSONSCHEMA } evcc_infer_format_t;

typedef struct evcc_infer_out {
  evcc_infer_format_t format;
  const char *name;       /* --name: the detail schema's name and the title, or NULL */
  const evcc_node_t *old; /* --update: the previous version's document root, or NULL */
  evcc_diag_t *d;         /* one warning per place the new version cannot stay backward compatible */
} evcc_infer_out_t;

/* The schema name of a pair: --name, the registry name of its detail-type, or "Event". */
char *evcc_infer_name(const evcc_infer_pair_t *p, const char *name);

/* Writes the schema document of one pair (pretty JSON, keys in a fixed order) to `out`. */
void evcc_infer_write(const evcc_infer_pair_t *p, const evcc_infer_out_t *o, evcc_buf_t *out);

#endif
