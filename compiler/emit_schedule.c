/* Emits a scheduled rule's parsed ScheduleExpression as a static const evc_schedule_t (eventc/schedule.h). */
#include "emit.h"
#include "schedule.h"

#include <string.h>

static void bits64(evcc_buf_t *c, const char *field, uint64_t v) {
  evcc_buf_printf(c, "    .%s = UINT64_C(0x%llx),\n", field, (unsigned long long)v);
}

static void bits32(evcc_buf_t *c, const char *field, unsigned long v) {
  evcc_buf_printf(c, "    .%s = 0x%lxu,\n", field, v);
}

static void flag(evcc_buf_t *c, const char *field, bool v) {
  evcc_buf_printf(c, "    .%s = %s,\n", field, v ? "true" : "false");
}

static void cron_fields(evcc_buf_t *c, const evc_schedule_t *s) {
  bits64(c, "minutes", s->minutes);
  bits32(c, "hours", s->hours);
  bits32(c, "days_of_month", s->days_of_month);
  bits32(c, "months", s->months);
  bits32(c, "days_of_week", s->days_of_week);
  evcc_buf_puts(c, "    .years = {");
  for (size_t i = 0; i < 4; i++)
    evcc_buf_printf(c, "%sUINT64_C(0x%llx)", i ? ", " : "", (unsigned long long)s->years[i]);
  evcc_buf_puts(c, "},\n");
  flag(c, "dom_any", s->dom_any);
  flag(c, "dow_any", s->dow_any);
  flag(c, "dom_last", s->dom_last);
  evcc_buf_printf(c, "    .dom_last_offset = %uu,\n", s->dom_last_offset);
  evcc_buf_printf(c, "    .dom_weekday = %uu,\n", s->dom_weekday);
  flag(c, "dom_last_weekday", s->dom_last_weekday);
  evcc_buf_printf(c, "    .dow_last = %uu,\n", s->dow_last);
  evcc_buf_printf(c, "    .dow_nth_day = %uu,\n", s->dow_nth_day);
  evcc_buf_printf(c, "    .dow_nth = %uu,\n", s->dow_nth);
}

bool evcc_emit_schedule(evcc_emit_ctx_t *ctx, const char *symbol, const evcc_rule_t *r) {
  evc_schedule_t s;
  if (!evcc_schedule_parse(r->schedule, &s)) {
    evcc_error(ctx->diag, r->schedule_loc, "internal error: ScheduleExpression no longer parses");
    return false;
  }
  evcc_buf_t *c = &ctx->c;
  evcc_buf_printf(c, "/* %s:%u: rule \"", r->schedule_loc.file ? r->schedule_loc.file : "", r->schedule_loc.line);
  evcc_buf_c_comment_text(c, r->name, strlen(r->name));
  evcc_buf_puts(c, "\": ");
  evcc_buf_c_comment_text(c, r->schedule, strlen(r->schedule));
  evcc_buf_printf(c, " */\nstatic const evc_schedule_t %s = {\n", symbol);
  if (s.is_rate)
    evcc_buf_printf(c, "    .is_rate = true,\n    .rate_minutes = UINT64_C(%llu),\n",
                    (unsigned long long)s.rate_minutes);
  else
    cron_fields(c, &s);
  evcc_buf_puts(c, "};\n\n");
  return true;
}
