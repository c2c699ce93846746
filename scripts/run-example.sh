#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds, and runs the ticket-processing example.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
build="$root/build"
if [ -f "$build/build.ninja" ]; then
  meson setup --reconfigure "$build" "$root" >/dev/null
else
  meson setup "$build" "$root" >/dev/null
fi
ninja -C "$build"
"$build/examples/ticket-processing/ticket-processing" "$root/examples/ticket-processing/events.ndjson"
