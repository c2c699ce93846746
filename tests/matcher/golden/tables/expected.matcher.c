/* ==== matcher of bus default ==== */

/* What one scan of an event collects. */
typedef struct gen_state {
  gen_result_t *out;       /* the caller's result, cleared before each scan: the rules matched */
  uint64_t bits[1];       /* the rules matched, for out */
  uint32_t count;         /* unread: out's count is the bits' population */
  int dup;                /* a wanted key appeared twice in one object */
  int lastwins;           /* second scan: only the last of duplicate keys counts */
  int overflow;           /* a rule's set of field combinations outgrew its room */
  int need_precise;       /* an array where array consistency matters: scan again precisely */
  uint64_t r_no_coupon_0; /* satisfied terms */ /* rules.yaml:37 rule "no-coupon" */
  unsigned char seen_f_detail_coupon; /* a value exists there */
  evc_conj_t conj;        /* multi-field rules through condition bits (eventc/conj.h) */
  uint64_t conj_cond[1];
  uint64_t conj_live[1];
  evc_later_t later;      /* from here on not cleared (but its count): rows run at the end */
  uint32_t conj_list[1]; /* not cleared per event */
  uint64_t conj_set[1];
} gen_state_t;

EVC_MAYBE_UNUSED static inline void gen_set(gen_state_t *st, uint32_t id) {
  st->bits[0] |= UINT64_C(1) << id;
}

static void gen_state_init(gen_state_t *st, int precise) {
  EVC_CLEAR(st, offsetof(gen_state_t, later));
  st->later.n = 0;
  st->conj.cond = st->conj_cond;
  st->conj.live = st->conj_live;
  st->conj.list = st->conj_list;
  st->conj.set = st->conj_set;
  st->conj.nset = 0u;
  evc_conj_start(&st->conj, precise);
}

/* 1 multi-field rule alternatives over 2 condition bits (0 array-consistent) */
/* per condition bit: where its candidates start in _trig */
static const uint32_t gen_conj_trig_off[3] = {
  0, 1, 1,
};
/* alternatives whose rarest term the condition satisfies */
static const uint32_t gen_conj_trig[1] = {
  0,
};
/* per condition bit: where its precise-mode updates start in _use */
static const uint32_t gen_conj_use_off[3] = {
  0, 0, 0,
};
/* precise mode: mask set << 6 | term */
static const uint32_t gen_conj_use[1] = {
  0,
};
/* per alternative: where it starts in _prog */
static const uint32_t gen_conj_prog_off[2] = {
  0, 7,
};
/* per alternative: rule, mask set + 1, terms, per term: conditions, their bits */
static const uint32_t gen_conj_prog[7] = {
  gen_RULE_eu_created, 0, 2, 1, 0, 1, 1, /* rules.yaml:24 rule "eu-created" */
};
static const evc_conj_tab_t gen_conj_tab = {1u, gen_conj_trig_off, gen_conj_trig, gen_conj_use_off, gen_conj_use, gen_conj_prog_off, gen_conj_prog};

static const char *gen_at_f_account(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_type(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_coupon(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_region(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_source(evc_scan_t *s, const char *p, gen_state_t *st);

/* Whether a key's raw bytes are one the walk reads anywhere (trusted mode's early stop). */
static int gen_is_key(const char *t, size_t n) {
  switch (n) {
  case 6:
    switch ((unsigned char)t[0]) {
    case 'c':
      if (memcmp(t, "coupon", 6) == 0) {
        return 1;
      }
      break;
    case 'd':
      if (memcmp(t, "detail", 6) == 0) {
        return 1;
      }
      break;
    case 'r':
      if (memcmp(t, "region", 6) == 0) {
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
  case 7:
    if (memcmp(t, "account", 7) == 0) {
      return 1;
    }
    break;
  case 11:
    if (memcmp(t, "detail-type", 11) == 0) {
      return 1;
    }
    break;
  case 13:
    if (memcmp(t, "detail.coupon", 13) == 0) {
      return 1;
    }
    break;
  }
  return 0;
}

static const evc_trusted_keys_t gen_keys = {
  {UINT64_C(0x0000000000000000), UINT64_C(0x000c001a10000000), UINT64_C(0x0000000000000000), UINT64_C(0x0000000000000000)},
  {0, 2, 4, 6, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0},
  {0, 0, 0, 0, 0, 1, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0},
  gen_is_key};

static void gen_str_f_account(gen_state_t *st, const evc_str_t *v) {
  {
    char buf[12];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      switch (n) {
      case 12:
        if (memcmp(t, "123456789012", 12) == 0) {
          st->r_no_coupon_0 |= UINT64_C(1) << 0; /* rules.yaml:37 rule "no-coupon" */
        }
        break;
      }
    }
  }
  (void)st;
  (void)v;
}

/* A scalar at account */
static const char *gen_leaf_f_account(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_account(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* f_detail_type: 3 exact strings, sorted by length then bytes */
static const evc_strent_t gen_f_detail_type_exact[3] = {
  {12, "OrderCreated"},
  {12, "OrderShipped"},
  {12, "OrderUpdated"},
};
/* its hash index: 1 + entry | the hash's upper bits, from evc_str_hash(string) & mask on */
static const uint32_t gen_f_detail_type_exact_slots[8] = {
  0, 0, 3051011067, 3900425818, 0, 0, 0, 2756508233,
};

/* f_detail_type_exact: what each of its 3 cases does (eventc/actions.h) */
static const uint32_t gen_f_detail_type_exact_act[5] = {
  /* 0: OrderCreated */
  EVC_ACT(EVC_ACT_RULE, gen_RULE_created), /* rules.yaml:6 rule "created" */
  EVC_ACT(EVC_ACT_RULE, gen_RULE_shipped), /* rules.yaml:12 rule "shipped" */
  EVC_ACT(EVC_ACT_COND, 0), /* "eu-created" (rules.yaml:24) */
  /* 1: OrderShipped */
  EVC_ACT(EVC_ACT_RULE, gen_RULE_shipped), /* rules.yaml:12 rule "shipped" */
  /* 2: OrderUpdated */
  EVC_ACT(EVC_ACT_RULE, gen_RULE_created), /* rules.yaml:6 rule "created" */
};
static const uint32_t gen_f_detail_type_exact_act_off[4] = {
  0, 3, 4, 5,
};

static void gen_str_f_detail_type(gen_state_t *st, const evc_str_t *v) {
  {
    char buf[12];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      const evc_actions_ctx_t cx = {st->bits, &st->count, &st->conj, &gen_conj_tab, NULL};
      const int32_t row = evc_strtab_lookup(gen_f_detail_type_exact, gen_f_detail_type_exact_slots, 7u, t, n);
      if (st->conj.precise)
        evc_actions_run(&cx, gen_f_detail_type_exact_act, gen_f_detail_type_exact_act_off, row);
      else
        evc_actions_later(&st->later, &cx, gen_f_detail_type_exact_act, gen_f_detail_type_exact_act_off, row);
    }
  }
  (void)st;
  (void)v;
}

/* A scalar at detail-type */
static const char *gen_leaf_f_detail_type(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_detail_type(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* A scalar at detail.coupon */
static const char *gen_leaf_f_detail_coupon(evc_scan_t *s, const char *p, gen_state_t *st) {
  st->seen_f_detail_coupon = 1;
  switch (evc_scan_kind(s, p)) {
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* f_region: byte automaton of 10 states (7 with moves) over 7 byte classes */
static const uint8_t gen_f_region_raw_cls[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 3, 4, 5, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint16_t gen_f_region_raw_next[49] = {
  7, 7, 1, 7, 7, 7, 7, 7, 7, 7, 7, 7, 2, 7, 7, 3,
  7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 4, 8, 8, 5, 8,
  8, 8, 8, 8, 8, 8, 6, 8, 8, 8, 8, 8, 8, 8, 9, 8,
  8,
};
static const uint16_t gen_f_region_raw_accept[10] = {
  0, 0, 0, 1, 1, 1, 1, 0, 1, 2,
};
static const evc_dfa_t gen_f_region_raw = {gen_f_region_raw_cls, NULL, gen_f_region_raw_next, 7, 7};

/* f_region_raw: what each of its 2 cases does (eventc/actions.h) */
static const uint32_t gen_f_region_raw_act[3] = {
  /* 0: accept set 1 */
  EVC_ACT(EVC_ACT_RULE, gen_RULE_eu), /* rules.yaml:18 rule "eu" */
  /* 1: accept set 2 */
  EVC_ACT(EVC_ACT_RULE, gen_RULE_eu), /* rules.yaml:18 rule "eu" */
  EVC_ACT(EVC_ACT_COND, 1), /* "eu-created" (rules.yaml:24) */
};
static const uint32_t gen_f_region_raw_act_off[3] = {
  0, 1, 3,
};

static void gen_str_f_region(gen_state_t *st, const evc_str_t *v) {
  {
    const evc_actions_ctx_t cx = {st->bits, &st->count, &st->conj, &gen_conj_tab, NULL};
    const int32_t row = (int32_t)gen_f_region_raw_accept[evc_dfa_run(&gen_f_region_raw, v)] - 1;
    if (st->conj.precise)
      evc_actions_run(&cx, gen_f_region_raw_act, gen_f_region_raw_act_off, row);
    else
      evc_actions_later(&st->later, &cx, gen_f_region_raw_act, gen_f_region_raw_act_off, row);
  }
  (void)st;
  (void)v;
}

/* A scalar at region */
static const char *gen_leaf_f_region(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_region(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* f_source: byte automaton of 7 states (5 with moves) over 6 byte classes */
static const uint8_t gen_f_source_raw_cls[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 3,
  4, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint16_t gen_f_source_raw_next[30] = {
  5, 5, 5, 5, 5, 1, 5, 5, 2, 5, 5, 5, 5, 5, 5, 3,
  5, 5, 5, 5, 5, 5, 4, 5, 5, 6, 5, 5, 5, 5,
};
static const uint16_t gen_f_source_raw_accept[7] = {
  0, 0, 0, 0, 0, 0, 1,
};
static const evc_dfa_t gen_f_source_raw = {gen_f_source_raw_cls, NULL, gen_f_source_raw_next, 6, 5};

/* f_source_raw: what each of its 1 cases does (eventc/actions.h) */
static const uint32_t gen_f_source_raw_act[1] = {
  /* 0: accept set 1 */
  EVC_ACT(EVC_ACT_RULE, gen_RULE_not_test), /* rules.yaml:31 rule "not-test" */
};
static const uint32_t gen_f_source_raw_act_off[2] = {
  0, 1,
};

/* f_source: 2 exact strings, sorted by length then bytes */
static const evc_strent_t gen_f_source_exact[2] = {
  {3, "dev"},
  {4, "test"},
};
/* its hash index: 1 + entry | the hash's upper bits, from evc_str_hash(string) & mask on */
static const uint32_t gen_f_source_exact_slots[4] = {
  0, 2711315625, 1944351314, 0,
};

/* f_source_exact: what each of its 2 cases does (eventc/actions.h) */
static const uint32_t gen_f_source_exact_act[2] = {
  /* 0: dev */
  EVC_ACT(EVC_ACT_EXCLUDE, 0), /* excluded by anything-but */
  /* 1: test */
  EVC_ACT(EVC_ACT_EXCLUDE, 0), /* excluded by anything-but */
};
static const uint32_t gen_f_source_exact_act_off[3] = {
  0, 1, 2,
};

static void gen_str_f_source(gen_state_t *st, const evc_str_t *v) {
  uint64_t ex[1] = {0};
  {
    char buf[4];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      const evc_actions_ctx_t cx = {st->bits, &st->count, &st->conj, &gen_conj_tab, ex};
      evc_actions_run(&cx, gen_f_source_exact_act, gen_f_source_exact_act_off, evc_strtab_lookup(gen_f_source_exact, gen_f_source_exact_slots, 3u, t, n));
    }
  }
  {
    const evc_actions_ctx_t cx = {st->bits, &st->count, &st->conj, &gen_conj_tab, ex};
    evc_actions_run(&cx, gen_f_source_raw_act, gen_f_source_raw_act_off, (int32_t)gen_f_source_raw_accept[evc_dfa_run(&gen_f_source_raw, v)] - 1);
  }
  if (!(ex[0] & (UINT64_C(1) << 0))) {
    gen_set(st, gen_RULE_not_test); /* rules.yaml:31 rule "not-test" */
  }
  (void)st;
  (void)v;
}

static void gen_num_f_source(gen_state_t *st, const evc_num_t *v) {
  (void)v;
  gen_set(st, gen_RULE_not_test); /* rules.yaml:31 rule "not-test" */
  (void)st;
}

static void gen_lit_f_source(gen_state_t *st, evc_kind_t kind) {
  gen_set(st, gen_RULE_not_test); /* rules.yaml:31 rule "not-test" */
  (void)st;
  (void)kind;
}

/* A scalar at source */
static const char *gen_leaf_f_source(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_source(st, &v);
    return p;
  }
  case EVC_KIND_NUMBER: {
    evc_num_t v;
    p = evc_scan_number(s, p, &v);
    if (p) gen_num_f_source(st, &v);
    return p;
  }
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
  case EVC_KIND_NULL: {
    evc_kind_t kind;
    p = evc_scan_literal(s, p, &kind);
    if (p) gen_lit_f_source(st, kind);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static inline int gen_key_root(const evc_str_t *key) {
  char buf[13];
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
    case 'r':
      if (memcmp(t, "region", 6) == 0) {
        return 2;
      }
      break;
    case 's':
      if (memcmp(t, "source", 6) == 0) {
        return 3;
      }
      break;
    }
    break;
  case 7:
    if (memcmp(t, "account", 7) == 0) {
      return 4;
    }
    break;
  case 11:
    if (memcmp(t, "detail-type", 11) == 0) {
      return 5;
    }
    break;
  case 13:
    if (memcmp(t, "detail.coupon", 13) == 0) {
      return 6;
    }
    break;
  }
  return 0;
}

static const char *gen_tobj_root(evc_scan_t *s, const char *p, gen_state_t *st) {
  const char *last[6] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, gen_key_root, last)) return NULL;
  more = evc_trusted_obj_first(s, &p, &key);
  while (more > 0) {
    int k = gen_key_root(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* detail */
      p = gen_at_f_detail(s, p, st);
      break;
    case 2: /* region */
      p = gen_at_f_region(s, p, st);
      break;
    case 3: /* source */
      p = gen_at_f_source(s, p, st);
      break;
    case 4: /* account */
      p = gen_at_f_account(s, p, st);
      break;
    case 5: /* detail-type */
      p = gen_at_f_detail_type(s, p, st);
      break;
    case 6: /* detail.coupon */
      p = gen_at_f_detail_coupon(s, p, st);
      break;
    default:
      p = evc_trusted_skip(s, p);
      break;
    }
    if (!p) return NULL;
    /* every key without a dot read: leave the event if no key the walk reads follows */
    more = evc_trusted_obj_after(s, &p, &key, k > 0 && (seen & UINT64_C(0x1f)) == UINT64_C(0x1f), &gen_keys);
  }
  return more < 0 ? NULL : p;
}

static const char *gen_obj_root(evc_scan_t *s, const char *p, gen_state_t *st) {
  if (s->trusted) return gen_tobj_root(s, p, st);
  const char *last[6] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, gen_key_root, last)) return NULL;
  more = evc_match_obj_first(s, &p, &key);
  while (more > 0) {
    int k = gen_key_root(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* detail */
      p = gen_at_f_detail(s, p, st);
      break;
    case 2: /* region */
      p = gen_at_f_region(s, p, st);
      break;
    case 3: /* source */
      p = gen_at_f_source(s, p, st);
      break;
    case 4: /* account */
      p = gen_at_f_account(s, p, st);
      break;
    case 5: /* detail-type */
      p = gen_at_f_detail_type(s, p, st);
      break;
    case 6: /* detail.coupon */
      p = gen_at_f_detail_coupon(s, p, st);
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

static const char *gen_arr_f_account(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_account(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static inline int gen_key_f_detail(const evc_str_t *key) {
  char buf[6];
  size_t n = key->len;
  const char *t = key->ptr;
  if (key->escaped && !(t = evc_str_bounded(key, buf, sizeof buf, &n))) return 0;
  switch (n) {
  case 6:
    if (memcmp(t, "coupon", 6) == 0) {
      return 1;
    }
    break;
  }
  return 0;
}

static const char *gen_tobj_f_detail(evc_scan_t *s, const char *p, gen_state_t *st) {
  const char *last[1] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, gen_key_f_detail, last)) return NULL;
  more = evc_trusted_obj_first(s, &p, &key);
  while (more > 0) {
    int k = gen_key_f_detail(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* coupon */
      p = gen_at_f_detail_coupon(s, p, st);
      break;
    default:
      p = evc_trusted_skip(s, p);
      break;
    }
    if (!p) return NULL;
    /* every key without a dot read: leave the event if no key the walk reads follows */
    more = evc_trusted_obj_after(s, &p, &key, k > 0 && (seen & UINT64_C(0x1)) == UINT64_C(0x1), &gen_keys);
  }
  return more < 0 ? NULL : p;
}

static const char *gen_obj_f_detail(evc_scan_t *s, const char *p, gen_state_t *st) {
  if (s->trusted) return gen_tobj_f_detail(s, p, st);
  const char *last[1] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, gen_key_f_detail, last)) return NULL;
  evc_record_t rec; /* a flat object of strings is checked whole, then read by its quotes */
  more = evc_match_obj_first_r(s, &p, &key, &rec);
  while (more > 0) {
    int k = gen_key_f_detail(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* coupon */
      p = gen_at_f_detail_coupon(s, p, st);
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

static const char *gen_arr_f_detail(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_type(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_type(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_coupon(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_coupon(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_region(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_region(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_source(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_source(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

/* A value at account: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_account(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_account(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_account(s, p, st);
  }
}

/* A value at detail: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return gen_obj_f_detail(s, p, st);
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail(s, p, st);
    s->arrays--;
    return p;
  default:
    return evc_scan_skip(s, p);
  }
}

/* A value at detail-type: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_type(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_type(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_type(s, p, st);
  }
}

/* A value at detail.coupon: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_coupon(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_coupon(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_coupon(s, p, st);
  }
}

/* A value at region: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_region(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_region(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_region(s, p, st);
  }
}

/* A value at source: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_source(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_source(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_source(s, p, st);
  }
}

/* Rules decided once the whole event is seen: several fields, or exists false. */
static void gen_finish(gen_state_t *st) {
  {
    const evc_actions_ctx_t cx = {st->bits, &st->count, &st->conj, &gen_conj_tab, NULL};
    evc_actions_run_later(&st->later, &cx);
  }
  if ((st->r_no_coupon_0 | (st->seen_f_detail_coupon ? UINT64_C(0) : UINT64_C(1) << 1)) == UINT64_MAX >> 62) {
    gen_set(st, gen_RULE_no_coupon); /* rules.yaml:37 rule "no-coupon" */
  }
  evc_conj_finish(&st->conj, &gen_conj_tab, st->bits, &st->count);
  st->out->bits[0] = st->bits[0];
  st->out->count = evc_bits_set64(st->bits[0]);
  (void)st;
}

/* ---- gen: entry points ---- */

static const char *const gen_rule_names[6] = {
  "created",
  "shipped",
  "eu",
  "eu-created",
  "not-test",
  "no-coupon",
};
static const uint32_t gen_rule_count = gen_RULE_COUNT; /* a variable: no "always false" with 0 rules */

static int gen_scan(const char *json, size_t len, const evc_scan_limits_t *limits, int trusted,
                    gen_state_t *st, gen_result_t *out, evc_error_t *err, int lastwins, int precise) {
  evc_scan_t s;
  const char *p = trusted ? evc_trusted_begin(&s, json, len, err) : evc_scan_begin(&s, json, len, limits, err);
  s.trusted = trusted;
  gen_state_init(st, precise);
  EVC_CLEAR(out, sizeof *out);
  st->out = out;
  st->lastwins = lastwins;
  if (p && *p != '{') p = evc_scan_fail(&s, p, EVC_E_NOT_OBJECT, "the event is not a JSON object");
  if (p) p = gen_obj_root(&s, p, st);
  return trusted && p ? 0 : evc_scan_finish(&s, p); /* trusted: nothing but whitespace follows */
}

static int gen_match(const char *json, size_t len, const evc_scan_limits_t *limits, int trusted,
                     gen_result_t *out, evc_error_t *err) {
  gen_state_t st;
  int lastwins = 0, precise = 0, rc;
  /* Scanned again (at most twice more) when a wanted key is repeated in one object (then only its
   * last value counts), or when an array needs multi-field rules tracked element by element. */
  for (;;) {
    rc = gen_scan(json, len, limits, trusted, &st, out, err, lastwins, precise);
    if (rc != 0 || (lastwins >= st.dup && precise >= st.need_precise)) break;
    lastwins |= st.dup;
    precise |= st.need_precise;
  }
  if (rc == 0) gen_finish(&st);
  if (rc == 0 && st.overflow) rc = evc_fail(err, EVC_E_NO_SPACE, 0, "too many distinct field combinations for one rule");
  if (rc != 0) EVC_CLEAR(out, sizeof *out); /* the rules the scan had matched before it failed */
  return rc;
}

int gen_match_json_limits(const char *json, size_t len, const evc_scan_limits_t *limits,
                          gen_result_t *out, evc_error_t *err) {
  return gen_match(json, len, limits, 0, out, err);
}

int gen_match_json(const char *json, size_t len, gen_result_t *out, evc_error_t *err) {
  return gen_match(json, len, NULL, 0, out, err);
}

int gen_match_trusted(const char *json, size_t len, gen_result_t *out, evc_error_t *err) {
  return gen_match(json, len, NULL, 1, out, err);
}

uint32_t gen_result_next(const gen_result_t *r, uint32_t from) {
  return evc_bits_next(r->bits, gen_rule_count, from);
}

bool gen_result_has(const gen_result_t *r, uint32_t id) {
  return id < gen_rule_count && ((r->bits[id / 64] >> (id % 64)) & 1u);
}

const char *gen_rule_name(uint32_t id) {
  return id < gen_rule_count ? gen_rule_names[id] : NULL;
}

#ifdef EVENTC_WITH_JANSSON
int gen_match_jansson(const json_t *event, gen_result_t *out, evc_error_t *err) {
  size_t flags = JSON_COMPACT | JSON_ENCODE_ANY, len = json_dumpb(event, NULL, 0, flags);
  char *buf = len ? (char *)malloc(len) : NULL;
  int rc;
  memset(out, 0, sizeof *out);
  evc_error_clear(err);
  if (!buf) return evc_fail(err, EVC_E_INVALID_ARGUMENT, 0, "the event cannot be serialised");
  json_dumpb(event, buf, len, flags);
  rc = gen_match_json(buf, len, out, err);
  free(buf);
  return rc;
}
#endif

bool gen_rule_matches_json(uint32_t id, const char *json, size_t len, evc_error_t *err) {
  gen_result_t res;
  return gen_match_json(json, len, &res, err) == 0 && gen_result_has(&res, id);
}

/* ==== end of matcher of bus default ==== */

#include "eventc/bus.h"
#include "eventc/schedule.h"

/* Bus default: the rules in matcher order, for evc_bus_new() (eventc/bus.h). */
#if EVC_ABI_VERSION != 8
#error "generated for libeventc ABI 8: regenerate with this version of eventc"
#endif

static const evc_rule_def_t gen_rules[] = {
    {"created", 1, NULL, 0u, "rules.yaml:6:5", NULL},
    {"shipped", 1, NULL, 0u, "rules.yaml:12:5", NULL},
    {"eu", 1, NULL, 0u, "rules.yaml:18:5", NULL},
    {"eu-created", 1, NULL, 0u, "rules.yaml:24:5", NULL},
    {"not-test", 1, NULL, 0u, "rules.yaml:31:5", NULL},
    {"no-coupon", 1, NULL, 0u, "rules.yaml:37:5", NULL},
};

static int gen_bus_match(const char *json, size_t len, void *state, evc_error_t *err) {
  return gen_match_json(json, len, (gen_result_t *)state, err);
}

static int gen_bus_match_trusted(const char *json, size_t len, void *state, evc_error_t *err) {
  return gen_match_trusted(json, len, (gen_result_t *)state, err);
}

static uint32_t gen_bus_next(const void *state, uint32_t from) {
  return gen_result_next((const gen_result_t *)state, from);
}

const evc_bus_def_t gen_bus = {EVC_ABI_VERSION, "default", gen_rules, 6u,
                                 sizeof(gen_result_t), gen_bus_match, gen_bus_next,
                                 NULL, 0u, NULL, 0u, 0u, NULL, NULL,
                                 gen_bus_match_trusted};


/* ---- event schemas ---- */
