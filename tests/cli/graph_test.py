#!/usr/bin/env python3
"""Tests `eventc graph`: golden DOT and Mermaid for the example and a routing fixture, valid DOT, well-formed Mermaid.

DOT validity is checked by Graphviz itself (`dot -Tsvg`, skipped with a message when dot is not
installed); Mermaid by a checker of the flowchart subset eventc emits (node shapes, quoted labels
with entity-escaped markup, --> and -.-> edges with |"label"|), since the Mermaid parser needs a
browser. EVENTC_UPDATE_GOLDEN=1 rewrites the golden files.
"""
import os
import re
import shutil
import subprocess
import sys

EVENTC = os.environ.get('EVENTC_EXE', 'eventc')
DATA = os.environ.get('EVENTC_TEST_DATA', 'tests/data')
ROOT = os.environ.get('EVENTC_SOURCE_ROOT', '.')
GOLDEN = os.path.join(DATA, 'graph')
CASES = {  # golden base name -> rule files
    'ticket-processing': [os.path.join(ROOT, 'examples', 'ticket-processing', 'rules.yaml')],
    'routing': [os.path.join(GOLDEN, 'routing.yaml')],
}
failures = []

LABEL = r'"[^"<>|#]*(?:(?:<br/>|#(?:quot|lt|gt|35|124);)[^"<>|#]*)*"'
SHAPES = [(r'\(\[', r'\]\)'), (r'>', r'\]'), (r'\[\[', r'\]\]'), (r'\(', r'\)'), (r'\[\(', r'\)\]'), (r'\[', r'\]')]
NODE = re.compile(r'^  (\w+)(?:%s)$' % '|'.join('%s%s%s' % (o, LABEL, c) for o, c in SHAPES))
EDGE = re.compile(r'^  (\w+) (?:-->|-\.->)(?:\|%s\|)? (\w+)$' % LABEL)
STYLE = re.compile(r'^  style (\w+) stroke-dasharray: 5 5$')


def check(name, cond, detail=''):
    if not cond:
        failures.append(name)
        print('FAIL %s %s' % (name, detail))


def graph(args):
    p = subprocess.run([EVENTC, 'graph'] + args, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def mermaid_problems(text):
    """Lines outside the emitted flowchart grammar, and edges or styles naming undefined nodes."""
    lines = text.splitlines()
    if len(lines) < 2 or not lines[0].startswith('%% ') or lines[1] != 'flowchart LR':
        return ['header: %r' % lines[:2]]
    problems, defined = [], set()
    for line in lines[2:]:
        node, edge, style = NODE.match(line), EDGE.match(line), STYLE.match(line)
        if node:
            defined.add(node.group(1))
        elif edge:
            problems += ['undefined node in ' + line for n in (edge.group(1), edge.group(2)) if n not in defined]
        elif style:
            problems += ['undefined node in ' + line] if style.group(1) not in defined else []
        else:
            problems.append('not flowchart syntax: ' + line)
    return problems


def golden(path, text):
    if os.environ.get('EVENTC_UPDATE_GOLDEN'):
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)
    with open(path, encoding='utf-8') as f:
        return f.read() == text


def test_case(name, files):
    rc, dot, err = graph(files)
    check(name + ' dot exit', rc == 0 and err == '', err)
    check(name + ' dot golden', golden(os.path.join(GOLDEN, name + '.dot'), dot), dot)
    rc, again, _ = graph(['--format', 'dot'] + files)
    check(name + ' deterministic', again == dot)
    rc, mmd, err = graph(['--format=mermaid'] + files)
    check(name + ' mermaid exit', rc == 0 and err == '', err)
    check(name + ' mermaid golden', golden(os.path.join(GOLDEN, name + '.mmd'), mmd), mmd)
    check(name + ' mermaid well-formed', not mermaid_problems(mmd), mermaid_problems(mmd))
    if shutil.which('dot'):
        p = subprocess.run(['dot', '-Tsvg'], input=dot, capture_output=True, text=True, timeout=60)
        check(name + ' dot -Tsvg', p.returncode == 0 and p.stderr == '' and '<svg' in p.stdout, p.stderr)
    else:
        print('skip: dot -Tsvg (graphviz is not installed)')


def test_committed_svg_is_current():
    """examples/ticket-processing/routing.svg (shown in the README) names every node of the golden DOT."""
    import html
    with open(os.path.join(GOLDEN, 'ticket-processing.dot'), encoding='utf-8') as f:
        labels = re.findall(r'^  \w+ \[label="([^"\\]*)', f.read(), re.M)
    with open(os.path.join(ROOT, 'examples', 'ticket-processing', 'routing.svg'), encoding='utf-8') as f:
        texts = {html.unescape(t) for t in re.findall(r'<text[^>]*>([^<]*)</text>', f.read())}
    missing = [l for l in labels if l not in texts]
    check('routing.svg is current (regenerate it with the README command)', labels and not missing, missing)


def test_usage(tmp_bad):
    rc, out, err = graph(['--format', 'png', CASES['routing'][0]])
    check('unknown format', rc == 2 and "unknown format 'png'" in err, err)
    rc, out, err = graph([])
    check('no files', rc == 2 and 'no rule files' in err, err)
    rc, out, err = graph([tmp_bad])
    check('rules with errors print no graph', rc == 1 and out == '' and ': error: ' in err, out + err)
    example = CASES['ticket-processing']
    schema = os.path.join(ROOT, 'schemas', 'events', 'TicketCompleted.json')
    check('event schemas among the inputs are skipped', graph(example + [schema]) == graph(example))
    rc, out, err = graph(['--help'])
    check('help', rc == 0 and 'usage: eventc graph' in out and 'mermaid' in out, out)


def main():
    for name, files in CASES.items():
        test_case(name, files)
    test_committed_svg_is_current()
    bad = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'eventc-graph-bad-%d.yaml' % os.getpid())
    with open(bad, 'w') as f:
        f.write('rules:\n- Name: r\n  EventPattern: {source: []}\n')
    try:
        test_usage(bad)
    finally:
        os.unlink(bad)
    print('graph: %d failures' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
