#!/usr/bin/env python3
"""-fdiagnostics-format=json|sarif: JSON goldens (tests/cli/diag_format/CASE/expected.json), and SARIF logs of
several bad inputs validated by `eventc validate` against the OASIS SARIF 2.1.0 schema (tests/data/sarif).
EVENTC_UPDATE_GOLDEN=1 rewrites the goldens."""
import difflib
import json
import os
import subprocess
import sys
import tempfile

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
DATA = os.environ.get('EVENTC_TEST_DATA', 'tests/data')
SARIF_SCHEMA = os.path.join(DATA, 'sarif', 'sarif-schema-2.1.0.json')
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'diag_format')
UPDATE = os.environ.get('EVENTC_UPDATE_GOLDEN') == '1'
results = {'passed': 0, 'failed': 0}

# case -> (command line after `eventc`, without the format option; expected exit status)
CASES = {
    'notes': (['check', 'rules.yaml', 'schema.json'], 1),
    'errors': (['check', 'bad rules.yaml'], 1),
    'clean': (['check', 'rules.yaml'], 0),
}


def run(args, cwd=None):
    p = subprocess.run([EVENTC] + args, cwd=cwd, capture_output=True, timeout=60)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8')


def check(name, cond, detail=''):
    if cond:
        results['passed'] += 1
    else:
        results['failed'] += 1
        print('FAIL %s %s' % (name, detail))


def validate_sarif(name, text):
    """The log is one JSON document that the SARIF 2.1.0 schema accepts."""
    line = json.dumps(json.loads(text))
    p = subprocess.run([EVENTC, 'validate', SARIF_SCHEMA], input=line + '\n', capture_output=True, text=True, timeout=60)
    check('%s: SARIF validates against the 2.1.0 schema' % name, p.returncode == 0 and p.stdout == '1: ok\n',
          p.stdout + p.stderr)
    return json.loads(text)


def test_goldens():
    for case, (args, status) in sorted(CASES.items()):
        case_dir = os.path.join(HERE, case)
        rc, _, err = run(args + ['-fdiagnostics-format=json'], cwd=case_dir)
        check('%s: exit status' % case, rc == status, 'rc=%d' % rc)
        path = os.path.join(case_dir, 'expected.json')
        if UPDATE:
            with open(path, 'w') as f:
                f.write(err)
            continue
        want = open(path).read()
        diff = ''.join(difflib.unified_diff(want.splitlines(True), err.splitlines(True), path, 'got'))
        check('%s: JSON golden' % case, err == want, '\n' + diff)
        rc, _, text_err = run(args, cwd=case_dir)
        check('%s: as many diagnostics as text lines' % case,
              sum(1 + len(d['notes']) for d in json.loads(err)) == len(text_err.splitlines()), text_err)
        rc, _, sarif = run(args + ['-fdiagnostics-format=sarif'], cwd=case_dir)
        log = validate_sarif(case, sarif)
        check('%s: one result per diagnostic' % case, len(log['runs'][0]['results']) == len(json.loads(err)))


def test_sarif_content():
    rc, _, sarif = run(['check', 'rules.yaml', 'schema.json', '-fdiagnostics-format=sarif'], cwd=os.path.join(HERE, 'notes'))
    log = validate_sarif('notes', sarif)
    run0 = log['runs'][0]
    rules = [r['id'] for r in run0['tool']['driver']['rules']]
    by_rule = {r['ruleId']: r for r in run0['results']}
    check('driver names eventc', run0['tool']['driver']['name'] == 'eventc')
    check('warnings are rules by their -W option', '-Wunknown-field' in rules and 'error' in rules, rules)
    w = by_rule.get('-Wunknown-field', {})
    check('warning result', w.get('level') == 'warning' and rules[w.get('ruleIndex', -1)] == '-Wunknown-field' and
          w['locations'][0]['physicalLocation'] == {'artifactLocation': {'uri': 'rules.yaml'},
                                                    'region': {'startLine': 5, 'startColumn': 5}}, w)
    e = by_rule.get('error', {})
    check('note as related location', e.get('level') == 'error' and e.get('relatedLocations') == [
        {'id': 0, 'physicalLocation': {'artifactLocation': {'uri': 'rules.yaml'},
                                       'region': {'startLine': 4, 'startColumn': 5}},
         'message': {'text': 'the first definition is here'}}], e)
    rc, _, sarif = run(['check', 'bad rules.yaml', '-fdiagnostics-format=sarif'], cwd=os.path.join(HERE, 'errors'))
    uri = validate_sarif('errors', sarif)['runs'][0]['results'][0]['locations'][0]['physicalLocation']['artifactLocation']
    check('a space in a file name is escaped in its URI', uri == {'uri': 'bad%20rules.yaml'}, uri)


def test_every_command_and_werror():
    notes = os.path.join(HERE, 'notes')
    with tempfile.TemporaryDirectory() as out:
        rc, _, err = run(['compile', '-o', out, '--name', 'x', '-Werror', 'rules.yaml', '-fdiagnostics-format=json'], cwd=notes)
        diags = json.loads(err)
        check('compile: JSON, -Werror names the option', rc == 1 and any(
            d['option'] == '-Werror=unknown-field' and d['severity'] == 'error' for d in diags), err)
        rc, _, err = run(['compile', '-o', out, '--name', 'x', 'rules.yaml', '-fdiagnostics-format=sarif'], cwd=notes)
        validate_sarif('compile', err)
    p = subprocess.run([EVENTC, '-fdiagnostics-format=json', 'match', 'rules.yaml'], cwd=notes, input='',
                       capture_output=True, text=True, timeout=60)
    check('match: option before the command', p.returncode == 2 and len(json.loads(p.stderr)) == 2, p.stderr)
    rc, _, err = run(['check', 'rules.yaml', '-fdiagnostics-format=xml'], cwd=notes)
    check('unknown format', rc == 2 and "unknown diagnostics format 'xml'" in err, err)


def test_bytes_that_are_not_utf8():
    """A file name that is not UTF-8 still gives valid JSON and SARIF (U+FFFD in its place)."""
    name = b'missing-\xff.yaml'
    for fmt in ('json', 'sarif'):
        p = subprocess.run([EVENTC.encode(), b'check', name, ('-fdiagnostics-format=' + fmt).encode()],
                           capture_output=True, timeout=60)
        text = p.stderr.decode('utf-8')  # raises when not UTF-8
        if fmt == 'json':
            diags = json.loads(text)
            check('json: file name with U+FFFD', p.returncode == 1 and diags[0]['file'] == 'missing-\ufffd.yaml', text)
        else:
            validate_sarif('non-UTF-8 file name', text)


def main():
    test_goldens()
    if not UPDATE:
        test_sarif_content()
        test_every_command_and_werror()
        test_bytes_that_are_not_utf8()
    print('diag_format: %d passed, %d failed' % (results['passed'], results['failed']))
    return 1 if results['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
