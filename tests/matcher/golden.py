#!/usr/bin/env python3
"""Golden, determinism, reordering and strict-warning tests of `eventc compile`'s matcher output.
Usage: golden.py EVENTC WORKDIR RUNTIME_INCLUDE LIBEVENTC LINK_FLAGS CC...   (EVENTC_UPDATE_GOLDEN=1 rewrites the goldens)"""
import difflib, os, re, shutil, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
eventc, work, include, libeventc, link_flags = sys.argv[1:6]
compilers = sys.argv[6:]
update = os.environ.get('EVENTC_UPDATE_GOLDEN') == '1'
strict = ['-std=c99', '-Wall', '-Wextra', '-Wpedantic', '-Wconversion', '-Wshadow', '-Werror']
failures = []


def compile_dir(src_dir, out_dir, extra=()):
    """Runs eventc compile in src_dir (relative input names keep the banner stable)."""
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    inputs = sorted(f for f in os.listdir(src_dir) if f.endswith(('.yaml', '.json')))
    subprocess.run([eventc, 'compile', '-o', out_dir, '--name', 'gen'] + list(extra) + inputs, cwd=src_dir, check=True)
    return [open(os.path.join(out_dir, 'gen' + ext)).read() for ext in ('.h', '.c')]


def matcher_sections(text, kind):
    """The matcher's own parts of a generated file (other emitters' output is not this test's)."""
    if kind == 'h':
        starts, end = r'/\* ---- matcher of bus ', r'/\* ---- end of matcher of bus .*\*/\n'
    else:
        starts, end = r'/\* ==== matcher of bus ', r'/\* ==== end of matcher of bus .*\*/\n'
    out = []
    for m in re.finditer('(' + starts + r'.*?' + end + ')', text, re.S):
        out.append(m.group(1))
    return '\n'.join(out)


def golden(case):
    src = os.path.join(here, 'golden', case)
    args_file = os.path.join(src, 'args')
    extra = open(args_file).read().split() if os.path.exists(args_file) else []
    h, c = compile_dir(src, os.path.join(work, case), extra)
    h2, c2 = compile_dir(src, os.path.join(work, case + '.again'), extra)
    if (h, c) != (h2, c2):
        failures.append('%s: two runs gave different bytes' % case)
    for kind, text in (('h', h), ('c', c)):
        got = matcher_sections(text, kind)
        path = os.path.join(src, 'expected.matcher.' + kind)
        if update:
            with open(path, 'w') as f:
                f.write(got)
            continue
        want = open(path).read() if os.path.exists(path) else ''
        if got != want:
            diff = difflib.unified_diff(want.splitlines(), got.splitlines(), path, 'generated', lineterm='')
            failures.append('%s: %s differs from the golden file (EVENTC_UPDATE_GOLDEN=1 regenerates):\n%s'
                            % (case, kind, '\n'.join(list(diff)[:60])))
    out_dir = os.path.join(work, case)
    for cc in compilers:
        for flags in ([], ['-DEVENTC_WITH_JANSSON']):
            cmd = [cc] + strict + flags + ['-I', out_dir, '-I', include, '-c', os.path.join(out_dir, 'gen.c'),
                                            '-o', os.path.join(out_dir, 'gen.o')]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0 or r.stderr:
                failures.append('%s: %s\n%s' % (case, ' '.join(cmd), r.stderr[:4000]))


def jansson_entry():
    """The jansson entry point matches what the JSON text entry point matches."""
    d = os.path.join(work, 'orders')
    exe = os.path.join(d, 'jansson_entry')
    cmd = [compilers[0] if compilers else 'cc', '-std=c99', '-DEVENTC_WITH_JANSSON', '-I', d, '-I', include,
           os.path.join(here, 'jansson_entry.c'), os.path.join(d, 'gen.c'), libeventc, '-ljansson', '-lm', '-o', exe] + link_flags.split()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        failures.append('jansson entry point: %s\n%s' % (' '.join(cmd), r.stderr[:3000]))
        return
    r = subprocess.run([exe], capture_output=True, text=True)
    if r.returncode != 0:
        failures.append('jansson entry point: ' + r.stdout)


def reorder():
    """Swapping two rules changes only their own lines and the ids."""
    src = os.path.join(here, 'reorder')
    moved = open(os.path.join(src, 'moved')).read().split()
    texts = []
    for variant in ('a', 'b'):
        d = os.path.join(work, 'reorder-' + variant)
        os.makedirs(d, exist_ok=True)
        shutil.copy(os.path.join(src, variant + '.yaml'), os.path.join(d, 'rules.yaml'))
        texts.append(compile_dir(d, os.path.join(d, 'out')))
    mention = re.compile('|'.join(r'(?<![A-Za-z0-9])%s(?![A-Za-z0-9])' % re.escape(n) for n in moved))
    for (a, b) in zip(texts[0], texts[1]):
        al, bl = a.splitlines(), b.splitlines()
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, al, bl, autojunk=False).get_opcodes():
            if op == 'equal':
                continue
            for line in al[i1:i2] + bl[j1:j2]:
                if not mention.search(line) and line.strip() not in ('', '{', '}', '};'):
                    failures.append('reorder: a line of an unmoved rule changed: %s' % line)


def depfile_and_failure():
    """--depfile names every input in Make syntax; a failing compile writes nothing."""
    d = os.path.join(work, 'dep dir')
    os.makedirs(d, exist_ok=True)
    src = os.path.join(here, 'golden', 'orders', 'rules.yaml')
    dep = os.path.join(d, 'gen.d')
    subprocess.run([eventc, 'compile', '-o', d, '--name', 'gen', '--depfile', dep, src], check=True)
    text = open(dep).read()
    want = '%s/gen.h %s/gen.c:' % (d.replace(' ', '\\ '), d.replace(' ', '\\ '))
    if not text.startswith(want) or src not in text:
        failures.append('depfile: unexpected contents:\n' + text)
    bad = os.path.join(d, 'bad.json')
    with open(bad, 'w') as f:
        f.write('{"detail": {"status": []}}')
    out = os.path.join(d, 'out')
    os.makedirs(out, exist_ok=True)
    r = subprocess.run([eventc, 'compile', '-o', out, '--name', 'gen', bad], capture_output=True, text=True)
    if r.returncode != 1 or os.listdir(out) or 'bad.json:1:' not in r.stderr:
        failures.append('failing compile: rc %d, wrote %s, stderr %s' % (r.returncode, os.listdir(out), r.stderr))


for case in sorted(os.listdir(os.path.join(here, 'golden'))):
    golden(case)
reorder()
jansson_entry()
depfile_and_failure()
for f in failures:
    print('FAIL', f)
print('%d golden cases, %d compilers, %d failures' % (len(os.listdir(os.path.join(here, 'golden'))), len(compilers),
                                                     len(failures)))
sys.exit(1 if failures else 0)
