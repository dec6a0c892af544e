#!/usr/bin/env bash
# Import benchmark: `ticketjobs import` beside the sqlite3 shell's `.import` of the same CSV into a table of
# the same columns (which validates nothing), on generated exports of several sizes. Each pair runs RUNS
# times (default 5), alternating, into fresh databases, each after a sync; prints the medians, their ratio, the
# highest peak memory, and each side's median CPU seconds (user + system): the machine's speed drifts, and the
# shell's system time with it (3.5 to 7.4 s for the same million rows within an hour), which moves the ratio of
# wall times where the code did not change. Usage: [RUNS=n] [COLUMNS=1] [LOAD=n] Benchmarks/import.sh [ROWS...]   (default: 100000 1000000)
# COLUMNS=1 uses exports that also fill assignee, group, channel, tags, first_response_at, satisfaction and two
# other columns (kept as attributes), and gives the shell's table those columns too.
# BASELINE_BIN=path runs another build (an earlier release, say) in the same alternation, and prints its
# median and this build's time against it.
# LOAD=n keeps n other processes busy on the CPU while timing (as a machine running other jobs at night is),
# e.g. LOAD=1 on two cores: the shell's `.import` uses one core, the import three threads.
set -euo pipefail
# TICKETJOBS_BIN: another build to measure (an earlier release, say).
source "$(dirname "$0")/common.sh"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
BASELINE=${BASELINE_BIN:-}
if [ -n "$BASELINE" ]; then
  printf '%-9s %-8s %-12s %-12s %-7s %-14s %-11s %-11s %-11s %-12s %-16s\n' rows MB ticketjobs_s sqlite3_s ratio \
    peak_rss_MB cpu_ours_s cpu_shell_s baseline_s vs_baseline baseline_rss_MB
else
  printf '%-9s %-8s %-12s %-12s %-7s %-14s %-11s %-11s\n' rows MB ticketjobs_s sqlite3_s ratio peak_rss_MB cpu_ours_s \
    cpu_shell_s
fi
hogs=()
for _ in $(seq 1 "${LOAD:-0}"); do
  # A busy loop in a process of its own, stopped when the benchmark ends.
  bash -c 'while :; do :; done' & hogs+=($!)
done
trap '[ ${#hogs[@]} -eq 0 ] || kill "${hogs[@]}" 2>/dev/null' EXIT
for n in "${sizes[@]}"; do
  if [ -n "${COLUMNS:-}" ]; then
    csv="$DATA/tickets-$n-columns.csv"
    [ -f "$csv" ] || python3 Benchmarks/generate_tickets.py --columns "$n" "$csv"
    extra=", assignee TEXT, grp TEXT, channel TEXT, tags TEXT, first_response_at TEXT, satisfaction TEXT, region TEXT, plan TEXT"
  else
    csv="$DATA/tickets-$n.csv"
    [ -f "$csv" ] || python3 Benchmarks/generate_tickets.py "$n" "$csv"
    extra=""
  fi
  mb=$(( $(stat -L -c %s "$csv") / 1048576 ))
  ours=(); theirs=(); base=(); oursCPU=(); theirsCPU=(); peak=0; basePeak=0
  for _ in $(seq "$runs"); do
    rm -f "$DATA"/bench.sqlite* "$DATA"/shell.sqlite*
    # Each side starts with no other run's pages still being written back to disk.
    sync
    t0=$(date +%s.%N)
    # A failing import must stop the benchmark, not look fast.
    /usr/bin/time -f '%M %U %S' -o "$DATA/rss" "$BIN" import "$csv" --db "$DATA/bench.sqlite" --json >/dev/null 2>"$DATA/stderr" || { cat "$DATA/stderr"; exit 1; }
    t1=$(date +%s.%N)
    sync
    t2=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$DATA/shell-cpu" sqlite3 "$DATA/shell.sqlite" "CREATE TABLE tickets (id TEXT, title TEXT, description TEXT, category TEXT, priority TEXT, status TEXT, created_at TEXT, resolved_at TEXT$extra);" \
      ".mode csv" ".import --skip 1 $csv tickets"
    t3=$(date +%s.%N)
    ours+=("$(echo "$t1 - $t0" | bc -l)"); theirs+=("$(echo "$t3 - $t2" | bc -l)")
    oursCPU+=("$(awk '{ print $2 + $3 }' "$DATA/rss")"); theirsCPU+=("$(awk '{ print $1 + $2 }' "$DATA/shell-cpu")")
    if [ -n "$BASELINE" ]; then
      rm -f "$DATA"/baseline.sqlite*
      sync
      t4=$(date +%s.%N)
      /usr/bin/time -f '%M' -o "$DATA/baseline-rss" "$BASELINE" import "$csv" --db "$DATA/baseline.sqlite" --json >/dev/null 2>"$DATA/stderr" || { cat "$DATA/stderr"; exit 1; }
      t5=$(date +%s.%N)
      base+=("$(echo "$t5 - $t4" | bc -l)")
      rss=$(( $(cat "$DATA/baseline-rss") / 1024 )); [ "$rss" -gt "$basePeak" ] && basePeak=$rss
    fi
    rss=$(( $(awk '{ print $1 }' "$DATA/rss") / 1024 )); [ "$rss" -gt "$peak" ] && peak=$rss
  done
  a=$(printf '%s\n' "${ours[@]}" | median); b=$(printf '%s\n' "${theirs[@]}" | median)
  ca=$(printf '%s\n' "${oursCPU[@]}" | median); cb=$(printf '%s\n' "${theirsCPU[@]}" | median)
  if [ -n "$BASELINE" ]; then
    c=$(printf '%s\n' "${base[@]}" | median)
    printf '%-9s %-8s %-12.2f %-12.2f %-7.2f %-14s %-11.2f %-11.2f %-11.2f %-12.2f %-16s\n' "$n" "$mb" "$a" "$b" \
      "$(echo "$a / $b" | bc -l)" "$peak" "$ca" "$cb" "$c" "$(echo "$a / $c" | bc -l)" "$basePeak"
  else
    printf '%-9s %-8s %-12.2f %-12.2f %-7.2f %-14s %-11.2f %-11.2f\n' "$n" "$mb" "$a" "$b" "$(echo "$a / $b" | bc -l)" \
      "$peak" "$ca" "$cb"
  fi
done
