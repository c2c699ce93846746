#!/usr/bin/env python3
"""Schema discovery benchmark: generates the CityLots stream once (cached in the build directory) and runs
bench_infer on it, which prints events/s. Usage: run_infer_bench.py BENCH_INFER GEN_CITYLOTS WORKDIR [N]"""
import gzip, os, shutil, subprocess, sys

bench, gen, work = sys.argv[1:4]
n = int(sys.argv[4]) if len(sys.argv) > 4 else int(os.environ.get('EVENTC_BENCH_EVENTS', '213068'))
os.makedirs(work, exist_ok=True)
path = os.path.join(work, 'citylots-%d.ndjson' % n)
if not os.path.exists(path):
    gz = path + '.gz'
    subprocess.run([sys.executable, gen, gz, str(n)], check=True)
    with gzip.open(gz, 'rb') as f, open(path + '.tmp', 'wb') as out:
        shutil.copyfileobj(f, out)
    os.replace(path + '.tmp', path)
sys.exit(subprocess.run([bench, path]).returncode)
