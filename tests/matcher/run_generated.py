#!/usr/bin/env python3
"""Generates matchers (gen_matchers), compiles them with the C compiler, runs them vs the interpreter.
Usage: run_generated.py WORKDIR GEN CHECK_MAIN RUNTIME_INCLUDE LIBEVENTC CFLAGS -- GEN_ARGS... [--stack=BYTES]
    [--matcher=code|tables]
--stack runs the generated matchers in a thread with a stack of that size; --matcher forces the dispatch form
of every matcher (eventc compile --matcher)."""
import os, shlex, subprocess, sys

work, gen, check_main, inc, lib, cflags = sys.argv[1:7]
gen_args = [a for a in sys.argv[8:] if not a.startswith(('--stack=', '--matcher='))]
gen_opts = [a for a in sys.argv[8:] if a.startswith('--matcher=')]
check_args = [a[len('--stack='):] for a in sys.argv[8:] if a.startswith('--stack=')]
os.makedirs(work, exist_ok=True)
out_c, out_data, exe = (os.path.join(work, n) for n in ('matchers.c', 'cases.data', 'check'))
subprocess.run([gen] + gen_opts + [gen_args[0], out_c, out_data] + gen_args[1:], check=True)
cc = shlex.split(os.environ.get('CC', 'cc'))
cmd = cc + shlex.split(cflags) + ['-I', inc, out_c, check_main, lib, '-lm', '-pthread', '-o', exe]
r = subprocess.run(cmd, capture_output=True, text=True)
if r.returncode != 0:
    print(' '.join(cmd))
    print(r.stderr[:20000])
    sys.exit(1)
sys.exit(subprocess.run([exe, out_data] + check_args).returncode)
