#!/usr/bin/env bash
# Regenerates Docs/weekly-report.png, the README's picture: the bundled fixtures' weekly report (2026-W46, UTC)
# as headless Chromium draws it 1280 px wide. Usage: Docs/report-png.sh (or `make report-png`).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release/ticketjobs
# Always (incrementally) rebuilt: a binary left from before a change would draw the old report.
make --no-print-directory release >&2
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "report-png: chromium is not installed (apt-get install chromium)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The fixtures hold rows rejected on purpose: exit 3 says so and is expected here.
"$BIN" import fixtures/tickets.csv --db "$work/tickets.sqlite" --rejects "$work/rejects.csv" >/dev/null 2>&1 || [ $? -eq 3 ]
"$BIN" report --period 2026-W46 --timezone UTC --db "$work/tickets.sqlite" --out "$work/reports" >/dev/null 2>&1
"$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars \
  --screenshot="$work/report.png" --window-size=1280,2200 "file://$work/reports/2026-W46.html" >/dev/null 2>&1
mv "$work/report.png" Docs/weekly-report.png
echo "Docs/weekly-report.png"
