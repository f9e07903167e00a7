#!/usr/bin/env bash
# bench/fuzz.sh — the libFuzzer targets run long (issue 5): each target in tests/fuzz for
# SECONDS (default 600, ten minutes; CI runs 15 s each through scripts/test), one after another,
# from a fresh seeded corpus. Prints the date, the machine and each target's runs, exec/s and
# coverage (cov: edges, ft: features), the figures docs/benchmarks.md records; fails on a crash.
#
#   bash bench/fuzz.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), $(clang --version | head -1)"
mkdir -p build-fuzz
scripts/fuzz "$seconds" "$@" 2>&1 | tee build-fuzz/bench.log | sed -n '/=== fuzz summary/,$p'
exit "${PIPESTATUS[0]}"
