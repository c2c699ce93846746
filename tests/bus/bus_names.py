#!/usr/bin/env python3
"""Bus names and policies at compile time: undeclared EventBusName is an error in an eventc rules
file and a -Wundeclared-bus warning in a template (file:line:col at the value); EventBusPolicy and
`policies:` compile into the bus tables; bus targets take no input transformation."""
import os
import subprocess
import sys
import tempfile

EVENTC_FILE = """eventc: 1
buses:
  - Name: orders
rules:
  - Name: r
    EventBusName: %s
    EventPattern: {source: [x]}
    Targets: [{Id: t, Arn: Fn}]
"""

ARCHIVE_FILE = """eventc: 1
buses:
  - Name: orders
archives:
  - ArchiveName: a
    EventBusName: order
"""

POLICY_FILE = """eventc: 1
buses:
  - Name: orders
rules:
  - Name: r
    EventBusName: orders
    EventPattern: {source: [x]}
    Targets: [{Id: t, Arn: Fn}]
policies:
  - EventBusName: %s
    StatementId: AllowOrg
    Action: events:PutEvents
    Principal: "*"
    Condition: {Type: StringEquals, Key: aws:PrincipalOrgID, Value: o-abc123}
"""

TEMPLATE = """Parameters:
  BusParam:
    Type: String
    Default: shared-events
Resources:
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: ai-support-events
  R:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: %s
      EventPattern: {source: [x]}
      Targets: [{Id: t, Arn: Fn}]
"""

# The seeds of shared/docs/scenarios.md: a same-account statement and a cross-account one.
SEED_POLICIES = """Resources:
  AiSupportEventBus:
    Type: AWS::Events::EventBus
    Properties:
      Name: ai-support-events
  R:
    Type: AWS::Events::Rule
    Properties:
      EventBusName: !Ref AiSupportEventBus
      EventPattern: {source: [ai-support.ticket-processing]}
      Targets:
        - {Id: t, Arn: Fn}
        - Id: Forward
          Arn: !Sub 'arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/audit'
        - {Id: ToArchiveBus, Arn: !GetAtt ArchiveBus.Arn}
  ArchiveBus:
    Type: AWS::Events::EventBus
    Properties:
      Name: archive-events
  EventBusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref AiSupportEventBus
      StatementId: AllowAccountAccess
      Statement:
        Effect: Allow
        Principal:
          AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'
        Action:
          - events:PutEvents
        Resource: !GetAtt AiSupportEventBus.Arn
  ProducerAccountEventBusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: ai-support-events
      StatementId: AllowCrossAccountAccess
      Statement:
        Effect: Allow
        Principal:
          AWS:
            - arn:aws:iam::999999999999:root
        Action:
          - events:PutEvents
        Resource: !GetAtt AiSupportEventBus.Arn
        Condition:
          StringEquals:
            events:source: [trusted-service.events]
"""

BAD_CONDITION = SEED_POLICIES.replace("events:source: [trusted-service.events]", "aws:SourceIp: [10.0.0.1]")

BUS_TARGET_INPUT = """eventc: 1
rules:
  - Name: r
    EventPattern: {source: [x]}
    Targets:
      - Id: t
        Arn: arn:aws:events:us-east-1:111111111111:event-bus/other
        InputPath: $.detail
"""


def compile_text(eventc, tmp, text, flags=()):
    path = os.path.join(tmp, "rules.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    out = os.path.join(tmp, "out")
    if os.path.exists(os.path.join(out, "r.c")):
        os.remove(os.path.join(out, "r.c"))
    run = subprocess.run([eventc, "compile", "-o", out, "--name", "r", *flags, path],
                         capture_output=True, text=True, check=False)
    generated = ""
    if os.path.exists(os.path.join(out, "r.c")):
        with open(os.path.join(out, "r.c"), encoding="utf-8") as f:
            generated = f.read()
    return path, run, generated


# (name, input, flags, exit code, fragments of stderr ("{path}" = the input), fragments of the output C)
CASES = [
    ("eventc file: undeclared bus is an error with a suggestion", EVENTC_FILE % "ordrs", (), 1,
     ["{path}:6:19: error: rule r names event bus 'ordrs', which no input declares",
      "{path}:3:5: note: did you mean 'orders', declared here?"], []),
    ("eventc file: bus ARN of an undeclared bus", EVENTC_FILE % "arn:aws:events:us-east-1:1:event-bus/x", (), 1,
     ["{path}:6:19: error: rule r names event bus 'x'"], []),
    ("eventc file: declared bus and default are fine", EVENTC_FILE % "orders", (), 0, [], ["r_bus = "]),
    ("eventc file: default needs no declaration", EVENTC_FILE % "default", (), 0, [], []),
    ("eventc file: archive on an undeclared bus", ARCHIVE_FILE, (), 1,
     ["{path}:6:19: error: archive a names event bus 'order'", "did you mean 'orders'"], []),
    ("eventc file: policy on an undeclared bus", POLICY_FILE % "billing", (), 1,
     ["{path}:10:19: error: policy AllowOrg names event bus 'billing'"], []),
    ("eventc file: policies: in the older form, with an organization", POLICY_FILE % "orders", (), 0, [],
     ['static const char *const r_policy_AllowOrg_principals[] = {"*"};',
      '{"AllowOrg", 0, r_policy_AllowOrg_principals, 1u, "o-abc123", NULL, 0u, NULL, 0u,',
      "r_policies, 1u, NULL, 0u, 0u, NULL, NULL,"]),
    ("template: a name no input declares is a warning", TEMPLATE % "shared-bus", (), 0,
     ["{path}:13:21: warning: rule R names event bus 'shared-bus', which no input declares; "
      "eventc compiles it as a bus of that name (it may be defined in another stack) [-Wundeclared-bus]"], []),
    ("template: -Werror makes it an error", TEMPLATE % "shared-bus", ("-Werror",), 1,
     ["{path}:13:21: error: rule R names event bus 'shared-bus'", "undeclared-bus]"], []),
    ("template: -Wno-undeclared-bus silences it", TEMPLATE % "ai-support-event", ("-Wno-undeclared-bus",), 0,
     [], []),
    ("template: a typo gets a suggestion", TEMPLATE % "ai-support-event", (), 0,
     ["{path}:13:21: warning: rule R names event bus 'ai-support-event'", "did you mean 'ai-support-events'"], []),
    ("template: !ImportValue is a warning", TEMPLATE % "!ImportValue SharedBusName", (), 0,
     ["{path}:13:21: warning: rule R names event bus 'SharedBusName'", "[-Wundeclared-bus]"], []),
    ("template: a parameter stands for its Default", TEMPLATE % "!Ref BusParam", (), 0,
     ["{path}:13:21: warning: rule R names event bus 'shared-events'"], []),
    ("template: !Ref of no resource is an error", TEMPLATE % "!Ref Nothing", (), 1,
     ["{path}:13:21: error: EventBusName refers to 'Nothing', which is not a resource of this template"], []),
    ("template: the declared bus by name or by !Ref", TEMPLATE % "!Ref Bus", (), 0, [], []),
    ("template: the seeds' EventBusPolicy statements", SEED_POLICIES, (), 0, [],
     ['r_policy_AllowAccountAccess_principals[] = {"${AWS::AccountId}"};',
      'r_policy_AllowCrossAccountAccess_principals[] = {"999999999999"};',
      'r_policy_AllowCrossAccountAccess_sources[] = {"trusted-service.events"};',
      '"arn:aws:events:${AWS::Region}:${AWS::AccountId}:event-bus/audit", NULL, NULL, 185u, 86400u, '
      'evc_transform_event, ', '"audit"},',
      '{"ToArchiveBus", "ArchiveBus.Arn", "ArchiveBus", NULL, NULL, 185u, 86400u, evc_transform_event, ',
      '"archive-events"},', "r_policies, 2u, NULL, 0u, 0u, NULL, NULL,"]),
    ("template: an unsupported condition key is an error", BAD_CONDITION, (), 1,
     ["{path}:47:13: error: condition key 'aws:SourceIp' is not supported by eventc"], []),
    ("bus target with InputPath is an error", BUS_TARGET_INPUT, (), 1,
     ["{path}:8:20: error: target t is event bus other: it receives the whole event"], []),
]


def run_case(eventc, tmp, name, text, flags, code, want_err, want_c):
    path, run, generated = compile_text(eventc, tmp, text, flags)
    missing = [w for w in want_err if w.replace("{path}", path) not in run.stderr]
    missing += [w for w in want_c if w not in generated]
    ok = run.returncode == code and not missing and (code == 0) == bool(generated)
    if code == 0 and not want_err:
        ok = ok and "undeclared-bus" not in run.stderr
    print("%s %s" % ("ok  " if ok else "FAIL", name))
    if not ok:
        print("  exit %d (wanted %d), stderr:\n%s  missing: %s" % (run.returncode, code, run.stderr, missing))
    return ok


def main():
    eventc = os.environ["EVENTC_EXE"]
    with tempfile.TemporaryDirectory() as tmp:
        results = [run_case(eventc, tmp, *case) for case in CASES]
    print("%d passed, %d failed" % (results.count(True), results.count(False)))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
