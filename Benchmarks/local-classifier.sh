#!/usr/bin/env bash
# Local classifier benchmark: `ticketjobs classify --provider local` on a store of L labeled and U unlabeled
# tickets (default 400000 and 100000): training on the labeled ones plus labeling (database writes included).
# Prints seconds, tickets labeled per second and peak memory; with BASELINE_BIN (another build of ticketjobs)
# that build runs on an identical copy of the store too, and the last column is our time ÷ its time.
# Usage: [BASELINE_BIN=path] Benchmarks/local-classifier.sh [U] [L]
set -euo pipefail
cd "$(dirname "$0")/.."
unlabeled=${1:-100000}; labeled=${2:-400000}
BIN=.build/release/ticketjobs
# Built every time (make's build is incremental): a binary older than the sources would measure other code.
make --no-print-directory release >&2
DATA=Benchmarks/data; mkdir -p "$DATA"
total=$((unlabeled + labeled))
source_csv="$DATA/tickets-$total.csv"
[ -f "$source_csv" ] || python3 Benchmarks/generate_tickets.py "$total" "$source_csv"
csv="$DATA/local-$unlabeled-$labeled.csv"
if [ ! -f "$csv" ]; then
  # Every ticket labeled but an evenly spread U, whose category and priority are cleared.
  python3 - "$source_csv" "$csv" "$unlabeled" "$total" <<'PY'
import csv, random, sys
src, dst, unlabeled, total = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(7)
step = total / unlabeled
clear = {int(i * step) for i in range(unlabeled)}
with open(src, newline="", encoding="utf-8") as f, open(dst, "w", newline="", encoding="utf-8") as g:
    reader = csv.DictReader(f); writer = csv.DictWriter(g, fieldnames=reader.fieldnames); writer.writeheader()
    for i, row in enumerate(reader):
        if i in clear:
            row["category"] = row["priority"] = ""
        else:
            row["category"] = row["category"] or rng.choice(["billing", "technical", "account", "general"])
            row["priority"] = row["priority"] or rng.choice(["low", "medium", "high", "critical"])
        writer.writerow(row)
PY
fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$BIN" import "$csv" --db "$work/store.sqlite" >/dev/null 2>&1
# One run: a fresh copy of the imported store, classify, and "seconds peak_mb labeled".
run() {
  local bin=$1 db="$work/run.sqlite"
  rm -f "$db"*; cp "$work/store.sqlite" "$db"
  local t0 t1 peak
  t0=$(date +%s.%N)
  peak=$(/usr/bin/time -f %M "$bin" classify --provider local --db "$db" --json 2>&1 >"$work/summary.json" | tail -1)
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l) $((peak / 1024)) $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["labeled"])' "$work/summary.json")"
}
printf '%-10s %-9s %-9s %-10s %-8s %s\n' build seconds labeled tickets/s peak_mb "${BASELINE_BIN:+vs_baseline}"
read -r ours ours_peak ours_labeled <<<"$(run "$BIN")"
printf '%-10s %-9.1f %-9s %-10.0f %-8s\n' this "$ours" "$ours_labeled" "$(echo "$ours_labeled / $ours" | bc -l)" "$ours_peak"
if [ -n "${BASELINE_BIN:-}" ]; then
  read -r theirs theirs_peak theirs_labeled <<<"$(run "$BASELINE_BIN")"
  printf '%-10s %-9.1f %-9s %-10.0f %-8s %.2f\n' baseline "$theirs" "$theirs_labeled" "$(echo "$theirs_labeled / $theirs" | bc -l)" "$theirs_peak" "$(echo "$ours / $theirs" | bc -l)"
fi
