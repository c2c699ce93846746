#!/bin/sh
# `eventc validate`: valid events exit 0; invalid ones print "N: /pointer: keyword: reason" and exit 1.
set -u
eventc=$1 data=$2 schemas=$3
out=$("$eventc" validate -q "$schemas/TicketCompleted.json" < "$data/events-ticket.ndjson")
rc=$?
[ $rc -eq 0 ] && [ -z "$out" ] || { echo "valid events: rc=$rc output: $out"; exit 1; }
out=$("$eventc" validate "$schemas/TicketCompleted.json" < "$data/events-ticket-invalid.ndjson")
rc=$?
[ $rc -eq 1 ] || { echo "invalid events: rc=$rc, expected 1"; exit 1; }
printf '%s\n' "$out" | diff -u "$data/events-ticket-invalid.expected" - || exit 1
"$eventc" validate "$schemas/TicketCompletedEnvelope.yaml" --schema NoSuchSchema < /dev/null 2>/dev/null
[ $? -eq 2 ] || { echo "unknown --schema must exit 2"; exit 1; }
echo ok
