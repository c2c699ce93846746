#!/usr/bin/env python3
"""eventc compat and eventc sample, end to end: every row of the README's compat table in both directions,
each verdict checked against events sampled from the writer's schema and validated under the reader's."""
import json
import os
import subprocess
import sys
import tempfile

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get('EVENTC_SOURCE_ROOT', os.path.join(HERE, '..', '..'))
EVENTS = int(os.environ.get('EVENTC_COMPAT_EVENTS', '2000'))  # sampled per row and direction
EXIT = {'compatible': 0, 'incompatible': 1, 'undecided': 3}
failures = []


def run(args, stdin=None, cwd=None):
    p = subprocess.run([EVENTC] + args, input=stdin, capture_output=True, text=True, timeout=120, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=''):
    if not cond:
        failures.append(name)
        print('FAIL %s %s' % (name, detail[:2000]))


def write(path, doc):
    with open(path, 'w') as f:
        json.dump(doc, f, indent=1)


def invalid_count(writer, reader, extra, seed):
    """Events sampled from `writer` that `reader` refuses."""
    args = ['sample', '-n', str(EVENTS), '--seed', str(seed)]
    for name in extra:
        args += ['--extra-property', name]
    rc, events, err = run(args + [writer])
    check('sample ' + writer, rc == 0 and events.count('\n') == EVENTS, err)
    rc, out, err = run(['validate', '-q', reader], stdin=events)
    check('validate ' + reader, rc in (0, 1), err)
    return out.count('\n'), out.split('\n')[0]


def test_rows(tmp):
    with open(os.path.join(HERE, 'rows.json')) as f:
        rows = json.load(f)
    for i, row in enumerate(rows):
        old, new = os.path.join(tmp, 'row%d.old.json' % i), os.path.join(tmp, 'row%d.new.json' % i)
        write(old, row['old'])
        write(new, row['new'])
        for mode, writer, reader in (('backward', old, new), ('forward', new, old)):
            name = '%s [%s]' % (row['name'], mode)
            want = row[mode]
            rc, out, err = run(['compat', '--mode', mode, old, new])
            check(name + ': verdict', rc == EXIT[want], 'exit %d, want %s\n%s' % (rc, want, err))
            if want == 'incompatible':
                check(name + ': one line per break at NEW', err.startswith(new + ':') and ': error: /' in err, err)
            if want == 'undecided':
                check(name + ': says it cannot decide', 'cannot decide' in err, err)
                continue
            refused, first = invalid_count(writer, reader, row.get('extra_properties', []), i)
            if want == 'compatible':
                check(name + ': sampled events all valid', refused == 0, '%d refused, first: %s' % (refused, first))
            else:
                check(name + ': a sampled event shows the break', refused > 0)
    return len(rows)


def git(repo, *args):
    subprocess.run(['git', '-C', repo] + list(args), check=True, capture_output=True)


def test_git(tmp):
    repo = os.path.join(tmp, 'repo')
    os.makedirs(os.path.join(repo, 'schemas', 'common'))
    git(repo, 'init', '-q')
    git(repo, 'config', 'user.email', 'ci@example.com')
    git(repo, 'config', 'user.name', 'ci')
    schema = os.path.join(repo, 'schemas', 'order.json')
    common = os.path.join(repo, 'schemas', 'common', 'money.json')
    write(common, {"type": "number", "minimum": 0})
    write(schema, {"type": "object", "required": ["id"],
                   "properties": {"id": {"type": "string"}, "total": {"$ref": "common/money.json"}}})
    git(repo, 'add', '.')
    git(repo, 'commit', '-qm', 'v1')
    write(common, {"type": "number", "minimum": 1})  # a break reached only through the $ref
    write(schema, {"type": "object", "required": ["id"],
                   "properties": {"id": {"type": "string"}, "total": {"$ref": "common/money.json"},
                                  "note": {"type": "string"}}})
    git(repo, 'commit', '-qam', 'v2')
    rc, out, err = run(['compat', 'git:HEAD~1:schemas/order.json', 'schemas/order.json'], cwd=repo)
    check('git: $ref of the old revision resolves in that revision', rc == 1 and 'minimum' in err and
          'git:HEAD~1:schemas/order.json:' not in err.split('\n')[0], err)
    check('git: the note names the old revision\'s $ref target',
          'git:HEAD~1:schemas/common/money.json:' in err and ': note: ' in err, err)
    rc, out, err = run(['compat', 'git:HEAD~1:schemas/order.json', 'git:HEAD~1:schemas/order.json'], cwd=repo)
    check('git: same revision is compatible', rc == 0, err)
    rc, out, err = run(['compat', '--mode', 'forward', 'git:HEAD~1:./order.json', 'order.json'],
                       cwd=os.path.join(repo, 'schemas'))
    check('git: ./PATH relative to the current directory', rc == 0, out + err)
    rc, out, err = run(['compat', '--transitive', 'schemas/order.json'], cwd=repo)
    check('git: --transitive walks the history', rc == 1 and out.count('->') == 2, out + err)
    rc, out, err = run(['compat', 'git:nosuchref:schemas/order.json', 'schemas/order.json'], cwd=repo)
    check('git: unknown revision', rc == 2 and 'nosuchref' in err, err)


def test_transitive(tmp):
    d = os.path.join(tmp, 'versions')
    os.makedirs(d)
    base = {"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "integer", "maximum": 9}}}
    write(os.path.join(d, 'Parcel.v1.json'), dict(base, required=["id"]))
    write(os.path.join(d, 'Parcel.v2.json'), dict(base, required=["id", "size"]))
    write(os.path.join(d, 'Parcel.v3.json'), dict(base, required=["id", "size"]))
    write(os.path.join(d, 'Other.v1.json'), {"type": "string"})
    rc, out, err = run(['compat', os.path.join(d, 'Parcel.v2.json'), os.path.join(d, 'Parcel.v3.json')])
    check('transitive: v2 -> v3 alone is compatible', rc == 0, out + err)
    rc, out, err = run(['compat', '--transitive', os.path.join(d, 'Parcel.v3.json')])
    check('transitive: v1 -> v3 breaks', rc == 1 and out.count('->') == 2 and 'Parcel.v1.json -> ' in out and
          'Other' not in out, out + err)


def test_cli(tmp):
    for cmd in ('compat', 'sample'):
        rc, out, err = run([cmd, '--help'])
        check(cmd + ' --help', rc == 0 and out.startswith('usage: eventc ' + cmd), out + err)
        rc, out, err = run([cmd])
        check(cmd + ' without arguments', rc == 2 and 'usage' in err, err)
    rc, out, err = run(['compat', '--mode', 'sideways', 'a.json', 'b.json'])
    check('compat bad mode', rc == 2, err)
    rc, out, err = run(['main'])
    bad = os.path.join(tmp, 'bad.json')
    with open(bad, 'w') as f:
        f.write('{"type": "object", "properties": {"x": {"$ref": "#/nowhere"}}}')
    rc, out, err = run(['compat', bad, bad])
    check('compat reports a bad schema with file:line:col', rc == 2 and bad + ':1:' in err, err)


def test_sample(tmp):
    envelope = os.path.join(SOURCE, 'schemas', 'events', 'TicketCompletedEnvelope.yaml')
    a = run(['sample', '-n', '50', '--seed', '7', envelope])
    b = run(['sample', '-n', '50', '--seed', '7', envelope])
    c = run(['sample', '-n', '50', '--seed', '8', envelope])
    check('sample deterministic per seed', a == b and a[1] != c[1] and a[0] == 0, a[2])
    first = json.loads(a[1].split('\n')[0])
    check('sample of a registry schema is the AWSEvent envelope',
          first.get('source') == 'ai-support.ticket-processing' and first.get('detail-type') == 'ticket.completed' and
          'detail' in first, a[1][:300])
    for schema in [envelope, os.path.join(SOURCE, 'tests', 'schema', 'data', 'CityLots.json'),
                   os.path.join(SOURCE, 'tests', 'schema', 'data', 'Tree.json'),
                   os.path.join(SOURCE, 'tests', 'schema', 'data', 'Ticket.v2.json')]:
        rc, out, err = run(['sample', '-n', '1000', '--invalid', schema])
        lines = [json.loads(l) for l in out.split('\n') if l]
        check('sample --invalid ' + schema, rc == 0 and len(lines) == 1000, err)
        events = ''.join(json.dumps(l['event']) + '\n' for l in lines)
        rc, res, err = run(['validate', schema], stdin=events)
        verdicts = res.split('\n')
        for line, verdict in zip(lines, verdicts):
            keyword = line['breaks'].rsplit('/', 1)[1]
            if verdict.endswith(': ok') or (': %s: ' % keyword) not in verdict:
                check('invalid event refused for its keyword', False, '%s -> %s' % (line, verdict))
                break
        kinds = {l['breaks'].rsplit('/', 1)[1] for l in lines}
        check('sample --invalid breaks several kinds of keyword in ' + schema, len(kinds) >= 3, str(kinds))
    impossible = os.path.join(tmp, 'impossible.json')
    write(impossible, {"type": "string", "pattern": "^ab$", "minLength": 5})
    rc, out, err = run(['sample', impossible])
    check('sample: impossible pattern is a clear error', rc == 1 and 'cannot sample pattern /^ab$/ with 5..261 characters' in err, err)
    nul = os.path.join(tmp, 'nul.json')
    write(nul, {"enum": ["hello\u0000there"]})
    rc, out, err = run(['sample', '--invalid', '-n', '3', nul])
    check('sample --invalid of an enum string with a NUL byte ends', rc == 0 and out.count('"breaks":"/enum"') == 3, err)
    open_schema = os.path.join(tmp, 'anything.json')
    write(open_schema, {})
    rc, out, err = run(['sample', '--invalid', open_schema])
    check('sample --invalid of {} says nothing can be broken', rc == 1 and 'no keyword' in err, err)


def test_recursion(tmp):
    """Schemas that recurse without end are refused with a reason, never a crash or a hang."""
    cyclic = {'self': {'$ref': '#'},
              'allof-not': {'definitions': {'a': {'allOf': [{'$ref': '#/definitions/b'}]},
                                            'b': {'not': {'$ref': '#/definitions/a'}}},
                            '$ref': '#/definitions/a'}}
    for name, doc in cyclic.items():
        path = os.path.join(tmp, name + '.json')
        write(path, doc)
        for args, stdin in ((['validate', path], '{"a": 1}\n'), (['sample', path], None), (['compat', path, path], None)):
            rc, out, err = run(args, stdin=stdin)
            check('%s: %s refused' % (args[0], name),
                  rc == 2 and path + ':' in err and 'without descending into it' in err, '%d %s' % (rc, err))
    finite = os.path.join(tmp, 'finite.json')
    write(finite, {'type': 'object', 'properties': {'next': {'$ref': '#'}}})
    rc, out, err = run(['sample', '-n', '200', '--seed', '3', finite])
    check('sample of an optional recursion ends', rc == 0 and out.count('\n') == 200, err)
    for name, doc in {'member': {'type': 'object', 'properties': {'n': {'$ref': '#'}}, 'required': ['n']},
                      'items': {'type': 'array', 'minItems': 1, 'items': {'$ref': '#'}}}.items():
        path = os.path.join(tmp, 'endless-' + name + '.json')
        write(path, doc)
        for invalid in ([], ['--invalid']):
            rc, out, err = run(['sample'] + invalid + [path])
            check('sample of a required recursion (%s) %s says no finite event is valid' % (name, invalid),
                  rc == 1 and 'no finite event is valid' in err, '%d %s' % (rc, err))


def test_generated(tmp, driver):
    """Sampled events through the validators `eventc compile` generated (built by meson as sample_check)."""
    data = os.path.join(SOURCE, 'tests', 'schema', 'data')
    for schema, name in [(os.path.join(SOURCE, 'schemas', 'events', 'TicketCompletedEnvelope.yaml'), 'AWSEvent'),
                         (os.path.join(data, 'CityLots.json'), 'CityLot'), (os.path.join(data, 'Tree.json'), 'Tree'),
                         (os.path.join(data, 'Ticket.v2.json'), 'Ticket'), (os.path.join(data, 'refs', 'Order.json'), 'Order')]:
        rc, events, err = run(['sample', '-n', '3000', '--seed', '11', schema])
        check('sample ' + name, rc == 0, err)
        p = subprocess.run([driver, name, 'valid'], input=events, capture_output=True, text=True, timeout=60)
        check('generated validator accepts sampled %s events' % name, p.returncode == 0, p.stdout + p.stderr)
        rc, lines, err = run(['sample', '-n', '1000', '--seed', '11', '--invalid', schema])
        check('sample --invalid ' + name, rc == 0, err)
        invalid = ''.join(json.dumps(json.loads(l)['event']) + '\n' for l in lines.split('\n') if l)
        p = subprocess.run([driver, name, 'invalid'], input=invalid, capture_output=True, text=True, timeout=60)
        check('generated validator refuses --invalid %s events' % name, p.returncode == 0, p.stdout + p.stderr)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        if sys.argv[1:2] == ['generated']:
            test_generated(tmp, sys.argv[2])
        for name in sys.argv[1:] if sys.argv[1:2] != ['generated'] else []:
            globals()['test_' + name](tmp)
    if failures:
        print('%d failed' % len(failures))
        return 1
    print('ok')
    return 0


if __name__ == '__main__':
    sys.exit(main())
