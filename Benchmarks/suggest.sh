#!/usr/bin/env bash
# `ticketjobs suggest --provider local`: one ticket's labels, process start and model load included, as an
# agent's tool would call it. Two stores: the fixtures' (a small model) and one of N generated labeled tickets
# (default 100000: a model that has seen most feature buckets), each trained once by `classify --provider local`.
# Prints the median and p90 of R runs (default 30) per store, beside `ticketjobs --version` (process start
# alone) and `sqlite3 STORE 'SELECT 1'` run the same way; the target is a median under 50 ms.
# Usage: Benchmarks/suggest.sh [N] [R]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}; runs=${2:-30}
BIN=.build/release/ticketjobs
# Built every time (make's build is incremental): a binary older than the sources would measure other code.
make --no-print-directory release >&2
DATA=Benchmarks/data; mkdir -p "$DATA"
source_csv="$DATA/tickets-$n.csv"
[ -f "$source_csv" ] || python3 Benchmarks/generate_tickets.py "$n" "$source_csv"
small="$DATA/suggest-fixtures.sqlite"; large="$DATA/suggest-$n.sqlite"
if [ ! -f "$small" ]; then
  "$BIN" import fixtures/tickets.csv --db "$small" >/dev/null 2>&1 || true
  "$BIN" classify --provider local --db "$small" >/dev/null 2>&1
fi
if [ ! -f "$large" ]; then
  "$BIN" import "$source_csv" --db "$large" >/dev/null 2>&1 || true
  # A few unlabeled tickets make classify train (and store) the model.
  printf 'id,title,description,created_at\nsuggest-1,Refund,charged twice,2026-11-01T00:00:00Z\n' > "$DATA/suggest-one.csv"
  "$BIN" import "$DATA/suggest-one.csv" --db "$large" >/dev/null 2>&1
  "$BIN" classify --provider local --db "$large" >/dev/null 2>&1
fi
python3 - "$BIN" "$small" "$large" "$runs" <<'PY'
import statistics, subprocess, sys, time
binary, small, large, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def timed(command):
    subprocess.run(command, capture_output=True, check=True)  # warm the page cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.9 * (len(samples) - 1))]
suggest = ["suggest", "--provider", "local", "--title", "Charged twice", "--description", "Please refund the duplicate charge", "--json"]
rows = [("ticketjobs --version (start only)", [binary, "--version"])]
for name, store in (("fixtures", small), ("large", large)):
    size = subprocess.run(["sqlite3", store, "SELECT training_size || ' tickets, ' || (length(parameters) / 1024) || ' KiB' FROM classifier_models ORDER BY id DESC LIMIT 1"], capture_output=True, text=True).stdout.strip()
    rows.append((f"sqlite3 SELECT 1 ({name})", ["sqlite3", store, "SELECT 1"]))
    rows.append((f"suggest, model of {size}", [binary, *suggest, "--db", store]))
start_median = None
print(f"{'command':55} {'median ms':>9} {'p90 ms':>7} {'÷ start':>7}")
for name, command in rows:
    median, p90 = timed(command)
    start_median = start_median or median
    print(f"{name:55} {median:9.1f} {p90:7.1f} {median / start_median:7.2f}")
PY
