#!/bin/sh
# Golden test: the schema part of the generated NAME.h / NAME.c for the scenario schemas, byte for byte.
# EVENTC_UPDATE_GOLDEN=1 rewrites the expected files; review the diff like code.
set -eu
eventc=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") root=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$root"
"$eventc" compile -o "$out" --name golden schemas/events/TicketCompleted.json \
  schemas/events/TicketCompletedEnvelope.yaml 2>"$out/stderr"
# from eventc's schema marker to the end of the schema part
sed -n '/^\/\* ---- event schemas ---- \*\/$/,/^#ifdef __cplusplus$/p' "$out/golden.h" | sed '$d' > "$out/schemas.h"
sed -n '/^\/\* ---- event schemas ---- \*\/$/,$p' "$out/golden.c" > "$out/schemas.c"
status=0
for f in schemas.h schemas.c stderr; do
  if [ "${EVENTC_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$out/$f" "tests/schema/golden/$f"
  elif ! diff -u "tests/schema/golden/$f" "$out/$f"; then
    status=1
  fi
done
exit $status
