#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" "$root/build"
ninja -C "$root/build"
meson test -C "$root/build" --print-errorlogs --num-processes "$(nproc)"
