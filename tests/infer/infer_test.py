#!/usr/bin/env python3
"""eventc infer: golden outputs, the example's events valid under their inferred schemas, determinism, usage errors.
EVENTC_UPDATE_GOLDEN=1 rewrites the golden files."""
import json
import os
import random
import subprocess
import sys
import tempfile

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get('EVENTC_SOURCE_ROOT', os.path.join(HERE, '..', '..'))
UPDATE = os.environ.get('EVENTC_UPDATE_GOLDEN') == '1'
failures = []


def run(args, stdin='', cwd=None):
    return subprocess.run([EVENTC] + args, input=stdin, capture_output=True, text=True, timeout=60, cwd=cwd)


def check(name, cond, detail=''):
    if not cond:
        failures.append('%s: %s' % (name, detail))


def golden():
    """Each case: `cmd` (arguments), events.ndjson on stdin, expected.out, expected.err (stderr and the exit status)."""
    base = os.path.join(HERE, 'golden')
    for case in sorted(os.listdir(base)):
        d = os.path.join(base, case)
        with open(os.path.join(d, 'cmd')) as f:
            args = f.read().split()
        with open(os.path.join(d, 'events.ndjson')) as f:
            p = run(args, f.read(), cwd=d)
        err = p.stderr + 'exit %d\n' % p.returncode
        for name, got in (('expected.out', p.stdout), ('expected.err', err)):
            path = os.path.join(d, name)
            if UPDATE:
                with open(path, 'w') as f:
                    f.write(got)
                continue
            with open(path) as f:
                want = f.read()
            check('golden %s %s' % (case, name), got == want, '\n--- want\n%s\n--- got\n%s' % (want, got))


def golden_schemas_accept_their_events(tmp):
    """Every golden schema validates the events it came from; the update also keeps OLD's events valid."""
    base = os.path.join(HERE, 'golden')
    old_event = ('{"source":"shop.orders","detail-type":"order.placed","detail":{"order_id":'
                 '"7f1c2a4e-8b1d-4c1e-9a6f-2b3c4d5e6f70","total":3,"status":4,"legacy_code":{"code":"L"},'
                 '"when":"yesterday","customer":{"id":"c9","vip":true}}}\n')
    for case in sorted(os.listdir(base)):
        d = os.path.join(base, case)
        schema = os.path.join(tmp, case + '.json')
        with open(os.path.join(d, 'expected.out')) as f, open(schema, 'w') as out:
            out.write(f.read())
        with open(os.path.join(d, 'events.ndjson')) as f:
            lines = [l for l in f.read().splitlines() if l.strip() and not l.startswith('#') and l.startswith('{')]
        extra = old_event if case == 'update' else ''
        pick = ['--schema', 'OrderPlaced'] if case == 'update' else []  # its events carry only source and detail
        v = run(['validate', '-q'] + pick + [schema], '\n'.join(lines) + '\n' + extra)
        check('golden %s accepts its events' % case, v.returncode == 0 and not v.stdout, v.stdout + v.stderr)


def entry_to_event(entry, n):
    """What PutEvents delivers for an accepted entry (the fields the envelope schema requires)."""
    detail = entry['Detail']
    return {'version': '0', 'id': 'id-%d' % n, 'detail-type': entry['DetailType'], 'source': entry['Source'],
            'account': '123456789012', 'time': '2026-01-01T00:00:%02dZ' % (n % 60), 'region': 'us-east-1',
            'resources': entry.get('Resources', []),
            'detail': json.loads(detail) if isinstance(detail, str) else detail}


def accepted_entries(path):
    out = []
    with open(path) as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            try:
                e = json.loads(line)
                d = e['Detail']
                d = json.loads(d) if isinstance(d, str) else d
            except (ValueError, KeyError):
                continue
            if e.get('Source') and e.get('DetailType') and isinstance(d, dict):
                out.append(e)
    return out


def example_roundtrip(tmp):
    """infer on the example's PutEvents entries, then `eventc validate` of the events they become: all valid."""
    events_path = os.path.join(ROOT, 'examples', 'ticket-processing', 'events.ndjson')
    for fmt in ('openapi', 'jsonschema'):
        out = os.path.join(tmp, fmt)
        p = run(['infer', '--format', fmt, '-o', out, events_path])
        check('example infer ' + fmt, p.returncode == 0 and 'skipped-event' in p.stderr, p.stderr)
        by_pair = {}
        for n, e in enumerate(accepted_entries(events_path)):
            by_pair.setdefault(e['DetailType'], []).append(json.dumps(entry_to_event(e, n)))
        check('example pairs ' + fmt, len(os.listdir(out)) == len(by_pair) >= 3, os.listdir(out))
        for dt, lines in by_pair.items():
            name = ''.join(w[:1].upper() + w[1:] for w in dt.replace('_', '.').split('.') if w)
            schema = [f for f in os.listdir(out) if f.lower() == name.lower() + '.json']
            check('example schema for ' + dt, len(schema) == 1, os.listdir(out))
            if not schema:
                continue
            v = run(['validate', '-q', os.path.join(out, schema[0])], '\n'.join(lines) + '\n')
            check('example validate %s %s' % (fmt, dt), v.returncode == 0 and not v.stdout, v.stdout + v.stderr)


def order_does_not_matter():
    with open(os.path.join(HERE, 'golden', 'merge', 'events.ndjson')) as f:
        lines = f.read().splitlines()
    first = run(['infer'], '\n'.join(lines) + '\n').stdout
    random.Random(7).shuffle(lines)
    check('event order', run(['infer'], '\n'.join(lines) + '\n').stdout == first and first)


def usage_errors(tmp):
    two = ('{"source":"a","detail-type":"x","detail":{}}\n{"source":"b","detail-type":"y","detail":{}}\n')
    p = run(['infer'], two)
    check('several pairs need -o', p.returncode == 2 and '-o DIR' in p.stderr and not p.stdout, p.stderr)
    p = run(['infer', '--name', 'N', '-o', tmp], two)
    check('--name with several pairs', p.returncode == 2, p.stderr)
    p = run(['infer', '-Werror'], '{"a":1}\n{"a":\n')
    check('-Werror refuses skipped lines', p.returncode == 1 and not p.stdout and '<stdin>:2:6:' in p.stderr, p.stderr)
    p = run(['infer'], '')
    check('no events', p.returncode == 1 and 'no events' in p.stderr, p.stderr)
    p = run(['infer'], '[' * 300 + ']' * 300 + '\n{"a":1}\n')
    check('nesting beyond 255 levels', p.returncode == 0 and '255 levels' in p.stderr, p.stderr)
    p = run(['infer', '--help'])
    check('--help', p.returncode == 0 and '--update OLD' in p.stdout)


def main():
    golden()
    with tempfile.TemporaryDirectory() as tmp:
        example_roundtrip(tmp)
        golden_schemas_accept_their_events(tmp)
        usage_errors(tmp)
    order_does_not_matter()
    for f in failures:
        print('FAIL ' + f)
    print('%d failures' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
