#!/usr/bin/env bash
# bench/run-benchmark.sh — benchmarking against peer cities at a province's scale (issue: benchmarking).
# Target, for 3,000 cities × 30 indicators × 20 years: any comparison table in < 50 ms server time.
#
#   bash bench/run-benchmark.sh [BUILD_DIR]        (default build: a release build, scripts/build)
#
# 1. The store alone, when the build has it: BUILD_DIR/bench_benchmark_matrix (bench/benchmark_matrix.c:
#    store_bm_matrix, median of 20, on data of its own).
# 2. Through the API: `pacesetter demo --no-serve`, then `python3 bench/gen_benchmark.py | sqlite3
#    -bail` (3,000 cities, 30 indicators, 20 years: 1.79 million values; four goals). Serves it with
#    request logging on, signs in as the demo's appraisal office, and takes each request's server
#    time from the request log ("us"), BENCH_SEQ (10) rounds of: GET /api/v1/benchmark/compare of GDP
#    (every city, CAGR over 5 years), the same with 20 peers (the cities nearest to this one in GDP),
#    series (every city, 20 years), radar (all 30 indicators: 20 peers, then every city), projection
#    (every other city as a peer, by= five years on), goals, and the compare as .xlsx (&format=xlsx).
# The reference, in the same run: the sqlite3 shell reading the same rows (count and sums; median of
# 5 after one cold read, in one process) and, when nginx is installed, nginx serving a static file of
# the compare answer's bytes (curl's total time against the server's).
# Prints the figures and writes them into docs/benchmarks.md between <!-- bench:benchmark:start -->
# and <!-- bench:benchmark:end --> (unless BENCH_NO_WRITE=1). Not run by CI (scripts/test).
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
unset PACESETTER_DB PACESETTER_LISTEN PACESETTER_THREADS PACESETTER_LOG_REQUESTS

BUILD=${1:-$ROOT/build}
BIN=$BUILD/pacesetter
MATRIX=$BUILD/bench_benchmark_matrix
SEQ=${BENCH_SEQ:-10}
[[ -x $BIN ]] || die "no $BIN: run scripts/build first"
[[ $SEQ =~ ^[1-9][0-9]?$ ]] || die "BENCH_SEQ must be 1..99"
for c in curl sqlite3 python3; do command -v "$c" >/dev/null || die "$c is missing"; done
SELF=100001 FIRST=2006 LAST=2025 GDP=1 # bench/gen_benchmark.py's this city, years and GDP's id
TARGET=50                              # ms
COMMAND="bash bench/run-benchmark.sh${1:+ $1}"
[[ -z ${BENCH_SEQ:-} ]] || COMMAND="BENCH_SEQ=$SEQ $COMMAND"

TMP=$(mktemp -d)
chmod 755 "$TMP"
SERVER_PID='' NGINX_PID=''
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SERVER_PID" || true
  stop_pid "$NGINX_PID" || true
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT INT TERM
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
OTHERS=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 20 {printf "%s%s (%d%%)", n++ ? ", " : "", $2, $1}')

MATRIX_OUT=''
if [[ -x $MATRIX ]]; then
  log "the store alone: $MATRIX"
  MATRIX_OUT=$("$MATRIX" "$TMP/matrix.db")
  echo "$MATRIX_OUT"
  rm -f "$TMP"/matrix.db*
fi

log "generating 3,000 cities × 30 indicators × 20 years"
DB=$TMP/benchmark.db
"$BIN" demo --db "$DB" --no-serve >"$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; die "demo failed"; }
gen_started=$(usec_now)
python3 "$ROOT/bench/gen_benchmark.py" 2>/dev/null | sqlite3 -bail "$DB"
gen_s=$(awk -v u=$(($(usec_now) - gen_started)) 'BEGIN {printf "%.0f", u / 1e6}')
read -r VALUES CITIES INDICATORS GOALS <<<"$(sqlite3 -separator ' ' "$DB" "SELECT
  (SELECT count(*) FROM bm_values WHERE tenant_id = 1), (SELECT count(*) FROM bm_cities WHERE tenant_id = 1),
  (SELECT count(*) FROM bm_indicators WHERE tenant_id = 1), (SELECT count(*) FROM bm_goals WHERE tenant_id = 1)")"
[[ $CITIES == 3000 && $INDICATORS == 30 ]] || die "generated $CITIES cities and $INDICATORS indicators, not 3,000 and 30"
[[ -z $(sqlite3 "$DB" "PRAGMA foreign_key_check") ]] || die "foreign key check failed after generation"
DB_MB=$(($(stat -c %s "$DB") / 1048576))
# the 20 peers: the cities nearest to this one in GDP in the last year
PEERS=$(sqlite3 "$DB" "SELECT group_concat(city_id) FROM (SELECT city_id FROM bm_values v WHERE tenant_id = 1
  AND indicator_id = $GDP AND quarter = 0 AND year = $LAST AND city_id <> $SELF ORDER BY abs(value - (SELECT value
  FROM bm_values WHERE tenant_id = 1 AND indicator_id = $GDP AND quarter = 0 AND year = $LAST AND city_id = $SELF)),
  city_id LIMIT 20)")
log "database: $VALUES values, $CITIES cities, $INDICATORS indicators, $GOALS goals, $DB_MB MiB (${gen_s} s)"

median_in() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# the reference: SQLite's own shell reading the rows a view reads (the floor of the store's read), in
# one process: one cold read, then five; each SQL's median of the five, in ms
shell_ms() {
  { echo .timer on; for ((k = 0; k < 6; k++)); do echo "$1;"; done; } | sqlite3 "$DB" |
    awk '/^Run Time: real/ {if (n++) print $4 * 1000}' | median_in
}
ROWS="FROM bm_values WHERE tenant_id = 1 AND quarter = 0"
SHELL_COMPARE=$(shell_ms "SELECT count(*), sum(city_id), sum(year), sum(value) $ROWS AND indicator_id = $GDP AND year BETWEEN $((LAST - 5)) AND $LAST")
SHELL_SERIES=$(shell_ms "SELECT count(*), sum(city_id), sum(year), sum(value) $ROWS AND indicator_id = $GDP AND year BETWEEN $((FIRST - 1)) AND $LAST")
SHELL_RADAR=$(shell_ms "SELECT count(*), sum(city_id), sum(year), sum(value) $ROWS AND indicator_id IN (SELECT id FROM bm_indicators WHERE tenant_id = 1) AND year = $LAST")

port=$(free_port)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" --log-requests on 2>"$TMP/server.log" &
SERVER_PID=$!
BASE=http://127.0.0.1:$port
for ((i = 0; i < 20000; i++)); do
  probe "$port" /healthz && break
  nap 0.001
done
login "$BASE" appraisal pacesetter-demo
B=$BASE/api/v1/benchmark

# What each round asks, in order: name, URL. The request log names the path without the query, so
# its lines are matched to these by their order and checked by their bytes.
NAMES=(compare compare_peers series radar_peers radar projection goals compare_xlsx)
declare -A URL=(
  [compare]="$B/compare?indicator_id=$GDP&year=$LAST&years=5"
  [compare_peers]="$B/compare?indicator_id=$GDP&year=$LAST&years=5&cities=$PEERS"
  [series]="$B/series?indicator_id=$GDP&from=$FIRST&to=$LAST"
  [radar_peers]="$B/radar?year=$LAST&cities=$PEERS"
  [radar]="$B/radar?year=$LAST"
  [projection]="$B/projection?indicator_id=$GDP&year=$LAST&years=5&by=$((LAST + 5))"
  [goals]="$B/goals"
  [compare_xlsx]="$B/compare?indicator_id=$GDP&year=$LAST&years=5&format=xlsx"
)
fetch() { # NAME OUT: the answer must be 200; prints "bytes total_seconds"
  local w
  w=$(curl -sS -H "$COOKIE_HEADER" -o "$2" -w '%{http_code} %{size_download} %{time_total}' "${URL[$1]}")
  [[ ${w%% *} == 200 ]] || die "GET ${URL[$1]} answered ${w%% *}: $(head -c 300 "$2")"
  echo "${w#* }"
}
declare -A CURL_S BYTES SIZES # SIZES: every round's (an .xlsx differs by a byte now and then)
for ((k = 0; k < SEQ; k++)); do
  for n in "${NAMES[@]}"; do
    read -r bytes secs < <(fetch "$n" "$TMP/$n.out")
    BYTES[$n]=${BYTES[$n]:-$bytes}
    SIZES[$n]+="$bytes "
    CURL_S[$n]+="$secs "
  done
done
nap 0.2 # the last answer's log line
grep -a '"path":"/api/v1/benchmark/' "$TMP/server.log" >"$TMP/views.log" || true
[[ $(wc -l <"$TMP/views.log") == $((SEQ * ${#NAMES[@]})) ]] ||
  die "the request log has $(wc -l <"$TMP/views.log") benchmarking lines, not $((SEQ * ${#NAMES[@]}))"
declare -A US
i=0
while IFS=$'\t' read -r path bytes us; do
  n=${NAMES[i % ${#NAMES[@]}]}
  want=${URL[$n]#"$BASE"}
  read -ra sizes <<<"${SIZES[$n]}"
  size=${sizes[i / ${#NAMES[@]}]}
  [[ $path == "${want%%\?*}" && $bytes == "$size" ]] ||
    die "request log line $((i + 1)) ($path, $bytes bytes) is not $n (${want%%\?*}, $size bytes)"
  US[$n]+="$us "
  i=$((i + 1))
done < <(sed 's/.*"path":"\([^"]*\)".*"bytes":\([0-9]*\),"us":\([0-9]*\).*/\1\t\2\t\3/' "$TMP/views.log")
RSS=$(mb "$(hwm_kb "$SERVER_PID")")
ms_median() { tr ' ' '\n' <<<"${1% }" | awk '{printf "%.3f\n", $1 / 1000}' | median_in; }
ms_worst() { tr ' ' '\n' <<<"${1% }" | sort -n | tail -1 | awk '{printf "%.2f", $1 / 1000}'; }
curl_ms() { tr ' ' '\n' <<<"${1% }" | awk '{printf "%.3f\n", $1 * 1000}' | median_in; }
declare -A MED MAX CURL
for n in "${NAMES[@]}"; do
  MED[$n]=$(ms_median "${US[$n]}") MAX[$n]=$(ms_worst "${US[$n]}") CURL[$n]=$(curl_ms "${CURL_S[$n]}")
done
stop_pid "$SERVER_PID" || true
SERVER_PID=''

# nginx, when installed: a static file of the compare answer's bytes, fetched as the server's was
NGINX=$(command -v nginx || true)
[[ -z $NGINX && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
NGINX_ROW="| reference: nginx serving a static file of the compare answer's bytes | not installed | | | | |"
if [[ -n $NGINX ]]; then
  mkdir -p "$TMP/www" "$TMP/nginx-temp"
  chmod 755 "$TMP/www"
  cp "$TMP/compare.out" "$TMP/www/compare.json"
  chmod 644 "$TMP/www/compare.json"
  NGINX_PORT=$(free_port)
  user_line=""
  ((EUID == 0)) && user_line="user $(id -un) $(id -gn);"
  cat >"$TMP/nginx.conf" <<CONF
$user_line
daemon off;
worker_processes 2;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx-temp/body;
    proxy_temp_path $TMP/nginx-temp/proxy;
    fastcgi_temp_path $TMP/nginx-temp/fastcgi;
    uwsgi_temp_path $TMP/nginx-temp/uwsgi;
    scgi_temp_path $TMP/nginx-temp/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /compare { default_type application/json; alias $TMP/www/compare.json; }
    }
}
CONF
  "$NGINX" -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" 2>"$TMP/nginx-stderr.log" &
  NGINX_PID=$!
  for ((i = 0; i < 500; i++)); do
    probe "$NGINX_PORT" /compare && break
    nap 0.01
  done
  cmp -s <(curl -sS "http://127.0.0.1:$NGINX_PORT/compare") "$TMP/www/compare.json" || die "nginx does not serve the compare's bytes"
  n_s=''
  for ((k = 0; k < SEQ; k++)); do
    n_s+="$(curl -sS -o /dev/null -w '%{time_total}' "http://127.0.0.1:$NGINX_PORT/compare") "
  done
  stop_pid "$NGINX_PID" || true
  NGINX_PID=''
  NGINX_ROW="| reference: nginx $("$NGINX" -v 2>&1 | sed 's/^nginx version: nginx\///') serving a static file of the compare answer's bytes | $(fmt_int "${BYTES[compare]}") B | | | $(curl_ms "$n_s") ms | |"
fi

verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v < t) ? "PASS" : "MISS"}'; }
row() { # NAME WHAT: a line of the table, judged on the median
  local n=$1
  echo "| $2 | $(fmt_int "${BYTES[$n]}") B | ${MED[$n]} ms | ${MAX[$n]} ms | ${CURL[$n]} ms | $(verdict "${MED[$n]}" "$TARGET") |"
}
matrix_row() { # LABEL WHAT: a line of bench_benchmark_matrix's output
  local ms
  ms=$(sed -n "s/^$1:.*: \([0-9.]*\) ms.*/\1/p" <<<"$MATRIX_OUT" | head -1)
  [[ -n $ms ]] && echo "| store alone (\`bench_benchmark_matrix\`, its own data): $2 | | $ms ms | | | |"
  return 0
}
TABLE=$(
  row compare "compare: GDP, every city, CAGR over 5 years"
  row compare_peers "compare: GDP, 20 peers (and this city)"
  row series "series: GDP, every city, 20 years"
  row radar_peers "radar: all 30 indicators, 20 peers (and this city)"
  row radar "radar: all 30 indicators, every city"
  row projection "projection: GDP, every other city a peer, by=$((LAST + 5))"
  row goals "goals: the list with status and units' targets"
  row compare_xlsx "compare as .xlsx (every city)"
  echo "| reference: the sqlite3 shell summing the compare's rows (GDP, 6 years, every city) | | $SHELL_COMPARE ms | | | |"
  echo "| reference: the sqlite3 shell summing the series' rows (GDP, 21 years, every city) | | $SHELL_SERIES ms | | | |"
  echo "| reference: the sqlite3 shell summing the radar's rows (30 indicators, 1 year, every city) | | $SHELL_RADAR ms | | | |"
  echo "$NGINX_ROW"
  matrix_row comparison "a comparison's read (1 indicator × 3,000 cities × 6 years)"
  matrix_row series "a series' read (1 indicator × 3,000 cities × 20 years)"
  matrix_row radar "a radar's read (12 indicators × 3,000 cities × 1 year)"
)
SECTION=$(
  cat <<EOF
<!-- bench:benchmark:start -->
Measured $(date -u +%Y-%m-%d) with \`$COMMAND\` ($(nproc) cores, load average $LOAD${OTHERS:+, busy: $OTHERS}; release build,
commit $(git -C "$ROOT" rev-parse --short HEAD)); $(fmt_int "$CITIES") cities × $INDICATORS indicators × 20 years ($FIRST–$LAST),
$(fmt_int "$VALUES") values and $GOALS goals (bench/gen_benchmark.py, ${gen_s} s to generate; $DB_MB MiB), SQLite.
Server time from the request log, $SEQ rounds; "curl" is the client's whole time, the transfer included.
Judged on the median: < $TARGET ms.

| what | answer | server, median | worst | curl, median | |
|---|---|---|---|---|---|
$TABLE

Server memory at its peak: $RSS MiB.
<!-- bench:benchmark:end -->
EOF
)
echo "$SECTION"
if [[ ${BENCH_NO_WRITE:-0} != 1 ]]; then
  python3 - "$ROOT/docs/benchmarks.md" "$SECTION" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
pattern = re.compile(r"<!-- bench:benchmark:start -->.*?<!-- bench:benchmark:end -->", re.S)
if pattern.search(text):
    text = pattern.sub(lambda _: section, text)
else:
    text = text.rstrip("\n") + "\n\n## Benchmarking at a province's scale (issue: benchmarking)\n\n" + section + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
  log "docs/benchmarks.md updated"
fi
