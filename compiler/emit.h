/* The emit phase: what `eventc compile` hands every emitter, and the emitters it calls. */
#ifndef EVCC_EMIT_H
#define EVCC_EMIT_H

#include "buf.h"
#include "diag.h"
#include "ir.h"
#include "model.h"

#include <stdbool.h>

struct evcc_schema_set; /* compiler/schema.h */

/* How a matcher's value dispatch is emitted (eventc compile --matcher). */
typedef enum {
  EVCC_MATCHER_AUTO,  /* tables from EVCC_ACTION_TABLE_MIN rows of one dispatch on, code below */
  EVCC_MATCHER_CODE,  /* a switch with straight-line code per case */
  EVCC_MATCHER_TABLES /* action tables (eventc/actions.h) wherever the actions allow */
} evcc_matcher_form_t;

/* From this many cases (distinct exact strings, or automaton accept sets) of one field, --matcher=auto
 * emits an action table: each case costs a row of data instead of a branch of code, which keeps the C
 * compiler's time linear in the rules (10,000 rules: see README "Large rule sets"). */
#define EVCC_ACTION_TABLE_MIN 64

typedef struct evcc_emit_ctx {
  const char *name;    /* --name: output files NAME.h / NAME.c */
  const char *prefix;  /* --prefix: public symbol prefix (default: NAME) */
  const char *const *inputs; /* input files as given, for the banner */
  size_t ninput;
  evcc_model_t *model;                /* rules, targets, buses (may be empty) */
  struct evcc_schema_set *schemas;    /* event schemas (may be NULL) */
  evcc_buf_t h;        /* NAME.h text being built */
  evcc_buf_t c;        /* NAME.c text being built */
  evcc_diag_t *diag;
  struct evcc_symtab *syms;           /* every C identifier emitted so far (compiler/symtab.h) */
  evcc_matcher_form_t matcher;        /* --matcher */
} evcc_emit_ctx_t;

/* Generated matcher of one bus: its IR, and the C symbol fragment of the bus name. */
typedef struct evcc_emit_bus {
  const char *bus_name;   /* "ai-support-events" */
  const char *sym;        /* "P_ai_support_events" or just P when only one bus */
  evcc_ir_t ir;
  evcc_loc_t loc;         /* where the bus is declared (else its first rule) */
  const char *archive_fields; /* the evc_bus_def_t archive fields, from evcc_emit_archives */
} evcc_emit_bus_t;

/* Appends how diagnostics name the bus's generated code: `the matcher of bus "orders"`. */
void evcc_emit_bus_what(evcc_buf_t *what, const evcc_emit_bus_t *bus);                /* emit_match.c */

/* Each returns false after reporting errors through ctx->diag. */
bool evcc_emit_matcher(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus);   /* emit_match.c */
bool evcc_emit_targets(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus);   /* emit_target.c */
bool evcc_emit_schemas(evcc_emit_ctx_t *ctx);                               /* emit_schema.c */
/* A scheduled rule's parsed ScheduleExpression as `static const evc_schedule_t symbol`. */
bool evcc_emit_schedule(evcc_emit_ctx_t *ctx, const char *symbol, const evcc_rule_t *r); /* emit_schedule.c */
/* The bus's archive table and archive matcher; appends the evc_bus_def_t fields to `fields`. */
bool evcc_emit_archives(evcc_emit_ctx_t *ctx, const evcc_emit_bus_t *bus, evcc_buf_t *fields); /* emit_archive.c */

#endif
