/* ==== matcher of bus orders ==== */

/* What one scan of an event collects. */
typedef struct shop_orders_state {
  shop_orders_result_t *out;       /* the caller's result, cleared before each scan: the rules matched */
  uint64_t bits[1];       /* the rules matched, for out */
  uint32_t count;         /* unread: out's count is the bits' population */
  int dup;                /* a wanted key appeared twice in one object */
  int lastwins;           /* second scan: only the last of duplicate keys counts */
  int overflow;           /* a rule's set of field combinations outgrew its room */
  int need_precise;       /* an array where array consistency matters: scan again precisely */
} shop_orders_state_t;

EVC_MAYBE_UNUSED static inline void shop_orders_set(shop_orders_state_t *st, uint32_t id) {
  st->bits[0] |= UINT64_C(1) << id;
}

static void shop_orders_state_init(shop_orders_state_t *st, int precise) {
  EVC_CLEAR(st, sizeof *st);
  (void)precise;
}

static const char *shop_orders_at_f_detail_type(evc_scan_t *s, const char *p, shop_orders_state_t *st);

/* Whether a key's raw bytes are one the walk reads anywhere (trusted mode's early stop). */
static int shop_orders_is_key(const char *t, size_t n) {
  switch (n) {
  case 11:
    if (memcmp(t, "detail-type", 11) == 0) {
      return 1;
    }
    break;
  }
  return 0;
}

static const evc_trusted_keys_t shop_orders_keys = {
  {UINT64_C(0x0000000000000000), UINT64_C(0x0000001010000000), UINT64_C(0x0000000000000000), UINT64_C(0x0000000000000000)},
  {0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0},
  {0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0},
  shop_orders_is_key};

static void shop_orders_str_f_detail_type(shop_orders_state_t *st, const evc_str_t *v) {
  {
    char buf[15];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      switch (n) {
      case 15:
        if (memcmp(t, "PaymentReceived", 15) == 0) {
          shop_orders_set(st, shop_orders_RULE_paid); /* rules.yaml:12 rule "paid" */
        }
        break;
      }
    }
  }
  (void)st;
  (void)v;
}

/* A scalar at detail-type */
static const char *shop_orders_leaf_f_detail_type(evc_scan_t *s, const char *p, shop_orders_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) shop_orders_str_f_detail_type(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static inline int shop_orders_key_root(const evc_str_t *key) {
  char buf[11];
  size_t n = key->len;
  const char *t = key->ptr;
  if (key->escaped && !(t = evc_str_bounded(key, buf, sizeof buf, &n))) return 0;
  switch (n) {
  case 11:
    if (memcmp(t, "detail-type", 11) == 0) {
      return 1;
    }
    break;
  }
  return 0;
}

static const char *shop_orders_tobj_root(evc_scan_t *s, const char *p, shop_orders_state_t *st) {
  const char *last[1] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, shop_orders_key_root, last)) return NULL;
  more = evc_trusted_obj_first(s, &p, &key);
  while (more > 0) {
    int k = shop_orders_key_root(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* detail-type */
      p = shop_orders_at_f_detail_type(s, p, st);
      break;
    default:
      p = evc_trusted_skip(s, p);
      break;
    }
    if (!p) return NULL;
    /* every key without a dot read: leave the event if no key the walk reads follows */
    more = evc_trusted_obj_after(s, &p, &key, k > 0 && (seen & UINT64_C(0x1)) == UINT64_C(0x1), &shop_orders_keys);
  }
  return more < 0 ? NULL : p;
}

static const char *shop_orders_obj_root(evc_scan_t *s, const char *p, shop_orders_state_t *st) {
  if (s->trusted) return shop_orders_tobj_root(s, p, st);
  const char *last[1] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, shop_orders_key_root, last)) return NULL;
  evc_record_t rec; /* a flat object of strings is checked whole, then read by its quotes */
  more = evc_match_obj_first_r(s, &p, &key, &rec);
  while (more > 0) {
    int k = shop_orders_key_root(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* detail-type */
      p = shop_orders_at_f_detail_type(s, p, st);
      break;
    default:
      p = evc_match_skip_r(s, p, &rec);
      break;
    }
    if (!p) return NULL;
    more = evc_match_obj_next_r(s, &p, &key, &rec);
  }
  return more < 0 ? NULL : p;
}

static const char *shop_orders_arr_f_detail_type(evc_scan_t *s, const char *p, shop_orders_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = shop_orders_at_f_detail_type(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

/* A value at detail-type: an object, an array (each element is a value here), or a scalar */
static const char *shop_orders_at_f_detail_type(evc_scan_t *s, const char *p, shop_orders_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = shop_orders_arr_f_detail_type(s, p, st);
    s->arrays--;
    return p;
  default:
    return shop_orders_leaf_f_detail_type(s, p, st);
  }
}

/* Rules decided once the whole event is seen: several fields, or exists false. */
static void shop_orders_finish(shop_orders_state_t *st) {
  st->out->bits[0] = st->bits[0];
  st->out->count = evc_bits_set64(st->bits[0]);
  (void)st;
}

/* ---- shop_orders: entry points ---- */

static const char *const shop_orders_rule_names[1] = {
  "paid",
};
static const uint32_t shop_orders_rule_count = shop_orders_RULE_COUNT; /* a variable: no "always false" with 0 rules */

static int shop_orders_scan(const char *json, size_t len, const evc_scan_limits_t *limits, int trusted,
                    shop_orders_state_t *st, shop_orders_result_t *out, evc_error_t *err, int lastwins, int precise) {
  evc_scan_t s;
  const char *p = trusted ? evc_trusted_begin(&s, json, len, err) : evc_scan_begin(&s, json, len, limits, err);
  s.trusted = trusted;
  shop_orders_state_init(st, precise);
  EVC_CLEAR(out, sizeof *out);
  st->out = out;
  st->lastwins = lastwins;
  if (p && *p != '{') p = evc_scan_fail(&s, p, EVC_E_NOT_OBJECT, "the event is not a JSON object");
  if (p) p = shop_orders_obj_root(&s, p, st);
  return trusted && p ? 0 : evc_scan_finish(&s, p); /* trusted: nothing but whitespace follows */
}

static int shop_orders_match(const char *json, size_t len, const evc_scan_limits_t *limits, int trusted,
                     shop_orders_result_t *out, evc_error_t *err) {
  shop_orders_state_t st;
  int lastwins = 0, precise = 0, rc;
  /* Scanned again (at most twice more) when a wanted key is repeated in one object (then only its
   * last value counts), or when an array needs multi-field rules tracked element by element. */
  for (;;) {
    rc = shop_orders_scan(json, len, limits, trusted, &st, out, err, lastwins, precise);
    if (rc != 0 || (lastwins >= st.dup && precise >= st.need_precise)) break;
    lastwins |= st.dup;
    precise |= st.need_precise;
  }
  if (rc == 0) shop_orders_finish(&st);
  if (rc == 0 && st.overflow) rc = evc_fail(err, EVC_E_NO_SPACE, 0, "too many distinct field combinations for one rule");
  if (rc != 0) EVC_CLEAR(out, sizeof *out); /* the rules the scan had matched before it failed */
  return rc;
}

int shop_orders_match_json_limits(const char *json, size_t len, const evc_scan_limits_t *limits,
                          shop_orders_result_t *out, evc_error_t *err) {
  return shop_orders_match(json, len, limits, 0, out, err);
}

int shop_orders_match_json(const char *json, size_t len, shop_orders_result_t *out, evc_error_t *err) {
  return shop_orders_match(json, len, NULL, 0, out, err);
}

int shop_orders_match_trusted(const char *json, size_t len, shop_orders_result_t *out, evc_error_t *err) {
  return shop_orders_match(json, len, NULL, 1, out, err);
}

uint32_t shop_orders_result_next(const shop_orders_result_t *r, uint32_t from) {
  return evc_bits_next(r->bits, shop_orders_rule_count, from);
}

bool shop_orders_result_has(const shop_orders_result_t *r, uint32_t id) {
  return id < shop_orders_rule_count && ((r->bits[id / 64] >> (id % 64)) & 1u);
}

const char *shop_orders_rule_name(uint32_t id) {
  return id < shop_orders_rule_count ? shop_orders_rule_names[id] : NULL;
}

#ifdef EVENTC_WITH_JANSSON
int shop_orders_match_jansson(const json_t *event, shop_orders_result_t *out, evc_error_t *err) {
  size_t flags = JSON_COMPACT | JSON_ENCODE_ANY, len = json_dumpb(event, NULL, 0, flags);
  char *buf = len ? (char *)malloc(len) : NULL;
  int rc;
  memset(out, 0, sizeof *out);
  evc_error_clear(err);
  if (!buf) return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "the event cannot be serialised");
  json_dumpb(event, buf, len, flags);
  rc = shop_orders_match_json(buf, len, out, err);
  free(buf);
  return rc;
}
#endif

bool shop_orders_rule_matches_json(uint32_t id, const char *json, size_t len, evc_error_t *err) {
  shop_orders_result_t res;
  return shop_orders_match_json(json, len, &res, err) == 0 && shop_orders_result_has(&res, id);
}

/* ==== end of matcher of bus orders ==== */

#include "eventc/bus.h"
#include "eventc/schedule.h"

/* Bus orders: the rules in matcher order, for evc_bus_new() (eventc/bus.h). */
#if EVC_ABI_VERSION != 8
#error "generated for libeventc ABI 8: regenerate with this version of eventc"
#endif

static const evc_rule_def_t shop_orders_rules[] = {
    {"paid", 1, NULL, 0u, "rules.yaml:12:5", NULL},
};

static int shop_orders_bus_match(const char *json, size_t len, void *state, evc_error_t *err) {
  return shop_orders_match_json(json, len, (shop_orders_result_t *)state, err);
}

static int shop_orders_bus_match_trusted(const char *json, size_t len, void *state, evc_error_t *err) {
  return shop_orders_match_trusted(json, len, (shop_orders_result_t *)state, err);
}

static uint32_t shop_orders_bus_next(const void *state, uint32_t from) {
  return shop_orders_result_next((const shop_orders_result_t *)state, from);
}

const evc_bus_def_t shop_orders_bus = {EVC_ABI_VERSION, "orders", shop_orders_rules, 1u,
                                 sizeof(shop_orders_result_t), shop_orders_bus_match, shop_orders_bus_next,
                                 NULL, 0u, NULL, 0u, 0u, NULL, NULL,
                                 shop_orders_bus_match_trusted};

/* ==== matcher of bus audit-log ==== */

/* What one scan of an event collects. */
typedef struct shop_audit_log_state {
  shop_audit_log_result_t *out;       /* the caller's result, cleared before each scan: the rules matched */
  uint64_t bits[1];       /* the rules matched, for out */
  uint32_t count;         /* unread: out's count is the bits' population */
  int dup;                /* a wanted key appeared twice in one object */
  int lastwins;           /* second scan: only the last of duplicate keys counts */
  int overflow;           /* a rule's set of field combinations outgrew its room */
  int need_precise;       /* an array where array consistency matters: scan again precisely */
  evc_conj_t conj;        /* multi-field rules through condition bits (eventc/conj.h) */
  uint64_t conj_cond[1];
  uint64_t conj_live[1];
  uint32_t conj_list[1]; /* from here on: not cleared per event */
  uint64_t conj_set[1];
} shop_audit_log_state_t;

EVC_MAYBE_UNUSED static inline void shop_audit_log_set(shop_audit_log_state_t *st, uint32_t id) {
  st->bits[0] |= UINT64_C(1) << id;
}

static void shop_audit_log_state_init(shop_audit_log_state_t *st, int precise) {
  EVC_CLEAR(st, offsetof(shop_audit_log_state_t, conj_list));
  st->conj.cond = st->conj_cond;
  st->conj.live = st->conj_live;
  st->conj.list = st->conj_list;
  st->conj.set = st->conj_set;
  st->conj.nset = 0u;
  evc_conj_start(&st->conj, precise);
}

/* 1 multi-field rule alternatives over 3 condition bits (0 array-consistent) */
/* per condition bit: where its candidates start in _trig */
static const uint32_t shop_audit_log_conj_trig_off[4] = {
  0, 0, 0, 1,
};
/* alternatives whose rarest term the condition satisfies */
static const uint32_t shop_audit_log_conj_trig[1] = {
  0,
};
/* per condition bit: where its precise-mode updates start in _use */
static const uint32_t shop_audit_log_conj_use_off[4] = {
  0, 0, 0, 0,
};
/* precise mode: mask set << 6 | term */
static const uint32_t shop_audit_log_conj_use[1] = {
  0,
};
/* per alternative: where it starts in _prog */
static const uint32_t shop_audit_log_conj_prog_off[2] = {
  0, 8,
};
/* per alternative: rule, mask set + 1, terms, per term: conditions, their bits */
static const uint32_t shop_audit_log_conj_prog[8] = {
  shop_audit_log_RULE_everything_here, 0, 2, 2, 0, 1, 1, 2, /* rules.yaml:19 rule "everything.here" */
};
static const evc_conj_tab_t shop_audit_log_conj_tab = {1u, shop_audit_log_conj_trig_off, shop_audit_log_conj_trig, shop_audit_log_conj_use_off, shop_audit_log_conj_use, shop_audit_log_conj_prog_off, shop_audit_log_conj_prog};

static const char *shop_audit_log_at_f_detail(evc_scan_t *s, const char *p, shop_audit_log_state_t *st);
static const char *shop_audit_log_at_f_detail_odd_key(evc_scan_t *s, const char *p, shop_audit_log_state_t *st);
static const char *shop_audit_log_at_f_source(evc_scan_t *s, const char *p, shop_audit_log_state_t *st);

/* Whether a key's raw bytes are one the walk reads anywhere (trusted mode's early stop). */
static int shop_audit_log_is_key(const char *t, size_t n) {
  switch (n) {
  case 6:
    switch ((unsigned char)t[0]) {
    case 'd':
      if (memcmp(t, "detail", 6) == 0) {
        return 1;
      }
      break;
    case 's':
      if (memcmp(t, "source", 6) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 11:
    if (memcmp(t, "odd*/key?\?/", 11) == 0) {
      return 1;
    }
    break;
  case 18:
    if (memcmp(t, "detail.odd*/key?\?/", 18) == 0) {
      return 1;
    }
    break;
  }
  return 0;
}

static const evc_trusted_keys_t shop_audit_log_keys = {
  {UINT64_C(0x0000000000000000), UINT64_C(0x0008801010000000), UINT64_C(0x0000000000000000), UINT64_C(0x0000000000000000)},
  {0, 0, 0, 4, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2},
  {0, 0, 0, 0, 0, 1, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0},
  shop_audit_log_is_key};

/* f_detail_odd_key: byte automaton of 5 states (3 with moves) over 4 byte classes */
static const uint8_t shop_audit_log_f_detail_odd_key_raw_cls[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint16_t shop_audit_log_f_detail_odd_key_raw_next[12] = {
  3, 3, 1, 3, 3, 2, 3, 3, 3, 3, 3, 4,
};
static const uint16_t shop_audit_log_f_detail_odd_key_raw_accept[5] = {
  0, 0, 0, 0, 1,
};
static const evc_dfa_t shop_audit_log_f_detail_odd_key_raw = {shop_audit_log_f_detail_odd_key_raw_cls, NULL, shop_audit_log_f_detail_odd_key_raw_next, 4, 3};

static void shop_audit_log_str_f_detail_odd_key(shop_audit_log_state_t *st, const evc_str_t *v) {
  {
    char buf[8];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      switch (n) {
      case 8:
        if (memcmp(t, "quote\"*/", 8) == 0) {
          evc_conj_hit(&st->conj, &shop_audit_log_conj_tab, 0); /* "everything.here" (rules.yaml:19) */
        }
        break;
      }
    }
  }
  switch (shop_audit_log_f_detail_odd_key_raw_accept[evc_dfa_run(&shop_audit_log_f_detail_odd_key_raw, v)]) {
  case 1:
    evc_conj_hit(&st->conj, &shop_audit_log_conj_tab, 1); /* "everything.here" (rules.yaml:19) */
    break;
  }
  (void)st;
  (void)v;
}

/* A scalar at detail.odd* /key??/ */
static const char *shop_audit_log_leaf_f_detail_odd_key(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) shop_audit_log_str_f_detail_odd_key(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* f_source: byte automaton of 1 states (0 with moves) over 1 byte classes */
static const uint8_t shop_audit_log_f_source_raw_cls[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint16_t shop_audit_log_f_source_raw_accept[1] = {
  1,
};
static const evc_dfa_t shop_audit_log_f_source_raw = {shop_audit_log_f_source_raw_cls, NULL, NULL, 1, 0};

static void shop_audit_log_str_f_source(shop_audit_log_state_t *st, const evc_str_t *v) {
  switch (shop_audit_log_f_source_raw_accept[evc_dfa_run(&shop_audit_log_f_source_raw, v)]) {
  case 1:
    evc_conj_hit(&st->conj, &shop_audit_log_conj_tab, 2); /* "everything.here" (rules.yaml:19) */
    break;
  }
  (void)st;
  (void)v;
}

/* A scalar at source */
static const char *shop_audit_log_leaf_f_source(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) shop_audit_log_str_f_source(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static inline int shop_audit_log_key_root(const evc_str_t *key) {
  char buf[18];
  size_t n = key->len;
  const char *t = key->ptr;
  if (key->escaped && !(t = evc_str_bounded(key, buf, sizeof buf, &n))) return 0;
  switch (n) {
  case 6:
    switch ((unsigned char)t[0]) {
    case 'd':
      if (memcmp(t, "detail", 6) == 0) {
        return 1;
      }
      break;
    case 's':
      if (memcmp(t, "source", 6) == 0) {
        return 2;
      }
      break;
    }
    break;
  case 18:
    if (memcmp(t, "detail.odd*/key?\?/", 18) == 0) {
      return 3;
    }
    break;
  }
  return 0;
}

static const char *shop_audit_log_tobj_root(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  const char *last[3] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, shop_audit_log_key_root, last)) return NULL;
  more = evc_trusted_obj_first(s, &p, &key);
  while (more > 0) {
    int k = shop_audit_log_key_root(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* detail */
      p = shop_audit_log_at_f_detail(s, p, st);
      break;
    case 2: /* source */
      p = shop_audit_log_at_f_source(s, p, st);
      break;
    case 3: /* detail.odd* /key??/ */
      p = shop_audit_log_at_f_detail_odd_key(s, p, st);
      break;
    default:
      p = evc_trusted_skip(s, p);
      break;
    }
    if (!p) return NULL;
    /* every key without a dot read: leave the event if no key the walk reads follows */
    more = evc_trusted_obj_after(s, &p, &key, k > 0 && (seen & UINT64_C(0x3)) == UINT64_C(0x3), &shop_audit_log_keys);
  }
  return more < 0 ? NULL : p;
}

static const char *shop_audit_log_obj_root(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  if (s->trusted) return shop_audit_log_tobj_root(s, p, st);
  const char *last[3] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, shop_audit_log_key_root, last)) return NULL;
  more = evc_match_obj_first(s, &p, &key);
  while (more > 0) {
    int k = shop_audit_log_key_root(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* detail */
      p = shop_audit_log_at_f_detail(s, p, st);
      break;
    case 2: /* source */
      p = shop_audit_log_at_f_source(s, p, st);
      break;
    case 3: /* detail.odd* /key??/ */
      p = shop_audit_log_at_f_detail_odd_key(s, p, st);
      break;
    default:
      p = evc_match_skip(s, p);
      break;
    }
    if (!p) return NULL;
    more = evc_match_obj_next(s, &p, &key);
  }
  return more < 0 ? NULL : p;
}

static inline int shop_audit_log_key_f_detail(const evc_str_t *key) {
  char buf[11];
  size_t n = key->len;
  const char *t = key->ptr;
  if (key->escaped && !(t = evc_str_bounded(key, buf, sizeof buf, &n))) return 0;
  switch (n) {
  case 11:
    if (memcmp(t, "odd*/key?\?/", 11) == 0) {
      return 1;
    }
    break;
  }
  return 0;
}

static const char *shop_audit_log_tobj_f_detail(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  const char *last[1] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, shop_audit_log_key_f_detail, last)) return NULL;
  more = evc_trusted_obj_first(s, &p, &key);
  while (more > 0) {
    int k = shop_audit_log_key_f_detail(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* odd* /key??/ */
      p = shop_audit_log_at_f_detail_odd_key(s, p, st);
      break;
    default:
      p = evc_trusted_skip(s, p);
      break;
    }
    if (!p) return NULL;
    /* every key without a dot read: leave the event if no key the walk reads follows */
    more = evc_trusted_obj_after(s, &p, &key, k > 0 && (seen & UINT64_C(0x1)) == UINT64_C(0x1), &shop_audit_log_keys);
  }
  return more < 0 ? NULL : p;
}

static const char *shop_audit_log_obj_f_detail(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  if (s->trusted) return shop_audit_log_tobj_f_detail(s, p, st);
  const char *last[1] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, shop_audit_log_key_f_detail, last)) return NULL;
  evc_record_t rec; /* a flat object of strings is checked whole, then read by its quotes */
  more = evc_match_obj_first_r(s, &p, &key, &rec);
  while (more > 0) {
    int k = shop_audit_log_key_f_detail(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* odd* /key??/ */
      p = shop_audit_log_at_f_detail_odd_key(s, p, st);
      break;
    default:
      p = evc_match_skip_r(s, p, &rec);
      break;
    }
    if (!p) return NULL;
    more = evc_match_obj_next_r(s, &p, &key, &rec);
  }
  return more < 0 ? NULL : p;
}

static const char *shop_audit_log_arr_f_detail(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = shop_audit_log_at_f_detail(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *shop_audit_log_arr_f_detail_odd_key(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = shop_audit_log_at_f_detail_odd_key(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *shop_audit_log_arr_f_source(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = shop_audit_log_at_f_source(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

/* A value at detail: an object, an array (each element is a value here), or a scalar */
static const char *shop_audit_log_at_f_detail(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return shop_audit_log_obj_f_detail(s, p, st);
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = shop_audit_log_arr_f_detail(s, p, st);
    s->arrays--;
    return p;
  default:
    return evc_scan_skip(s, p);
  }
}

/* A value at detail.odd* /key??/: an object, an array (each element is a value here), or a scalar */
static const char *shop_audit_log_at_f_detail_odd_key(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = shop_audit_log_arr_f_detail_odd_key(s, p, st);
    s->arrays--;
    return p;
  default:
    return shop_audit_log_leaf_f_detail_odd_key(s, p, st);
  }
}

/* A value at source: an object, an array (each element is a value here), or a scalar */
static const char *shop_audit_log_at_f_source(evc_scan_t *s, const char *p, shop_audit_log_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = shop_audit_log_arr_f_source(s, p, st);
    s->arrays--;
    return p;
  default:
    return shop_audit_log_leaf_f_source(s, p, st);
  }
}

/* Rules decided once the whole event is seen: several fields, or exists false. */
static void shop_audit_log_finish(shop_audit_log_state_t *st) {
  evc_conj_finish(&st->conj, &shop_audit_log_conj_tab, st->bits, &st->count);
  st->out->bits[0] = st->bits[0];
  st->out->count = evc_bits_set64(st->bits[0]);
  (void)st;
}

/* ---- shop_audit_log: entry points ---- */

static const char *const shop_audit_log_rule_names[1] = {
  "everything.here",
};
static const uint32_t shop_audit_log_rule_count = shop_audit_log_RULE_COUNT; /* a variable: no "always false" with 0 rules */

static int shop_audit_log_scan(const char *json, size_t len, const evc_scan_limits_t *limits, int trusted,
                    shop_audit_log_state_t *st, shop_audit_log_result_t *out, evc_error_t *err, int lastwins, int precise) {
  evc_scan_t s;
  const char *p = trusted ? evc_trusted_begin(&s, json, len, err) : evc_scan_begin(&s, json, len, limits, err);
  s.trusted = trusted;
  shop_audit_log_state_init(st, precise);
  EVC_CLEAR(out, sizeof *out);
  st->out = out;
  st->lastwins = lastwins;
  if (p && *p != '{') p = evc_scan_fail(&s, p, EVC_E_NOT_OBJECT, "the event is not a JSON object");
  if (p) p = shop_audit_log_obj_root(&s, p, st);
  return trusted && p ? 0 : evc_scan_finish(&s, p); /* trusted: nothing but whitespace follows */
}

static int shop_audit_log_match(const char *json, size_t len, const evc_scan_limits_t *limits, int trusted,
                     shop_audit_log_result_t *out, evc_error_t *err) {
  shop_audit_log_state_t st;
  int lastwins = 0, precise = 0, rc;
  /* Scanned again (at most twice more) when a wanted key is repeated in one object (then only its
   * last value counts), or when an array needs multi-field rules tracked element by element. */
  for (;;) {
    rc = shop_audit_log_scan(json, len, limits, trusted, &st, out, err, lastwins, precise);
    if (rc != 0 || (lastwins >= st.dup && precise >= st.need_precise)) break;
    lastwins |= st.dup;
    precise |= st.need_precise;
  }
  if (rc == 0) shop_audit_log_finish(&st);
  if (rc == 0 && st.overflow) rc = evc_fail(err, EVC_E_NO_SPACE, 0, "too many distinct field combinations for one rule");
  if (rc != 0) EVC_CLEAR(out, sizeof *out); /* the rules the scan had matched before it failed */
  return rc;
}

int shop_audit_log_match_json_limits(const char *json, size_t len, const evc_scan_limits_t *limits,
                          shop_audit_log_result_t *out, evc_error_t *err) {
  return shop_audit_log_match(json, len, limits, 0, out, err);
}

int shop_audit_log_match_json(const char *json, size_t len, shop_audit_log_result_t *out, evc_error_t *err) {
  return shop_audit_log_match(json, len, NULL, 0, out, err);
}

int shop_audit_log_match_trusted(const char *json, size_t len, shop_audit_log_result_t *out, evc_error_t *err) {
  return shop_audit_log_match(json, len, NULL, 1, out, err);
}

uint32_t shop_audit_log_result_next(const shop_audit_log_result_t *r, uint32_t from) {
  return evc_bits_next(r->bits, shop_audit_log_rule_count, from);
}

bool shop_audit_log_result_has(const shop_audit_log_result_t *r, uint32_t id) {
  return id < shop_audit_log_rule_count && ((r->bits[id / 64] >> (id % 64)) & 1u);
}

const char *shop_audit_log_rule_name(uint32_t id) {
  return id < shop_audit_log_rule_count ? shop_audit_log_rule_names[id] : NULL;
}

#ifdef EVENTC_WITH_JANSSON
int shop_audit_log_match_jansson(const json_t *event, shop_audit_log_result_t *out, evc_error_t *err) {
  size_t flags = JSON_COMPACT | JSON_ENCODE_ANY, len = json_dumpb(event, NULL, 0, flags);
  char *buf = len ? (char *)malloc(len) : NULL;
  int rc;
  memset(out, 0, sizeof *out);
  evc_error_clear(err);
  if (!buf) return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "the event cannot be serialised");
  json_dumpb(event, buf, len, flags);
  rc = shop_audit_log_match_json(buf, len, out, err);
  free(buf);
  return rc;
}
#endif

bool shop_audit_log_rule_matches_json(uint32_t id, const char *json, size_t len, evc_error_t *err) {
  shop_audit_log_result_t res;
  return shop_audit_log_match_json(json, len, &res, err) == 0 && shop_audit_log_result_has(&res, id);
}

/* ==== end of matcher of bus audit-log ==== */

#include "eventc/bus.h"
#include "eventc/schedule.h"

/* Bus audit-log: the rules in matcher order, for evc_bus_new() (eventc/bus.h). */
#if EVC_ABI_VERSION != 8
#error "generated for libeventc ABI 8: regenerate with this version of eventc"
#endif

static const evc_rule_def_t shop_audit_log_rules[] = {
    {"everything.here", 1, NULL, 0u, "rules.yaml:19:5", NULL},
};

static int shop_audit_log_bus_match(const char *json, size_t len, void *state, evc_error_t *err) {
  return shop_audit_log_match_json(json, len, (shop_audit_log_result_t *)state, err);
}

static int shop_audit_log_bus_match_trusted(const char *json, size_t len, void *state, evc_error_t *err) {
  return shop_audit_log_match_trusted(json, len, (shop_audit_log_result_t *)state, err);
}

static uint32_t shop_audit_log_bus_next(const void *state, uint32_t from) {
  return shop_audit_log_result_next((const shop_audit_log_result_t *)state, from);
}

const evc_bus_def_t shop_audit_log_bus = {EVC_ABI_VERSION, "audit-log", shop_audit_log_rules, 1u,
                                 sizeof(shop_audit_log_result_t), shop_audit_log_bus_match, shop_audit_log_bus_next,
                                 NULL, 0u, NULL, 0u, 0u, NULL, NULL,
                                 shop_audit_log_bus_match_trusted};


/* ---- event schemas ---- */
