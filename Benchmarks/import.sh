#!/usr/bin/env bash
# Import benchmark: `ticketjobs import` beside the sqlite3 shell's `.import` of the same CSV into a table of
# the same columns (which validates nothing), on generated exports of several sizes. Prints times, the
# ratio and peak memory. Usage: Benchmarks/import.sh [ROWS...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/ticketjobs
[ -x "$BIN" ] || swift build -c release
DATA=Benchmarks/data
mkdir -p "$DATA"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
printf '%-9s %-8s %-12s %-12s %-7s %-14s\n' rows MB ticketjobs_s sqlite3_s ratio peak_rss_MB
for n in "${sizes[@]}"; do
  csv="$DATA/tickets-$n.csv"
  [ -f "$csv" ] || python3 Benchmarks/generate_tickets.py "$n" "$csv"
  mb=$(( $(stat -L -c %s "$csv") / 1048576 ))
  rm -f "$DATA"/bench.sqlite* "$DATA"/shell.sqlite*
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$DATA/rss" "$BIN" import "$csv" --db "$DATA/bench.sqlite" --json >/dev/null 2>"$DATA/stderr" || { cat "$DATA/stderr"; exit 1; }
  t1=$(date +%s.%N)
  sqlite3 "$DATA/shell.sqlite" "CREATE TABLE tickets (id TEXT, title TEXT, description TEXT, category TEXT, priority TEXT, status TEXT, created_at TEXT, resolved_at TEXT);" \
    ".mode csv" ".import --skip 1 $csv tickets"
  t2=$(date +%s.%N)
  ours=$(echo "$t1 - $t0" | bc -l); theirs=$(echo "$t2 - $t1" | bc -l)
  printf '%-9s %-8s %-12.2f %-12.2f %-7.2f %-14s\n' "$n" "$mb" "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)" "$(( $(cat "$DATA/rss") / 1024 ))"
done
