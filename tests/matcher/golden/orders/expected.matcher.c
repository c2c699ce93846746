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
  uint64_t r_no_coupon_0[1]; /* reachable term masks */ /* rules.yaml:42 rule "no-coupon" */
  uint32_t q_r_no_coupon_0; /* present bits seen in the current array */
  evc_conj_t conj;        /* multi-field rules through condition bits (eventc/conj.h) */
  uint64_t conj_cond[1];
  uint64_t conj_live[1];
  uint32_t conj_list[6]; /* from here on: not cleared per event */
  uint64_t conj_set[3];
} gen_state_t;

EVC_MAYBE_UNUSED static inline void gen_set(gen_state_t *st, uint32_t id) {
  st->bits[0] |= UINT64_C(1) << id;
}

static void gen_state_init(gen_state_t *st, int precise) {
  EVC_CLEAR(st, offsetof(gen_state_t, conj_list));
  st->conj.cond = st->conj_cond;
  st->conj.live = st->conj_live;
  st->conj.list = st->conj_list;
  st->conj.set = st->conj_set;
  st->conj.nset = 3u;
  evc_conj_start(&st->conj, precise);
  st->r_no_coupon_0[0] = 1; /* {no term yet} */
}

/* 6 multi-field rule alternatives over 17 condition bits (3 array-consistent) */
/* per condition bit: where its candidates start in _trig */
static const uint32_t gen_conj_trig_off[18] = {
  0, 0, 0, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 5, 6,
  7, 7,
};
/* alternatives whose rarest term the condition satisfies */
static const uint32_t gen_conj_trig[7] = {
  0, 4, 3, 3, 2, 1, 5,
};
/* per condition bit: where its precise-mode updates start in _use */
static const uint32_t gen_conj_use_off[18] = {
  0, 0, 0, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 9,
  9, 9,
};
/* precise mode: mask set << 6 | term */
static const uint32_t gen_conj_use[9] = {
  0, 1, 128, 128, 129, 129, 64, 64, 65,
};
/* per alternative: where it starts in _prog */
static const uint32_t gen_conj_prog_off[7] = {
  0, 7, 15, 23, 32, 39, 47,
};
/* per alternative: rule, mask set + 1, terms, per term: conditions, their bits */
static const uint32_t gen_conj_prog[47] = {
  gen_RULE_big_spender, 1, 2, 1, 2, 1, 5, /* rules.yaml:11 rule "big-spender" */
  gen_RULE_eu_region, 0, 2, 2, 4, 3, 1, 14, /* rules.yaml:19 rule "eu-region" */
  gen_RULE_flags, 2, 2, 2, 11, 12, 1, 13, /* rules.yaml:76 rule "flags" */
  gen_RULE_item_check, 3, 2, 2, 8, 7, 2, 9, 10, /* rules.yaml:67 rule "item-check" */
  gen_RULE_not_test, 0, 2, 1, 6, 1, 16, /* rules.yaml:34 rule "not-test" */
  gen_RULE_order_created, 0, 2, 2, 0, 1, 1, 15, /* rules.yaml:4 rule "order-created" */
};
static const evc_conj_tab_t gen_conj_tab = {6u, gen_conj_trig_off, gen_conj_trig, gen_conj_use_off, gen_conj_use, gen_conj_prog_off, gen_conj_prog};

static const char *gen_at_f_detail(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_type(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_amount(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_country(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_coupon(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_currency(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_env(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_ip(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_items(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_items_qty(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_items_sku(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_key(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_note(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_tier(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_total(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_detail_urgent(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_region(evc_scan_t *s, const char *p, gen_state_t *st);
static const char *gen_at_f_source(evc_scan_t *s, const char *p, gen_state_t *st);

/* Whether a key's raw bytes are one the walk reads anywhere (trusted mode's early stop). */
static int gen_is_key(const char *t, size_t n) {
  switch (n) {
  case 2:
    if (memcmp(t, "ip", 2) == 0) {
      return 1;
    }
    break;
  case 3:
    switch ((unsigned char)t[0]) {
    case 'e':
      if (memcmp(t, "env", 3) == 0) {
        return 1;
      }
      break;
    case 'k':
      if (memcmp(t, "key", 3) == 0) {
        return 1;
      }
      break;
    case 'q':
      if (memcmp(t, "qty", 3) == 0) {
        return 1;
      }
      break;
    case 's':
      if (memcmp(t, "sku", 3) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 4:
    switch ((unsigned char)t[0]) {
    case 'n':
      if (memcmp(t, "note", 4) == 0) {
        return 1;
      }
      break;
    case 't':
      if (memcmp(t, "tier", 4) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 5:
    switch ((unsigned char)t[0]) {
    case 'i':
      if (memcmp(t, "items", 5) == 0) {
        return 1;
      }
      break;
    case 't':
      if (memcmp(t, "total", 5) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 6:
    switch ((unsigned char)t[0]) {
    case 'a':
      if (memcmp(t, "amount", 6) == 0) {
        return 1;
      }
      break;
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
    case 'u':
      if (memcmp(t, "urgent", 6) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 7:
    if (memcmp(t, "country", 7) == 0) {
      return 1;
    }
    break;
  case 8:
    if (memcmp(t, "currency", 8) == 0) {
      return 1;
    }
    break;
  case 9:
    switch ((unsigned char)t[6]) {
    case '.':
      if (memcmp(t, "detail.ip", 9) == 0) {
        return 1;
      }
      break;
    case 'q':
      if (memcmp(t, "items.qty", 9) == 0) {
        return 1;
      }
      break;
    case 's':
      if (memcmp(t, "items.sku", 9) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 10:
    switch ((unsigned char)t[7]) {
    case 'e':
      if (memcmp(t, "detail.env", 10) == 0) {
        return 1;
      }
      break;
    case 'k':
      if (memcmp(t, "detail.key", 10) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 11:
    switch ((unsigned char)t[8]) {
    case 'i':
      if (memcmp(t, "detail.tier", 11) == 0) {
        return 1;
      }
      break;
    case 'o':
      if (memcmp(t, "detail.note", 11) == 0) {
        return 1;
      }
      break;
    case 'y':
      if (memcmp(t, "detail-type", 11) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 12:
    switch ((unsigned char)t[7]) {
    case 'i':
      if (memcmp(t, "detail.items", 12) == 0) {
        return 1;
      }
      break;
    case 't':
      if (memcmp(t, "detail.total", 12) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 13:
    switch ((unsigned char)t[7]) {
    case 'a':
      if (memcmp(t, "detail.amount", 13) == 0) {
        return 1;
      }
      break;
    case 'c':
      if (memcmp(t, "detail.coupon", 13) == 0) {
        return 1;
      }
      break;
    case 'u':
      if (memcmp(t, "detail.urgent", 13) == 0) {
        return 1;
      }
      break;
    }
    break;
  case 14:
    if (memcmp(t, "detail.country", 14) == 0) {
      return 1;
    }
    break;
  case 15:
    if (memcmp(t, "detail.currency", 15) == 0) {
      return 1;
    }
    break;
  case 16:
    switch ((unsigned char)t[13]) {
    case 'q':
      if (memcmp(t, "detail.items.qty", 16) == 0) {
        return 1;
      }
      break;
    case 's':
      if (memcmp(t, "detail.items.sku", 16) == 0) {
        return 1;
      }
      break;
    }
    break;
  }
  return 0;
}

static const evc_trusted_keys_t gen_keys = {
  {UINT64_C(0x0000000000000000), UINT64_C(0x003e4a3a10000000), UINT64_C(0x0000000000000000), UINT64_C(0x0000000000000000)},
  {0, 6, 4, 6, 6, 6, 0, 0, 0, 2, 0, 2, 1, 0, 2, 0},
  {0, 0, 0, 0, 0, 1, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0},
  gen_is_key};

static void gen_str_f_detail_type(gen_state_t *st, const evc_str_t *v) {
  {
    char buf[12];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      switch (n) {
      case 12:
        switch ((unsigned char)t[5]) {
        case 'C':
          if (memcmp(t, "OrderCreated", 12) == 0) {
            evc_conj_hit(&st->conj, &gen_conj_tab, 0); /* "order-created" (rules.yaml:4) */
          }
          break;
        case 'U':
          if (memcmp(t, "OrderUpdated", 12) == 0) {
            evc_conj_hit(&st->conj, &gen_conj_tab, 1); /* "order-created" (rules.yaml:4) */
          }
          break;
        }
        break;
      }
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

static void gen_num_f_detail_amount(gen_state_t *st, evc_numval_t *d) {
  if (evc_numval_cmp(d, 10000.0) > 0) {
    gen_set(st, gen_RULE_vip_or_large); /* rules.yaml:57 rule "vip-or-large" */
  }
  if (evc_numval_cmp(d, 100.0) >= 0 && evc_numval_cmp(d, 1000.0) < 0) {
    evc_conj_hit(&st->conj, &gen_conj_tab, 2); /* "big-spender" (rules.yaml:11) */
  }
  (void)st;
}

/* A scalar at detail.amount */
static const char *gen_leaf_f_detail_amount(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_NUMBER: {
    evc_numval_t d;
    p = evc_scan_numval(s, p, &d);
    if (p) gen_num_f_detail_amount(st, &d);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* f_detail_country: byte automaton of 8 states (8 with moves) over 13 byte classes */
static const uint8_t gen_f_detail_country_raw_cls[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 1, 0, 0, 2, 0, 3, 0, 0, 0, 0, 0, 4, 0, 5, 0,
  0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 7, 0, 0, 8, 0, 9, 0, 0, 0, 0, 0, 10, 0, 11, 0,
  0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint16_t gen_f_detail_country_raw_next[104] = {
  1, 1, 1, 2, 3, 1, 1, 1, 1, 2, 3, 1, 1, 1, 1, 1,
  1, 3, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1, 1, 3, 1,
  4, 1, 1, 1, 3, 1, 4, 1, 5, 1, 1, 3, 1, 1, 5, 1,
  1, 3, 1, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1, 3, 1,
  1, 1, 1, 1, 1, 3, 6, 1, 1, 1, 1, 3, 6, 1, 1, 1,
  7, 1, 3, 1, 1, 1, 7, 1, 3, 1, 1, 1, 1, 1, 1, 3,
  1, 1, 1, 1, 1, 3, 1, 1,
};
static const uint16_t gen_f_detail_country_raw_accept[8] = {
  0, 0, 0, 0, 1, 0, 0, 2,
};
static const evc_dfa_t gen_f_detail_country_raw = {gen_f_detail_country_raw_cls, NULL, gen_f_detail_country_raw_next, 13, 8};

static void gen_str_f_detail_country(gen_state_t *st, const evc_str_t *v) {
  switch (gen_f_detail_country_raw_accept[evc_dfa_run(&gen_f_detail_country_raw, v)]) {
  case 1:
    evc_conj_hit(&st->conj, &gen_conj_tab, 4); /* "eu-region" (rules.yaml:19) */
    break;
  case 2:
    evc_conj_hit(&st->conj, &gen_conj_tab, 3); /* "eu-region" (rules.yaml:19) */
    break;
  }
  (void)st;
  (void)v;
}

/* A scalar at detail.country */
static const char *gen_leaf_f_detail_country(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_detail_country(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* A scalar at detail.coupon */
static const char *gen_leaf_f_detail_coupon(evc_scan_t *s, const char *p, gen_state_t *st) {
  evc_msetw_force(st->r_no_coupon_0, 1, UINT32_C(1) << 2); /* present: exists false fails here */
  st->q_r_no_coupon_0 |= UINT32_C(1) << 2; /* rules.yaml:42 rule "no-coupon" */
  switch (evc_scan_kind(s, p)) {
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static void gen_str_f_detail_currency(gen_state_t *st, const evc_str_t *v) {
  {
    char buf[3];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      switch (n) {
      case 3:
        if (memcmp(t, "EUR", 3) == 0) {
          evc_conj_hit(&st->conj, &gen_conj_tab, 5); /* "big-spender" (rules.yaml:11) */
        }
        break;
      }
    }
  }
  (void)st;
  (void)v;
}

/* A scalar at detail.currency */
static const char *gen_leaf_f_detail_currency(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_detail_currency(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* f_detail_env: byte automaton of 5 states (3 with moves) over 4 byte classes */
static const uint8_t gen_f_detail_env_raw_cls[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
  2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint16_t gen_f_detail_env_raw_next[12] = {
  3, 3, 3, 1, 3, 2, 3, 3, 3, 3, 4, 3,
};
static const uint16_t gen_f_detail_env_raw_accept[5] = {
  0, 0, 0, 0, 1,
};
static const evc_dfa_t gen_f_detail_env_raw = {gen_f_detail_env_raw_cls, NULL, gen_f_detail_env_raw_next, 4, 3};

static void gen_str_f_detail_env(gen_state_t *st, const evc_str_t *v) {
  uint64_t ex[1] = {0};
  switch (gen_f_detail_env_raw_accept[evc_dfa_run(&gen_f_detail_env_raw, v)]) {
  case 1:
    ex[0] |= UINT64_C(1) << 0; /* excluded by anything-but */
    break;
  }
  if (!(ex[0] & (UINT64_C(1) << 0))) {
    evc_conj_hit(&st->conj, &gen_conj_tab, 6); /* "not-test" (rules.yaml:34) */
  }
  (void)st;
  (void)v;
}

static void gen_num_f_detail_env(gen_state_t *st, const evc_num_t *v) {
  (void)v;
  evc_conj_hit(&st->conj, &gen_conj_tab, 6); /* "not-test" (rules.yaml:34) */
  (void)st;
}

static void gen_lit_f_detail_env(gen_state_t *st, evc_kind_t kind) {
  evc_conj_hit(&st->conj, &gen_conj_tab, 6); /* "not-test" (rules.yaml:34) */
  (void)st;
  (void)kind;
}

/* A scalar at detail.env */
static const char *gen_leaf_f_detail_env(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_detail_env(st, &v);
    return p;
  }
  case EVC_KIND_NUMBER: {
    evc_num_t v;
    p = evc_scan_number(s, p, &v);
    if (p) gen_num_f_detail_env(st, &v);
    return p;
  }
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
  case EVC_KIND_NULL: {
    evc_kind_t kind;
    p = evc_scan_literal(s, p, &kind);
    if (p) gen_lit_f_detail_env(st, kind);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static void gen_str_f_detail_ip(gen_state_t *st, const evc_str_t *v) {
  {
    static const uint8_t net[16] = {10, 0, 0, 0};
    if (evc_str_in_cidr(v, false, net, 8)) {
      gen_set(st, gen_RULE_internal_ip); /* rules.yaml:50 rule "internal-ip" */
    }
  }
  {
    static const uint8_t net[16] = {32, 1, 13, 184, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    if (evc_str_in_cidr(v, true, net, 32)) {
      gen_set(st, gen_RULE_internal_ip); /* rules.yaml:50 rule "internal-ip" */
    }
  }
  (void)st;
  (void)v;
}

/* A scalar at detail.ip */
static const char *gen_leaf_f_detail_ip(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_detail_ip(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static void gen_num_f_detail_items_qty(gen_state_t *st, evc_numval_t *d) {
  if ((evc_numval_cmp(d, 1.0) == 0)) {
    evc_conj_hit(&st->conj, &gen_conj_tab, 7); /* "item-check" (rules.yaml:67) */
  }
  if (evc_numval_cmp(d, 5.0) > 0) {
    evc_conj_hit(&st->conj, &gen_conj_tab, 8); /* "item-check" (rules.yaml:67) */
  }
  (void)st;
}

/* A scalar at detail.items.qty */
static const char *gen_leaf_f_detail_items_qty(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_NUMBER: {
    evc_numval_t d;
    p = evc_scan_numval(s, p, &d);
    if (p) gen_num_f_detail_items_qty(st, &d);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static void gen_str_f_detail_items_sku(gen_state_t *st, const evc_str_t *v) {
  {
    char buf[3];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      switch (n) {
      case 3:
        switch ((unsigned char)t[0]) {
        case 'A':
          if (memcmp(t, "A-1", 3) == 0) {
            evc_conj_hit(&st->conj, &gen_conj_tab, 9); /* "item-check" (rules.yaml:67) */
          }
          break;
        case 'B':
          if (memcmp(t, "B-2", 3) == 0) {
            evc_conj_hit(&st->conj, &gen_conj_tab, 10); /* "item-check" (rules.yaml:67) */
          }
          break;
        }
        break;
      }
    }
  }
  (void)st;
  (void)v;
}

/* A scalar at detail.items.sku */
static const char *gen_leaf_f_detail_items_sku(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_detail_items_sku(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* f_detail_key: byte automaton of 34 states (34 with moves) over 19 byte classes */
static const uint8_t gen_f_detail_key_raw_cls[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 5, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6,
  0, 7, 0, 0, 8, 0, 0, 9, 0, 10, 11, 0, 12, 13, 14, 15,
  16, 0, 0, 17, 0, 18, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint16_t gen_f_detail_key_raw_next[646] = {
  1, 2, 1, 1, 3, 1, 1, 1, 1, 1, 3, 1, 1, 1, 1, 1,
  1, 1, 4, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 5, 1, 1, 1, 2, 1, 1, 1, 6, 1,
  1, 1, 1, 1, 1, 1, 6, 1, 1, 1, 1, 1, 1, 2, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 7, 1, 1, 1,
  2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 8, 1, 1,
  1, 1, 1, 2, 1, 9, 1, 1, 1, 1, 1, 9, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 10, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1,
  1, 11, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1,
  1, 12, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 13, 1, 1,
  1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 12, 14, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
  12, 12, 12, 12, 12, 12, 12, 1, 2, 1, 1, 1, 1, 1, 15, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 12, 14, 12, 12, 12, 12,
  12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 16, 12, 12, 1, 2, 1,
  1, 1, 1, 1, 1, 17, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  12, 14, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 18, 12,
  12, 12, 12, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 19, 1, 12, 14, 12, 12, 12, 12, 12, 12, 12, 20,
  12, 12, 12, 12, 12, 12, 12, 12, 12, 1, 2, 21, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 12, 14, 12, 12,
  12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 21,
  22, 23, 21, 21, 21, 21, 21, 21, 21, 21, 21, 21, 21, 21, 21, 21,
  21, 21, 21, 22, 23, 21, 21, 21, 21, 21, 21, 21, 21, 21, 21, 21,
  21, 21, 24, 21, 21, 23, 25, 23, 23, 23, 23, 23, 23, 23, 23, 23,
  23, 23, 23, 23, 23, 23, 23, 23, 21, 22, 23, 21, 21, 21, 21, 21,
  21, 21, 21, 21, 21, 21, 26, 21, 21, 21, 21, 23, 25, 23, 23, 23,
  23, 23, 23, 23, 23, 23, 27, 23, 23, 23, 23, 28, 23, 23, 21, 22,
  23, 21, 21, 21, 21, 21, 21, 29, 21, 21, 21, 21, 21, 21, 21, 21,
  21, 23, 25, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23,
  23, 30, 23, 23, 23, 25, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23,
  23, 23, 31, 23, 23, 23, 23, 21, 22, 23, 21, 21, 21, 21, 21, 21,
  21, 21, 21, 21, 21, 21, 21, 21, 21, 21, 23, 25, 23, 23, 23, 23,
  23, 23, 23, 32, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 25, 23,
  23, 23, 23, 23, 23, 23, 33, 23, 23, 23, 23, 23, 23, 23, 23, 23,
  23, 25, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23,
  23, 23, 23, 23, 25, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23, 23,
  23, 23, 23, 23, 23, 23,
};
static const uint16_t gen_f_detail_key_raw_accept[34] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 2, 0,
  2, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
  4, 1,
};
static const evc_dfa_t gen_f_detail_key_raw = {gen_f_detail_key_raw_cls, NULL, gen_f_detail_key_raw_next, 19, 34};

static void gen_str_f_detail_key(gen_state_t *st, const evc_str_t *v) {
  switch (gen_f_detail_key_raw_accept[evc_dfa_run(&gen_f_detail_key_raw, v)]) {
  case 1:
    gen_set(st, gen_RULE_images); /* rules.yaml:27 rule "images" */
    break;
  case 2:
    gen_set(st, gen_RULE_images); /* rules.yaml:27 rule "images" */
    break;
  case 3:
    gen_set(st, gen_RULE_images); /* rules.yaml:27 rule "images" */
    gen_set(st, gen_RULE_images); /* rules.yaml:27 rule "images" */
    break;
  case 4:
    gen_set(st, gen_RULE_images); /* rules.yaml:27 rule "images" */
    break;
  }
  (void)st;
  (void)v;
}

/* A scalar at detail.key */
static const char *gen_leaf_f_detail_key(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_detail_key(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static void gen_str_f_detail_note(gen_state_t *st, const evc_str_t *v) {
  evc_conj_hit(&st->conj, &gen_conj_tab, 12); /* "flags" (rules.yaml:76) */
  (void)st;
  (void)v;
}

static void gen_num_f_detail_note(gen_state_t *st, evc_numval_t *d) {
  if (!(evc_numval_cmp(d, 7.0) == 0)) {
    evc_conj_hit(&st->conj, &gen_conj_tab, 12); /* "flags" (rules.yaml:76) */
  }
  (void)st;
}

static void gen_lit_f_detail_note(gen_state_t *st, evc_kind_t kind) {
  if (kind == EVC_KIND_NULL) {
    evc_conj_hit(&st->conj, &gen_conj_tab, 11); /* "flags" (rules.yaml:76) */
  }
  evc_conj_hit(&st->conj, &gen_conj_tab, 12); /* "flags" (rules.yaml:76) */
  (void)st;
  (void)kind;
}

/* A scalar at detail.note */
static const char *gen_leaf_f_detail_note(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_detail_note(st, &v);
    return p;
  }
  case EVC_KIND_NUMBER: {
    evc_numval_t d;
    p = evc_scan_numval(s, p, &d);
    if (p) gen_num_f_detail_note(st, &d);
    return p;
  }
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
  case EVC_KIND_NULL: {
    evc_kind_t kind;
    p = evc_scan_literal(s, p, &kind);
    if (p) gen_lit_f_detail_note(st, kind);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static void gen_str_f_detail_tier(gen_state_t *st, const evc_str_t *v) {
  {
    char buf[4];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      switch (n) {
      case 4:
        if (memcmp(t, "gold", 4) == 0) {
          gen_set(st, gen_RULE_vip_or_large); /* rules.yaml:57 rule "vip-or-large" */
        }
        break;
      }
    }
  }
  (void)st;
  (void)v;
}

/* A scalar at detail.tier */
static const char *gen_leaf_f_detail_tier(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_STRING: {
    evc_str_t v;
    p = s->trusted ? evc_trusted_string(s, p, &v) : evc_scan_string(s, p, &v);
    if (p) gen_str_f_detail_tier(st, &v);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static void gen_num_f_detail_total(gen_state_t *st, evc_numval_t *d) {
  if (evc_numval_cmp(d, 0.0) > 0) {
    evc_msetw_add_mask(st->r_no_coupon_0, 1, (UINT32_C(1) << 1) | (UINT32_C(1) << 3)); /* rules.yaml:42 rule "no-coupon" */
  }
  (void)st;
}

/* A scalar at detail.total */
static const char *gen_leaf_f_detail_total(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_NUMBER: {
    evc_numval_t d;
    p = evc_scan_numval(s, p, &d);
    if (p) gen_num_f_detail_total(st, &d);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

static void gen_lit_f_detail_urgent(gen_state_t *st, evc_kind_t kind) {
  if (kind == EVC_KIND_TRUE) {
    evc_conj_hit(&st->conj, &gen_conj_tab, 13); /* "flags" (rules.yaml:76) */
  }
  (void)st;
  (void)kind;
}

/* A scalar at detail.urgent */
static const char *gen_leaf_f_detail_urgent(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
  case EVC_KIND_NULL: {
    evc_kind_t kind;
    p = evc_scan_literal(s, p, &kind);
    if (p) gen_lit_f_detail_urgent(st, kind);
    return p;
  }
  default:
    (void)st;
    return evc_scan_skip(s, p);
  }
}

/* f_region: byte automaton of 5 states (3 with moves) over 4 byte classes */
static const uint8_t gen_f_region_raw_cls[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint16_t gen_f_region_raw_next[12] = {
  3, 3, 1, 3, 3, 3, 3, 2, 3, 4, 3, 3,
};
static const uint16_t gen_f_region_raw_accept[5] = {
  0, 0, 0, 0, 1,
};
static const evc_dfa_t gen_f_region_raw = {gen_f_region_raw_cls, NULL, gen_f_region_raw_next, 4, 3};

static void gen_str_f_region(gen_state_t *st, const evc_str_t *v) {
  switch (gen_f_region_raw_accept[evc_dfa_run(&gen_f_region_raw, v)]) {
  case 1:
    evc_conj_hit(&st->conj, &gen_conj_tab, 14); /* "eu-region" (rules.yaml:19) */
    break;
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

static void gen_str_f_source(gen_state_t *st, const evc_str_t *v) {
  uint64_t ex[1] = {0};
  {
    char buf[14];
    size_t n = v->len;
    const char *t = v->escaped ? evc_str_bounded(v, buf, sizeof buf, &n) : v->ptr;
    if (t) {
      switch (n) {
      case 3:
        if (memcmp(t, "dev", 3) == 0) {
          ex[0] |= UINT64_C(1) << 0; /* excluded by anything-but */
        }
        break;
      case 4:
        if (memcmp(t, "test", 4) == 0) {
          ex[0] |= UINT64_C(1) << 0; /* excluded by anything-but */
        }
        break;
      case 14:
        if (memcmp(t, "orders.service", 14) == 0) {
          evc_conj_hit(&st->conj, &gen_conj_tab, 15); /* "order-created" (rules.yaml:4) */
        }
        break;
      }
    }
  }
  if (!(ex[0] & (UINT64_C(1) << 0))) {
    evc_conj_hit(&st->conj, &gen_conj_tab, 16); /* "not-test" (rules.yaml:34) */
  }
  (void)st;
  (void)v;
}

static void gen_num_f_source(gen_state_t *st, const evc_num_t *v) {
  (void)v;
  evc_conj_hit(&st->conj, &gen_conj_tab, 16); /* "not-test" (rules.yaml:34) */
  (void)st;
}

static void gen_lit_f_source(gen_state_t *st, evc_kind_t kind) {
  evc_conj_hit(&st->conj, &gen_conj_tab, 16); /* "not-test" (rules.yaml:34) */
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

static int gen_key_root(const evc_str_t *key) {
  char buf[16];
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
  case 9:
    if (memcmp(t, "detail.ip", 9) == 0) {
      return 4;
    }
    break;
  case 10:
    switch ((unsigned char)t[7]) {
    case 'e':
      if (memcmp(t, "detail.env", 10) == 0) {
        return 5;
      }
      break;
    case 'k':
      if (memcmp(t, "detail.key", 10) == 0) {
        return 6;
      }
      break;
    }
    break;
  case 11:
    switch ((unsigned char)t[8]) {
    case 'i':
      if (memcmp(t, "detail.tier", 11) == 0) {
        return 9;
      }
      break;
    case 'o':
      if (memcmp(t, "detail.note", 11) == 0) {
        return 8;
      }
      break;
    case 'y':
      if (memcmp(t, "detail-type", 11) == 0) {
        return 7;
      }
      break;
    }
    break;
  case 12:
    switch ((unsigned char)t[7]) {
    case 'i':
      if (memcmp(t, "detail.items", 12) == 0) {
        return 10;
      }
      break;
    case 't':
      if (memcmp(t, "detail.total", 12) == 0) {
        return 11;
      }
      break;
    }
    break;
  case 13:
    switch ((unsigned char)t[7]) {
    case 'a':
      if (memcmp(t, "detail.amount", 13) == 0) {
        return 12;
      }
      break;
    case 'c':
      if (memcmp(t, "detail.coupon", 13) == 0) {
        return 13;
      }
      break;
    case 'u':
      if (memcmp(t, "detail.urgent", 13) == 0) {
        return 14;
      }
      break;
    }
    break;
  case 14:
    if (memcmp(t, "detail.country", 14) == 0) {
      return 15;
    }
    break;
  case 15:
    if (memcmp(t, "detail.currency", 15) == 0) {
      return 16;
    }
    break;
  case 16:
    switch ((unsigned char)t[13]) {
    case 'q':
      if (memcmp(t, "detail.items.qty", 16) == 0) {
        return 17;
      }
      break;
    case 's':
      if (memcmp(t, "detail.items.sku", 16) == 0) {
        return 18;
      }
      break;
    }
    break;
  }
  return 0;
}

static const char *gen_tobj_root(evc_scan_t *s, const char *p, gen_state_t *st) {
  const char *last[18] = {NULL};
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
    case 4: /* detail.ip */
      p = gen_at_f_detail_ip(s, p, st);
      break;
    case 5: /* detail.env */
      p = gen_at_f_detail_env(s, p, st);
      break;
    case 6: /* detail.key */
      p = gen_at_f_detail_key(s, p, st);
      break;
    case 7: /* detail-type */
      p = gen_at_f_detail_type(s, p, st);
      break;
    case 8: /* detail.note */
      p = gen_at_f_detail_note(s, p, st);
      break;
    case 9: /* detail.tier */
      p = gen_at_f_detail_tier(s, p, st);
      break;
    case 10: /* detail.items */
      p = gen_at_f_detail_items(s, p, st);
      break;
    case 11: /* detail.total */
      p = gen_at_f_detail_total(s, p, st);
      break;
    case 12: /* detail.amount */
      p = gen_at_f_detail_amount(s, p, st);
      break;
    case 13: /* detail.coupon */
      p = gen_at_f_detail_coupon(s, p, st);
      break;
    case 14: /* detail.urgent */
      p = gen_at_f_detail_urgent(s, p, st);
      break;
    case 15: /* detail.country */
      p = gen_at_f_detail_country(s, p, st);
      break;
    case 16: /* detail.currency */
      p = gen_at_f_detail_currency(s, p, st);
      break;
    case 17: /* detail.items.qty */
      p = gen_at_f_detail_items_qty(s, p, st);
      break;
    case 18: /* detail.items.sku */
      p = gen_at_f_detail_items_sku(s, p, st);
      break;
    default:
      p = evc_trusted_skip(s, p);
      break;
    }
    if (!p) return NULL;
    /* every key without a dot read: leave the event if no key the walk reads follows */
    more = evc_trusted_obj_after(s, &p, &key, k > 0 && (seen & UINT64_C(0x47)) == UINT64_C(0x47), &gen_keys);
  }
  return more < 0 ? NULL : p;
}

static const char *gen_obj_root(evc_scan_t *s, const char *p, gen_state_t *st) {
  if (s->trusted) return gen_tobj_root(s, p, st);
  const char *last[18] = {NULL};
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
    case 4: /* detail.ip */
      p = gen_at_f_detail_ip(s, p, st);
      break;
    case 5: /* detail.env */
      p = gen_at_f_detail_env(s, p, st);
      break;
    case 6: /* detail.key */
      p = gen_at_f_detail_key(s, p, st);
      break;
    case 7: /* detail-type */
      p = gen_at_f_detail_type(s, p, st);
      break;
    case 8: /* detail.note */
      p = gen_at_f_detail_note(s, p, st);
      break;
    case 9: /* detail.tier */
      p = gen_at_f_detail_tier(s, p, st);
      break;
    case 10: /* detail.items */
      p = gen_at_f_detail_items(s, p, st);
      break;
    case 11: /* detail.total */
      p = gen_at_f_detail_total(s, p, st);
      break;
    case 12: /* detail.amount */
      p = gen_at_f_detail_amount(s, p, st);
      break;
    case 13: /* detail.coupon */
      p = gen_at_f_detail_coupon(s, p, st);
      break;
    case 14: /* detail.urgent */
      p = gen_at_f_detail_urgent(s, p, st);
      break;
    case 15: /* detail.country */
      p = gen_at_f_detail_country(s, p, st);
      break;
    case 16: /* detail.currency */
      p = gen_at_f_detail_currency(s, p, st);
      break;
    case 17: /* detail.items.qty */
      p = gen_at_f_detail_items_qty(s, p, st);
      break;
    case 18: /* detail.items.sku */
      p = gen_at_f_detail_items_sku(s, p, st);
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

static int gen_key_f_detail(const evc_str_t *key) {
  char buf[9];
  size_t n = key->len;
  const char *t = key->ptr;
  if (key->escaped && !(t = evc_str_bounded(key, buf, sizeof buf, &n))) return 0;
  switch (n) {
  case 2:
    if (memcmp(t, "ip", 2) == 0) {
      return 1;
    }
    break;
  case 3:
    switch ((unsigned char)t[0]) {
    case 'e':
      if (memcmp(t, "env", 3) == 0) {
        return 2;
      }
      break;
    case 'k':
      if (memcmp(t, "key", 3) == 0) {
        return 3;
      }
      break;
    }
    break;
  case 4:
    switch ((unsigned char)t[0]) {
    case 'n':
      if (memcmp(t, "note", 4) == 0) {
        return 4;
      }
      break;
    case 't':
      if (memcmp(t, "tier", 4) == 0) {
        return 5;
      }
      break;
    }
    break;
  case 5:
    switch ((unsigned char)t[0]) {
    case 'i':
      if (memcmp(t, "items", 5) == 0) {
        return 6;
      }
      break;
    case 't':
      if (memcmp(t, "total", 5) == 0) {
        return 7;
      }
      break;
    }
    break;
  case 6:
    switch ((unsigned char)t[0]) {
    case 'a':
      if (memcmp(t, "amount", 6) == 0) {
        return 8;
      }
      break;
    case 'c':
      if (memcmp(t, "coupon", 6) == 0) {
        return 9;
      }
      break;
    case 'u':
      if (memcmp(t, "urgent", 6) == 0) {
        return 10;
      }
      break;
    }
    break;
  case 7:
    if (memcmp(t, "country", 7) == 0) {
      return 11;
    }
    break;
  case 8:
    if (memcmp(t, "currency", 8) == 0) {
      return 12;
    }
    break;
  case 9:
    switch ((unsigned char)t[6]) {
    case 'q':
      if (memcmp(t, "items.qty", 9) == 0) {
        return 13;
      }
      break;
    case 's':
      if (memcmp(t, "items.sku", 9) == 0) {
        return 14;
      }
      break;
    }
    break;
  }
  return 0;
}

static const char *gen_tobj_f_detail(evc_scan_t *s, const char *p, gen_state_t *st) {
  const char *last[14] = {NULL};
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
    case 1: /* ip */
      p = gen_at_f_detail_ip(s, p, st);
      break;
    case 2: /* env */
      p = gen_at_f_detail_env(s, p, st);
      break;
    case 3: /* key */
      p = gen_at_f_detail_key(s, p, st);
      break;
    case 4: /* note */
      p = gen_at_f_detail_note(s, p, st);
      break;
    case 5: /* tier */
      p = gen_at_f_detail_tier(s, p, st);
      break;
    case 6: /* items */
      p = gen_at_f_detail_items(s, p, st);
      break;
    case 7: /* total */
      p = gen_at_f_detail_total(s, p, st);
      break;
    case 8: /* amount */
      p = gen_at_f_detail_amount(s, p, st);
      break;
    case 9: /* coupon */
      p = gen_at_f_detail_coupon(s, p, st);
      break;
    case 10: /* urgent */
      p = gen_at_f_detail_urgent(s, p, st);
      break;
    case 11: /* country */
      p = gen_at_f_detail_country(s, p, st);
      break;
    case 12: /* currency */
      p = gen_at_f_detail_currency(s, p, st);
      break;
    case 13: /* items.qty */
      p = gen_at_f_detail_items_qty(s, p, st);
      break;
    case 14: /* items.sku */
      p = gen_at_f_detail_items_sku(s, p, st);
      break;
    default:
      p = evc_trusted_skip(s, p);
      break;
    }
    if (!p) return NULL;
    /* every key without a dot read: leave the event if no key the walk reads follows */
    more = evc_trusted_obj_after(s, &p, &key, k > 0 && (seen & UINT64_C(0xfff)) == UINT64_C(0xfff), &gen_keys);
  }
  return more < 0 ? NULL : p;
}

static const char *gen_obj_f_detail(evc_scan_t *s, const char *p, gen_state_t *st) {
  if (s->trusted) return gen_tobj_f_detail(s, p, st);
  const char *last[14] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, gen_key_f_detail, last)) return NULL;
  more = evc_match_obj_first(s, &p, &key);
  while (more > 0) {
    int k = gen_key_f_detail(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* ip */
      p = gen_at_f_detail_ip(s, p, st);
      break;
    case 2: /* env */
      p = gen_at_f_detail_env(s, p, st);
      break;
    case 3: /* key */
      p = gen_at_f_detail_key(s, p, st);
      break;
    case 4: /* note */
      p = gen_at_f_detail_note(s, p, st);
      break;
    case 5: /* tier */
      p = gen_at_f_detail_tier(s, p, st);
      break;
    case 6: /* items */
      p = gen_at_f_detail_items(s, p, st);
      break;
    case 7: /* total */
      p = gen_at_f_detail_total(s, p, st);
      break;
    case 8: /* amount */
      p = gen_at_f_detail_amount(s, p, st);
      break;
    case 9: /* coupon */
      p = gen_at_f_detail_coupon(s, p, st);
      break;
    case 10: /* urgent */
      p = gen_at_f_detail_urgent(s, p, st);
      break;
    case 11: /* country */
      p = gen_at_f_detail_country(s, p, st);
      break;
    case 12: /* currency */
      p = gen_at_f_detail_currency(s, p, st);
      break;
    case 13: /* items.qty */
      p = gen_at_f_detail_items_qty(s, p, st);
      break;
    case 14: /* items.sku */
      p = gen_at_f_detail_items_sku(s, p, st);
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

/* mask sets of the multi-field rules under this field */
static const uint32_t gen_conj_f_detail[3] = {
  0, 2, 1,
};
static const char *gen_arr_f_detail(evc_scan_t *s, const char *p, gen_state_t *st) {
  /* One element's fields never combine with another element's (array consistency). */
  uint64_t before0[1], merged0[1]; uint32_t present0; /* rules.yaml:42 rule "no-coupon" */
  uint64_t cbefore[3], cmerged[3]; /* multi-field rules (precise mode) */
  if (!st->conj.precise) { /* condition bits cannot tell elements apart: scan again precisely */
    st->need_precise = 1;
    return evc_scan_skip(s, p);
  }
  int more = evc_scan_arr_first(s, &p);
  memcpy(before0, st->r_no_coupon_0, sizeof before0);
  memset(merged0, 0, sizeof merged0);
  present0 = st->q_r_no_coupon_0;
  st->q_r_no_coupon_0 = 0;
  evc_conj_gather(cbefore, st->conj.set, gen_conj_f_detail, 3);
  memcpy(cmerged, cbefore, sizeof cmerged);
  while (more > 0) {
    evc_kind_t kind = evc_scan_kind(s, p);
    if (kind != EVC_KIND_OBJECT && kind != EVC_KIND_ARRAY) {
      memcpy(st->r_no_coupon_0, merged0, sizeof merged0);
      evc_conj_scatter(st->conj.set, cmerged, gen_conj_f_detail, 3);
      if (!gen_at_f_detail(s, p, st)) return NULL;
      memcpy(merged0, st->r_no_coupon_0, sizeof merged0);
      memcpy(st->r_no_coupon_0, before0, sizeof before0);
      evc_conj_gather(cmerged, st->conj.set, gen_conj_f_detail, 3);
      evc_conj_scatter(st->conj.set, cbefore, gen_conj_f_detail, 3);
      p = gen_at_f_detail(s, p, st); /* the same scalar, for the later elements */
      if (!p) return NULL;
      memcpy(before0, st->r_no_coupon_0, sizeof before0);
      evc_conj_gather(cbefore, st->conj.set, gen_conj_f_detail, 3);
      more = evc_match_arr_next(s, &p);
      continue;
    }
    memcpy(st->r_no_coupon_0, before0, sizeof before0);
    evc_msetw_clear(st->r_no_coupon_0, 1, UINT32_C(1) << 3); /* nothing chosen in this element yet */
    evc_conj_scatter(st->conj.set, cbefore, gen_conj_f_detail, 3);
    p = gen_at_f_detail(s, p, st);
    if (!p) return NULL;
    evc_msetw_merge_with(merged0, st->r_no_coupon_0, 1, UINT32_C(1) << 3);
    evc_conj_merge(cmerged, st->conj.set, gen_conj_f_detail, 3);
    more = evc_match_arr_next(s, &p);
  }
  evc_msetw_force(before0, 1, st->q_r_no_coupon_0); /* choosing no element sees them all */
  evc_mset_merge(merged0, before0, 1);
  st->q_r_no_coupon_0 |= present0;
  memcpy(st->r_no_coupon_0, merged0, sizeof merged0);
  evc_conj_scatter(st->conj.set, cmerged, gen_conj_f_detail, 3);
  return more < 0 ? NULL : p;
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

static const char *gen_arr_f_detail_amount(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_amount(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_country(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_country(s, p, st);
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

static const char *gen_arr_f_detail_currency(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_currency(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_env(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_env(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_ip(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_ip(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static inline int gen_key_f_detail_items(const evc_str_t *key) {
  char buf[3];
  size_t n = key->len;
  const char *t = key->ptr;
  if (key->escaped && !(t = evc_str_bounded(key, buf, sizeof buf, &n))) return 0;
  switch (n) {
  case 3:
    switch ((unsigned char)t[0]) {
    case 'q':
      if (memcmp(t, "qty", 3) == 0) {
        return 1;
      }
      break;
    case 's':
      if (memcmp(t, "sku", 3) == 0) {
        return 2;
      }
      break;
    }
    break;
  }
  return 0;
}

static const char *gen_tobj_f_detail_items(evc_scan_t *s, const char *p, gen_state_t *st) {
  const char *last[2] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, gen_key_f_detail_items, last)) return NULL;
  more = evc_trusted_obj_first(s, &p, &key);
  while (more > 0) {
    int k = gen_key_f_detail_items(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* qty */
      p = gen_at_f_detail_items_qty(s, p, st);
      break;
    case 2: /* sku */
      p = gen_at_f_detail_items_sku(s, p, st);
      break;
    default:
      p = evc_trusted_skip(s, p);
      break;
    }
    if (!p) return NULL;
    /* every key without a dot read: leave the event if no key the walk reads follows */
    more = evc_trusted_obj_after(s, &p, &key, k > 0 && (seen & UINT64_C(0x3)) == UINT64_C(0x3), &gen_keys);
  }
  return more < 0 ? NULL : p;
}

static const char *gen_obj_f_detail_items(evc_scan_t *s, const char *p, gen_state_t *st) {
  if (s->trusted) return gen_tobj_f_detail_items(s, p, st);
  const char *last[2] = {NULL};
  uint64_t seen = 0;
  evc_str_t key;
  int more;
  if (st->lastwins && !evc_scan_last_keys(s, p, gen_key_f_detail_items, last)) return NULL;
  evc_record_t rec; /* a flat object of strings is checked whole, then read by its quotes */
  more = evc_match_obj_first_r(s, &p, &key, &rec);
  while (more > 0) {
    int k = gen_key_f_detail_items(&key);
    if (k > 0 && st->lastwins && last[k - 1] != key.ptr) k = 0; /* an earlier duplicate */
    if (k > 0) {
      if ((seen >> (k - 1)) & 1u) st->dup = 1;
      seen |= UINT64_C(1) << (k - 1);
    }
    switch (k) {
    case 1: /* qty */
      p = gen_at_f_detail_items_qty(s, p, st);
      break;
    case 2: /* sku */
      p = gen_at_f_detail_items_sku(s, p, st);
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

/* mask sets of the multi-field rules under this field */
static const uint32_t gen_conj_f_detail_items[1] = {
  2,
};
static const char *gen_arr_f_detail_items(evc_scan_t *s, const char *p, gen_state_t *st) {
  /* One element's fields never combine with another element's (array consistency). */
  uint64_t cbefore[1], cmerged[1]; /* multi-field rules (precise mode) */
  if (!st->conj.precise) { /* condition bits cannot tell elements apart: scan again precisely */
    st->need_precise = 1;
    return evc_scan_skip(s, p);
  }
  int more = evc_scan_arr_first(s, &p);
  evc_conj_gather(cbefore, st->conj.set, gen_conj_f_detail_items, 1);
  memcpy(cmerged, cbefore, sizeof cmerged);
  while (more > 0) {
    evc_kind_t kind = evc_scan_kind(s, p);
    if (kind != EVC_KIND_OBJECT && kind != EVC_KIND_ARRAY) {
      evc_conj_scatter(st->conj.set, cmerged, gen_conj_f_detail_items, 1);
      if (!gen_at_f_detail_items(s, p, st)) return NULL;
      evc_conj_gather(cmerged, st->conj.set, gen_conj_f_detail_items, 1);
      evc_conj_scatter(st->conj.set, cbefore, gen_conj_f_detail_items, 1);
      p = gen_at_f_detail_items(s, p, st); /* the same scalar, for the later elements */
      if (!p) return NULL;
      evc_conj_gather(cbefore, st->conj.set, gen_conj_f_detail_items, 1);
      more = evc_match_arr_next(s, &p);
      continue;
    }
    evc_conj_scatter(st->conj.set, cbefore, gen_conj_f_detail_items, 1);
    p = gen_at_f_detail_items(s, p, st);
    if (!p) return NULL;
    evc_conj_merge(cmerged, st->conj.set, gen_conj_f_detail_items, 1);
    more = evc_match_arr_next(s, &p);
  }
  evc_conj_scatter(st->conj.set, cmerged, gen_conj_f_detail_items, 1);
  return more < 0 ? NULL : p;
}

static const char *gen_arr_f_detail_items_qty(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_items_qty(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_items_sku(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_items_sku(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_key(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_key(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_note(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_note(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_tier(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_tier(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_total(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_total(s, p, st);
      if (!p) return NULL;
    } else if (more < 0 || open-- == 0) {
      return more < 0 ? NULL : p;
    }
    more = evc_match_arr_next(s, &p);
  }
}

static const char *gen_arr_f_detail_urgent(evc_scan_t *s, const char *p, gen_state_t *st) {
  unsigned open = 0; /* arrays entered inside this one */
  int more = evc_scan_arr_first(s, &p);
  for (;;) {
    while (more > 0 && evc_scan_kind(s, p) == EVC_KIND_ARRAY) {
      open++;
      more = evc_scan_arr_first(s, &p);
    }
    if (more > 0) {
      p = gen_at_f_detail_urgent(s, p, st);
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

/* A value at detail.amount: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_amount(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_amount(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_amount(s, p, st);
  }
}

/* A value at detail.country: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_country(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_country(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_country(s, p, st);
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

/* A value at detail.currency: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_currency(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_currency(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_currency(s, p, st);
  }
}

/* A value at detail.env: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_env(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_env(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_env(s, p, st);
  }
}

/* A value at detail.ip: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_ip(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_ip(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_ip(s, p, st);
  }
}

/* A value at detail.items: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_items(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return gen_obj_f_detail_items(s, p, st);
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_items(s, p, st);
    s->arrays--;
    return p;
  default:
    return evc_scan_skip(s, p);
  }
}

/* A value at detail.items.qty: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_items_qty(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_items_qty(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_items_qty(s, p, st);
  }
}

/* A value at detail.items.sku: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_items_sku(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_items_sku(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_items_sku(s, p, st);
  }
}

/* A value at detail.key: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_key(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_key(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_key(s, p, st);
  }
}

/* A value at detail.note: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_note(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_note(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_note(s, p, st);
  }
}

/* A value at detail.tier: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_tier(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_tier(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_tier(s, p, st);
  }
}

/* A value at detail.total: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_total(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_total(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_total(s, p, st);
  }
}

/* A value at detail.urgent: an object, an array (each element is a value here), or a scalar */
static const char *gen_at_f_detail_urgent(evc_scan_t *s, const char *p, gen_state_t *st) {
  switch (evc_scan_kind(s, p)) {
  case EVC_KIND_OBJECT:
    return evc_scan_skip(s, p); /* not a leaf */
  case EVC_KIND_ARRAY:
    s->arrays++;
    p = gen_arr_f_detail_urgent(s, p, st);
    s->arrays--;
    return p;
  default:
    return gen_leaf_f_detail_urgent(s, p, st);
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
  if (evc_msetw_match(st->r_no_coupon_0, 1, 0x2u, (const uint32_t[]){UINT32_C(1) << 0}, (const uint32_t[]){UINT32_C(1) << 2}, 1)) {
    gen_set(st, gen_RULE_no_coupon); /* rules.yaml:42 rule "no-coupon" */
  }
  evc_conj_finish(&st->conj, &gen_conj_tab, st->bits, &st->count);
  st->out->bits[0] = st->bits[0];
  st->out->count = evc_bits_set64(st->bits[0]);
  (void)st;
}

/* ---- gen: entry points ---- */

static const char *const gen_rule_names[10] = {
  "order-created",
  "big-spender",
  "eu-region",
  "images",
  "not-test",
  "no-coupon",
  "internal-ip",
  "vip-or-large",
  "item-check",
  "flags",
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
    {"order-created", 1, NULL, 0u, "rules.yaml:4:5", NULL},
    {"big-spender", 1, NULL, 0u, "rules.yaml:11:5", NULL},
    {"eu-region", 1, NULL, 0u, "rules.yaml:19:5", NULL},
    {"images", 1, NULL, 0u, "rules.yaml:27:5", NULL},
    {"not-test", 1, NULL, 0u, "rules.yaml:34:5", NULL},
    {"no-coupon", 1, NULL, 0u, "rules.yaml:42:5", NULL},
    {"internal-ip", 1, NULL, 0u, "rules.yaml:50:5", NULL},
    {"vip-or-large", 1, NULL, 0u, "rules.yaml:57:5", NULL},
    {"item-check", 1, NULL, 0u, "rules.yaml:67:5", NULL},
    {"flags", 1, NULL, 0u, "rules.yaml:76:5", NULL},
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

const evc_bus_def_t gen_bus = {EVC_ABI_VERSION, "default", gen_rules, 10u,
                                 sizeof(gen_result_t), gen_bus_match, gen_bus_next,
                                 NULL, 0u, NULL, 0u, 0u, NULL, NULL,
                                 gen_bus_match_trusted};


/* ---- event schemas ---- */
