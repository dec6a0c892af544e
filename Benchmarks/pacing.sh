#!/usr/bin/env bash
# Pacing benchmark: `ticketjobs classify` against the loopback fake Messages API (fake-anthropic) behaving as four
# kinds of server, each with N unlabeled tickets (default 330) and 150 ms latency, on the real clock:
#   a. 600 requests a minute enforced over one-second intervals (a bucket of 10, refilled continuously, as the
#      API's documentation describes); headers report the per-minute limits, `remaining` for the short interval
#      and `reset` when it is full again; the user passes --rpm 600 --concurrency 8;
#   b. a per-minute window of 600, with headers; the user passes nothing (default budgets, 50 a minute);
#   c. 300 a minute enforced over one-second intervals (a bucket of 5), no rate-limit headers; the user passes --rpm 600 (and
#      token budgets that do not bind: without headers, the first tier's defaults would);
#   d. input tokens bind before requests do: long tickets (~520 tokens), 100,000 input tokens a minute over
#      one-second intervals, 1,000 requests a minute; the user passes --itpm 100000.
# Prints, per run: the time, what the server admitted per minute against what it allows, the 429s' share, the
# most requests in flight (never above --concurrency), and peak memory.
# Usage: Benchmarks/pacing.sh [N] [a b c d]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-330}; shift || true
scenarios=("$@"); [ ${#scenarios[@]} -gt 0 ] || scenarios=(a b c d)
# Built every time (make's build is incremental): a binary older than the sources would measure other code.
make --no-print-directory release fake-anthropic >&2
DATA=Benchmarks/data/pacing; mkdir -p "$DATA"
tickets() { # N LONG OUT: unlabeled tickets, descriptions of ~2,000 characters when LONG
  python3 - "$1" "$2" "$3" <<'PY'
import csv, random, sys
n, long, out = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3]
rng = random.Random(7)
words = "refund invoice charged twice login password crash error export sync slow outage account locked".split()
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f); w.writerow(["id", "title", "description", "category", "priority", "status", "created_at"])
    for i in range(n):
        size = 2000 if long else rng.randint(150, 600)
        text = " ".join(rng.choice(words) for _ in range(size // 6))
        w.writerow([f"P-{i}", f"Ticket {i} " + rng.choice(words), text, "", "", "open", f"2026-11-{1 + i % 28:02d}T10:00:00Z"])
PY
}
printf '%-3s %-9s %-10s %-22s %-12s %-10s %-8s\n' run elapsed_s allowed admitted_per_min ratio 429s in_flight
for s in "${scenarios[@]}"; do
  concurrency=8; unit=requests
  case $s in
    a) fake=(--rpm 10 --window 1 --enforce bucket); flags=(--rpm 600); allowed=600; long=0 ;;
    b) fake=(--rpm 600 --window 60); flags=(); allowed=600; long=0 ;;
    c) fake=(--rpm 5 --window 1 --enforce bucket --headers no); flags=(--rpm 600 --itpm 400000 --otpm 80000); allowed=300; long=0 ;;
    d) fake=(--rpm 17 --window 1 --enforce bucket --itpm 1667); flags=(--itpm 100000); allowed=100000; unit=tokens; long=1 ;;
    *) echo "unknown scenario $s" >&2; exit 64 ;;
  esac
  csv="$DATA/tickets-$n-$long.csv"; db="$DATA/pacing-$s.sqlite"
  [ -f "$csv" ] || tickets "$n" "$long" "$csv"
  rm -f "$db"*
  .build/release/ticketjobs import "$csv" --db "$db" >/dev/null 2>&1
  .build/release/fake-anthropic "${fake[@]}" --latency-ms 150 --key bench > "$DATA/fake.url" 2>/dev/null &
  pid=$!
  for _ in $(seq 100); do [ -s "$DATA/fake.url" ] && break; sleep 0.1; done
  url=$(cat "$DATA/fake.url")
  t0=$(date +%s.%N)
  ANTHROPIC_API_KEY=bench ANTHROPIC_BASE_URL=$url /usr/bin/time -f '%M' -o "$DATA/rss" .build/release/ticketjobs classify \
    --db "$db" --provider anthropic --concurrency $concurrency "${flags[@]}" --json > "$DATA/summary.json" 2>"$DATA/stderr" || true
  t1=$(date +%s.%N)
  curl -s "$url/fake/stats" > "$DATA/stats.json"
  kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
  python3 - "$s" "$t0" "$t1" "$allowed" "$unit" "$concurrency" "$DATA/summary.json" "$DATA/stats.json" "$(cat "$DATA/rss")" <<'PY'
import json, sys
run, t0, t1, allowed, unit, concurrency = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], int(sys.argv[6])
summary, stats, rss = json.load(open(sys.argv[7])), json.load(open(sys.argv[8])), int(sys.argv[9])
elapsed = t1 - t0
admitted = stats["requests"] - stats["rateLimited"]
per_minute = (stats["inputTokens"] if unit == "tokens" else admitted) / elapsed * 60
share = stats["rateLimited"] / max(1, stats["requests"])
print(f"{run:<3} {elapsed:<9.1f} {allowed:<10.0f} {per_minute:<10.0f} {unit:<11} {per_minute / allowed:<12.2f} "
      f"{100 * share:<9.2f}% {stats['maxInFlight']}/{concurrency}   labeled {summary['labeled']}/{summary['candidates']}, "
      f"effective_rpm {summary.get('effective_rpm')}, {rss // 1024} MB")
PY
done
