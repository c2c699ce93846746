#!/usr/bin/env python3
"""The NATS transport's benchmark (meson benchmark nats_bench): events/s end to end (first put to
last callback) with 1, 2 and 4 worker processes, the publisher's put latency percentiles, and the
same load on the in-process bus beside it. Usage: bench.py NODE; EVENTC_NATS_BENCH_EVENTS sets the
event count (default 10000; every event goes to Fulfil, every other one to Audit too)."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

NODE = sys.argv[1]
EVENTS = int(os.environ.get('EVENTC_NATS_BENCH_EVENTS', '10000'))
SCRIPT = os.path.join(os.environ.get('EVENTC_SOURCE_ROOT', '.'), 'scripts', 'nats-server.sh')
DELIVERIES = EVENTS + EVENTS // 2


def server(cmd, work):
    r = subprocess.run([SCRIPT, cmd, os.path.join(work, 'server')], capture_output=True, text=True)
    if r.returncode == 77:
        print('nats-server is not installed: skipped')
        sys.exit(77)
    if r.returncode != 0:
        sys.exit('nats-server.sh %s failed: %s' % (cmd, r.stderr))
    return r.stdout.strip()


def callbacks(paths):
    n = 0
    for p in paths:
        if os.path.exists(p):
            with open(p) as f:
                n += sum(1 for line in f if line.startswith('C '))
    return n


def one_run(url, work, nworkers):
    prefix = 'bench%d' % nworkers
    recs = [os.path.join(work, '%s.w%d.rec' % (prefix, i)) for i in range(nworkers)]
    workers = [subprocess.Popen([NODE, 'work', url, prefix, r, r + '.metrics', '64', 'clean']) for r in recs]
    time.sleep(0.5)  # workers joined: the clock below measures delivery, not start-up
    start = time.time()
    out = subprocess.run([NODE, 'produce', url, prefix, str(EVENTS)], capture_output=True, text=True,
                         check=True).stdout
    until = time.time() + 300
    while callbacks(recs) < DELIVERIES and time.time() < until:
        time.sleep(0.05)
    secs = time.time() - start
    for w in workers:
        w.send_signal(signal.SIGTERM)
        w.wait()
    put = next(l.split() for l in out.split('\n') if l.startswith('put '))
    return secs, put


def main():
    work = tempfile.mkdtemp(prefix='eventc-bench-')
    try:
        url = server('start', work)
        inproc = subprocess.run([NODE, 'inproc', str(EVENTS)], capture_output=True, text=True, check=True).stdout.split()
        print('%d events (%d deliveries), %d cores' % (EVENTS, DELIVERIES, os.cpu_count()))
        print('in-process bus:      %9.0f events/s   put p50 %.3f ms  p90 %.3f ms  p99 %.3f ms (delivery included)'
              % (EVENTS / float(inproc[2]), float(inproc[3]), float(inproc[4]), float(inproc[5])))
        for nworkers in (1, 2, 4):
            secs, put = one_run(url, work, nworkers)
            print('NATS, %d worker(s):  %9.0f events/s end to end; publish %.0f events/s, put p50 %.3f ms  '
                  'p90 %.3f ms  p99 %.3f ms' % (nworkers, EVENTS / secs, EVENTS / float(put[2]),
                                                 float(put[3]), float(put[4]), float(put[5])))
    finally:
        server('stop', work)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
