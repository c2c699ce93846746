#!/usr/bin/env bash
# Runs the ticket-processing bus over three processes (one producer, two workers) against a throwaway nats-server -js.
# usage: run.sh [--expect EXPECTED] TICKET-NATS EVENTS.ndjson
# Prints the producer's lines, then every delivery of both workers sorted (which worker delivers
# which event varies from run to run; what is delivered does not). With --expect, compares that
# output with EXPECTED instead (EVENTC_UPDATE_GOLDEN=1 rewrites it). Exits 77 without nats-server.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
expect=
if [ "${1:-}" = --expect ]; then expect=$2; shift 2; fi
prog=$1
events=$2
dir=$(mktemp -d /tmp/eventc-ticket-nats-XXXXXX)
cleanup() {
  for pid in ${workers:-}; do kill "$pid" 2>/dev/null || true; done
  "$root/scripts/nats-server.sh" stop "$dir/server" || true
  rm -rf "$dir"
}
trap cleanup EXIT
set +e
url=$("$root/scripts/nats-server.sh" start "$dir/server")
rc=$?
set -e
if [ $rc -ne 0 ]; then exit $rc; fi

workers=
for name in worker-a worker-b; do
  "$prog" work "$url" "$name" "$dir/produced" >"$dir/$name.out" 2>"$dir/$name.err" &
  workers="$workers $!"
done
"$prog" produce "$url" "$events" >"$dir/producer.out"
touch "$dir/produced"
for pid in $workers; do wait "$pid"; done
workers=

{
  echo "== producer"
  cat "$dir/producer.out"
  echo "== deliveries of worker-a and worker-b, sorted"
  sort "$dir/worker-a.out" "$dir/worker-b.out"
} >"$dir/output.txt"
cat "$dir/worker-a.err" "$dir/worker-b.err" >&2

if [ -z "$expect" ]; then
  cat "$dir/output.txt"
elif [ "${EVENTC_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$dir/output.txt" "$expect"
else
  diff -u "$expect" "$dir/output.txt"
fi
