#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs every test suite, then all of
# them again under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" "$root/build"
ninja -C "$root/build"
meson test -C "$root/build" --print-errorlogs --num-processes "$(nproc)"

"$root/scripts/setup.sh" "$root/build-sanitize" -Db_sanitize=address,undefined -Db_lundef=false
ninja -C "$root/build-sanitize"
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C "$root/build-sanitize" --print-errorlogs --num-processes "$(nproc)" --timeout-multiplier 3
