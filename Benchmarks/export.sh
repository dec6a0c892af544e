#!/usr/bin/env bash
# Export benchmark: `ticketjobs export` of a store beside the sqlite3 shell writing the same table as CSV
# (`.mode csv`, the same order, no formula guard, no attributes' columns). The store is made once per size by
# importing a generated export; ORDER=random (the default: the generator's rows are in no order of creation) or
# ORDER=created (the rows imported in order of creation, as a help desk's export lists them: the table's pages are
# then read in order). Each pair runs RUNS times (default 5), alternating; prints the medians, their ratio and our
# peak memory. BASELINE_BIN=path runs another build in the same alternation.
# Usage: [RUNS=n] [ORDER=random|created] [BASELINE_BIN=path] Benchmarks/export.sh [ROWS...]   (default: 1000000)
set -euo pipefail
source "$(dirname "$0")/common.sh"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000)
BASELINE=${BASELINE_BIN:-}
ORDER=${ORDER:-random}
elapsed() { local t0; t0=$(date +%s.%N); "$@"; echo "$(date +%s.%N) - $t0" | bc -l; }
ours() { /usr/bin/time -f '%M' -o "$DATA/rss" "$1" export --db "$2" --out "$DATA/export.csv" --json >/dev/null 2>"$DATA/stderr" || { cat "$DATA/stderr"; exit 1; }; }
shell() { sqlite3 -csv -header "$1" "SELECT * FROM tickets ORDER BY created_at, external_id" > "$DATA/shell.csv"; }
trap 'rm -f "$DATA"/export-store.sqlite* "$DATA"/export.csv "$DATA"/shell.csv "$DATA"/ordered.csv' EXIT
printf '%-9s %-8s %-12s %-10s %-7s %-12s %-11s %-11s\n' rows order ticketjobs_s sqlite3_s ratio peak_rss_MB baseline_s vs_baseline
for n in "${sizes[@]}"; do
  csv="$DATA/tickets-$n.csv"
  [ -f "$csv" ] || python3 Benchmarks/generate_tickets.py "$n" "$csv"
  rm -f "$DATA"/export-store.sqlite*
  "$BIN" import "$csv" --db "$DATA/export-store.sqlite" >/dev/null 2>&1
  if [ "$ORDER" = created ]; then
    # The store's own export is in order of creation: imported again, its rows lie in that order.
    "$BIN" export --db "$DATA/export-store.sqlite" --out "$DATA/ordered.csv" >/dev/null 2>&1
    rm -f "$DATA"/export-store.sqlite*
    "$BIN" import "$DATA/ordered.csv" --db "$DATA/export-store.sqlite" >/dev/null 2>&1
  fi
  a=(); b=(); c=(); peak=0
  for _ in $(seq "$runs"); do
    a+=("$(elapsed ours "$BIN" "$DATA/export-store.sqlite")")
    rss=$(( $(cat "$DATA/rss") / 1024 )); [ "$rss" -gt "$peak" ] && peak=$rss
    b+=("$(elapsed shell "$DATA/export-store.sqlite")")
    if [ -n "$BASELINE" ]; then c+=("$(elapsed ours "$BASELINE" "$DATA/export-store.sqlite")"); fi
  done
  ma=$(printf '%s\n' "${a[@]}" | median); mb=$(printf '%s\n' "${b[@]}" | median)
  if [ -n "$BASELINE" ]; then
    mc=$(printf '%s\n' "${c[@]}" | median)
    printf '%-9s %-8s %-12.2f %-10.2f %-7.2f %-12s %-11.2f %-11.2f\n' "$n" "$ORDER" "$ma" "$mb" "$(echo "$ma / $mb" | bc -l)" "$peak" "$mc" "$(echo "$ma / $mc" | bc -l)"
  else
    printf '%-9s %-8s %-12.2f %-10.2f %-7.2f %-12s %-11s %-11s\n' "$n" "$ORDER" "$ma" "$mb" "$(echo "$ma / $mb" | bc -l)" "$peak" - -
  fi
done
