#!/usr/bin/env bash
# bench/run-import.sh — import speed and memory (issue 5: a 100,000-row sheet of 20 columns in
# < 3 s with peak memory < 200 MB). Prints the "Import benchmark" section of docs/benchmarks.md.
#
#   bash bench/run-import.sh [PACESETTER_BINARY] [ROWS]      (default build/pacesetter, 100000)
#
# The sheet is bench/gen_sheet.py's units sheet (6 columns the import reads, 14 it ignores),
# written as CSV and turned into .xlsx by LibreOffice headless, so that the xlsx is what another
# program writes (shared strings, styles), not our own writer's. Each case runs three times under
# GNU time (median wall time, largest max RSS) with `pacesetter import units FILE --db DB`, the
# same code as POST /api/v1/units/import without HTTP:
#   create     into a database holding no units (a fresh copy each run): ROWS units created
#   unchanged  the same sheet again: every row matched by code, nothing written
#   dry run    the same sheet into the empty database with --dry-run: checked, rolled back
# Reference in the same run: LibreOffice reading the same .xlsx (converting it to CSV).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-build/pacesetter}")
ROWS=${2:-100000}
[[ -x $BIN ]] || { echo "bench: no binary at $BIN" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench: GNU time missing (apt-get install time)" >&2; exit 1; }
command -v soffice >/dev/null || { echo "bench: soffice missing (apt-get install libreoffice-calc-nogui)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

commas() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }
load=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/python3 bench/gen_sheet.py "$ROWS" "$TMP/units.csv"
soffice --headless "-env:UserInstallation=file://$TMP/lo" --convert-to 'xlsx:Calc MS Excel 2007 XML' \
  --infilter=CSV:44,34,76,1 --outdir "$TMP" "$TMP/units.csv" >/dev/null 2>&1
[[ -s $TMP/units.xlsx ]] || { echo "bench: LibreOffice did not make the xlsx" >&2; exit 1; }
"$BIN" migrate --db "$TMP/empty.db" >/dev/null 2>&1

# run LABEL FORMAT PREPARE ARGS…: three timed runs; PREPARE is "fresh" (copy the empty database
# first) or "keep"
rows=()
declare -A created
run() {
  local label=$1 fmt=$2 prepare=$3
  shift 3
  local times=() rss=0 out t m
  for _ in 1 2 3; do
    [[ $prepare == fresh ]] && rm -f "$TMP/t.db"* && cp "$TMP/empty.db" "$TMP/t.db"
    out=$( { /usr/bin/time -f '%e %M' "$@" >/dev/null; } 2>&1 ) || { echo "bench: $label failed: $out" >&2; exit 1; }
    read -r t m <<<"$(tail -n1 <<<"$out")"
    times+=("$t")
    ((m > rss)) && rss=$m
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)
  rows+=("| $label | $fmt | ${median} s (${times[*]}) | $(commas "$rss") KiB |")
}
for fmt in xlsx csv; do
  f=$TMP/units.$fmt
  run create "$fmt" fresh "$BIN" import units "$f" --db "$TMP/t.db"
  created[$fmt]=$(sqlite3 "$TMP/t.db" 'SELECT count(*) FROM units')
  run unchanged "$fmt" keep "$BIN" import units "$f" --db "$TMP/t.db"
  run "dry run" "$fmt" fresh "$BIN" import units "$f" --db "$TMP/t.db" --dry-run
done
run "LibreOffice reads it (reference)" xlsx keep soffice --headless "-env:UserInstallation=file://$TMP/lo" \
  --convert-to csv --outdir "$TMP/ref" "$TMP/units.xlsx"

cat <<MD
## Import benchmark

Written by \`bench/run-import.sh\` on $(date -u '+%Y-%m-%d %H:%M') UTC. Do not edit by hand: run the script again.

- Command: \`bash bench/run-import.sh ${1:-}\` (from the repository root)
- Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average before: $load
- Binary: \`$("$BIN" version 2>/dev/null | head -n1)\`; SQLite
- Sheet: $(commas "$ROWS") rows × 20 columns (\`bench/gen_sheet.py\`), CSV $(commas "$(stat -c %s "$TMP/units.csv")") B; xlsx by LibreOffice $(commas "$(stat -c %s "$TMP/units.xlsx")") B; units in the database after a create: $(commas "${created[xlsx]}") (xlsx), $(commas "${created[csv]}") (CSV)
- Each case three times under \`/usr/bin/time -f '%e %M'\`

| case | file | wall time, median (3 runs) | max RSS (largest of 3) |
|---|---|---:|---:|
$(printf '%s\n' "${rows[@]}")

Targets (issue 5): $(commas "$ROWS") rows in < 3 s, peak memory < 200 MB.
MD
