#!/usr/bin/env bash
# bench/fuzz.sh — the libFuzzer targets run long (issue 5): each target in tests/fuzz for
# SECONDS (default 600, ten minutes; CI runs 15 s each through scripts/test), one after another,
# each from a fresh corpus seeded by tests/fuzz/seeds.py, through scripts/fuzz. Writes the
# runs, exec/s and coverage (libFuzzer's cov: edges and ft: features) of each target into
# docs/benchmarks.md between <!-- bench:fuzz:start --> and <!-- bench:fuzz:end -->; fails on a
# crash (the input is left in build-fuzz/artifacts/).
#
#   bash bench/fuzz.sh [SECONDS] [TARGET...]      NO_WRITE=1 only prints the section
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
OUT=docs/benchmarks.md
MARK_START='<!-- bench:fuzz:start -->'
MARK_END='<!-- bench:fuzz:end -->'
started=$(date -u +%Y-%m-%d)
mkdir -p build-fuzz
scripts/fuzz "$seconds" "$@" 2>&1 | tee build-fuzz/bench.log
rc=${PIPESTATUS[0]}

section=build-fuzz/bench-section.md
{
  echo "$MARK_START"
  echo "Run on $started, commit $(git rev-parse --short HEAD), $(nproc) CPUs ($(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(clang --version | head -1); \`bash bench/fuzz.sh $seconds\`, one target after another, each from its seeds alone:"
  echo
  echo "| target | seconds | executions | exec/s | cov (edges) | ft (features) | corpus | result |"
  echo "|---|---:|---:|---:|---:|---:|---:|:---:|"
  # scripts/fuzz's summary: "PASS  fuzz_xml: 845057 runs, 2553 exec/s, cov: 604 ft: 2285 corp: 487/519Kb"
  sed -n '/=== fuzz summary/,$p' build-fuzz/bench.log | grep -E '^(PASS|FAIL)  ' |
    sed -E -e 's/^(PASS|FAIL)  ([a-z_]+): ([0-9?]+) runs, ([0-9?]+) exec\/s, cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+)\/.*/| `\2` | '"$seconds"' | \3 | \4 | \5 | \6 | \7 | \1 |/' \
        -e 's/^(PASS|FAIL)  ([a-z_]+): (.*)/| `\2` | '"$seconds"' | \3 | | | | | \1 |/'
  echo "$MARK_END"
} > "$section"
cat "$section"

if [[ ${NO_WRITE:-0} != 1 ]]; then
  if grep -qF "$MARK_START" "$OUT" && grep -qF "$MARK_END" "$OUT"; then
    awk -v f="$section" -v s="$MARK_START" -v e="$MARK_END" '
      BEGIN { while ((getline l < f) > 0) sec = sec l "\n" }
      index($0, s) == 1 { printf "%s", sec; skip = 1; next }
      index($0, e) == 1 { skip = 0; next }
      !skip { print }' "$OUT" > build-fuzz/benchmarks.md
    cat build-fuzz/benchmarks.md > "$OUT"
  else
    { echo; cat "$section"; } >> "$OUT"
  fi
  echo "bench: wrote the results into $OUT"
fi
exit "$rc"
