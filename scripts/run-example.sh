#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds, and runs the ticket-processing example.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" "$root/build"
ninja -C "$root/build" examples/ticket-processing/ticket-processing
"$root/build/examples/ticket-processing/ticket-processing" "$root/examples/ticket-processing/events.ndjson"
# The same bus over three processes (one producer, two workers) when nats-server is installed.
if command -v nats-server >/dev/null &&
  ninja -C "$root/build" -t targets all | grep '^examples/ticket-processing-nats/ticket-nats:' >/dev/null; then
  ninja -C "$root/build" examples/ticket-processing-nats/ticket-nats
  "$root/examples/ticket-processing-nats/run.sh" "$root/build/examples/ticket-processing-nats/ticket-nats" \
    "$root/examples/ticket-processing/events.ndjson"
fi
