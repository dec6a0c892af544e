# Sourced by the import and export benchmarks (import.sh, import-json.sh, import-resume.sh, import-backfill.sh,
# encoding.sh, export.sh): from the repository's root, the build to measure in BIN (TICKETJOBS_BIN, an earlier
# release say; else the release build, brought up to date), the data folder in DATA, the runs per side in runs
# (RUNS, default 5), `median` of the numbers on stdin, and `timed` (one import's seconds and peak memory).
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BIN=${TICKETJOBS_BIN:-.build/release/ticketjobs}
# The release build unless another is given, built every time (make's build is incremental): a binary older
# than the sources would measure other code, and one from a plain `swift build -c release` (the Swift runtime
# linked dynamically) costs ~2% more CPU than make's.
[ -n "${TICKETJOBS_BIN:-}" ] || make --no-print-directory release >&2
DATA=Benchmarks/data
mkdir -p "$DATA"
runs=${RUNS:-5}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# Times `import` of $2 by the build $1 into the database $3 after a sync: seconds on stdout, peak memory (KB) into
# $DATA/rss; a failing import stops the benchmark, saying why.
timed() {
  local t0 t1
  sync
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$DATA/rss" "$1" import "$2" --db "$3" --json >/dev/null 2>"$DATA/stderr" \
    || { cat "$DATA/stderr" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
