#!/usr/bin/env bash
# JSON import benchmark: `ticketjobs import --mapping zendesk` of Zendesk's API tickets (one a line, with their
# metric sets; Benchmarks/generate_zendesk.py) beside the sqlite3 shell reading the same lines and taking the
# same fields out with its JSON functions (json_extract, the rest kept by json_remove; no validation). Each
# pair runs RUNS times (default 5), alternating, into fresh databases, each after a sync; prints the medians,
# their ratio and our peak memory. BASELINE_BIN=path runs another build in the same alternation.
# Usage: [RUNS=n] [BASELINE_BIN=path] Benchmarks/import-json.sh [ROWS...]   (default: 100000)
set -euo pipefail
source "$(dirname "$0")/common.sh"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000)
BASELINE=${BASELINE_BIN:-}
elapsed() { local t0; t0=$(date +%s.%N); "$@"; echo "$(date +%s.%N) - $t0" | bc -l; }
shell() {
  sqlite3 "$DATA/shell.sqlite" ".mode ascii" ".separator $(printf '\x1f') \\n" "CREATE TABLE raw (line TEXT);" ".import $1 raw" \
    "CREATE TABLE tickets AS SELECT json_extract(line, '$.id') AS id, json_extract(line, '$.subject') AS title,
       json_extract(line, '$.description') AS description, json_extract(line, '$.priority') AS priority,
       json_extract(line, '$.status') AS status, json_extract(line, '$.created_at') AS created_at,
       json_extract(line, '$.metric_set.solved_at') AS resolved_at, json_extract(line, '$.via.channel') AS channel,
       json_extract(line, '$.assignee_id') AS assignee, json_extract(line, '$.group_id') AS group_id,
       json_remove(line, '$.id', '$.subject', '$.description', '$.priority', '$.status', '$.created_at',
         '$.assignee_id', '$.group_id') AS attributes
     FROM raw;" "DROP TABLE raw;" >/dev/null
}
ours() { /usr/bin/time -f '%M' -o "$DATA/rss" "$1" import "$2" --mapping zendesk --db "$3" --json >/dev/null 2>"$DATA/stderr" || { cat "$DATA/stderr"; exit 1; }; }
printf '%-9s %-6s %-12s %-10s %-7s %-12s %-11s %-11s\n' rows MB ticketjobs_s sqlite3_s ratio peak_rss_MB baseline_s vs_baseline
for n in "${sizes[@]}"; do
  file="$DATA/zendesk-$n.jsonl"
  [ -f "$file" ] || python3 Benchmarks/generate_zendesk.py "$n" "$file"
  mb=$(( $(stat -L -c %s "$file") / 1048576 ))
  a=(); b=(); c=(); peak=0
  for _ in $(seq "$runs"); do
    rm -f "$DATA"/bench.sqlite* "$DATA"/shell.sqlite* "$DATA"/baseline.sqlite*; sync
    a+=("$(elapsed ours "$BIN" "$file" "$DATA/bench.sqlite")")
    rss=$(( $(cat "$DATA/rss") / 1024 )); [ "$rss" -gt "$peak" ] && peak=$rss
    sync; b+=("$(elapsed shell "$file")")
    if [ -n "$BASELINE" ]; then sync; c+=("$(elapsed ours "$BASELINE" "$file" "$DATA/baseline.sqlite")"); fi
  done
  ma=$(printf '%s\n' "${a[@]}" | median); mb_=$(printf '%s\n' "${b[@]}" | median)
  if [ -n "$BASELINE" ]; then
    mc=$(printf '%s\n' "${c[@]}" | median)
    printf '%-9s %-6s %-12.2f %-10.2f %-7.2f %-12s %-11.2f %-11.2f\n' "$n" "$mb" "$ma" "$mb_" "$(echo "$ma / $mb_" | bc -l)" "$peak" "$mc" "$(echo "$ma / $mc" | bc -l)"
  else
    printf '%-9s %-6s %-12.2f %-10.2f %-7.2f %-12s %-11s %-11s\n' "$n" "$mb" "$ma" "$mb_" "$(echo "$ma / $mb_" | bc -l)" "$peak" - -
  fi
done
