#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test suite, then all of
# them again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# Runs one build's suites and prints "LABEL: N passed, N failed" from meson's test log.
run_suites() {
  local label=$1 build=$2 rc=0
  shift 2
  meson test -C "$build" --print-errorlogs --num-processes "$(nproc)" "$@" || rc=$?
  python3 - "$label" "$build/meson-logs/testlog.json" <<'PY'
import json, sys
results = [json.loads(line)['result'] for line in open(sys.argv[2]) if line.strip()]
passed = sum(r in ('OK', 'EXPECTEDFAIL') for r in results)
print('%s: %d passed, %d failed' % (sys.argv[1], passed, len(results) - passed))
PY
  return $rc
}

"$root/scripts/setup.sh" "$root/build"
ninja -C "$root/build"
run_suites tests "$root/build"

"$root/scripts/setup.sh" "$root/build-sanitize" -Db_sanitize=address,undefined -Db_lundef=false
ninja -C "$root/build-sanitize"
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 run_suites sanitized "$root/build-sanitize" --timeout-multiplier 3
