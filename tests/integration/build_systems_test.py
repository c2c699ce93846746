#!/usr/bin/env python3
"""Builds a small user program with make and with CMake through integration/, as a user would."""
import os
import shutil
import subprocess
import sys
import tempfile
import time

SRC = os.environ['EVENTC_SOURCE_ROOT']
BUILD = os.environ['EVENTC_BUILD_ROOT']
EVENTC = os.environ['EVENTC_EXE']
RUNTIME_LIB = os.path.join(BUILD, 'runtime', 'libeventc.a')
RUNTIME_INC = os.path.join(SRC, 'runtime', 'include')
SANITIZE = os.environ.get('EVENTC_SANITIZE', 'none')
# A sanitized libeventc needs the same sanitizer runtime in the user's program.
SAN_FLAGS = '' if SANITIZE in ('', 'none') else '-fsanitize=' + SANITIZE
results = {'passed': 0, 'failed': 0}

RULES = """eventc: 1
buses:
  - Name: shop
rules:
  - Name: big-orders
    EventBusName: shop
    EventPattern:
      source: [shop.orders]
      detail:
        total: [{numeric: [">", 100]}]
"""

MAIN = r"""
#include "bus.h"
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  const char *ev = argc > 1 ? argv[1] : "{}";
  bus_result_t r;
  evc_error_t err;
  if (bus_match_json(ev, strlen(ev), &r, &err) != 0) { printf("error %s\n", err.message); return 1; }
  for (uint32_t id = bus_result_next(&r, 0); id < bus_RULE_COUNT; id = bus_result_next(&r, id + 1))
    printf("%s\n", bus_rule_name(id));
  return 0;
}
"""

MAKEFILE = """EVENTC := {eventc}
include {src}/integration/eventc.mk
CFLAGS := -std=c99 -Wall -I{inc} -I$(EVENTC_OUT) {san}
$(eval $(call eventc_compile,bus,rules.yaml,bus))
app: main.o $(EVENTC_OUT)/bus.o
\t$(CC) {san} -o $@ $^ {lib} -lm
main.o: main.c $(EVENTC_OUT)/bus.h
$(EVENTC_OUT)/bus.o: $(EVENTC_OUT)/bus.c
"""

CMAKELISTS = """cmake_minimum_required(VERSION 3.20)
project(app C)
set(EVENTC {eventc})
list(APPEND CMAKE_MODULE_PATH {src}/integration)
include(EventcCompile)
eventc_compile(NAME bus PREFIX bus INPUTS rules.yaml)
add_executable(app main.c ${{bus_SOURCES}})
target_include_directories(app PRIVATE ${{bus_INCLUDE_DIR}} {inc})
target_link_libraries(app PRIVATE {lib} m)
target_compile_options(app PRIVATE {san})
target_link_options(app PRIVATE {san})
"""

BIG = '{"source":"shop.orders","detail":{"total":250}}'


def check(name, cond, detail=''):
    results['passed' if cond else 'failed'] += 1
    if not cond:
        print('FAIL %s %s' % (name, detail))


def sh(args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)


def write(path, text):
    with open(path, 'w') as f:
        f.write(text)


def retarget_rule(d):
    """Changes the rules so a rebuild must regenerate: the rule now wants totals > 1000."""
    time.sleep(1.1)  # coarse file-system timestamps
    write(os.path.join(d, 'rules.yaml'), RULES.replace('">", 100', '">", 1000'))


def project(kind, d):
    write(os.path.join(d, 'rules.yaml'), RULES)
    write(os.path.join(d, 'main.c'), MAIN)
    fmt = dict(eventc=EVENTC, src=SRC, inc=RUNTIME_INC, lib=RUNTIME_LIB, san=SAN_FLAGS)
    if kind == 'make':
        write(os.path.join(d, 'Makefile'), MAKEFILE.format(**fmt))
        return [['make', '-s', 'app']], os.path.join(d, 'app')
    write(os.path.join(d, 'CMakeLists.txt'), CMAKELISTS.format(**fmt))
    b = os.path.join(d, 'b')
    return [['cmake', '-S', d, '-B', b, '-DCMAKE_BUILD_TYPE=Release'], ['cmake', '--build', b]], os.path.join(b, 'app')


def run_kind(kind):
    if not shutil.which(kind):
        check(kind + ' available', False, '%s is not installed (scripts/setup.sh installs it)' % kind)
        return
    with tempfile.TemporaryDirectory() as d:
        steps, app = project(kind, d)
        for s in steps:
            p = sh(s, d)
            check('%s %s' % (kind, s[1]), p.returncode == 0, p.stdout + p.stderr)
        p = sh([app, BIG], d)
        check(kind + ' program matches', p.stdout == 'big-orders\n', p.stdout + p.stderr)
        retarget_rule(d)
        p = sh(steps[-1], d)
        check(kind + ' rebuild', p.returncode == 0, p.stdout + p.stderr)
        p = sh([app, BIG], d)
        check(kind + ' regenerated from the changed rules', p.stdout == '', p.stdout + p.stderr)


def main():
    for kind in ('make', 'cmake'):
        run_kind(kind)
    print('build-systems: %d passed, %d failed' % (results['passed'], results['failed']))
    return 1 if results['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
