#!/usr/bin/env bash
# Resumed-import benchmark: a first load of a generated export killed part-way (SIGKILL after BATCHES batches of
# 10,000 rows, injected by TICKETJOBS_FAULT_IMPORT_AFTER_BATCHES, as a systemd timeout or a crash would), then the
# import run again that completes it, beside an uninterrupted first load of the same file: the peer the resumed
# run should stay near. Each run starts from fresh databases after a sync; prints the medians (the completing run
# includes rebuilding what the killed load left suspended), their ratio, and the completing run's peak memory.
# BASELINE_BIN=path completes its own killed load in the same alternation.
# Usage: [RUNS=n] [BATCHES=n] [BASELINE_BIN=path] Benchmarks/import-resume.sh [ROWS...]   (default: 1000000, 44)
set -euo pipefail
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000)
BATCHES=${BATCHES:-44}
# Said before building: a load that ends before its kill leaves nothing to resume.
# At most nine digits: BATCHES × 10,000 must not overflow the shell's arithmetic.
[[ "$BATCHES" =~ ^[1-9][0-9]{0,8}$ ]] || { echo "BATCHES must be a whole number of batches of 10,000 rows (at most 999999999), not '$BATCHES'" >&2; exit 2; }
for n in "${sizes[@]}"; do
  [[ "$n" =~ ^[0-9]{1,15}$ ]] && [ "$n" -gt $((BATCHES * 10000)) ] \
    || { echo "ROWS must be a number above BATCHES × 10,000 ($((BATCHES * 10000))), not '$n': the load would end before its kill" >&2; exit 2; }
done
source "$(dirname "$0")/common.sh"
BASELINE=${BASELINE_BIN:-}
trap 'rm -f "$DATA"/resume*.sqlite* "$DATA"/first.sqlite* "$DATA"/baseline-resume.sqlite*' EXIT
# Kills the load of $2 by $1 into $3 after BATCHES commits; anything but that kill stops the benchmark.
killed() {
  local status=0
  TICKETJOBS_FAULT_IMPORT_AFTER_BATCHES=$BATCHES "$1" import "$2" --db "$3" >/dev/null 2>"$DATA/stderr" || status=$?
  [ "$status" -eq 137 ] || { echo "the killed load ended with $status, not 137:"; cat "$DATA/stderr"; exit 1; }
}
printf '%-9s %-8s %-13s %-13s %-7s %-12s %-11s %-11s\n' rows killed_at completing_s first_load_s ratio peak_rss_MB \
  baseline_s vs_baseline
for n in "${sizes[@]}"; do
  csv="$DATA/tickets-$n.csv"
  [ -f "$csv" ] || python3 Benchmarks/generate_tickets.py "$n" "$csv"
  resumed=(); first=(); base=(); peak=0
  for _ in $(seq "$runs"); do
    rm -f "$DATA"/resume*.sqlite* "$DATA"/first.sqlite* "$DATA"/baseline-resume.sqlite*
    killed "$BIN" "$csv" "$DATA/resume.sqlite"
    resumed+=("$(timed "$BIN" "$csv" "$DATA/resume.sqlite")")
    rss=$(( $(cat "$DATA/rss") / 1024 )); [ "$rss" -gt "$peak" ] && peak=$rss
    first+=("$(timed "$BIN" "$csv" "$DATA/first.sqlite")")
    if [ -n "$BASELINE" ]; then
      killed "$BASELINE" "$csv" "$DATA/baseline-resume.sqlite"
      base+=("$(timed "$BASELINE" "$csv" "$DATA/baseline-resume.sqlite")")
    fi
  done
  a=$(printf '%s\n' "${resumed[@]}" | median); b=$(printf '%s\n' "${first[@]}" | median)
  if [ -n "$BASELINE" ]; then
    c=$(printf '%s\n' "${base[@]}" | median)
    printf '%-9s %-8s %-13.2f %-13.2f %-7.2f %-12s %-11.2f %-11.2f\n' "$n" "$((BATCHES * 10000))" "$a" "$b" \
      "$(echo "$a / $b" | bc -l)" "$peak" "$c" "$(echo "$a / $c" | bc -l)"
  else
    printf '%-9s %-8s %-13.2f %-13.2f %-7.2f %-12s\n' "$n" "$((BATCHES * 10000))" "$a" "$b" "$(echo "$a / $b" | bc -l)" \
      "$peak"
  fi
done
