#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS from its seed corpus (into a scratch copy); fails on any finding.
# usage: scripts/fuzz.sh TARGET SECONDS [BUILD_DIR]   (BUILD_DIR: a clang build, default build-fuzz)
# Prints one line: "TARGET: N runs in S s, cov C, ft F, corpus K, 0 findings". Crash/timeout inputs are kept
# in BUILD_DIR/fuzz-findings/TARGET/ and the libFuzzer log in BUILD_DIR/fuzz-logs/TARGET.log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS [BUILD_DIR]}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS [BUILD_DIR]}
build=${3:-$root/build-fuzz}
exe=$build/tests/fuzz/$target
src=$root/tests/fuzz
[ -x "$exe" ] || { echo "$target: not built ($exe); ninja -C $build tests/fuzz/$target" >&2; exit 2; }

# Inputs larger than this add time, not coverage (every seed is smaller).
case $target in
  fuzz_rules | fuzz_schema_compile) max_len=16384 ;;
  *) max_len=8192 ;;
esac

corpus=$(mktemp -d "${TMPDIR:-/tmp}/eventc-$target.XXXXXX")
trap 'rm -rf "$corpus"' EXIT
cp "$src/$target/corpus/"* "$corpus/"
findings=$build/fuzz-findings/$target
logs=$build/fuzz-logs
mkdir -p "$findings" "$logs"
log=$logs/$target.log

rc=0
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
  "$exe" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict="$src/$target.dict" -artifact_prefix="$findings/" "$corpus" >"$log" 2>&1 || rc=$?

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
units=$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")
if [ "$rc" -ne 0 ]; then
  echo "$target: FINDING after ${runs:-?} runs (exit $rc); log $log, input in $findings/"
  grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_|.*runtime error)' "$log" | head -5 || true
  exit 1
fi
echo "$target: ${runs:-?} runs in $seconds s, cov ${cov:-?}, ft ${ft:-?}, corpus ${units:-?}, 0 findings"
