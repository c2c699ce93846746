#!/usr/bin/env python3
"""Compile-time errors of target inputs and schedules: `eventc compile` must refuse them with file:line:col.

Includes the two validation errors AWS recorded (shared/conformance/eventbridge/input-transformer.json).
"""
import os
import subprocess
import sys
import tempfile

RULE = """Resources:
  R:
    Type: AWS::Events::Rule
    Properties:
      Name: r
      EventPattern:
        source: [x]
      Targets:
        - Id: t
          Arn: arn:aws:sqs:us-east-1:111111111111:q
%s
"""

# (name, target YAML lines, expected "line:col: error: message" fragment). An undefined
# placeholder is reported at the placeholder, or (by the model loader, which checks first) at
# the start of the template: "|" separates the accepted positions.
CASES = [
    ("aws-recorded undefined placeholder",
     """          InputTransformer:
            InputPathsMap:
              detail-type: $.detail-type
            InputTemplate: '"Event of <detail-type> type, with not defined key <notdefinedkey>"'""",
     "14:80|14:28: error: InputTemplate for target t contains invalid placeholder notdefinedkey."),
    ("aws-recorded two inputs",
     """          InputPath: $.detail
          InputTransformer:
            InputPathsMap: {}
            InputTemplate: '"x"'""",
     "error: Only one of Input, InputPath, or InputTransformer must be provided for target t."),
    ("placeholder in a block template, position mapped",
     """          InputTransformer:
            InputPathsMap:
              a: $.detail.a
            InputTemplate: |
              {
                "a": <a>,
                "b": <b>
              }""",
     "17:22|14:28: error: InputTemplate for target t contains invalid placeholder b."),
    ("placeholder as an object key",
     """          InputTransformer:
            InputPathsMap:
              k: $.detail.k
            InputTemplate: '{<k>: 1}'""",
     "error: InputTemplate for target t uses a placeholder as an object key"),
    ("placeholder as a key in a block template, position mapped",
     """          InputTransformer:
            InputPathsMap:
              k: $.detail.k
            InputTemplate: |
              {
                "a": 1,
                <k>: 2
              }""",
     "17:17: error: InputTemplate for target t uses a placeholder as an object key"),
    ("placeholder inside a quoted object key",
     """          InputTransformer:
            InputPathsMap:
              k: $.detail.k
            InputTemplate: '{"id-<k>": 1}'""",
     "error: InputTemplate for target t uses a placeholder in an object key"),
    ("whole event inside quotes",
     """          InputTransformer:
            InputPathsMap: {}
            InputTemplate: '{"e": "<aws.events.event.json>"}'""",
     "error: InputTemplate for target t: <aws.events.event.json> can only be used as a value"),
    ("JSON template that is not JSON",
     """          InputTransformer:
            InputPathsMap:
              k: $.detail.k
            InputTemplate: '{"a": <k>,}'""",
     "error: InputTemplate for target t is not valid JSON: expected a string key"),
    ("unsupported JSONPath",
     """          InputTransformer:
            InputPathsMap:
              k: $.detail.*
            InputTemplate: '{"a": <k>}'""",
     "error: InputPathsMap path $.detail.* of target t is not a supported JSONPath"),
    ("unsupported InputPath",
     """          InputPath: $.detail[*]""",
     "error: InputPath $.detail[*] of target t is not a supported JSONPath"),
]


def run_case(eventc, tmp, name, target, want):
    path = os.path.join(tmp, "rules.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(RULE % target)
    out = os.path.join(tmp, "out")
    os.makedirs(out, exist_ok=True)
    run = subprocess.run([eventc, "compile", "-o", out, "--name", "r", path],
                         capture_output=True, text=True, check=False)
    if want[0].isdigit():
        places, message = want.split(": ", 1)
        wanted = ["%s:%s: %s" % (path, place, message) for place in places.split("|")]
    else:
        wanted = [want]
    ok = run.returncode == 1 and any(w in run.stderr for w in wanted)
    ok = ok and not os.path.exists(os.path.join(out, "r.c"))
    print("%s %s" % ("ok  " if ok else "FAIL", name))
    if not ok:
        print("  exit %d, stderr:\n%s  wanted: %s" % (run.returncode, run.stderr, want))
    return ok


TICKET_RULE = """Resources:
  R:
    Type: AWS::Events::Rule
    Properties:
      Name: r
      EventPattern:
        source: [ai-support.ticket-processing]
        detail-type: [ticket.completed]
      Targets:
        - Id: t
          Arn: arn:aws:sqs:us-east-1:111111111111:q
          InputTransformer:
            InputPathsMap: {meta: $.detail.metadata, tags: $.detail.metadata.tags, env: $.detail.metadata.environment}
            InputTemplate: '%s'
"""


def schema_case(eventc, tmp, name, template, with_schema, want):
    """§11.4: an object/array inside quotes is a compile-time error when the event schema says so."""
    path = os.path.join(tmp, "tickets.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(TICKET_RULE % template)
    schema = os.path.join(os.environ["EVENTC_SOURCE_ROOT"], "schemas", "events", "TicketCompletedEnvelope.yaml")
    out = os.path.join(tmp, "out2")
    os.makedirs(out, exist_ok=True)
    args = [eventc, "compile", "-o", out, "--name", "r", path] + ([schema] if with_schema else [])
    run = subprocess.run(args, capture_output=True, text=True, check=False)
    ok = (run.returncode == 0 and not want) or (run.returncode == 1 and want and (path + ":" + want) in run.stderr)
    print("%s %s" % ("ok  " if ok else "FAIL", name))
    if not ok:
        print("  exit %d, stderr:\n%s  wanted: %s" % (run.returncode, run.stderr, want or "success"))
    return ok


SCHEMA_CASES = [
    ("object inside quotes, schema says object", '{"m": "x-<meta>"}', True,
     "14:38: error: InputTemplate for target t: <meta> is inside quotes, but $.detail.metadata is always an "
     "object in schema"),
    ("array inside quotes, schema says array", '{"m": "<tags>"}', True,
     "14:36: error: InputTemplate for target t: <tags> is inside quotes, but $.detail.metadata.tags is always an array"),
    ("string inside quotes is fine", '{"m": "env <env>"}', True, None),
    ("object as a value is fine", '{"m": <meta>}', True, None),
    ("no schema: decided at run time", '{"m": "<meta>"}', False, None),
]


SCHEDULED_RULE = """Resources:
  Nightly:
    Type: AWS::Events::Rule
    Properties:
      Name: nightly
      ScheduleExpression: %s
      Targets:
        - Id: t
          Arn: arn:aws:sqs:us-east-1:111111111111:q
"""

# Schedules that cannot fire within 100 years of the build are refused at the expression (6:27).
# SOURCE_DATE_EPOCH pins the build time: 1764806400 = 2025-12-04T00:00:00Z.
SCHEDULE_CASES = [
    ("February 30th", "cron(0 0 30 2 ? *)", True),
    ("a year in the past", "cron(0 0 1 1 ? 1999)", True),
    ("April 31st", "cron(0 0 31 4 ? *)", True),
    ("a fifth Monday in a year without one in its only month", "cron(0 0 ? FEB 2#5 2026)", True),
    ("February 29th fires in 2028", "cron(0 0 29 2 ? *)", False),
    ("the last year of the range", "cron(0 0 1 1 ? 2025-2026)", False),
]


def schedule_case(eventc, tmp, name, expr, refused):
    path = os.path.join(tmp, "scheduled.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(SCHEDULED_RULE % expr)
    out = os.path.join(tmp, "out3")
    os.makedirs(out, exist_ok=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764806400")
    run = subprocess.run([eventc, "compile", "-o", out, "--name", "s", path],
                         capture_output=True, text=True, check=False, env=env)
    want = "%s:6:27: error: ScheduleExpression %s never fires in the next 100 years" % (path, expr)
    if refused:
        ok = run.returncode == 1 and want in run.stderr and not os.path.exists(os.path.join(out, "s.c"))
    else:
        ok = run.returncode == 0
    print("%s %s" % ("ok  " if ok else "FAIL", name))
    if not ok:
        print("  exit %d, stderr:\n%s  wanted: %s" % (run.returncode, run.stderr, want if refused else "success"))
    if os.path.exists(os.path.join(out, "s.c")):
        os.remove(os.path.join(out, "s.c"))
    return ok


def main():
    eventc = os.environ["EVENTC_EXE"]
    with tempfile.TemporaryDirectory() as tmp:
        results = [run_case(eventc, tmp, *case) for case in CASES]
        results += [schema_case(eventc, tmp, *case) for case in SCHEMA_CASES]
        results += [schedule_case(eventc, tmp, *case) for case in SCHEDULE_CASES]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
