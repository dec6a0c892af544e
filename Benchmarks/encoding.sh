#!/usr/bin/env bash
# Legacy-export benchmark: the same rows as a UTF-8 comma CSV and as a Windows-1252 semicolon CSV (what Excel
# writes in much of Europe), imported alternately RUNS times (default 5) into fresh databases after a sync;
# prints the medians, their ratio and the highest peak memory of the legacy import. The rows are those of
# Benchmarks/generate_tickets.py, reduced to what Windows-1252 can hold so both files say the same.
# Usage: [RUNS=n] Benchmarks/encoding.sh [ROWS]   (default 1000000)
set -euo pipefail
# TICKETJOBS_BIN: another build to measure, as for the other import benchmarks (this script read BIN).
source "$(dirname "$0")/common.sh"
n=${1:-1000000}
src="$DATA/tickets-$n.csv"
[ -f "$src" ] || python3 Benchmarks/generate_tickets.py "$n" "$src"
utf8="$DATA/legacy-$n.utf8.csv"; cp1252="$DATA/legacy-$n.cp1252.csv"
if [ ! -f "$cp1252" ] || [ ! -f "$utf8" ]; then
  python3 - "$src" "$utf8" "$cp1252" <<'PY'
import csv, sys
src, utf8, cp1252 = sys.argv[1:4]
with open(src, newline="", encoding="utf-8") as f, open(utf8, "w", newline="", encoding="utf-8") as u, \
        open(cp1252, "w", newline="", encoding="cp1252") as w:
    a, b = csv.writer(u), csv.writer(w, delimiter=";")
    for row in csv.reader(f):
        row = [c.encode("cp1252", "ignore").decode("cp1252") for c in row]
        a.writerow(row)
        b.writerow(row)
PY
fi
utf=(); legacy=(); peak=0
for _ in $(seq "$runs"); do
  for kind in utf8 legacy; do
    rm -f "$DATA"/enc.sqlite*
    sync
    t0=$(date +%s.%N)
    if [ "$kind" = utf8 ]; then
      "$BIN" import "$utf8" --db "$DATA/enc.sqlite" --json >/dev/null 2>"$DATA/stderr" || { cat "$DATA/stderr"; exit 1; }
      utf+=("$(echo "$(date +%s.%N) - $t0" | bc -l)")
    else
      /usr/bin/time -f '%M' -o "$DATA/rss" "$BIN" import "$cp1252" --encoding windows-1252 --db "$DATA/enc.sqlite" --json \
        >"$DATA/enc.json" 2>"$DATA/stderr" || { cat "$DATA/stderr"; exit 1; }
      legacy+=("$(echo "$(date +%s.%N) - $t0" | bc -l)")
      grep -q '"delimiter":"semicolon"' "$DATA/enc.json" || { echo "the delimiter was not sniffed" >&2; exit 1; }
      rss=$(( $(cat "$DATA/rss") / 1024 )); [ "$rss" -gt "$peak" ] && peak=$rss
    fi
  done
done
a=$(printf '%s\n' "${utf[@]}" | median); b=$(printf '%s\n' "${legacy[@]}" | median)
printf 'rows %s: utf-8 comma %.2f s, windows-1252 semicolon %.2f s, ratio %.2f, peak %s MB\n' "$n" "$a" "$b" "$(echo "$b / $a" | bc -l)" "$peak"
