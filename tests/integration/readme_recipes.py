#!/usr/bin/env python3
"""Builds the README's own project with its meson, CMake and make recipes from an installed prefix, as a user would.

The README's "Integration with build systems" section marks each file of the project (and the
program's expected output) with an HTML comment `<!-- readme-recipe: NAME -->` before its code
block. This test installs the build under test into a temporary prefix (meson install --destdir),
writes the marked files into a fresh directory per build system, builds and runs the program with
only that prefix on PATH, PKG_CONFIG_PATH and CMAKE_PREFIX_PATH, then edits rules.yaml and checks
that the rebuild regenerated the code (the program's output changes accordingly).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SRC = os.environ['EVENTC_SOURCE_ROOT']
BUILD = os.environ['EVENTC_BUILD_ROOT']
SANITIZE = os.environ.get('EVENTC_SANITIZE', 'none')
PROJECT_FILES = ('rules.yaml', 'schemas/order.json', 'main.c')
RECIPES = {
    'meson': ('meson.build', [['meson', 'setup', 'build'], ['ninja', '-C', 'build']], 'build/app'),
    'cmake': ('CMakeLists.txt', [['cmake', '-S', '.', '-B', 'build'], ['cmake', '--build', 'build']], 'build/app'),
    'make': ('Makefile', [['make']], 'app'),
}
# The edit made to rules.yaml, and the same change expected in the program's output.
EDIT_FROM, EDIT_TO = 'EUR', 'USD'
MARKER = re.compile(r'<!-- readme-recipe: (\S+) -->\n```[^\n]*\n(.*?)^```', re.S | re.M)
results = {'passed': 0, 'failed': 0}


def check(name, cond, detail=''):
    results['passed' if cond else 'failed'] += 1
    if not cond:
        print('FAIL %s\n%s' % (name, detail))
    return cond


def sh(args, cwd, env):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def readme_blocks():
    """{name: text} of every marked block of README.md."""
    with open(os.path.join(SRC, 'README.md')) as f:
        return {name: text for name, text in MARKER.findall(f.read())}


def build_option(options, name):
    return next(o['value'] for o in options if o['name'] == name)


def install(destdir):
    """Installs the build under test into destdir; returns (prefix, libdir) as installed there."""
    p = subprocess.run(['meson', 'introspect', '--buildoptions', BUILD], capture_output=True, text=True, timeout=60)
    options = json.loads(p.stdout)
    prefix = destdir + build_option(options, 'prefix')
    p = subprocess.run(['meson', 'install', '-C', BUILD, '--destdir', destdir, '--no-rebuild', '--quiet'],
                       capture_output=True, text=True, timeout=300)
    if not check('meson install --destdir', p.returncode == 0, p.stdout + p.stderr):
        return None, None
    return prefix, os.path.join(prefix, build_option(options, 'libdir'))


def abi_version():
    with open(os.path.join(SRC, 'runtime', 'include', 'eventc', 'version.h')) as f:
        return re.search(r'#define EVC_ABI_VERSION (\d+)', f.read()).group(1)


def user_env(prefix, libdir):
    """The environment the README tells users to set for a prefix outside the system's paths."""
    env = dict(os.environ)
    env['PATH'] = os.path.join(prefix, 'bin') + os.pathsep + env['PATH']
    env['PKG_CONFIG_PATH'] = os.path.join(libdir, 'pkgconfig')
    env['CMAKE_PREFIX_PATH'] = prefix
    env['LD_LIBRARY_PATH'] = libdir
    if SANITIZE not in ('', 'none'):  # a sanitized libeventc needs the sanitizer runtime in the program
        env['CFLAGS'] = env['LDFLAGS'] = '-fsanitize=' + SANITIZE
    return env


def check_package(prefix, libdir, env):
    """The installed files the README's table lists, where users' tools look for them."""
    so = os.path.join(libdir, 'libeventc.so.' + abi_version())
    check('shared library named by the ABI version', os.path.isfile(so), so)
    check('static library', os.path.isfile(os.path.join(libdir, 'libeventc.a')))
    check('CMake package', os.path.isfile(os.path.join(libdir, 'cmake', 'eventc', 'eventcConfig.cmake')))
    check_man_page(prefix, env)
    p = sh(['pkg-config', '--static', '--libs', 'eventc'], prefix, env)
    check('pkg-config --static adds SQLite', p.returncode == 0 and '-lsqlite3' in p.stdout, p.stdout + p.stderr)
    p = sh(['pkg-config', '--variable=eventc', 'eventc'], prefix, env)
    compiler = p.stdout.strip()
    check('eventc.pc names the installed compiler',
          os.path.isfile(compiler) and os.path.samefile(compiler, os.path.join(prefix, 'bin', 'eventc')), compiler)


def check_man_page(prefix, env):
    """eventc(1) is installed and has a section for every command `eventc --help` lists."""
    man = os.path.join(prefix, 'share', 'man', 'man1', 'eventc.1')
    if not check('man page eventc(1) installed', os.path.isfile(man), man):
        return
    with open(man) as f:
        page = f.read()
    listing = sh(['eventc', '--help'], prefix, env).stdout.split('Commands:\n', 1)[-1].split('\n\n', 1)[0]
    commands = [line.split()[0] for line in listing.splitlines() if line.strip()]
    missing = [c for c in commands if '.SS "eventc %s"' % c not in page]
    check('man page documents every command', '.TH EVENTC 1' in page and commands and not missing,
          'commands %s, missing %s' % (commands, missing))


def write_project(d, blocks, build_file):
    for name in PROJECT_FILES + (build_file,):
        path = os.path.join(d, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(blocks[name])


def build_and_run(kind, d, steps, app, env):
    """Runs the build steps then the program; returns its output, or None after a failure."""
    for step in steps:
        p = sh(step, d, env)
        if not check('%s: %s' % (kind, ' '.join(step)), p.returncode == 0, p.stdout + p.stderr):
            return None
    p = sh([os.path.join(d, app)], d, env)
    return p.stdout if check('%s: ./%s' % (kind, app), p.returncode == 0, p.stdout + p.stderr) else None


def edit_rules(d):
    path = os.path.join(d, 'rules.yaml')
    with open(path) as f:
        text = f.read()
    time.sleep(1.1)  # coarse file-system timestamps: the edit must be newer than the generated code
    with open(path, 'w') as f:
        f.write(text.replace(EDIT_FROM, EDIT_TO))


def run_recipe(kind, blocks, env):
    build_file, steps, app = RECIPES[kind]
    expected = blocks['output']
    with tempfile.TemporaryDirectory(prefix='eventc-readme-%s-' % kind) as d:
        write_project(d, blocks, build_file)
        out = build_and_run(kind, d, steps, app, env)
        if out is None or not check('%s: output is the README\'s' % kind, out == expected, out):
            return
        edit_rules(d)
        out = build_and_run(kind + ' rebuild', d, steps[-1:], app, env)
        want = expected.replace(EDIT_FROM, EDIT_TO)
        check('%s: rebuild regenerated the code from the edited rules.yaml' % kind, out == want,
              'got %r, want %r' % (out, want))


def main():
    blocks = readme_blocks()
    needed = PROJECT_FILES + ('output',) + tuple(r[0] for r in RECIPES.values())
    missing = [n for n in needed if n not in blocks]
    ok = check('README marks every file of the project', not missing, 'missing: %s' % missing)
    ok = ok and check('README\'s rules.yaml and output have %s to edit' % EDIT_FROM,
                      EDIT_FROM in blocks['rules.yaml'] and EDIT_FROM in blocks['output'])
    tools = [t for t in ('meson', 'ninja', 'cmake', 'make', 'pkg-config') if not shutil.which(t)]
    ok = ok and check('build tools installed (scripts/setup.sh)', not tools, 'missing: %s' % tools)
    if ok:
        with tempfile.TemporaryDirectory(prefix='eventc-prefix-') as destdir:
            prefix, libdir = install(destdir)
            if prefix:
                env = user_env(prefix, libdir)
                check_package(prefix, libdir, env)
                for kind in RECIPES:
                    run_recipe(kind, blocks, env)
    print('readme-recipes: %d passed, %d failed' % (results['passed'], results['failed']))
    return 1 if results['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
