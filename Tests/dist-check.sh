#!/usr/bin/env bash
# Checks a `make dist` tarball as a machine without a Swift toolchain would use it: its binary needs no
# library beyond Debian's base ones and libcsv3, liblinear4, libsqlite3-0 (ldd: no libswift*, no libcurl),
# reports the version it was built with, and imports and reports on the fixtures.
# Usage: Tests/dist-check.sh dist/ticketjobs-VERSION-linux-ARCH.tar.gz VERSION
set -euo pipefail
tarball=$1; version=$2
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
bin=$(echo "$work"/*/bin/ticketjobs)
fail() { echo "dist-check: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "no bin/ticketjobs in $tarball"
for file in share/man/man1/ticketjobs.1 share/bash-completion/completions/ticketjobs share/zsh/site-functions/_ticketjobs \
  share/fish/vendor_completions.d/ticketjobs.fish; do
  [ -s "$(dirname "$bin")/../$file" ] || fail "no $file in $tarball"
done
# The documents the README names (schemas, its picture, the benchmark log) are beside it; scripts need the sources.
for file in $(grep -oE 'Docs/[A-Za-z0-9._-]+\.(json|png|md)' "$(dirname "$bin")/../README.md" | sort -u); do
  [ -s "$(dirname "$bin")/../$file" ] || fail "the README names $file, which $tarball lacks"
done
libraries=$(ldd "$bin")
if grep -q 'libswift\|libFoundation\|libdispatch\|libBlocksRuntime' <<<"$libraries"; then
  fail "the binary needs the Swift runtime:"$'\n'"$libraries"
fi
grep -q 'not found' <<<"$libraries" && fail "missing libraries:"$'\n'"$libraries"
# Every library comes from a package a Debian 12 machine has (libc6, libgcc-s1, libstdc++6: apt needs them;
# zlib1g) or from the three the README names (libblas3 comes with liblinear4).
allowed=" libc6 libgcc-s1 libstdc++6 zlib1g libcsv3 liblinear4 libblas3 libsqlite3-0 "
package_of() { dpkg -S "$1" 2>/dev/null || dpkg -S "/usr$1" 2>/dev/null || dpkg -S "${1#/usr}" 2>/dev/null; }
for path in $(awk '$2 == "=>" { print $3 } $1 ~ /^\// { print $1 }' <<<"$libraries"); do
  package=$(package_of "$path" | head -1 | cut -d: -f1) || true
  [ -n "$package" ] || package=$(package_of "$(realpath "$path")" | head -1 | cut -d: -f1) || true
  [[ "$allowed" == *" $package "* ]] || fail "the binary needs $path (package ${package:-unknown}):"$'\n'"$libraries"
done
[ "$("$bin" --version)" = "$version" ] || fail "--version says $("$bin" --version), not $version"
# Away from the build tree, with an empty environment but PATH: nothing of the toolchain is reachable.
cd "$work"
env -i PATH=/usr/bin:/bin "$bin" import "$root/fixtures/tickets.csv" --db t.sqlite --json | grep -q "\"ticketjobs_version\":\"$version\"" \
  || fail "the import's summary does not carry the version"
env -i PATH=/usr/bin:/bin "$bin" report --period 2026-W46 --db t.sqlite --out reports >/dev/null
grep -q "\"generated_by\" : \"ticketjobs $version\"" reports/2026-W46.json || fail "the report does not name its version"
echo "dist-check: ok ($(basename "$tarball"): $(wc -l <<<"$libraries") libraries, none of Swift's, none beyond Debian's base and libcsv, liblinear, libsqlite3)"
