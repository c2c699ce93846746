/* eventc test-pattern: the counterpart of `aws events test-event-pattern`. */
#include "cli.h"
#include "test_pattern.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: eventc test-pattern --event-pattern PATTERN --event EVENT\n\n"
    "Tests one event against one EventBridge event pattern, exactly as\n"
    "`aws events test-event-pattern` does, and prints {\"Result\": true} or {\"Result\": false}.\n\n"
    "PATTERN and EVENT are each a file path, '-' for standard input, or inline JSON text.\n"
    "The event needs id, account, source, time, region and detail-type.\n\n"
    "  --max-file-size N  bytes of PATTERN or EVENT read from a file (default 16M; K, M, G suffixes)\n\n"
    "Exit status: 0 when the test ran (match or not); 2 when the pattern or the event is not\n"
    "valid, with AWS's message on standard error:\n"
    "  Event pattern is not valid. Reason: <reason>\n"
    "  Parameter Event is not valid.\n";

int evcc_cmd_test_pattern(int argc, char **argv) {
  const char *pattern_arg = NULL, *event_arg = NULL;
  evcc_cli_input_opts_t opts = {0};
  for (int i = 1; i < argc; i++) {
    if (evcc_cli_is_help(argv[i])) {
      fputs(usage_text, stdout);
      return 0;
    }
    int taken = evcc_cli_input_option(&opts, false, argc, argv, &i);
    if (taken < 0) return 2;
    if (taken) continue;
    if (strcmp(argv[i], "--event-pattern") == 0 && i + 1 < argc) pattern_arg = argv[++i];
    else if (strcmp(argv[i], "--event") == 0 && i + 1 < argc) event_arg = argv[++i];
    else {
      fprintf(stderr, "eventc test-pattern: unexpected argument '%s'\n\n%s", argv[i], usage_text);
      return 2;
    }
  }
  if (!pattern_arg || !event_arg) {
    fprintf(stderr, "eventc test-pattern: --event-pattern and --event are required\n\n%s", usage_text);
    return 2;
  }
  if (strcmp(pattern_arg, "-") == 0 && strcmp(event_arg, "-") == 0) {
    fputs("eventc test-pattern: only one of PATTERN and EVENT can be read from standard input\n", stderr);
    return 2;
  }
  size_t plen, elen;
  const char *pname, *ename;
  size_t max = evcc_load_limits_resolve(&opts.limits).max_file_bytes;
  char *pattern = evcc_cli_read_arg(pattern_arg, max, &plen, &pname);
  char *event = pattern ? evcc_cli_read_arg(event_arg, max, &elen, &ename) : NULL;
  int rc = 2;
  if (pattern && event) {
    char reason[1024];
    evcc_loc_t where = {0};
    switch (evcc_test_pattern(pattern, plen, pname, event, elen, reason, sizeof reason, &where)) {
    case EVCC_TP_MATCH: puts("{\"Result\": true}"); rc = 0; break;
    case EVCC_TP_NO_MATCH: puts("{\"Result\": false}"); rc = 0; break;
    case EVCC_TP_BAD_PATTERN:
      fprintf(stderr, "Event pattern is not valid. Reason: %s\n", reason);
      if (where.line) fprintf(stderr, "  at %s:%u:%u\n", where.file, where.line, where.col);
      break;
    case EVCC_TP_BAD_EVENT: fputs("Parameter Event is not valid.\n", stderr); break;
    }
  }
  free(pattern);
  free(event);
  return rc;
}
