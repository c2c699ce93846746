#!/usr/bin/env python3
"""event-ruler differential samples: the interpreter against event-ruler's answers (deviations listed),
then the generated matchers against the interpreter on every case; one closing tally.
Usage: ruler_diff.py CONF_RULER_DIFF RUN_GENERATED WORKDIR GEN CHECK_MAIN INCLUDE LIBEVENTC CFLAGS SAMPLE [--matcher=FORM]"""
import re, subprocess, sys

conf, run_generated, work, gen, check_main, inc, lib, cflags, sample = sys.argv[1:10]
gen_opts = sys.argv[10:]  # --matcher=FORM, handed to run_generated


def tally(out, pattern):
    m = re.findall(pattern, out)
    return tuple(int(x) for x in m[-1]) if m else None


interp = subprocess.run([conf], capture_output=True, text=True)
print(interp.stdout, end='')
print(interp.stderr, end='', file=sys.stderr)
generated = subprocess.run([sys.executable, run_generated, work, gen, check_main, inc, lib, cflags, '--',
                            'conformance', sample] + gen_opts, capture_output=True, text=True)
print(generated.stdout, end='')
print(generated.stderr, end='', file=sys.stderr)
a = tally(interp.stdout, r'(\d+) passed, (\d+) failed, (\d+) skipped')
b = tally(generated.stdout, r'^(\d+) passed, (\d+) failed$'.replace('^', '(?m)^', 1))
if not a or not b:
    print('ruler-diff: a runner did not finish')
    sys.exit(1)
passed, failed, skipped = a[0], a[1] + b[1], a[2]
print('generated matchers vs interpreter: %d agree, %d disagree' % b)
print('event-ruler-differential: %d passed, %d failed, %d skipped' % (passed, failed, skipped))
sys.exit(1 if failed or interp.returncode or generated.returncode else 0)
