#!/usr/bin/env python3
"""Runs `eventc check` on every rule and schema snippet of docs/scenarios.md and pins the outcome in a golden file.

The snippets live in tests/data/scenarios/ (made by scripts/extract_scenarios.py); expected.txt
holds, per snippet, the exit status and the diagnostics. Every snippet must pass, or fail with
at least one file:line:col error that says what to change; nothing may crash. When the shared
scenarios.md is next to the repository, the committed snippets must be what the script extracts
from it. EVENTC_UPDATE_GOLDEN=1 rewrites expected.txt.
"""
import os
import re
import subprocess
import sys
import tempfile

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
DATA = os.environ.get('EVENTC_TEST_DATA', 'tests/data')
ROOT = os.environ.get('EVENTC_SOURCE_ROOT', '.')
SNIPPETS = os.path.join(DATA, 'scenarios')
GOLDEN = os.path.join(SNIPPETS, 'expected.txt')
DIAGNOSTIC = re.compile(r'^[^:]+:\d+:\d+: (error|warning|note): .+')


def snippet_files():
    return sorted(f for f in os.listdir(SNIPPETS) if f.endswith(('.yaml', '.json')))


def outcome(name):
    """The golden text of one snippet: '== NAME: exit N' and its diagnostics, paths relative."""
    p = subprocess.run([EVENTC, 'check', name], cwd=SNIPPETS, capture_output=True, text=True, timeout=60)
    problems = []
    if p.returncode not in (0, 1):
        problems.append('exit status %d (crash or bad usage): %s' % (p.returncode, p.stderr))
    lines = p.stderr.splitlines()
    problems += ['not a file:line:col diagnostic: ' + l for l in lines if not DIAGNOSTIC.match(l)]
    if p.returncode == 1 and not any(': error: ' in l for l in lines):
        problems.append('failed without an error that names what to change')
    return '== %s: exit %d\n%s' % (name, p.returncode, ''.join(l + '\n' for l in lines)), problems


def shared_scenarios():
    for rel in ('../shared/docs/scenarios.md', '../../shared/docs/scenarios.md'):
        path = os.path.normpath(os.path.join(ROOT, rel))
        if os.path.isfile(path):
            return path
    return None


def extracted_snippets_are_current():
    """The committed snippets equal a fresh extraction (when the shared document is there)."""
    source = shared_scenarios()
    if not source:
        print('skip: no shared scenarios.md beside the repository; the committed snippets are used as they are')
        return []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, os.path.join(ROOT, 'scripts', 'extract_scenarios.py'), source, tmp],
                       check=True, capture_output=True)
        fresh = sorted(os.listdir(tmp))
        if fresh != snippet_files():
            return ['snippet files differ from a fresh extraction: %s vs %s' % (fresh, snippet_files())]
        for name in fresh:
            with open(os.path.join(tmp, name), encoding='utf-8') as a, \
                    open(os.path.join(SNIPPETS, name), encoding='utf-8') as b:
                if a.read() != b.read():
                    return ['%s differs from scenarios.md: rerun scripts/extract_scenarios.py' % name]
    return []


def main():
    problems = extracted_snippets_are_current()
    text = ''
    for name in snippet_files():
        block, found = outcome(name)
        text += block
        problems += ['%s: %s' % (name, f) for f in found]
    if os.environ.get('EVENTC_UPDATE_GOLDEN'):
        with open(GOLDEN, 'w', encoding='utf-8') as f:
            f.write(text)
    with open(GOLDEN, encoding='utf-8') as f:
        want = f.read()
    if text != want:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), text.splitlines(True), 'expected.txt', 'got'))
        problems.append('outcome differs from expected.txt (EVENTC_UPDATE_GOLDEN=1 to accept)')
    for p in problems:
        print('FAIL', p)
    print('scenarios: %d snippets, %d problems' % (len(snippet_files()), len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
