#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test suite, then all of
# them again under AddressSanitizer + UndefinedBehaviorSanitizer, then each fuzz target briefly.
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

# Short fuzz runs: every libFuzzer target (clang, ASan + UBSan) for EVENTC_FUZZ_SECONDS (default 20) from its
# seed corpus, two at a time; any crash, leak, sanitizer report or differential mismatch fails the command.
fuzz_seconds=${EVENTC_FUZZ_SECONDS:-20}
fuzz_targets=(fuzz_match fuzz_rules fuzz_schema_compile fuzz_bus fuzz_schema fuzz_block_skip)
CC=clang "$root/scripts/setup.sh" "$root/build-fuzz"
ninja -C "$root/build-fuzz" "${fuzz_targets[@]/#/tests/fuzz/}"
fuzz_rc=0
for ((i = 0; i < ${#fuzz_targets[@]}; i += 2)); do
  pids=()
  for t in "${fuzz_targets[@]:i:2}"; do
    nice "$root/scripts/fuzz.sh" "$t" "$fuzz_seconds" "$root/build-fuzz" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || fuzz_rc=1; done
done
exit $fuzz_rc
