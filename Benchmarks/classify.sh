#!/usr/bin/env bash
# Classify benchmark: `ticketjobs classify` against a local fake Messages API that allows R requests a
# minute and answers after ~200 ms. Prints the achieved rate beside the allowed one, the share of 429s,
# and the classify process's peak memory. Run a large N (e.g. 100000 with a high R) as the soak test.
# Usage: Benchmarks/classify.sh [N tickets] [R requests/minute] [latency ms]   (default 600 600 200)
# BASELINE_BIN=path/to/other/ticketjobs ROUNDS=3 runs that build too, alternating, and prints the ratios.
# FAKE_ARGS go to the fake: its headers state 80,000 output tokens a minute (~2,000 requests), which the client
# obeys, so measuring the client's own throughput needs FAKE_ARGS="--headers no".
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-600}; rpm=${2:-600}; latency=${3:-200}
# Built every time (make's build is incremental): a binary older than the sources would measure other code.
make --no-print-directory release fake-anthropic >&2
DATA=Benchmarks/data; mkdir -p "$DATA"
csv="$DATA/unlabeled-$n.csv"; db="$DATA/classify-$n.sqlite"
if [ ! -f "$csv" ]; then
  python3 Benchmarks/generate_tickets.py "$n" "$csv.tmp"
  python3 - "$csv.tmp" "$csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as src, open(sys.argv[2], "w", newline="", encoding="utf-8") as dst:
    reader, writer = csv.DictReader(src), None
    for row in reader:
        row["category"] = row["priority"] = ""
        if writer is None:
            writer = csv.DictWriter(dst, fieldnames=reader.fieldnames); writer.writeheader()
        writer.writerow(row)
PY
  rm -f "$csv.tmp"
fi
# One run of binary $1 (label $2) on a fresh copy of the rows, against a fresh fake; prints its line.
run_one() {
  local bin=$1 label=$2
  rm -f "$db"*
  "$bin" import "$csv" --db "$db" >/dev/null 2>&1
  rm -f "$DATA/fake.url"
  # shellcheck disable=SC2086
  .build/release/fake-anthropic --rpm "$rpm" --latency-ms "$latency" --key bench ${FAKE_ARGS:-} > "$DATA/fake.url" &
  fake=$!
  for _ in $(seq 100); do [ -s "$DATA/fake.url" ] && break; sleep 0.1; done
  t0=$(date +%s.%N)
  ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL=$(cat "$DATA/fake.url") /usr/bin/time -f '%M %U %S' -o "$DATA/classify.rss" \
    "$bin" classify --db "$db" --rpm "$rpm" --itpm 1000000000 --otpm 1000000000 --concurrency 32 --json \
    > "$DATA/classify.json" 2>/dev/null || true
  t1=$(date +%s.%N)
  kill $fake 2>/dev/null; wait $fake 2>/dev/null || true
  python3 - "$DATA/classify.json" "$n" "$rpm" "$t0" "$t1" "$(cat "$DATA/classify.rss")" "$label" <<'PY' | tee -a "$DATA/classify.results"
import json, sys
summary = json.load(open(sys.argv[1])); n, rpm = int(sys.argv[2]), float(sys.argv[3])
elapsed = float(sys.argv[5]) - float(sys.argv[4]); ideal = n / rpm * 60
rss, user, system = sys.argv[6].split()
cpu_ms = (float(user) + float(system)) * 1000 / max(1, summary['requests'])
print(f"{sys.argv[7]}: tickets {n}, allowed {rpm:.0f}/min: {elapsed:.1f} s (ideal {ideal:.1f} s, {elapsed / ideal:.2f}x); "
      f"achieved {summary['requests'] / elapsed * 60:.0f} requests/min = {summary['requests'] / elapsed * 60 / rpm:.2f} of allowed; "
      f"429s {summary['rate_limited']} of {summary['requests']} ({100 * summary['rate_limited'] / max(1, summary['requests']):.2f}%); "
      f"labeled {summary['labeled']}, failed {summary['failed']}; peak memory {int(rss) // 1024} MB; "
      f"CPU {cpu_ms:.2f} ms/request")
PY
}

trap 'kill $fake 2>/dev/null' EXIT
: > "$DATA/classify.results"
# With BASELINE_BIN (another build of ticketjobs), both run ROUNDS times, alternating, and the medians are
# compared: the peer is measured on the same machine at the same moment.
rounds=${ROUNDS:-1}
for _ in $(seq "$rounds"); do
  run_one .build/release/ticketjobs this
  [ -n "${BASELINE_BIN:-}" ] && run_one "$BASELINE_BIN" baseline
done
if [ -n "${BASELINE_BIN:-}" ]; then
  python3 - "$DATA/classify.results" <<'PY'
import re, statistics, sys
runs = {"this": [], "baseline": []}
for line in open(sys.argv[1]):
    label = line.split(":")[0]
    elapsed = float(re.search(r"allowed \S+: ([0-9.]+) s", line).group(1))
    memory = int(re.search(r"peak memory (\d+) MB", line).group(1))
    cpu = float(re.search(r"CPU ([0-9.]+) ms/request", line).group(1))
    runs[label].append((elapsed, memory, cpu))
med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in runs.items()}
t, b = med["this"], med["baseline"]
print(f"medians of {len(runs['this'])}: elapsed {t[0]:.1f} s vs {b[0]:.1f} s ({t[0] / b[0]:.2f}x), "
      f"peak memory {t[1]:.0f} MB vs {b[1]:.0f} MB, CPU {t[2]:.2f} vs {b[2]:.2f} ms/request ({t[2] / b[2]:.2f}x)")
PY
fi
