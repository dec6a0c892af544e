#!/usr/bin/env bash
# Taxonomy-change benchmark: `ticketjobs taxonomy set --map` moving every ticket's category to a new label, on a
# store of N generated tickets (default 1000000), beside the sqlite3 shell running the same moves as one UPDATE
# on a copy of the store with the rollups' triggers dropped (what rewriting the labels costs SQLite itself, with
# no rollup or index kept). Each side runs RUNS times (default 3), alternating, on fresh copies; prints the
# medians, their ratio and our peak memory. BASELINE_BIN=path runs another build in the same alternation.
# Usage: [RUNS=n] [BASELINE_BIN=path] Benchmarks/taxonomy.sh [ROWS]
set -euo pipefail
source "$(dirname "$0")/common.sh"
runs=${RUNS:-3}
n=${1:-1000000}
csv="$DATA/tickets-$n.csv"
[ -f "$csv" ] || python3 Benchmarks/generate_tickets.py "$n" "$csv"
store="$DATA/taxonomy-$n.sqlite"
[ -f "$store" ] || "$BIN" import "$csv" --db "$store" >/dev/null 2>&1
taxonomy="$DATA/taxonomy.yml"
cat >"$taxonomy" <<'YAML'
version: 1
categories: {money: "Payments", tech: "Technical", acct: "Accounts", other: "Anything else"}
priorities: {low: "l", medium: "m", high: "h", critical: "c"}
YAML
map=billing=money,technical=tech,account=acct,general=other
moves="UPDATE tickets SET category = CASE category WHEN 'billing' THEN 'money' WHEN 'technical' THEN 'tech'
  WHEN 'account' THEN 'acct' WHEN 'general' THEN 'other' END WHERE category IN ('billing', 'technical', 'account', 'general')"
elapsed() { local t0; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; echo "$(date +%s.%N) - $t0" | bc -l; }
fresh() { rm -f "$1" "$1"-wal "$1"-shm; cp "$store" "$1"; sync; }
ours=(); theirs=(); base=(); peak=0
for _ in $(seq "$runs"); do
  fresh "$DATA/taxonomy-ours.sqlite"
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$DATA/rss" "$BIN" taxonomy set "$taxonomy" --map "$map" --db "$DATA/taxonomy-ours.sqlite" >/dev/null
  ours+=("$(echo "$(date +%s.%N) - $t0" | bc -l)")
  rss=$(( $(cat "$DATA/rss") / 1024 )); [ "$rss" -gt "$peak" ] && peak=$rss
  fresh "$DATA/taxonomy-shell.sqlite"
  drops=$(sqlite3 "$DATA/taxonomy-shell.sqlite" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger'")
  sqlite3 "$DATA/taxonomy-shell.sqlite" "PRAGMA foreign_keys = OFF; $drops" && sync
  theirs+=("$(elapsed sqlite3 "$DATA/taxonomy-shell.sqlite" "PRAGMA foreign_keys = OFF; BEGIN; $moves; COMMIT;")")
  if [ -n "${BASELINE_BIN:-}" ]; then
    fresh "$DATA/taxonomy-base.sqlite"
    base+=("$(elapsed "$BASELINE_BIN" taxonomy set "$taxonomy" --map "$map" --db "$DATA/taxonomy-base.sqlite")")
  fi
done
rm -f "$DATA"/taxonomy-ours.sqlite* "$DATA"/taxonomy-shell.sqlite* "$DATA"/taxonomy-base.sqlite*
a=$(printf '%s\n' "${ours[@]}" | median); b=$(printf '%s\n' "${theirs[@]}" | median)
printf '%-9s %-12s %-12s %-7s %-12s' rows ticketjobs_s sqlite3_s ratio peak_rss_MB
[ -n "${BASELINE_BIN:-}" ] && printf ' %-11s %-11s' baseline_s vs_baseline
printf '\n%-9s %-12.2f %-12.2f %-7.2f %-12s' "$n" "$a" "$b" "$(echo "$a / $b" | bc -l)" "$peak"
if [ -n "${BASELINE_BIN:-}" ]; then
  c=$(printf '%s\n' "${base[@]}" | median)
  printf ' %-11.2f %-11.2f' "$c" "$(echo "$a / $c" | bc -l)"
fi
printf '\n'
