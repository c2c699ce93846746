#!/usr/bin/env python3
"""Golden tests of `eventc explain` (tests/cli/explain/CASE: rules.yaml, event.json, expected.txt, expected.jsonl),
its options and exit statuses. EVENTC_UPDATE_GOLDEN=1 rewrites the expected files."""
import difflib
import json
import os
import subprocess
import sys

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'explain')
UPDATE = os.environ.get('EVENTC_UPDATE_GOLDEN') == '1'
results = {'passed': 0, 'failed': 0}


def run(args, cwd=None, stdin=None):
    p = subprocess.run([EVENTC, 'explain'] + args, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=''):
    if cond:
        results['passed'] += 1
    else:
        results['failed'] += 1
        print('FAIL %s %s' % (name, detail))


def golden(case):
    """Text and JSON output of every rule of the case, against the expected files (relative names keep them stable)."""
    case_dir = os.path.join(HERE, case)
    for suffix, extra in (('txt', []), ('jsonl', ['--json'])):
        rc, out, err = run(['rules.yaml', '--event', 'event.json'] + extra, cwd=case_dir)
        check('%s %s runs' % (case, suffix), rc in (0, 1) and err == '', 'rc=%d %s' % (rc, err))
        path = os.path.join(case_dir, 'expected.' + suffix)
        if UPDATE:
            with open(path, 'w') as f:
                f.write(out)
            continue
        want = open(path).read()
        diff = ''.join(difflib.unified_diff(want.splitlines(True), out.splitlines(True), path, 'got'))
        check('%s %s golden' % (case, suffix), out == want, '\n' + diff)
        if suffix == 'jsonl':
            verdicts = [json.loads(line)['matched'] for line in out.splitlines()]
            rc_txt = run(['rules.yaml', '--event', 'event.json'], cwd=case_dir)[0]
            check('%s exit status follows the verdicts' % case, rc_txt == (0 if any(verdicts) else 1))


def test_verdicts_agree_with_match():
    """explain's verdict per rule is what `eventc match` prints for the same event."""
    for case in sorted(os.listdir(HERE)):
        case_dir = os.path.join(HERE, case)
        event = json.dumps(json.load(open(os.path.join(case_dir, 'event.json'))))
        p = subprocess.run([EVENTC, 'match', 'rules.yaml'], cwd=case_dir, input=event + '\n', capture_output=True,
                           text=True, timeout=60)
        matched = sorted(json.loads(p.stdout))
        rc, out, _ = run(['rules.yaml', '--event', 'event.json', '--json'], cwd=case_dir)
        explained = sorted(o['rule'] for o in map(json.loads, out.splitlines()) if o['matched'])
        check('%s agrees with match' % case, matched == explained, '%s vs %s' % (matched, explained))


def test_options():
    ops = os.path.join(HERE, 'operators')
    rc, out, err = run(['rules.yaml', '--event', 'event.json', '--rule', 'exact-strings'], cwd=ops)
    check('--rule picks one rule', rc == 1 and out == (
        'rule "exact-strings": no match\n'
        '  FAIL  detail.tier: "silver" is not one of ["platinum","gold"]\n'), out + err)
    rc, out, err = run(['rules.yaml', '--event', 'event.json', '--rule', 'null-holds'], cwd=ops)
    check('a matching rule exits 0', rc == 0 and out.startswith('rule "null-holds": matched\n'), out + err)
    rc, out, err = run(['rules.yaml', '--event', '-', '--rule', 'exact-string'], cwd=ops,
                       stdin='{"detail": {"tier": "gold"}}')
    check('event from stdin', rc == 0 and 'ok    detail.tier: "gold"' in out, out + err)
    rc, out, err = run(['rules.yaml', '--event', '{"detail": {"tier": "gold"}}', '--rule', 'exact-string'], cwd=ops)
    check('inline event', rc == 0, out + err)
    rc, out, err = run(['rules.yaml', '--event', 'event.json', '--rule', 'no-such-rule'], cwd=ops)
    check('unknown --rule', rc == 2 and "no rule named 'no-such-rule'" in err, err)
    rc, out, err = run(['rules.yaml', '--event', '[1]'], cwd=ops)
    check('an event that is not an object', rc == 2 and 'not a JSON object' in err, err)
    rc, out, err = run(['rules.yaml', '--event', '{"a": '], cwd=ops)
    check('an event that is not JSON', rc == 2 and '<inline>:' in err, err)
    rc, out, err = run(['rules.yaml'], cwd=ops)
    check('--event is required', rc == 2 and '--event is required' in err, err)
    rc, out, err = run(['--help'])
    check('--help', rc == 0 and out.startswith('usage: eventc explain'), out)
    rc, out, err = run(['missing.yaml', '--event', 'event.json'], cwd=ops)
    check('missing rules file', rc == 2 and 'missing.yaml' in err, err)


def main():
    for case in sorted(os.listdir(HERE)):
        golden(case)
    if not UPDATE:
        test_verdicts_agree_with_match()
        test_options()
    print('explain: %d passed, %d failed' % (results['passed'], results['failed']))
    return 1 if results['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
