/* ---- event schemas ---- */
#include <math.h>
#include <string.h>

static int golden_v_TicketCompletedEvent_0(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_TicketCompletedEvent_1(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_TicketCompletedEvent_2(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_TicketCompletedEvent_3(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_TicketCompletedEvent_4(evc_vctx_t *v, void *out);
static int golden_v_AWSEvent_0(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_1(evc_vctx_t *v, void *out);
static int golden_v_AWSEvent_2(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_3(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_4(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_5(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_6(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_7(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_8(evc_vctx_t *v, void *out);
static int golden_v_AWSEvent_9(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_10(evc_vctx_t *v, void *out);
static int golden_v_AWSEvent_11(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_12(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_13(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_14(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_15(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_16(evc_vctx_t *v, void *out);
static int golden_v_AWSEvent_17(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_18(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_19(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_20(evc_vctx_t *v, void *out);
EVC_V_INLINE int golden_v_AWSEvent_21(evc_vctx_t *v, void *out);
static void golden_TicketCompletedEvent_w(evc_jw_t *w, const golden_TicketCompletedEvent *x);
static void golden_AWSEvent_w(evc_jw_t *w, const golden_AWSEvent *x);
static void golden_TicketCompleted_w(evc_jw_t *w, const golden_TicketCompleted *x);
static void golden_Metadata_w(evc_jw_t *w, const golden_Metadata *x);
static void golden_Metadata_tags_w(evc_jw_t *w, const golden_Metadata_tags *x);
static void golden_AWSEvent_resources_w(evc_jw_t *w, const golden_AWSEvent_resources *x);

const char *const golden_TicketCompletedEvent_status_names[2] = {"READY", "FAILED"};

const char *const golden_TicketCompleted_status_names[2] = {"READY", "FAILED"};

const char *const golden_AWSEvent_region_names[4] = {"us-east-1", "us-west-2", "eu-west-1", "eu-south-1"};

/* pattern ^tkt_[a-zA-Z0-9]+$ */
static int golden_re_0(const char *s, size_t n) {
  /* byte -> class: bytes no state tells apart share one; 0: bytes 0x80-0xFF, to decode */
  static const unsigned char cls[256] = {
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
      2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1,
      1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
      2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 3,
      1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 4, 2, 2, 2, 2,
      2, 2, 2, 2, 5, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1,
  };
  /* next[state][class]: a state, or 6 = match, 7 = no match, 8 = decode a multi-byte character */
  static const uint8_t next[6][6] = {
      {8, 7, 7, 7, 7, 1}, /* 0 */
      {8, 7, 7, 7, 2, 7}, /* 1 */
      {8, 7, 7, 7, 7, 3}, /* 2 */
      {8, 7, 7, 4, 7, 7}, /* 3 */
      {8, 7, 5, 7, 5, 5}, /* 4 */
      {8, 7, 5, 7, 5, 5}, /* 5 */
  };
  static const unsigned char fin[6] = {0, 0, 0, 0, 0, 1}; /* 1: a match when the string ends in that state */
  /* bit (state - 5): the bytes a state with a self-loop reads without leaving it */
  static const unsigned char stay[256] = {
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
      0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
      0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
  };
  const char *p = s, *e = s + n;
  unsigned st = 0, t;
  if (n >= 4 && memcmp(s, "tkt_", 4) == 0) p += 4, st = 4; /* how every match starts: read at once */
  while (p < e) {
    t = next[st][cls[(unsigned char)*p]];
    if (t < 5) {
      st = t, p++;
    } else if (t < 6) { /* a state with a self-loop: read on while it stays, four bytes a step */
      unsigned m = 1u << (t - 5);
      st = t, p++;
      while (e - p >= 4 && (stay[(unsigned char)p[0]] & stay[(unsigned char)p[1]] &
                            stay[(unsigned char)p[2]] & stay[(unsigned char)p[3]] & m) != 0)
        p += 4;
      while (p < e && (stay[(unsigned char)*p] & m) != 0) p++;
    } else if (t == 8) { /* a multi-byte character, decoded through q so that p can stay in a register */
      const char *q = p;
      long c = evc_utf8_next(&q, e);
      p = q;
      t = next[st][c < 0x80 ? cls[c] : 1];
      if (t >= 6) return t == 6;
      st = t;
    } else {
      return t == 6;
    }
  }
  return fin[st];
}

/* schemas/events/TicketCompleted.json:1:1 */
static int golden_v_TicketCompletedEvent_0(evc_vctx_t *v, void *out) {
  golden_TicketCompletedEvent *o = (golden_TicketCompletedEvent *)out;
  uint64_t seen[1] = {0};
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT: {
    size_t n = 0;
    evc_str_t k;
    int r;
    if (o) memset(o, 0, sizeof *o);
    /* the members in declared order */
    if (v->s.end - v->p < 14 || memcmp(v->p, "{\"ticket_id\":", 13)) goto any_order;
    if (evc_v_obj_took(v, &n, 13) < 0) return -1;
  member_0:
    seen[0] |= (uint64_t)1 << 0;
    if (golden_v_TicketCompletedEvent_1(v, o ? &(o->ticket_id) : NULL)) return -1;
    if (v->s.end - v->p < 11 || memcmp(v->p, ",\"status\":", 10)) goto any_order;
    if (evc_v_obj_took(v, &n, 10) < 0) return -1;
  member_1:
    seen[0] |= (uint64_t)1 << 1;
    if (golden_v_TicketCompletedEvent_2(v, o ? &(o->status) : NULL)) return -1;
    if (v->s.end - v->p < 13 || memcmp(v->p, ",\"category\":", 12)) goto any_order;
    if (evc_v_obj_took(v, &n, 12) < 0) return -1;
  member_2:
    seen[0] |= (uint64_t)1 << 2;
    if (o) o->has_category = 1;
    if (golden_v_TicketCompletedEvent_3(v, o ? &(o->category) : NULL)) return -1;
    if (v->s.end - v->p < 24 || memcmp(v->p, ",\"solution_confidence\":", 23)) goto any_order;
    if (evc_v_obj_took(v, &n, 23) < 0) return -1;
  member_3:
    seen[0] |= (uint64_t)1 << 3;
    if (o) o->has_solution_confidence = 1;
    if (golden_v_TicketCompletedEvent_4(v, o ? &(o->solution_confidence) : NULL)) return -1;
  any_order:
    while ((r = evc_v_obj_next(v, &n, &k)) > 0) {
      long ki = -1;
      switch (k.len) {
      case 9:
        if (k.ptr[0] == '\164' && !memcmp(k.ptr, "ticket_id", 9)) ki = 0; /* ticket_id */
        break;
      case 6:
        if (k.ptr[0] == '\163' && !memcmp(k.ptr, "status", 6)) ki = 1; /* status */
        break;
      case 8:
        if (k.ptr[0] == '\143' && !memcmp(k.ptr, "category", 8)) ki = 2; /* category */
        break;
      case 19:
        if (k.ptr[0] == '\163' && !memcmp(k.ptr, "solution_confidence", 19)) ki = 3; /* solution_confidence */
        break;
      default:
        break;
      }
      if (ki >= 0) seen[ki >> 6] |= (uint64_t)1 << (ki & 63);
      switch (ki) {
      case 0:
        goto member_0;
      case 1:
        goto member_1;
      case 2:
        goto member_2;
      case 3:
        goto member_3;
      default:
        if (evc_v_skip(v)) return -1;
        break;
      }
    }
    if (r < 0) return -1;
    v->vstart = m0.p;
    if (!(seen[0] & ((uint64_t)1 << 0)))
      return evc_v_fail(v, "required", "missing property \"ticket_id\"");
    if (!(seen[0] & ((uint64_t)1 << 1)))
      return evc_v_fail(v, "required", "missing property \"status\"");
    break;
  }
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected object, got array");
  case EVC_KIND_STRING:
    return evc_v_fail(v, "type", "expected object, got string");
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected object, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected object, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected object, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompleted.json:6:18 */
EVC_V_INLINE int golden_v_TicketCompletedEvent_1(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (!golden_re_0(sv.ptr, sv.len))
      return evc_v_fail(v, "pattern", "\"%.*s\" does not match /^tkt_[a-zA-Z0-9]+$/", (int)sv.len, sv.ptr);
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompleted.json:10:15 */
EVC_V_INLINE int golden_v_TicketCompletedEvent_2(evc_vctx_t *v, void *out) {
  golden_TicketCompletedEvent_status *o = (golden_TicketCompletedEvent_status *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    {
      long e = -1;
      if (sv.len == 5 && !memcmp(sv.ptr, "READY", 5)) e = 0;
      else if (sv.len == 6 && !memcmp(sv.ptr, "FAILED", 6)) e = 1;
      if (e < 0)
        return evc_v_fail(v, "enum", "\"%.*s\" is not an allowed value", (int)sv.len, sv.ptr);
      if (o) *o = (golden_TicketCompletedEvent_status)e;
    }
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  v->vstart = m0.p;
  if (t != EVC_KIND_STRING)
    return evc_v_fail(v, "enum", "value is not one of the allowed strings");
  return 0;
}

/* schemas/events/TicketCompleted.json:14:17 */
EVC_V_INLINE int golden_v_TicketCompletedEvent_3(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompleted.json:17:28 */
EVC_V_INLINE int golden_v_TicketCompletedEvent_4(evc_vctx_t *v, void *out) {
  double *o = (double *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected number, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected number, got array");
  case EVC_KIND_STRING:
    return evc_v_fail(v, "type", "expected number, got string");
  case EVC_KIND_NUMBER: {
    double x;
    if (evc_v_double(v, &x)) return -1;
    if (x < 0.0)
      return evc_v_fail(v, "minimum", "%.*s is less than 0", (int)(v->p - v->vstart), v->vstart);
    if (x > 1.0)
      return evc_v_fail(v, "maximum", "%.*s is greater than 1", (int)(v->p - v->vstart), v->vstart);
    if (o) *o = x;
    break;
  }
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected number, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected number, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:11:7 */
static int golden_v_AWSEvent_0(evc_vctx_t *v, void *out) {
  golden_AWSEvent *o = (golden_AWSEvent *)out;
  uint64_t seen[1] = {0};
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT: {
    size_t n = 0;
    evc_str_t k;
    int r;
    if (o) memset(o, 0, sizeof *o);
    /* the members in declared order */
    if (v->s.end - v->p < 11 || memcmp(v->p, "{\"detail\":", 10)) goto any_order;
    if (evc_v_obj_took(v, &n, 10) < 0) return -1;
  member_0:
    seen[0] |= (uint64_t)1 << 0;
    if (golden_v_AWSEvent_1(v, o ? &(o->detail) : NULL)) return -1;
    if (v->s.end - v->p < 12 || memcmp(v->p, ",\"account\":", 11)) goto any_order;
    if (evc_v_obj_took(v, &n, 11) < 0) return -1;
  member_1:
    seen[0] |= (uint64_t)1 << 1;
    if (golden_v_AWSEvent_13(v, o ? &(o->account) : NULL)) return -1;
    if (v->s.end - v->p < 16 || memcmp(v->p, ",\"detail-type\":", 15)) goto any_order;
    if (evc_v_obj_took(v, &n, 15) < 0) return -1;
  member_2:
    seen[0] |= (uint64_t)1 << 2;
    if (golden_v_AWSEvent_14(v, o ? &(o->detail_type) : NULL)) return -1;
    if (v->s.end - v->p < 7 || memcmp(v->p, ",\"id\":", 6)) goto any_order;
    if (evc_v_obj_took(v, &n, 6) < 0) return -1;
  member_3:
    seen[0] |= (uint64_t)1 << 3;
    if (golden_v_AWSEvent_15(v, o ? &(o->id) : NULL)) return -1;
    if (v->s.end - v->p < 11 || memcmp(v->p, ",\"region\":", 10)) goto any_order;
    if (evc_v_obj_took(v, &n, 10) < 0) return -1;
  member_4:
    seen[0] |= (uint64_t)1 << 4;
    if (golden_v_AWSEvent_16(v, o ? &(o->region) : NULL)) return -1;
    if (v->s.end - v->p < 14 || memcmp(v->p, ",\"resources\":", 13)) goto any_order;
    if (evc_v_obj_took(v, &n, 13) < 0) return -1;
  member_5:
    seen[0] |= (uint64_t)1 << 5;
    if (golden_v_AWSEvent_17(v, o ? &(o->resources) : NULL)) return -1;
    if (v->s.end - v->p < 11 || memcmp(v->p, ",\"source\":", 10)) goto any_order;
    if (evc_v_obj_took(v, &n, 10) < 0) return -1;
  member_6:
    seen[0] |= (uint64_t)1 << 6;
    if (golden_v_AWSEvent_19(v, o ? &(o->source) : NULL)) return -1;
    if (v->s.end - v->p < 9 || memcmp(v->p, ",\"time\":", 8)) goto any_order;
    if (evc_v_obj_took(v, &n, 8) < 0) return -1;
  member_7:
    seen[0] |= (uint64_t)1 << 7;
    if (golden_v_AWSEvent_20(v, o ? &(o->time) : NULL)) return -1;
    if (v->s.end - v->p < 12 || memcmp(v->p, ",\"version\":", 11)) goto any_order;
    if (evc_v_obj_took(v, &n, 11) < 0) return -1;
  member_8:
    seen[0] |= (uint64_t)1 << 8;
    if (golden_v_AWSEvent_21(v, o ? &(o->version) : NULL)) return -1;
  any_order:
    while ((r = evc_v_obj_next(v, &n, &k)) > 0) {
      long ki = -1;
      switch (k.len) {
      case 6:
        if (k.ptr[0] == '\144' && !memcmp(k.ptr, "detail", 6)) ki = 0; /* detail */
        if (k.ptr[0] == '\162' && !memcmp(k.ptr, "region", 6)) ki = 4; /* region */
        if (k.ptr[0] == '\163' && !memcmp(k.ptr, "source", 6)) ki = 6; /* source */
        break;
      case 7:
        if (k.ptr[0] == '\141' && !memcmp(k.ptr, "account", 7)) ki = 1; /* account */
        if (k.ptr[0] == '\166' && !memcmp(k.ptr, "version", 7)) ki = 8; /* version */
        break;
      case 11:
        if (k.ptr[0] == '\144' && !memcmp(k.ptr, "detail-type", 11)) ki = 2; /* detail-type */
        break;
      case 2:
        if (k.ptr[0] == '\151' && !memcmp(k.ptr, "id", 2)) ki = 3; /* id */
        break;
      case 9:
        if (k.ptr[0] == '\162' && !memcmp(k.ptr, "resources", 9)) ki = 5; /* resources */
        break;
      case 4:
        if (k.ptr[0] == '\164' && !memcmp(k.ptr, "time", 4)) ki = 7; /* time */
        break;
      default:
        break;
      }
      if (ki >= 0) seen[ki >> 6] |= (uint64_t)1 << (ki & 63);
      switch (ki) {
      case 0:
        goto member_0;
      case 1:
        goto member_1;
      case 2:
        goto member_2;
      case 3:
        goto member_3;
      case 4:
        goto member_4;
      case 5:
        goto member_5;
      case 6:
        goto member_6;
      case 7:
        goto member_7;
      case 8:
        goto member_8;
      default:
        if (evc_v_skip(v)) return -1;
        break;
      }
    }
    if (r < 0) return -1;
    v->vstart = m0.p;
    if (!(seen[0] & ((uint64_t)1 << 0)))
      return evc_v_fail(v, "required", "missing property \"detail\"");
    if (!(seen[0] & ((uint64_t)1 << 1)))
      return evc_v_fail(v, "required", "missing property \"account\"");
    if (!(seen[0] & ((uint64_t)1 << 2)))
      return evc_v_fail(v, "required", "missing property \"detail-type\"");
    if (!(seen[0] & ((uint64_t)1 << 3)))
      return evc_v_fail(v, "required", "missing property \"id\"");
    if (!(seen[0] & ((uint64_t)1 << 4)))
      return evc_v_fail(v, "required", "missing property \"region\"");
    if (!(seen[0] & ((uint64_t)1 << 5)))
      return evc_v_fail(v, "required", "missing property \"resources\"");
    if (!(seen[0] & ((uint64_t)1 << 6)))
      return evc_v_fail(v, "required", "missing property \"source\"");
    if (!(seen[0] & ((uint64_t)1 << 7)))
      return evc_v_fail(v, "required", "missing property \"time\"");
    if (!(seen[0] & ((uint64_t)1 << 8)))
      return evc_v_fail(v, "required", "missing property \"version\"");
    break;
  }
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected object, got array");
  case EVC_KIND_STRING:
    return evc_v_fail(v, "type", "expected object, got string");
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected object, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected object, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected object, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:17:11 */
EVC_V_INLINE int golden_v_AWSEvent_1(evc_vctx_t *v, void *out) {
  return golden_v_AWSEvent_2(v, out); /* $ref */
}

/* schemas/events/TicketCompletedEnvelope.yaml:29:7 */
static int golden_v_AWSEvent_2(evc_vctx_t *v, void *out) {
  golden_TicketCompleted *o = (golden_TicketCompleted *)out;
  uint64_t seen[1] = {0};
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT: {
    size_t n = 0;
    evc_str_t k;
    int r;
    if (o) memset(o, 0, sizeof *o);
    /* the members in declared order */
    if (v->s.end - v->p < 14 || memcmp(v->p, "{\"ticket_id\":", 13)) goto any_order;
    if (evc_v_obj_took(v, &n, 13) < 0) return -1;
  member_0:
    seen[0] |= (uint64_t)1 << 0;
    if (golden_v_AWSEvent_3(v, o ? &(o->ticket_id) : NULL)) return -1;
    if (v->s.end - v->p < 11 || memcmp(v->p, ",\"status\":", 10)) goto any_order;
    if (evc_v_obj_took(v, &n, 10) < 0) return -1;
  member_1:
    seen[0] |= (uint64_t)1 << 1;
    if (golden_v_AWSEvent_4(v, o ? &(o->status) : NULL)) return -1;
    if (v->s.end - v->p < 13 || memcmp(v->p, ",\"category\":", 12)) goto any_order;
    if (evc_v_obj_took(v, &n, 12) < 0) return -1;
  member_2:
    seen[0] |= (uint64_t)1 << 2;
    if (o) o->has_category = 1;
    if (o && evc_v_peek(v) == EVC_KIND_NULL) o->category_is_null = 1;
    if (golden_v_AWSEvent_5(v, o ? &(o->category) : NULL)) return -1;
    if (v->s.end - v->p < 24 || memcmp(v->p, ",\"solution_confidence\":", 23)) goto any_order;
    if (evc_v_obj_took(v, &n, 23) < 0) return -1;
  member_3:
    seen[0] |= (uint64_t)1 << 3;
    if (o) o->has_solution_confidence = 1;
    if (golden_v_AWSEvent_6(v, o ? &(o->solution_confidence) : NULL)) return -1;
    if (v->s.end - v->p < 13 || memcmp(v->p, ",\"priority\":", 12)) goto any_order;
    if (evc_v_obj_took(v, &n, 12) < 0) return -1;
  member_4:
    seen[0] |= (uint64_t)1 << 4;
    if (o) o->has_priority = 1;
    if (golden_v_AWSEvent_7(v, o ? &(o->priority) : NULL)) return -1;
    if (v->s.end - v->p < 13 || memcmp(v->p, ",\"metadata\":", 12)) goto any_order;
    if (evc_v_obj_took(v, &n, 12) < 0) return -1;
  member_5:
    seen[0] |= (uint64_t)1 << 5;
    if (o) o->has_metadata = 1;
    if (golden_v_AWSEvent_8(v, o ? &(o->metadata) : NULL)) return -1;
  any_order:
    while ((r = evc_v_obj_next(v, &n, &k)) > 0) {
      long ki = -1;
      switch (k.len) {
      case 9:
        if (k.ptr[0] == '\164' && !memcmp(k.ptr, "ticket_id", 9)) ki = 0; /* ticket_id */
        break;
      case 6:
        if (k.ptr[0] == '\163' && !memcmp(k.ptr, "status", 6)) ki = 1; /* status */
        break;
      case 8:
        if (k.ptr[0] == '\143' && !memcmp(k.ptr, "category", 8)) ki = 2; /* category */
        if (k.ptr[0] == '\160' && !memcmp(k.ptr, "priority", 8)) ki = 4; /* priority */
        if (k.ptr[0] == '\155' && !memcmp(k.ptr, "metadata", 8)) ki = 5; /* metadata */
        break;
      case 19:
        if (k.ptr[0] == '\163' && !memcmp(k.ptr, "solution_confidence", 19)) ki = 3; /* solution_confidence */
        break;
      default:
        break;
      }
      if (ki >= 0) seen[ki >> 6] |= (uint64_t)1 << (ki & 63);
      switch (ki) {
      case 0:
        goto member_0;
      case 1:
        goto member_1;
      case 2:
        goto member_2;
      case 3:
        goto member_3;
      case 4:
        goto member_4;
      case 5:
        goto member_5;
      default:
        if (evc_v_skip(v)) return -1;
        break;
      }
    }
    if (r < 0) return -1;
    v->vstart = m0.p;
    if (!(seen[0] & ((uint64_t)1 << 0)))
      return evc_v_fail(v, "required", "missing property \"ticket_id\"");
    if (!(seen[0] & ((uint64_t)1 << 1)))
      return evc_v_fail(v, "required", "missing property \"status\"");
    break;
  }
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected object, got array");
  case EVC_KIND_STRING:
    return evc_v_fail(v, "type", "expected object, got string");
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected object, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected object, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected object, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:32:20 */
EVC_V_INLINE int golden_v_AWSEvent_3(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (!golden_re_0(sv.ptr, sv.len))
      return evc_v_fail(v, "pattern", "\"%.*s\" does not match /^tkt_[a-zA-Z0-9]+$/", (int)sv.len, sv.ptr);
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:33:17 */
EVC_V_INLINE int golden_v_AWSEvent_4(evc_vctx_t *v, void *out) {
  golden_TicketCompleted_status *o = (golden_TicketCompleted_status *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    {
      long e = -1;
      if (sv.len == 5 && !memcmp(sv.ptr, "READY", 5)) e = 0;
      else if (sv.len == 6 && !memcmp(sv.ptr, "FAILED", 6)) e = 1;
      if (e < 0)
        return evc_v_fail(v, "enum", "\"%.*s\" is not an allowed value", (int)sv.len, sv.ptr);
      if (o) *o = (golden_TicketCompleted_status)e;
    }
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  v->vstart = m0.p;
  if (t != EVC_KIND_STRING)
    return evc_v_fail(v, "enum", "value is not one of the allowed strings");
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:34:19 */
EVC_V_INLINE int golden_v_AWSEvent_5(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected null or string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected null or string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected null or string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected null or string, got boolean");
  case EVC_KIND_NULL:
    if (evc_v_literal(v) < 0) return -1;
    break;
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:35:30 */
EVC_V_INLINE int golden_v_AWSEvent_6(evc_vctx_t *v, void *out) {
  double *o = (double *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected number, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected number, got array");
  case EVC_KIND_STRING:
    return evc_v_fail(v, "type", "expected number, got string");
  case EVC_KIND_NUMBER: {
    double x;
    if (evc_v_double(v, &x)) return -1;
    if (x < 0.0)
      return evc_v_fail(v, "minimum", "%.*s is less than 0", (int)(v->p - v->vstart), v->vstart);
    if (x > 1.0)
      return evc_v_fail(v, "maximum", "%.*s is greater than 1", (int)(v->p - v->vstart), v->vstart);
    if (o) *o = x;
    break;
  }
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected number, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected number, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:36:19 */
EVC_V_INLINE int golden_v_AWSEvent_7(evc_vctx_t *v, void *out) {
  int64_t *o = (int64_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected integer, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected integer, got array");
  case EVC_KIND_STRING:
    return evc_v_fail(v, "type", "expected integer, got string");
  case EVC_KIND_NUMBER: {
    evc_vnum_t x;
    if (evc_v_number(v, &x)) return -1;
    if (!x.is_int)
      return evc_v_fail(v, "type", "expected integer, got %.*s", (int)(v->p - v->vstart), v->vstart);
    if (x.d < 1.0)
      return evc_v_fail(v, "minimum", "%.*s is less than 1", (int)(v->p - v->vstart), v->vstart);
    if (x.d > 5.0)
      return evc_v_fail(v, "maximum", "%.*s is greater than 5", (int)(v->p - v->vstart), v->vstart);
    if (o && !x.fits_i64)
      return evc_v_fail(v, "type", "%.*s does not fit in a 64-bit integer", (int)(v->p - v->vstart), v->vstart);
    if (o) *o = x.i;
    break;
  }
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected integer, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected integer, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:38:11 */
EVC_V_INLINE int golden_v_AWSEvent_8(evc_vctx_t *v, void *out) {
  return golden_v_AWSEvent_9(v, out); /* $ref */
}

/* schemas/events/TicketCompletedEnvelope.yaml:40:7 */
static int golden_v_AWSEvent_9(evc_vctx_t *v, void *out) {
  golden_Metadata *o = (golden_Metadata *)out;
  uint64_t seen[1] = {0};
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT: {
    size_t n = 0;
    evc_str_t k;
    int r;
    if (o) memset(o, 0, sizeof *o);
    /* the members in declared order */
    if (v->s.end - v->p < 16 || memcmp(v->p, "{\"environment\":", 15)) goto any_order;
    if (evc_v_obj_took(v, &n, 15) < 0) return -1;
  member_0:
    seen[0] |= (uint64_t)1 << 0;
    if (o) o->has_environment = 1;
    if (golden_v_AWSEvent_10(v, o ? &(o->environment) : NULL)) return -1;
    if (v->s.end - v->p < 9 || memcmp(v->p, ",\"tags\":", 8)) goto any_order;
    if (evc_v_obj_took(v, &n, 8) < 0) return -1;
  member_1:
    seen[0] |= (uint64_t)1 << 1;
    if (o) o->has_tags = 1;
    if (golden_v_AWSEvent_11(v, o ? &(o->tags) : NULL)) return -1;
  any_order:
    while ((r = evc_v_obj_next(v, &n, &k)) > 0) {
      long ki = -1;
      switch (k.len) {
      case 11:
        if (k.ptr[0] == '\145' && !memcmp(k.ptr, "environment", 11)) ki = 0; /* environment */
        break;
      case 4:
        if (k.ptr[0] == '\164' && !memcmp(k.ptr, "tags", 4)) ki = 1; /* tags */
        break;
      default:
        break;
      }
      if (ki >= 0) seen[ki >> 6] |= (uint64_t)1 << (ki & 63);
      switch (ki) {
      case 0:
        goto member_0;
      case 1:
        goto member_1;
      default:
        if (evc_v_skip(v)) return -1;
        break;
      }
    }
    if (r < 0) return -1;
    v->vstart = m0.p;
    break;
  }
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected object, got array");
  case EVC_KIND_STRING:
    return evc_v_fail(v, "type", "expected object, got string");
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected object, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected object, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected object, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:42:22 */
EVC_V_INLINE int golden_v_AWSEvent_10(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:44:11 */
static int golden_v_AWSEvent_11(evc_vctx_t *v, void *out) {
  golden_Metadata_tags *o = (golden_Metadata_tags *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected array, got object");
  case EVC_KIND_ARRAY: {
    size_t n = 0;
    int r;
    size_t cap = 0;
    if (o) {
      o->count = 0;
      o->items = NULL;
    }
    while ((r = evc_v_arr_next(v, &n)) == 1) {
      if (o && !(o->items = (evc_str_t *)evc_v_grow(v, o->items, &cap, n - 1, sizeof *o->items)))
        return -1;
      if (golden_v_AWSEvent_12(v, o ? &(o->items[n - 1]) : NULL)) return -1;
    }
    if (r < 0) return -1;
    v->vstart = m0.p;
    if (o) o->count = n;
    {
      long d = evc_json_duplicate(m0.p, (size_t)(v->p - m0.p));
      if (d >= 0)
        return evc_v_fail(v, "uniqueItems", "item %ld repeats an earlier item", d);
    }
    break;
  }
  case EVC_KIND_STRING:
    return evc_v_fail(v, "type", "expected array, got string");
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected array, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected array, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected array, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:45:18 */
EVC_V_INLINE int golden_v_AWSEvent_12(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:18:18 */
EVC_V_INLINE int golden_v_AWSEvent_13(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:19:22 */
EVC_V_INLINE int golden_v_AWSEvent_14(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:20:13 */
EVC_V_INLINE int golden_v_AWSEvent_15(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:21:17 */
EVC_V_INLINE int golden_v_AWSEvent_16(evc_vctx_t *v, void *out) {
  golden_AWSEvent_region *o = (golden_AWSEvent_region *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    {
      long e = -1;
      if (sv.len == 9 && !memcmp(sv.ptr, "us-east-1", 9)) e = 0;
      else if (sv.len == 9 && !memcmp(sv.ptr, "us-west-2", 9)) e = 1;
      else if (sv.len == 9 && !memcmp(sv.ptr, "eu-west-1", 9)) e = 2;
      else if (sv.len == 10 && !memcmp(sv.ptr, "eu-south-1", 10)) e = 3;
      if (e < 0)
        return evc_v_fail(v, "enum", "\"%.*s\" is not an allowed value", (int)sv.len, sv.ptr);
      if (o) *o = (golden_AWSEvent_region)e;
    }
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  v->vstart = m0.p;
  if (t != EVC_KIND_STRING)
    return evc_v_fail(v, "enum", "value is not one of the allowed strings");
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:23:11 */
static int golden_v_AWSEvent_17(evc_vctx_t *v, void *out) {
  golden_AWSEvent_resources *o = (golden_AWSEvent_resources *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected array, got object");
  case EVC_KIND_ARRAY: {
    size_t n = 0;
    int r;
    size_t cap = 0;
    if (o) {
      o->count = 0;
      o->items = NULL;
    }
    while ((r = evc_v_arr_next(v, &n)) == 1) {
      if (o && !(o->items = (evc_str_t *)evc_v_grow(v, o->items, &cap, n - 1, sizeof *o->items)))
        return -1;
      if (golden_v_AWSEvent_18(v, o ? &(o->items[n - 1]) : NULL)) return -1;
    }
    if (r < 0) return -1;
    v->vstart = m0.p;
    if (o) o->count = n;
    break;
  }
  case EVC_KIND_STRING:
    return evc_v_fail(v, "type", "expected array, got string");
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected array, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected array, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected array, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:24:18 */
EVC_V_INLINE int golden_v_AWSEvent_18(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:25:17 */
EVC_V_INLINE int golden_v_AWSEvent_19(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:26:15 */
EVC_V_INLINE int golden_v_AWSEvent_20(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (!evc_fmt_date_time(sv.ptr, sv.len))
      return evc_v_fail(v, "format", "\"%.*s\" is not a valid date-time", (int)sv.len, sv.ptr);
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

/* schemas/events/TicketCompletedEnvelope.yaml:27:18 */
EVC_V_INLINE int golden_v_AWSEvent_21(evc_vctx_t *v, void *out) {
  evc_str_t *o = (evc_str_t *)out;
  evc_kind_t t = evc_v_peek(v);
  evc_vmark_t m0 = evc_v_mark(v);
  (void)m0;
  switch (t) {
  case EVC_KIND_OBJECT:
    return evc_v_fail(v, "type", "expected string, got object");
  case EVC_KIND_ARRAY:
    return evc_v_fail(v, "type", "expected string, got array");
  case EVC_KIND_STRING: {
    evc_str_t raw, sv;
    if (evc_v_string(v, &raw)) return -1;
    if (!raw.escaped) sv = raw;
    else if (evc_v_decode(v, &raw, &sv)) return -1;
    if (o) *o = sv;
    break;
  }
  case EVC_KIND_NUMBER:
    return evc_v_fail(v, "type", "expected string, got number");
  case EVC_KIND_TRUE:
  case EVC_KIND_FALSE:
    return evc_v_fail(v, "type", "expected string, got boolean");
  case EVC_KIND_NULL:
    return evc_v_fail(v, "type", "expected string, got null");
  default:
    return evc_v_skip(v);
  }
  return 0;
}

static void golden_TicketCompletedEvent_w(evc_jw_t *w, const golden_TicketCompletedEvent *x) {
  size_t k = 0;
  evc_jw_raw(w, "{", 1);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"ticket_id\":", 12);
  evc_jw_string(w, (x->ticket_id).ptr, (x->ticket_id).len);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"status\":", 9);
  evc_jw_string(w, golden_TicketCompletedEvent_status_names[x->status], strlen(golden_TicketCompletedEvent_status_names[x->status]));
  if (x->has_category) {
    if (k++) evc_jw_raw(w, ",", 1);
    evc_jw_raw(w, "\"category\":", 11);
    evc_jw_string(w, (x->category).ptr, (x->category).len);
  }
  if (x->has_solution_confidence) {
    if (k++) evc_jw_raw(w, ",", 1);
    evc_jw_raw(w, "\"solution_confidence\":", 22);
    evc_jw_double(w, x->solution_confidence);
  }
  evc_jw_raw(w, "}", 1);
}

int golden_TicketCompletedEvent_validate(const char *json, size_t len, evc_error_t *err) {
  evc_vctx_t v;
  unsigned char mem[4096]; /* decoded strings with escapes, one at a time */
  evc_arena_t a;
  evc_arena_init(&a, mem, sizeof mem);
  evc_v_init(&v, json, len, &a, err);
  v.scratch = 1;
  if (golden_v_TicketCompletedEvent_0(&v, NULL) || evc_v_finish(&v)) return err && err->code ? (int)err->code : (int)EVC_E_SCHEMA;
  return 0;
}

int golden_TicketCompletedEvent_parse(const char *json, size_t len, golden_TicketCompletedEvent *out, evc_arena_t *arena, evc_error_t *err) {
  evc_vctx_t v;
  evc_v_init(&v, json, len, arena, err);
  memset(out, 0, sizeof *out);
  if (golden_v_TicketCompletedEvent_0(&v, out) || evc_v_finish(&v)) return err && err->code ? (int)err->code : (int)EVC_E_SCHEMA;
  return 0;
}

int golden_TicketCompletedEvent_write(const golden_TicketCompletedEvent *x, char *buf, size_t cap, size_t *outlen, evc_error_t *err) {
  evc_jw_t w;
  evc_error_clear(err);
  evc_jw_init(&w, buf, cap);
  golden_TicketCompletedEvent_w(&w, x);
  return evc_jw_finish(&w, outlen, err);
}

static void golden_Metadata_tags_w(evc_jw_t *w, const golden_Metadata_tags *x) {
  evc_jw_raw(w, "[", 1);
  for (size_t i = 0; i < x->count; i++) {
    if (i) evc_jw_raw(w, ",", 1);
    evc_jw_string(w, (x->items[i]).ptr, (x->items[i]).len);
  }
  evc_jw_raw(w, "]", 1);
}

static void golden_Metadata_w(evc_jw_t *w, const golden_Metadata *x) {
  size_t k = 0;
  evc_jw_raw(w, "{", 1);
  if (x->has_environment) {
    if (k++) evc_jw_raw(w, ",", 1);
    evc_jw_raw(w, "\"environment\":", 14);
    evc_jw_string(w, (x->environment).ptr, (x->environment).len);
  }
  if (x->has_tags) {
    if (k++) evc_jw_raw(w, ",", 1);
    evc_jw_raw(w, "\"tags\":", 7);
    golden_Metadata_tags_w(w, &(x->tags));
  }
  evc_jw_raw(w, "}", 1);
}

static void golden_TicketCompleted_w(evc_jw_t *w, const golden_TicketCompleted *x) {
  size_t k = 0;
  evc_jw_raw(w, "{", 1);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"ticket_id\":", 12);
  evc_jw_string(w, (x->ticket_id).ptr, (x->ticket_id).len);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"status\":", 9);
  evc_jw_string(w, golden_TicketCompleted_status_names[x->status], strlen(golden_TicketCompleted_status_names[x->status]));
  if (x->has_category) {
    if (k++) evc_jw_raw(w, ",", 1);
    evc_jw_raw(w, "\"category\":", 11);
    if (x->category_is_null) evc_jw_raw(w, "null", 4);
    else {
      evc_jw_string(w, (x->category).ptr, (x->category).len);
    }
  }
  if (x->has_solution_confidence) {
    if (k++) evc_jw_raw(w, ",", 1);
    evc_jw_raw(w, "\"solution_confidence\":", 22);
    evc_jw_double(w, x->solution_confidence);
  }
  if (x->has_priority) {
    if (k++) evc_jw_raw(w, ",", 1);
    evc_jw_raw(w, "\"priority\":", 11);
    evc_jw_int(w, x->priority);
  }
  if (x->has_metadata) {
    if (k++) evc_jw_raw(w, ",", 1);
    evc_jw_raw(w, "\"metadata\":", 11);
    golden_Metadata_w(w, &(x->metadata));
  }
  evc_jw_raw(w, "}", 1);
}

static void golden_AWSEvent_resources_w(evc_jw_t *w, const golden_AWSEvent_resources *x) {
  evc_jw_raw(w, "[", 1);
  for (size_t i = 0; i < x->count; i++) {
    if (i) evc_jw_raw(w, ",", 1);
    evc_jw_string(w, (x->items[i]).ptr, (x->items[i]).len);
  }
  evc_jw_raw(w, "]", 1);
}

static void golden_AWSEvent_w(evc_jw_t *w, const golden_AWSEvent *x) {
  size_t k = 0;
  evc_jw_raw(w, "{", 1);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"detail\":", 9);
  golden_TicketCompleted_w(w, &(x->detail));
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"account\":", 10);
  evc_jw_string(w, (x->account).ptr, (x->account).len);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"detail-type\":", 14);
  evc_jw_string(w, (x->detail_type).ptr, (x->detail_type).len);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"id\":", 5);
  evc_jw_string(w, (x->id).ptr, (x->id).len);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"region\":", 9);
  evc_jw_string(w, golden_AWSEvent_region_names[x->region], strlen(golden_AWSEvent_region_names[x->region]));
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"resources\":", 12);
  golden_AWSEvent_resources_w(w, &(x->resources));
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"source\":", 9);
  evc_jw_string(w, (x->source).ptr, (x->source).len);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"time\":", 7);
  evc_jw_string(w, (x->time).ptr, (x->time).len);
  if (k++) evc_jw_raw(w, ",", 1);
  evc_jw_raw(w, "\"version\":", 10);
  evc_jw_string(w, (x->version).ptr, (x->version).len);
  evc_jw_raw(w, "}", 1);
}

int golden_AWSEvent_validate(const char *json, size_t len, evc_error_t *err) {
  evc_vctx_t v;
  unsigned char mem[4096]; /* decoded strings with escapes, one at a time */
  evc_arena_t a;
  evc_arena_init(&a, mem, sizeof mem);
  evc_v_init(&v, json, len, &a, err);
  v.scratch = 1;
  if (golden_v_AWSEvent_0(&v, NULL) || evc_v_finish(&v)) return err && err->code ? (int)err->code : (int)EVC_E_SCHEMA;
  return 0;
}

int golden_AWSEvent_parse(const char *json, size_t len, golden_AWSEvent *out, evc_arena_t *arena, evc_error_t *err) {
  evc_vctx_t v;
  evc_v_init(&v, json, len, arena, err);
  memset(out, 0, sizeof *out);
  if (golden_v_AWSEvent_0(&v, out) || evc_v_finish(&v)) return err && err->code ? (int)err->code : (int)EVC_E_SCHEMA;
  return 0;
}

int golden_AWSEvent_write(const golden_AWSEvent *x, char *buf, size_t cap, size_t *outlen, evc_error_t *err) {
  evc_jw_t w;
  evc_error_clear(err);
  evc_jw_init(&w, buf, cap);
  golden_AWSEvent_w(&w, x);
  return evc_jw_finish(&w, outlen, err);
}

int golden_TicketCompleted_validate(const char *json, size_t len, evc_error_t *err) {
  evc_vctx_t v;
  unsigned char mem[4096]; /* decoded strings with escapes, one at a time */
  evc_arena_t a;
  evc_arena_init(&a, mem, sizeof mem);
  evc_v_init(&v, json, len, &a, err);
  v.scratch = 1;
  if (golden_v_AWSEvent_2(&v, NULL) || evc_v_finish(&v)) return err && err->code ? (int)err->code : (int)EVC_E_SCHEMA;
  return 0;
}

int golden_TicketCompleted_parse(const char *json, size_t len, golden_TicketCompleted *out, evc_arena_t *arena, evc_error_t *err) {
  evc_vctx_t v;
  evc_v_init(&v, json, len, arena, err);
  memset(out, 0, sizeof *out);
  if (golden_v_AWSEvent_2(&v, out) || evc_v_finish(&v)) return err && err->code ? (int)err->code : (int)EVC_E_SCHEMA;
  return 0;
}

int golden_TicketCompleted_write(const golden_TicketCompleted *x, char *buf, size_t cap, size_t *outlen, evc_error_t *err) {
  evc_jw_t w;
  evc_error_clear(err);
  evc_jw_init(&w, buf, cap);
  golden_TicketCompleted_w(&w, x);
  return evc_jw_finish(&w, outlen, err);
}

int golden_Metadata_validate(const char *json, size_t len, evc_error_t *err) {
  evc_vctx_t v;
  unsigned char mem[4096]; /* decoded strings with escapes, one at a time */
  evc_arena_t a;
  evc_arena_init(&a, mem, sizeof mem);
  evc_v_init(&v, json, len, &a, err);
  v.scratch = 1;
  if (golden_v_AWSEvent_9(&v, NULL) || evc_v_finish(&v)) return err && err->code ? (int)err->code : (int)EVC_E_SCHEMA;
  return 0;
}

int golden_Metadata_parse(const char *json, size_t len, golden_Metadata *out, evc_arena_t *arena, evc_error_t *err) {
  evc_vctx_t v;
  evc_v_init(&v, json, len, arena, err);
  memset(out, 0, sizeof *out);
  if (golden_v_AWSEvent_9(&v, out) || evc_v_finish(&v)) return err && err->code ? (int)err->code : (int)EVC_E_SCHEMA;
  return 0;
}

int golden_Metadata_write(const golden_Metadata *x, char *buf, size_t cap, size_t *outlen, evc_error_t *err) {
  evc_jw_t w;
  evc_error_clear(err);
  evc_jw_init(&w, buf, cap);
  golden_Metadata_w(&w, x);
  return evc_jw_finish(&w, outlen, err);
}

