#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds, and runs the ticket-processing example.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" "$root/build"
ninja -C "$root/build" examples/ticket-processing/ticket-processing
"$root/build/examples/ticket-processing/ticket-processing" "$root/examples/ticket-processing/events.ndjson"
