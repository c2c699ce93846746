/* Position-keeping document trees: YAML (through libyaml) and strict JSON, with tags and duplicate keys. */
#ifndef EVCC_DOC_H
#define EVCC_DOC_H

#include "diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum evcc_node_kind {
  EVCC_NODE_NULL,
  EVCC_NODE_BOOL,
  EVCC_NODE_NUMBER, /* text kept exactly as written in `str` */
  EVCC_NODE_STRING,
  EVCC_NODE_MAP,
  EVCC_NODE_SEQ
} evcc_node_kind_t;

typedef struct evcc_node evcc_node_t;

/*
 * One value of a document. Maps keep every key in input order, duplicates included:
 * callers that want EventBridge's last-wins rule use evcc_map_get(), which returns the
 * last value of a key. Scalars keep their text in `str` (NUL-terminated, `len` bytes,
 * may contain NUL bytes when a JSON string held \u0000).
 */
struct evcc_node {
  evcc_node_kind_t kind;
  evcc_loc_t loc;         /* where the value starts */
  evcc_loc_t end_loc;     /* JSON containers: the closing bracket; line 0 otherwise */
  const char *tag;        /* CloudFormation intrinsic tag ("!GetAtt", "!Ref", ...) or NULL; core tags are applied */
  char *str;              /* scalar text: string value, number text, "true"/"false"/"null" */
  size_t len;
  bool boolean;           /* value of a BOOL */
  bool block_scalar;      /* a YAML literal/folded scalar (positions inside are mappable) */
  size_t count;           /* entries of a MAP or SEQ */
  evcc_node_t **items;    /* SEQ elements, MAP values */
  evcc_node_t **keys;     /* MAP keys (scalar nodes, kind STRING) */
  const struct evcc_doc *doc;
  size_t src_offset;      /* byte offset of the value in the source text */
};

/*
 * What one input document may cost, so a hostile file is refused with an error instead of
 * exhausting memory or time. A field left 0 takes its default. Aliases count as the nodes
 * they expand to, so "billion laughs" exceeds max_nodes at once.
 */
typedef struct evcc_load_limits {
  size_t max_file_bytes; /* size of a file read (default 16 MiB) */
  size_t max_depth;      /* nesting of mappings and sequences (default 1100) */
  size_t max_nodes;      /* values of a document, keys and alias expansions included (default 1,000,000) */
} evcc_load_limits_t;

#define EVCC_DEFAULT_MAX_FILE_BYTES ((size_t)16 << 20)
#define EVCC_DEFAULT_MAX_DEPTH ((size_t)1100)
#define EVCC_DEFAULT_MAX_NODES ((size_t)1000000)

/* `limits` with every 0 field replaced by its default (NULL: all defaults). */
evcc_load_limits_t evcc_load_limits_resolve(const evcc_load_limits_t *limits);

/* A loaded document: owns every node and the source text. */
typedef struct evcc_doc {
  char *path;      /* file name used in diagnostics */
  char *text;      /* full source text */
  size_t text_len;
  evcc_node_t *root;
  struct evcc_pool *pool;
  evcc_load_limits_t limits; /* resolved; embedded JSON parsed later obeys them too */
  size_t nodes;              /* charged against limits.max_nodes */
} evcc_doc_t;

typedef enum evcc_syntax { EVCC_SYNTAX_AUTO, EVCC_SYNTAX_YAML, EVCC_SYNTAX_JSON } evcc_syntax_t;

/*
 * Loads `text` (copied) as `syntax`; AUTO picks JSON for names ending in .json and for text
 * whose first non-blank byte is '{' or '[', YAML otherwise. On a syntax error reports
 * file:line:col through `d` and returns NULL. JSON is read strictly (RFC 8259).
 */
evcc_doc_t *evcc_doc_parse(const char *path, const char *text, size_t len, evcc_syntax_t syntax,
                           evcc_diag_t *d);
/* Reads a file ("-" is stdin) and parses it. */
evcc_doc_t *evcc_doc_load(const char *path, evcc_syntax_t syntax, evcc_diag_t *d);
/* evcc_doc_parse / evcc_doc_load under explicit limits (NULL: the defaults). */
evcc_doc_t *evcc_doc_parse_limited(const char *path, const char *text, size_t len, evcc_syntax_t syntax,
                                   const evcc_load_limits_t *limits, evcc_diag_t *d);
evcc_doc_t *evcc_doc_load_limited(const char *path, evcc_syntax_t syntax, const evcc_load_limits_t *limits,
                                  evcc_diag_t *d);
void evcc_doc_free(evcc_doc_t *doc);

/*
 * Parses the JSON text held by a string node (an EventPattern written as a JSON string),
 * mapping positions back into the enclosing file where the string is a block scalar or a
 * single-line scalar. The result belongs to `owner` and is freed with it.
 */
evcc_node_t *evcc_doc_parse_embedded_json(evcc_doc_t *owner, const evcc_node_t *str,
                                          evcc_diag_t *d);

/*
 * The position of byte `offset` of a scalar's value in its file: exact for literal block
 * scalars and for single-line scalars written without escapes, the scalar's start otherwise.
 */
evcc_loc_t evcc_node_offset_loc(const evcc_node_t *str, size_t offset);

/* Last value of `key` in a MAP (EventBridge's last-wins), or NULL. */
const evcc_node_t *evcc_map_get(const evcc_node_t *map, const char *key);
/* Parses a NUMBER node's text as a double; false when it is out of range of a double. */
bool evcc_node_number(const evcc_node_t *n, double *out);
/* "string", "number", "object", ... for messages. */
const char *evcc_node_kind_name(evcc_node_kind_t k);

struct evcc_buf;
/* Appends the value as compact JSON (keys in input order, duplicates kept). */
void evcc_node_to_json(const evcc_node_t *n, struct evcc_buf *out);

/* Allocates from the document's pool (freed with the document). */
void *evcc_doc_alloc(const evcc_doc_t *doc, size_t size);
char *evcc_doc_strndup(const evcc_doc_t *doc, const char *s, size_t len);

#endif
