#!/usr/bin/env python3
"""End-to-end tests of the eventc command line: test-pattern, check, match, compile's output, help and version."""
import json
import os
import shutil
import subprocess
import sys
import tempfile

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
DATA = os.environ.get('EVENTC_TEST_DATA', 'tests/data')
RULES = os.path.join(DATA, 'rules')
EVENT = json.dumps({"id": "1", "account": "123456789012", "source": "ai-support.ticket-processing", "time": "t",
                    "region": "us-east-1", "detail-type": "ticket.completed",
                    "detail": {"category": "hardware.ev_charger", "solution_confidence": 0.95,
                               "customer": {"sla_tier": "gold"}}})
results = {'passed': 0, 'failed': 0}


def run(args, stdin=None):
    p = subprocess.run([EVENTC] + args, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=''):
    if cond:
        results['passed'] += 1
    else:
        results['failed'] += 1
        print('FAIL %s %s' % (name, detail))


def test_test_pattern(tmp):
    rc, out, err = run(['test-pattern', '--event-pattern', '{"detail":{"solution_confidence":[{"numeric":[">=",0.9]}]}}',
                        '--event', EVENT])
    check('inline match', rc == 0 and out == '{"Result": true}\n', out + err)
    pattern_file = os.path.join(tmp, 'p.json')
    with open(pattern_file, 'w') as f:
        f.write('{"detail": {"customer": {"sla_tier": ["platinum"]}}}')
    rc, out, err = run(['test-pattern', '--event-pattern', pattern_file, '--event', '-'], stdin=EVENT)
    check('file + stdin no match', rc == 0 and out == '{"Result": false}\n', out + err)
    rc, out, err = run(['test-pattern', '--event-pattern', '{"detail":{"x":[]}}', '--event', EVENT])
    check('invalid pattern', rc == 2 and err.startswith(
        'Event pattern is not valid. Reason: Empty arrays are not allowed\n'), err)
    rc, out, err = run(['test-pattern', '--event-pattern', '{"a":["x"]}', '--event', '"plain string"'])
    check('invalid event', rc == 2 and err == 'Parameter Event is not valid.\n', err)
    rc, out, err = run(['test-pattern', '--event-pattern', '{"a":["x"]}', '--event', '/no/such/file'])
    check('missing file', rc == 2 and 'No such file' in err, err)
    rc, out, err = run(['test-pattern', '--event-pattern', '{"a":["x"]}'])
    check('missing option', rc == 2 and '--event' in err, err)


def test_check():
    rc, out, err = run(['check', os.path.join(RULES, 'bad-template.yaml')])
    lines = err.strip().split('\n')
    base = os.path.join(RULES, 'bad-template.yaml')
    want = [base + ':16:19: error: Empty arrays are not allowed',
            base + ':28:63: error: Bottom must be less than top',
            base + ":44:35: error: Value '200' at 'targets.1.member.retryPolicy.maximumRetryAttempts' failed to "
                   "satisfy constraint: Member must have value less than or equal to 185"]
    check('check bad template', rc == 1 and lines == want, err)
    rc, out, err = run(['check', os.path.join(RULES, 'ticket-processing.cfn.yaml')])
    base = os.path.join(RULES, 'ticket-processing.cfn.yaml')
    want = [base + ":41:13: warning: unknown field 'MaximumEventAge' in a RetryPolicy; did you mean "
                   "'MaximumEventAgeInSeconds'? [-Wunknown-field]",
            base + ":41:30: note: eventc reads MaximumEventAge as MaximumEventAgeInSeconds; CloudFormation rejects it"]
    check('check: only the MaximumEventAge spelling', rc == 0 and out == '' and err.strip().split('\n') == want,
          out + err)
    rc, out, err = run(['check', '--dump-ir', os.path.join(RULES, 'ticket-processing.cfn.yaml')])
    check('dump ir', rc == 0 and 'rule high-confidence-tickets' in out and 'numeric >= 0.9' in out, out + err)
    rc, out, err = run(['check', '-Wno-nonsense', 'x.yaml'])
    check('unknown warning option', rc == 2, err)
    rc, out, err = run(['check'])
    check('no inputs', rc == 2 and 'no input files' in err, err)


def test_match():
    events = '\n'.join([EVENT, '', 'not json',
                        json.dumps({"source": "aws.apigateway", "detail": {"sourceIPAddress": "198.51.100.7"}}),
                        '[1, 2]']) + '\n'
    rc, out, err = run(['match', os.path.join(RULES, 'ticket-processing.cfn.yaml')], stdin=events)
    lines = out.strip().split('\n')
    check('match lines', len(lines) == 4, out)
    check('match first', json.loads(lines[0]) == ['ai-support-events/ticket-completed-fanout',
                                                   'ai-support-events/ticket-completed-ops-notification',
                                                   'ai-support-events/tickets-without-citations'], lines[0])
    check('match malformed', json.loads(lines[1])['line'] == 3, lines[1])
    check('match cidr', json.loads(lines[2]) == ['default/suspicious-api-access'], lines[2])
    check('match not object', json.loads(lines[3])['line'] == 5, lines[3])
    check('match exit', rc == 1, str(rc))
    rc, out, err = run(['match', '--bus', 'default', os.path.join(RULES, 'ticket-processing.cfn.yaml')],
                       stdin=events.split('\n')[3] + '\n')
    check('match --bus', rc == 0 and json.loads(out) == ['suspicious-api-access'], out + err)


def test_scenario_rules_behave_as_written():
    """The scenario rules (fan-out, ops sla_tier, high-confidence, saga, citations, cidr) on realistic events."""
    events = os.path.join(DATA, 'events', 'scenario.ndjson')
    with open(events) as f:
        rc, out, err = run(['match', os.path.join(RULES, 'ticket-processing.cfn.yaml')], stdin=f.read())
    with open(os.path.join(DATA, 'events', 'scenario.expected')) as f:
        expected = [json.loads(line) for line in f]
    got = [sorted(name.split('/', 1)[1] for name in json.loads(line)) for line in out.strip().split('\n')]
    check('scenario exit', rc == 0, err)
    for i, (g, e) in enumerate(zip(got, expected)):
        check('scenario event %d' % (i + 1), g == e, '%s != %s' % (g, e))
    check('scenario count', len(got) == len(expected), out)


def test_snippets_as_users_write_them():
    """A SAM function's EventBridgeRule event and a fragment without Resources match events (they printed [])."""
    snippets = os.path.join(DATA, 'scenarios')
    order = json.dumps({"id": "1", "account": "1", "source": "my.application", "time": "t", "region": "r",
                        "detail-type": "Order Placed", "detail": {}})
    rc, out, err = run(['match', os.path.join(snippets, '34-L1755.yaml')], stdin=order + '\n')
    check('SAM EventBridgeRule event is a rule', rc == 0 and json.loads(out) == [
        'MyEventRule', 'ProcessOrderFunctionEventBridgeRule'], out + err)
    rc, out, err = run(['match', os.path.join(snippets, '09-L0335.yaml')], stdin=EVENT + '\n')
    check('fragment is a template', rc == 0 and json.loads(out) == ['transform-ticket-for-external-api'], out + err)


def test_example_schemas():
    """The scenario schemas shipped in schemas/events check clean and validate real events."""
    root = os.environ.get('EVENTC_SOURCE_ROOT', '.')
    schemas = os.path.join(root, 'schemas', 'events')
    for name in sorted(os.listdir(schemas)):
        rc, out, err = run(['check', os.path.join(schemas, name)])
        check('check ' + name, rc == 0 and err == '', err)
    good = json.dumps({"ticket_id": "tkt_abc123", "status": "READY", "solution_confidence": 0.92})
    bad = json.dumps({"ticket_id": "TKT-1", "status": "DONE", "solution_confidence": 1.4})
    rc, out, err = run(['validate', os.path.join(schemas, 'TicketCompleted.json')], stdin=good + '\n' + bad + '\n')
    lines = out.strip().split('\n')
    check('validate good', lines[0] == '1: ok', out + err)
    check('validate bad', rc == 1 and lines[1].startswith('2: /'), out + err)
    user = json.dumps({"user_id": "u1", "email": "not-an-email", "registration_type": "free",
                       "timestamp": "2025-11-18T10:30:00Z"})
    rc, out, err = run(['validate', os.path.join(schemas, 'UserRegistrationEvent.json')], stdin=user + '\n')
    check('validate email format', rc == 1 and '/email' in out and 'format' in out, out + err)


def test_help():
    rc, out, err = run(['--help'])
    check('help', rc == 0 and 'Commands:' in out, out)
    rc, out, err = run(['--version'])
    check('version', rc == 0 and out.startswith('eventc '), out)
    rc, out, err = run(['frobnicate'])
    check('unknown command', rc == 2 and 'unknown command' in err, err)
    for cmd in ['check', 'test-pattern', 'match', 'compile', 'validate', 'graph']:
        rc, out, err = run([cmd, '--help'])
        check('help ' + cmd, rc == 0 and out.startswith('usage: eventc ' + cmd), out + err)


def test_compile_output_dir(tmp):
    """compile creates a missing -o directory (and parents); a path through a file is a clear error."""
    root = os.environ['EVENTC_SOURCE_ROOT']
    rules = os.path.join(root, 'examples', 'ticket-processing', 'rules.yaml')
    out = tempfile.mkdtemp(dir=tmp)
    nested = os.path.join(out, 'gen', 'deeper')
    rc, _, err = run(['compile', '-o', nested, '--name', 'bus', rules])
    check('compile creates -o', rc == 0 and os.path.isfile(os.path.join(nested, 'bus.c')), err)
    blocker = os.path.join(out, 'file')
    open(blocker, 'w').close()
    rc, _, err = run(['compile', '-o', os.path.join(blocker, 'x'), '--name', 'bus', rules])
    check('compile -o through a file', rc == 1 and 'cannot create directory' in err, err)
    shutil.rmtree(out)


def test_out_of_memory(tmp):
    """Out of memory is one clear message and status 1 (a 40 MB input under a 32 MB address-space limit)."""
    if os.environ.get('EVENTC_SANITIZE', 'none') != 'none':
        return  # sanitizers reserve terabytes of address space: no limit can be set under them
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (32 << 20, 32 << 20))

    def check_limited(path):
        p = subprocess.run([EVENTC, 'check', path], capture_output=True, text=True, timeout=60, preexec_fn=limit)
        return p.returncode, p.stderr

    small = os.path.join(tmp, 'oom-small.json')
    big = os.path.join(tmp, 'oom-big.yaml')
    with open(small, 'w') as f:
        f.write('{"source": ["shop"]}\n')
    with open(big, 'w') as f:
        line = '# ' + 'x' * 1021 + '\n'
        f.write(line * (40 << 10))
    rc, err = check_limited(small)
    check('check runs under the limit', rc == 0 and err == '', err)
    rc, err = check_limited(big)
    check('out of memory', rc == 1 and err == 'eventc: out of memory\n', 'rc %d: %s' % (rc, err[:300]))
    os.remove(small)
    os.remove(big)


def main():
    tmp = os.environ.get('MESON_BUILD_ROOT', '/tmp')
    test_compile_output_dir(tmp)
    test_test_pattern(tmp)
    test_check()
    test_match()
    test_scenario_rules_behave_as_written()
    test_snippets_as_users_write_them()
    test_example_schemas()
    test_help()
    test_out_of_memory(tmp)
    print('cli: %d passed, %d failed' % (results['passed'], results['failed']))
    return 1 if results['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
