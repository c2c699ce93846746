/* eventc dlq: the dead letters an eventc dead-letter store (evc_bus_config_t.dlq_db) holds. */
#include "buf.h"
#include "cli.h"

#include <eventc/archive.h>

#include <string.h>

static const char usage_text[] =
    "usage: eventc dlq list --db DB\n\n"
    "Prints each stored dead letter as one JSON object per line, oldest first: its id (for\n"
    "evc_dlq_redrive), bus, time, the six DLQ attributes (RULE_ARN, TARGET_ARN, ERROR_CODE,\n"
    "ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS), the event id, trace id, how many\n"
    "redrives failed, and the event.\n\n"
    "Exit status: 0 success, 2 bad usage or a database that cannot be read.\n";

static void field(evcc_buf_t *b, const char *key, const char *value) {
  evcc_buf_printf(b, ",\"%s\":", key);
  if (value)
    evcc_buf_json_string(b, value, strlen(value));
  else
    evcc_buf_puts(b, "null");
}

static int print_letter(void *ud, const evc_stored_dead_letter_t *d) {
  (void)ud;
  char time[21];
  evc_format_time(d->time_ms, time);
  evcc_buf_t b;
  evcc_buf_init(&b);
  evcc_buf_printf(&b, "{\"id\":%lld", (long long)d->id);
  field(&b, "bus", d->bus);
  field(&b, "time", time);
  field(&b, "RULE_ARN", d->dl.rule_arn);
  field(&b, "TARGET_ARN", d->dl.target_arn);
  field(&b, "ERROR_CODE", d->dl.error_code);
  field(&b, "ERROR_MESSAGE", d->dl.error_message);
  field(&b, "EXHAUSTED_RETRY_CONDITION", d->dl.exhausted_retry_condition);
  evcc_buf_printf(&b, ",\"RETRY_ATTEMPTS\":%u", d->dl.retry_attempts);
  field(&b, "rule", d->dl.rule_name);
  field(&b, "target", d->dl.target_id);
  field(&b, "dlq", d->dl.dlq_arn);
  field(&b, "event_id", d->dl.event_id);
  field(&b, "trace_id", d->dl.trace_id);
  evcc_buf_printf(&b, ",\"redrives\":%u,\"event\":", d->redrives);
  evcc_buf_put(&b, d->dl.event, d->dl.event_len);
  evcc_buf_putc(&b, '}');
  for (size_t i = 0; i < b.len; i++) /* JSON whitespace only: one letter per line */
    if (b.data[i] == '\n' || b.data[i] == '\r') b.data[i] = ' ';
  puts(b.data);
  evcc_buf_free(&b);
  return 0;
}

int evcc_cmd_dlq(int argc, char **argv) {
  if (argc >= 2 && evcc_cli_is_help(argv[1])) {
    fputs(usage_text, stdout);
    return 0;
  }
  if (argc != 4 || strcmp(argv[1], "list") != 0 || strcmp(argv[2], "--db") != 0) {
    fprintf(stderr, "eventc dlq: expected 'list --db DB'\n\n%s", usage_text);
    return 2;
  }
  evc_error_t err;
  evc_archive_db_t *db = evc_archive_db_open(argv[3], &err);
  int rc = db && evc_dlq_db_scan(db, print_letter, NULL, &err) == 0 ? 0 : 2;
  if (rc) fprintf(stderr, "eventc dlq: %s\n", err.message);
  evc_archive_db_close(db);
  return rc;
}
