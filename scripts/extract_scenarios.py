#!/usr/bin/env python3
"""Copies the rule and schema snippets of docs/scenarios.md into tests/data/scenarios/, one file each.

usage: extract_scenarios.py SCENARIOS.md OUTDIR

Every ```yaml block and every ```json block that is not an event instance (one whose
"detail-type" is a string) becomes OUTDIR/NN-LINE.EXT, NN counting the blocks of the document
and LINE the line of the opening fence, so a reader finds the snippet in the source.
Code in other languages (python, typescript) is not a rule file and is left out.
"""
import os
import re
import sys

FENCE = re.compile(r'^```(\w*)\s*$')
EVENT_INSTANCE = re.compile(r'"detail-type"\s*:\s*"')


def blocks(lines):
    """Yields (index, line, language, text) of every fenced block."""
    index, start, lang, body = 0, None, None, []
    for n, line in enumerate(lines, 1):
        m = FENCE.match(line)
        if start is None and m:
            index, start, lang, body = index + 1, n, m.group(1), []
        elif start is not None and line.rstrip() == '```':
            yield index, start, lang, ''.join(body)
            start = None
        elif start is not None:
            body.append(line)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().split('\n')[2])
    with open(sys.argv[1], encoding='utf-8') as f:
        lines = f.readlines()
    os.makedirs(sys.argv[2], exist_ok=True)
    for index, line, lang, text in blocks(lines):
        if lang not in ('yaml', 'json') or (lang == 'json' and EVENT_INSTANCE.search(text)):
            continue
        name = os.path.join(sys.argv[2], '%02d-L%04d.%s' % (index, line, lang))
        with open(name, 'w', encoding='utf-8') as f:
            f.write(text)
        print(name)


if __name__ == '__main__':
    main()
