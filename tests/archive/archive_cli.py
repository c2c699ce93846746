#!/usr/bin/env python3
"""eventc replay and eventc dlq list on a database archive_fixture builds; their refusals."""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
FIXTURE, RULES = sys.argv[1], sys.argv[2]
failures = []


def run(*args):
    p = subprocess.run([EVENTC] + list(args), capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def check(name, cond, detail=''):
    if not cond:
        failures.append(name)
        print('FAIL %s %s' % (name, detail))


def replay(db, *extra):
    return run('replay', '--archive', db, '--from', '2025-11-18T10:00:00Z', '--to', '2025-11-18T10:01:00Z', *extra)


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, 'archive.db')
    subprocess.run([FIXTURE, db], check=True)

    rc, out, err = replay(db, '--archive-name', 'all', '--name', 'cli-test')
    events = [json.loads(line) for line in out.splitlines()]
    check('replay exit', rc == 0, err)
    check('window and time order', [e['detail']['n'] for e in events] == [1, 3, 2, 0], out)
    check('replay-name placed before resources',
          all(list(e.keys()).index('replay-name') == list(e.keys()).index('region') + 1 and
              list(e.keys()).index('resources') == list(e.keys()).index('replay-name') + 1 for e in events), out)
    check('replay-name value', all(e['replay-name'] == 'cli-test' for e in events), out)

    rc, out, err = replay(db, '--archive-name', 'all', '--rules', 'failed', RULES)
    check('--rules keeps matching events', rc == 0 and [json.loads(l)['detail']['n'] for l in out.splitlines()] == [1], out + err)
    rc, out, err = replay(db, '--rules', 'nope', RULES)
    check('--rules unknown rule', rc == 2 and "no rule 'nope'" in err, err)

    rc, out, err = replay(db)
    check('every archive', rc == 0 and len(out.splitlines()) == 5, out)  # 4 in "all", 1 in "failed-tickets"
    rc, out, err = replay(db, '--bus', 'other')
    check('--bus filters', rc == 0 and out == '', out)

    rc, out, err = run('replay', '--archive', db, '--from', 'yesterday', '--to', '2025-11-18T10:01:00Z')
    check('bad --from', rc == 2 and "--from 'yesterday' is not an RFC 3339 time" in err, err)
    rc, out, err = run('replay', '--archive', db, '--from', '2025-11-18T10:01:00Z', '--to', '2025-11-18T10:00:00Z')
    check('from after to', rc == 2 and 'EventStartTime must be before EventEndTime' in err, err)
    rc, out, err = replay(os.path.join(tmp, 'missing.db'))
    check('missing database', rc == 2 and 'missing.db: cannot open the archive database' in err, err)
    rc, out, err = run('replay', '--help')
    check('replay --help', rc == 0 and '--archive DB' in out and 'replay-name' in out, out)

    rc, out, err = run('dlq', 'list', '--db', db)
    letters = [json.loads(line) for line in out.splitlines()]
    check('dlq list', rc == 0 and len(letters) == 2, out + err)
    check('dlq attributes', all(d['ERROR_CODE'] == 'NO_PERMISSIONS' and d['ERROR_MESSAGE'] == 'not allowed' and
                                d['RULE_ARN'].endswith(':rule/tickets/failed') and d['RETRY_ATTEMPTS'] == 0 and
                                d['EXHAUSTED_RETRY_CONDITION'] == '' and d['event']['detail']['status'] == 'failed'
                                for d in letters), out)

    newer = os.path.join(tmp, 'newer.db')
    subprocess.run([FIXTURE, newer], check=True)
    con = sqlite3.connect(newer)
    con.execute('PRAGMA user_version=5')
    con.close()
    rc, out, err = replay(newer)
    check('newer database', rc == 2 and 'newer eventc' in err and 'version 5' in err and 'up to 1' in err, err)
    rc, out, err = run('dlq', 'list', '--db', newer)
    check('dlq newer database', rc == 2 and 'version 5' in err, err)

    garbage = os.path.join(tmp, 'garbage.db')
    with open(garbage, 'wb') as f:
        f.write(b'not a database at all ' * 20)
    rc, out, err = replay(garbage)
    check('garbage database', rc == 2 and 'not a usable SQLite database' in err, err)

    bad = os.path.join(tmp, 'bad-archive.yaml')
    with open(bad, 'w') as f:
        f.write('archives:\n  - ArchiveName: a\n    EventBusName: b\n    EventPattern:\n      source: []\n')
    rc, out, err = run('compile', '-o', tmp, '--name', 'bad', bad)
    check('archive pattern compile error', rc != 0 and bad + ':5:15: error: Empty arrays are not allowed' in err, err)

print('%d failures' % len(failures))
sys.exit(1 if failures else 0)
