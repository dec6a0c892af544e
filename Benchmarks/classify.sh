#!/usr/bin/env bash
# Classify benchmark: `ticketjobs classify` against a local fake Messages API that allows R requests a
# minute and answers after ~200 ms. Prints the achieved rate beside the allowed one, the share of 429s,
# and the classify process's peak memory. Run a large N (e.g. 100000 with a high R) as the soak test.
# Usage: Benchmarks/classify.sh [N tickets] [R requests/minute] [latency ms]   (default 600 600 200)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-600}; rpm=${2:-600}; latency=${3:-200}
[ -x .build/release/ticketjobs ] && [ -x .build/release/fake-anthropic ] || make --no-print-directory release
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
rm -f "$db"*
.build/release/ticketjobs import "$csv" --db "$db" >/dev/null 2>&1
.build/release/fake-anthropic --rpm "$rpm" --latency-ms "$latency" --key bench > "$DATA/fake.url" &
fake=$!
trap 'kill $fake 2>/dev/null' EXIT
for _ in $(seq 100); do [ -s "$DATA/fake.url" ] && break; sleep 0.1; done
t0=$(date +%s.%N)
ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL=$(cat "$DATA/fake.url") /usr/bin/time -f '%M' -o "$DATA/classify.rss" \
  .build/release/ticketjobs classify --db "$db" --rpm "$rpm" --itpm 1000000000 --otpm 1000000000 --concurrency 32 --json \
  > "$DATA/classify.json" 2>/dev/null
t1=$(date +%s.%N)
python3 - "$DATA/classify.json" "$n" "$rpm" "$t0" "$t1" "$(cat "$DATA/classify.rss")" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1])); n, rpm = int(sys.argv[2]), float(sys.argv[3])
elapsed = float(sys.argv[5]) - float(sys.argv[4]); ideal = n / rpm * 60
print(f"tickets {n}, allowed {rpm:.0f}/min: {elapsed:.1f} s (ideal {ideal:.1f} s, {elapsed / ideal:.2f}x); "
      f"achieved {summary['requests'] / elapsed * 60:.0f} requests/min = {summary['requests'] / elapsed * 60 / rpm:.2f} of allowed; "
      f"429s {summary['rate_limited']} of {summary['requests']} ({100 * summary['rate_limited'] / max(1, summary['requests']):.2f}%); "
      f"labeled {summary['labeled']}, failed {summary['failed']}; peak memory {int(sys.argv[6]) // 1024} MB")
PY
