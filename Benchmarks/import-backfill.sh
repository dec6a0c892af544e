#!/usr/bin/env bash
# Backfill benchmark: an export of ROWS legacy tickets imported into a database that already holds STORED others
# (default 100,000), beside a first load of the same file into an empty database: the peer a large import into a
# populated store should stay near, since both suspend the indexes and rollup triggers and rebuild them at the
# end. Each run copies the same populated database afresh and starts after a sync; prints the medians, their
# ratio and the backfill's peak memory. BASELINE_BIN=path backfills with an earlier build in the same alternation
# (one that kept everything row by row, say). LOAD=n keeps n other processes busy on the CPU meanwhile, as
# import.sh does.
# Usage: [RUNS=n] [STORED=n] [LOAD=n] [BASELINE_BIN=path] Benchmarks/import-backfill.sh [ROWS...]   (default: 200000)
set -euo pipefail
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(200000)
STORED=${STORED:-100000}
[[ "$STORED" =~ ^[1-9][0-9]{0,8}$ ]] || { echo "STORED must be a whole number of tickets above 0, not '$STORED'" >&2; exit 2; }
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[1-9][0-9]{0,8}$ ]] || { echo "ROWS must be a whole number of rows above 0, not '$n'" >&2; exit 2; }
done
source "$(dirname "$0")/common.sh"
BASELINE=${BASELINE_BIN:-}
hogs=()
trap 'rm -f "$DATA"/backfill*.sqlite* "$DATA"/first.sqlite* "$DATA"/populated.sqlite*; [ ${#hogs[@]} -eq 0 ] || kill "${hogs[@]}" 2>/dev/null' EXIT
# A fresh copy of the populated database at $1.
populated() {
  rm -f "$1"*
  cp "$DATA/populated.sqlite" "$1"
}
printf '%-9s %-9s %-12s %-13s %-7s %-12s %-11s %-11s\n' rows stored backfill_s first_load_s ratio peak_rss_MB \
  baseline_s vs_baseline
for n in "${sizes[@]}"; do
  all="$DATA/tickets-$((STORED + n)).csv"
  [ -f "$all" ] || python3 Benchmarks/generate_tickets.py "$((STORED + n))" "$all"
  # Split by records, not lines (descriptions hold line breaks): the first STORED go in first, the rest are new.
  python3 - "$all" "$STORED" "$DATA/stored.csv" "$DATA/backfill.csv" <<'PY'
import csv, sys
source, stored = sys.argv[1], int(sys.argv[2])
with open(source, newline="", encoding="utf-8") as f, open(sys.argv[3], "w", newline="", encoding="utf-8") as a, \
        open(sys.argv[4], "w", newline="", encoding="utf-8") as b:
    rows = csv.reader(f)
    header = next(rows)
    first, rest = csv.writer(a), csv.writer(b)
    first.writerow(header)
    rest.writerow(header)
    for i, row in enumerate(rows):
        (first if i < stored else rest).writerow(row)
PY
  rm -f "$DATA"/populated.sqlite*
  "$BIN" import "$DATA/stored.csv" --db "$DATA/populated.sqlite" >/dev/null 2>"$DATA/stderr" || { cat "$DATA/stderr"; exit 1; }
  # Busy loops in processes of their own, from the first timed run to the end of the benchmark.
  while [ ${#hogs[@]} -lt "${LOAD:-0}" ]; do
    bash -c 'while :; do :; done' & hogs+=($!)
  done
  filled=(); first=(); base=(); peak=0
  for _ in $(seq "$runs"); do
    populated "$DATA/backfill.sqlite"
    filled+=("$(timed "$BIN" "$DATA/backfill.csv" "$DATA/backfill.sqlite")")
    rss=$(( $(cat "$DATA/rss") / 1024 )); [ "$rss" -gt "$peak" ] && peak=$rss
    rm -f "$DATA"/first.sqlite*
    first+=("$(timed "$BIN" "$DATA/backfill.csv" "$DATA/first.sqlite")")
    if [ -n "$BASELINE" ]; then
      populated "$DATA/backfill-baseline.sqlite"
      base+=("$(timed "$BASELINE" "$DATA/backfill.csv" "$DATA/backfill-baseline.sqlite")")
    fi
  done
  a=$(printf '%s\n' "${filled[@]}" | median); b=$(printf '%s\n' "${first[@]}" | median)
  if [ -n "$BASELINE" ]; then
    c=$(printf '%s\n' "${base[@]}" | median)
    printf '%-9s %-9s %-12.2f %-13.2f %-7.2f %-12s %-11.2f %-11.2f\n' "$n" "$STORED" "$a" "$b" "$(echo "$a / $b" | bc -l)" \
      "$peak" "$c" "$(echo "$a / $c" | bc -l)"
  else
    printf '%-9s %-9s %-12.2f %-13.2f %-7.2f %-12s\n' "$n" "$STORED" "$a" "$b" "$(echo "$a / $b" | bc -l)" "$peak"
  fi
done
