#!/usr/bin/env bash
# Report benchmark: `ticketjobs report` for one week and one year over a generated database of N tickets,
# beside the sqlite3 shell running the four plain GROUP BY queries (day, category, priority, status) over
# the same period on the same file. Prints times and ratios. Usage: [COLUMNS=1] Benchmarks/report.sh [ROWS]
# (default 1000000)
# With BASELINE_BIN (another build of ticketjobs) and BASELINE_DB (a database of the same rows that build
# imported), that build's report is timed too, alternating with this one's, and the last column is ours ÷ its.
# LOAD=n keeps n other processes busy on the CPU while timing (as a machine running other jobs at night is),
# e.g. LOAD=1 on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/ticketjobs
# Built every time (make's build is incremental): a binary older than the sources would measure other code.
make --no-print-directory release >&2
n=${1:-1000000}
DATA=Benchmarks/data
mkdir -p "$DATA"
# COLUMNS=1: tickets that also have assignee, group, channel, tags, first response and satisfaction, so that the
# reports carry their breakdowns too.
suffix=${COLUMNS:+-columns}
csv="$DATA/tickets-$n$suffix.csv"
db="$DATA/report-$n$suffix.sqlite"
[ -f "$csv" ] || python3 Benchmarks/generate_tickets.py ${COLUMNS:+--columns} "$n" "$csv"
[ -f "$db" ] || "$BIN" import "$csv" --db "$db" >/dev/null 2>&1
# Opening the store once upgrades a database made by an earlier build, outside the timings.
"$BIN" report --period 2026-W10 --db "$db" --out "$(mktemp -d)" >/dev/null 2>&1
out=$(mktemp -d)
hogs=()
for _ in $(seq 1 "${LOAD:-0}"); do
  # A busy loop in a process of its own, stopped when the benchmark ends.
  bash -c 'while :; do :; done' & hogs+=($!)
done
trap '[ ${#hogs[@]} -eq 0 ] || kill "${hogs[@]}" 2>/dev/null; rm -rf "$out"' EXIT
# A command that fails stops the benchmark: a failing report would otherwise look fast.
time_once() {
  local t0 t1; t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$out/stderr" || { echo "failed: $*" >&2; cat "$out/stderr" >&2; return 1; }
  t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l
}
time_it() { for _ in 1 2 3 4 5; do time_once "$@"; done | sort -n | sed -n 3p; }
baseline=${BASELINE_BIN:-}
shell_queries() {
  local start=$1 end=$2
  sqlite3 "$db" "SELECT date(created_at,'unixepoch'), COUNT(*) FROM tickets WHERE created_at >= $start AND created_at < $end GROUP BY 1;" \
    "SELECT category, COUNT(*) FROM tickets WHERE created_at >= $start AND created_at < $end GROUP BY 1;" \
    "SELECT priority, COUNT(*) FROM tickets WHERE created_at >= $start AND created_at < $end GROUP BY 1;" \
    "SELECT status, COUNT(*) FROM tickets WHERE created_at >= $start AND created_at < $end GROUP BY 1;"
}
# Peak resident memory of one report, in MB.
peak_mb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1 / 1024}'; }
printf '%-8s %-14s %-14s %-12s %-7s %-8s %s\n' period timezone ticketjobs_s sqlite3_s ratio peak_mb "${baseline:+baseline_s vs_baseline}"
for spec in "week 2026-W10 UTC $(date -ud 2026-03-02 +%s) $(date -ud 2026-03-09 +%s)" \
            "week 2026-W10 Europe/Berlin $(date -ud 2026-03-02 +%s) $(date -ud 2026-03-09 +%s)" \
            "year 2025-11-01..2026-10-31 UTC $(date -ud 2025-11-01 +%s) $(date -ud 2026-11-01 +%s)" \
            "year 2025-11-01..2026-10-31 Europe/Berlin $(date -ud 2025-11-01 +%s) $(date -ud 2026-11-01 +%s)"; do
  set -- $spec
  if [ -n "$baseline" ]; then
    # Alternating runs, so that a slower minute of the machine costs both builds alike.
    pairs=$(for _ in 1 2 3 4 5 6 7; do
      echo "$(time_once "$BIN" report --period "$2" --timezone "$3" --db "$db" --out "$out") $(time_once "$baseline" report --period "$2" --timezone "$3" --db "$BASELINE_DB" --out "$out")"
    done)
    ours=$(echo "$pairs" | awk '{print $1}' | sort -n | sed -n 4p)
    before=$(echo "$pairs" | awk '{print $2}' | sort -n | sed -n 4p)
  else
    ours=$(time_it "$BIN" report --period "$2" --timezone "$3" --db "$db" --out "$out")
  fi
  theirs=$(time_it shell_queries "$4" "$5")
  peak=$(peak_mb "$BIN" report --period "$2" --timezone "$3" --db "$db" --out "$out" --log-level error)
  printf '%-8s %-14s %-14.3f %-12.3f %-7.2f %-8s' "$1" "$3" "$ours" "$theirs" "$(echo "$ours / $theirs" | bc -l)" "$peak"
  [ -z "$baseline" ] || printf ' %-10.3f %.2f' "$before" "$(echo "$ours / $before" | bc -l)"
  printf '\n'
done
