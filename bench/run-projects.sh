#!/usr/bin/env bash
# bench/run-projects.sh — the project library at a city's scale (issue: project library). Targets,
# with 50,000 projects and 2,000,000 monthly reports: the cockpit in < 100 ms server time; a
# filtered project list page in < 5 ms server time and ≥ 10,000 req/s at 64 connections;
# recomputing all warnings in < 1 s.
#
#   bash bench/run-projects.sh [PACESETTER_BINARY]        (default build-release/pacesetter)
#
# 1. `pacesetter demo --no-serve` (the demo city's units, accounts and 2,000 enterprises), then
#    `python3 bench/gen_projects.py | sqlite3 -bail` (50,000 projects, 2,000,000 reports, …).
# 2. Serves it with request logging on and signs in as the demo's admin (cookie, and the CSRF
#    token from GET /api/v1/auth/me for POSTs); POST /api/v1/projects/warnings/recompute once to
#    set the lights. Then, one request after another (curl, a new connection each), BENCH_SEQ (20)
#    times per URL, the server time of each from its request log ("us": from the request's
#    arrival to its answer) and curl's time_total beside it; the recompute BENCH_RECOMPUTE_RUNS
#    (5) times, its own "ms".
# 3. A fresh server with request logging off: wrk -t2 -c64 -d10s --latency on both list URLs
#    with the cookie, and nginx serving the same bytes from a static file (the ceiling).
# 4. PostgreSQL (BENCH_PG=1, under scripts/with-pg; this script again with `pg` as its first
#    argument): the demo made on PostgreSQL, the generated rows moved over with sqlite3 -csv |
#    psql \copy (pacesetter copy verifies but takes minutes for 2,000,000 rows), VACUUM ANALYZE;
#    the cockpit, both lists and the recompute as in 2, and wrk on the filtered list.
# Prints the section and writes it into docs/benchmarks.md between <!-- bench:projects:start -->
# and <!-- bench:projects:end --> (unless BENCH_NO_WRITE=1). Not run by CI (scripts/test).
#
# Knobs (environment): BENCH_PROJECTS=50000, BENCH_REPORTS=2000000, BENCH_SEQ=20,
# BENCH_RECOMPUTE_RUNS=5, BENCH_DURATION=10s, BENCH_CONNECTIONS=64, BENCH_WRK_THREADS=2,
# BENCH_PG=1, BENCH_NO_WRITE=1, BENCH_DB=FILE (a database this script generated before, reused
# as it is: generation skipped).
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
unset PACESETTER_DB PACESETTER_LISTEN PACESETTER_THREADS PACESETTER_LOG_REQUESTS

MODE=main
if [[ ${1:-} == pg ]]; then MODE=pg; shift; fi

PROJECTS=${BENCH_PROJECTS:-50000}
REPORTS=${BENCH_REPORTS:-2000000}
SEQ=${BENCH_SEQ:-20}
RECOMPUTE_RUNS=${BENCH_RECOMPUTE_RUNS:-5}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
PG=${BENCH_PG:-1}
ADMIN=admin PASSWORD=pacesetter-demo   # the demo's accounts (src/cli/demo.c)
[[ $SEQ =~ ^[1-9][0-9]{0,3}$ && $RECOMPUTE_RUNS =~ ^[1-9][0-9]?$ ]] || die "BENCH_SEQ 1..9999, BENCH_RECOMPUTE_RUNS 1..99"
if ! [[ $DURATION =~ ^([1-9][0-9]*)s$ ]] || (( BASH_REMATCH[1] > 120 )); then die "BENCH_DURATION must be 1s..120s"; fi

# T_* targets; TOWN_CODE: the town whose subtree filters the list
T_COCKPIT_MS=100 T_LIST_MS=5 T_LIST_RPS=10000 T_RECOMPUTE_MS=1000
TOWN_CODE=TOWN-01

SERVER_PID='' NGINX_PID=''
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SERVER_PID" || true
  stop_pid "$NGINX_PID" || true
  if [[ $MODE == main ]]; then rm -rf "$TMP"; fi
  exit "$rc"
}

# start_server DB LOGFILE on|off: sets SERVER_PID and BASE.
start_server() {
  local port i
  port=$(free_port)
  "$BIN" serve --db "$1" --listen "127.0.0.1:$port" --log-requests "$3" 2>"$2" &
  SERVER_PID=$!
  BASE=http://127.0.0.1:$port
  for ((i = 0; i < 20000; i++)); do
    probe "$port" /healthz && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$2" >&2; SERVER_PID=; die "server exited during startup"; }
    nap 0.001
  done
  die "server not ready"
}
stop_server() { local rc=0; stop_pid "$SERVER_PID" || rc=$?; SERVER_PID=; STOP_RCS+=("$rc"); }
STOP_RCS=()

# sign_in: COOKIE_HEADER (lib.sh's login) and CSRF_HEADER.
sign_in() {
  login "$BASE" "$ADMIN" "$PASSWORD"
  local t
  t=$(curl -sS -H "$COOKIE_HEADER" "$BASE/api/v1/auth/me" | grep -o '"csrf_token":"[^"]*"' | cut -d'"' -f4)
  [[ -n $t ]] || die "no csrf_token from GET /api/v1/auth/me"
  CSRF_HEADER="X-CSRF-Token: $t"
}

# stats VALUES…: "median p90 min max" (p90: the value at rank ceil(0.9 n))
stats() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {
    m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    k = int(0.9 * NR); if (k < 0.9 * NR) k++
    printf "%.2f %.2f %.2f %.2f\n", m, a[k], a[1], a[NR] }'
}

# server_time NAME PATH LOGFILE: SEQ GETs one after another; sets S_MED S_P90 S_MIN S_MAX (server
# ms, from the log) and C_MED (curl's time_total, ms), S_BYTES; keeps the body in $TMP/NAME.json.
server_time() {
  local name=$1 path=$2 logf=$3 before i code client=() server
  curl -sS -H "$COOKIE_HEADER" -o "$TMP/$name.json" -w '%{http_code}' "$BASE$path" > "$TMP/$name.code"
  [[ $(cat "$TMP/$name.code") == 200 ]] || die "GET $path answered $(cat "$TMP/$name.code"): $(head -c 300 "$TMP/$name.json")"
  S_BYTES=$(stat -c %s "$TMP/$name.json")
  before=$(wc -l < "$logf")
  for ((i = 0; i < SEQ; i++)); do
    code=$(curl -sS -H "$COOKIE_HEADER" -o /dev/null -w '%{http_code} %{time_total}' "$BASE$path")
    [[ ${code%% *} == 200 ]] || die "GET $path answered ${code%% *}"
    client+=("$(awk -v t="${code#* }" 'BEGIN {printf "%.3f", t * 1000}')")
  done
  nap 0.2
  mapfile -t server < <(tail -n +"$((before + 1))" "$logf" | grep '"method":"GET"' | grep -o '"us":[0-9]*' | cut -d: -f2 \
    | awk '{printf "%.3f\n", $1 / 1000}')
  (( ${#server[@]} == SEQ )) || die "expected $SEQ log lines for $path, found ${#server[@]}"
  read -r S_MED S_P90 S_MIN S_MAX <<<"$(stats "${server[@]}")"
  read -r C_MED _ <<<"$(stats "${client[@]}")"
  log "$name: server median $S_MED ms (p90 $S_P90, min $S_MIN, max $S_MAX), curl median $C_MED ms, $S_BYTES bytes"
}

# after_write NAME PATH LOGFILE N: N times a POST …/warnings/recompute (it always writes the day it
# ran, so the database's change stamp moves and nothing kept is valid), then one GET PATH; sets
# A_MED A_MAX (server ms of those GETs).
after_write() {
  local name=$1 path=$2 logf=$3 i out times=()
  for ((i = 0; i < $4; i++)); do
    out=$(curl -sS -X POST -H "$COOKIE_HEADER" -H "$CSRF_HEADER" -o /dev/null -w '%{http_code}' "$BASE/api/v1/projects/warnings/recompute")
    [[ $out == 200 ]] || die "recompute answered $out"
    out=$(curl -sS -H "$COOKIE_HEADER" -o /dev/null -w '%{http_code}' "$BASE$path")
    [[ $out == 200 ]] || die "GET $path answered $out"
    nap 0.05
    times+=("$(grep '"method":"GET"' "$logf" | tail -n 1 | grep -o '"us":[0-9]*' | cut -d: -f2 | awk '{printf "%.3f", $1 / 1000}')")
  done
  read -r A_MED _ _ A_MAX <<<"$(stats "${times[@]}")"
  log "$name after a write: median $A_MED ms, max $A_MAX ms (${times[*]})"
}

# recompute RUNS: POSTs; sets R_ALL (each run's "ms"), R_MED, R_MAX, R_COUNTS (green/yellow/red)
recompute() {
  local out i
  R_ALL=()
  for ((i = 0; i < $1; i++)); do
    out=$(curl -sS -X POST -H "$COOKIE_HEADER" -H "$CSRF_HEADER" "$BASE/api/v1/projects/warnings/recompute")
    [[ $out == *'"ms":'* ]] || die "recompute answered: $out"
    R_ALL+=("$(grep -o '"ms":[0-9]*' <<<"$out" | cut -d: -f2)")
    R_COUNTS=$(sed 's/.*"green":\([0-9]*\),"yellow":\([0-9]*\),"red":\([0-9]*\).*/\1 green, \2 yellow, \3 red/' <<<"$out")
  done
  read -r R_MED _ _ R_MAX <<<"$(stats "${R_ALL[@]}")"
}

# shellcheck disable=SC2034  # P_* are read through ${!p}
# The URLs: the town's id is looked up by its code through the API (same on both backends).
set_urls() {
  local id
  id=$(curl -sS -H "$COOKIE_HEADER" "$BASE/api/v1/units?page_size=100&kind=town" \
    | grep -o "\"id\":[0-9]*,\"code\":\"$TOWN_CODE\"" | head -n 1 | cut -d: -f2 | cut -d, -f1)
  [[ -n $id ]] || die "no unit $TOWN_CODE"
  TOWN_ID=$id
  P_COCKPIT=/api/v1/cockpit
  P_FILTERED="/api/v1/projects?warning=red&unit_id=$TOWN_ID&sort=-total_investment&page_size=25"
  P_PLAIN="/api/v1/projects?page_size=25"
  P_STATS="/api/v1/project-stats?group=unit"
  P_MISSING=/api/v1/progress/missing
}

total_of() { grep -o '"total":[0-9]*' "$1" | head -n 1 | cut -d: -f2; }

# ---------------------------------------------------------------------------- PostgreSQL part
if [[ $MODE == pg ]]; then
  [[ $# -eq 3 ]] || die "usage: scripts/with-pg bash bench/run-projects.sh pg BINARY SQLITE_DB OUTDIR"
  BIN=$1 SRC=$2 TMP=$3
  [[ -n ${PGHOST:-} && -n ${PGPORT:-} ]] || die "run this under scripts/with-pg"
  trap cleanup EXIT; trap 'exit 130' INT; trap 'exit 143' TERM
  mkdir -p "$TMP"
  RES=$TMP/results.env
  : > "$RES"
  emit() { printf '%s=%q\n' "$1" "$2" >> "$RES"; }
  PSQL=${PACESETTER_PSQL:-psql}
  psql_q() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
  emit PG_VERSION "$(psql_q -d postgres -c 'SHOW server_version' | awk '{print $1}')"
  emit PG_SHARED_BUFFERS "$(psql_q -d postgres -c 'SHOW shared_buffers')"
  PGOPTIONS='-c client_min_messages=warning' psql_q -d postgres -c 'DROP DATABASE IF EXISTS projects' -c 'CREATE DATABASE projects'
  URI="postgresql://pacesetter@/projects?host=$PGHOST&port=$PGPORT"
  t0=$(usec_now)
  "$BIN" demo --db "$URI" --no-serve > "$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; die "demo on PostgreSQL failed"; }
  # the demo is the same city on both backends: the units must have the same ids
  a=$(sqlite3 "$SRC" "SELECT group_concat(id || code, ',') FROM (SELECT id, code FROM units WHERE tenant_id = 1 ORDER BY id)")
  b=$(psql_q -d projects -c "SELECT string_agg(id || code, ',' ORDER BY id) FROM units WHERE tenant_id = 1")
  [[ $a == "$b" ]] || die "the demo's units differ between SQLite and PostgreSQL"
  # the generated rows, table by table, as CSV (NULL written as \N, so that '' stays '')
  tables=(enterprises projects project_plans progress_reports unit_month_totals problems problem_events)
  {
    echo "BEGIN;"
    echo "UPDATE users SET enterprise_id = NULL WHERE tenant_id = 1;"
    for ((k = ${#tables[@]} - 1; k >= 0; k--)); do echo "DELETE FROM ${tables[k]} WHERE tenant_id = 1;"; done
    echo "DELETE FROM progress_photos WHERE tenant_id = 1;"
  } > "$TMP/clear.sql"
  psql_q -d projects -f "$TMP/clear.sql" -c COMMIT > /dev/null
  for t in "${tables[@]}"; do
    cols=$(sqlite3 "$SRC" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
    sqlite3 -csv -nullvalue '\N' "$SRC" "SELECT $cols FROM $t WHERE tenant_id = 1" \
      | psql_q -d projects -c "\\copy $t ($cols) FROM STDIN WITH (FORMAT csv, NULL '\\N')" \
      || die "loading $t into PostgreSQL failed"
  done
  # sequences and the enterprise account's link, as in the SQLite database
  sqlite3 "$SRC" "SELECT 'INSERT INTO id_sequences (tenant_id, name, next_id) VALUES (' || tenant_id || ', ''' || name || ''', ' || next_id
    || ') ON CONFLICT (tenant_id, name) DO UPDATE SET next_id = excluded.next_id;' FROM id_sequences;
    SELECT 'UPDATE users SET enterprise_id = ' || enterprise_id || ' WHERE username = ''' || username || ''';' FROM users WHERE enterprise_id IS NOT NULL;" \
    | psql_q -d projects > /dev/null
  psql_q -d projects -c 'VACUUM ANALYZE'
  t1=$(usec_now)
  emit PG_LOAD_S "$(awk -v u=$((t1 - t0)) 'BEGIN {printf "%.0f", u / 1e6}')"
  for t in "${tables[@]}"; do
    [[ $(sqlite3 "$SRC" "SELECT count(*), sum(tenant_id) FROM $t") == "$(psql_q -d projects -F'|' -c "SELECT count(*), sum(tenant_id) FROM $t")" ]] \
      || die "PostgreSQL's $t has not the rows of SQLite's"
  done
  emit PG_DB_MB "$(( $(psql_q -d projects -c "SELECT pg_database_size('projects')") / 1048576 ))"

  start_server "$URI" "$TMP/pg-serve.log" on
  sign_in
  set_urls
  recompute 1
  emit PG_FIRST_RECOMPUTE "${R_ALL[0]}"
  for n in COCKPIT FILTERED PLAIN; do
    p=P_$n
    server_time "pg-$n" "${!p}" "$TMP/pg-serve.log"
    emit "PG_${n}_MED" "$S_MED"; emit "PG_${n}_P90" "$S_P90"; emit "PG_${n}_MAX" "$S_MAX"; emit "PG_${n}_CURL" "$C_MED"
  done
  recompute "$RECOMPUTE_RUNS"
  emit PG_RECOMPUTE_ALL "${R_ALL[*]}"; emit PG_RECOMPUTE_MED "$R_MED"; emit PG_RECOMPUTE_MAX "$R_MAX"
  stop_server
  start_server "$URI" "$TMP/pg-serve-quiet.log" off
  sign_in
  WRK_EXTRA=(-H "$COOKIE_HEADER")
  run_wrk pg-filtered "$BASE$P_FILTERED"
  emit PG_WRK_RPS "$W_RPS"; emit PG_WRK_P50 "$W_P50"; emit PG_WRK_P99 "$W_P99"; emit PG_WRK_BAD "$W_BAD"
  stop_server
  emit PG_STOP_RCS "${STOP_RCS[*]}"
  exit 0
fi

# ---------------------------------------------------------------------------- SQLite part
BIN=${1:-$ROOT/build-release/pacesetter}
[[ -x $BIN ]] || die "no pacesetter binary at $BIN (build it: scripts/build build-release)"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
for c in wrk curl sqlite3 python3; do command -v "$c" >/dev/null || die "$c is missing"; done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $NGINX ]] || die "nginx is missing (apt-get install nginx-light)"
TMP=$(mktemp -d /tmp/pacesetter-bench-projects.XXXXXX)
chmod 755 "$TMP"
trap cleanup EXIT; trap 'exit 130' INT; trap 'exit 143' TERM

COMMAND="bash bench/run-projects.sh${1:+ $1}"
for v in BENCH_PROJECTS BENCH_REPORTS BENCH_SEQ BENCH_RECOMPUTE_RUNS BENCH_DURATION BENCH_CONNECTIONS BENCH_PG BENCH_DB; do
  if [[ -n ${!v:-} ]]; then COMMAND="$v=$(printf '%q' "${!v}") $COMMAND"; fi
done
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
OTHERS=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 20 {printf "%s%s (%d%%)", n++ ? ", " : "", $2, $1}')

# 1. The database.
DB=$TMP/projects.db
if [[ -n ${BENCH_DB:-} ]]; then
  cp "$BENCH_DB" "$DB"
  GEN_DESC="reused from an earlier run (\`BENCH_DB\`)"
else
  t0=$(usec_now)
  "$BIN" demo --db "$DB" --no-serve > "$TMP/demo.log" 2>&1 || { cat "$TMP/demo.log" >&2; die "demo failed"; }
  t1=$(usec_now)
  python3 "$ROOT/bench/gen_projects.py" --projects "$PROJECTS" --reports "$REPORTS" > "$TMP/gen.sql"
  t2=$(usec_now)
  sqlite3 -bail "$DB" < "$TMP/gen.sql" > "$TMP/gen.out" || die "the generated SQL failed"
  t3=$(usec_now)
  [[ ! -s $TMP/gen.out ]] || { cat "$TMP/gen.out" >&2; die "foreign key check failed after generation"; }
  rm -f "$TMP/gen.sql"
  GEN_DESC=$(awk -v a=$((t1 - t0)) -v b=$((t2 - t1)) -v c=$((t3 - t2)) \
    'BEGIN {printf "demo %.1f s, generator %.1f s, sqlite3 %.1f s", a / 1e6, b / 1e6, c / 1e6}')
fi
read -r N_PROJECTS N_REPORTS N_ENTERPRISES N_PLANS N_PROBLEMS N_UMT <<<"$(sqlite3 -separator ' ' "$DB" "SELECT
  (SELECT count(*) FROM projects), (SELECT count(*) FROM progress_reports), (SELECT count(*) FROM enterprises),
  (SELECT count(*) FROM project_plans), (SELECT count(*) FROM problems), (SELECT count(*) FROM unit_month_totals)")"
POOLS=$(sqlite3 "$DB" "SELECT group_concat(pool || ' ' || n, ', ') FROM (SELECT pool, count(*) AS n FROM projects GROUP BY pool ORDER BY min(stage))")
DB_MB=$(( $(stat -c %s "$DB") / 1048576 ))
log "database: $N_PROJECTS projects, $N_REPORTS reports, $DB_MB MiB ($GEN_DESC)"

# 2. Server times, request logging on.
start_server "$DB" "$TMP/serve.log" on
sign_in
set_urls
recompute 1
FIRST_RECOMPUTE=${R_ALL[0]} LIGHTS=$R_COUNTS
for n in COCKPIT FILTERED PLAIN STATS MISSING; do
  p=P_$n
  server_time "$n" "${!p}" "$TMP/serve.log"
  printf -v "${n}_MED" %s "$S_MED"; printf -v "${n}_P90" %s "$S_P90"; printf -v "${n}_MAX" %s "$S_MAX"
  printf -v "${n}_CURL" %s "$C_MED"; printf -v "${n}_BYTES" %s "$S_BYTES"
done
AFTER=$(( SEQ / 4 > 5 ? SEQ / 4 : 5 ))
after_write FILTERED "$P_FILTERED" "$TMP/serve.log" "$AFTER"; FILTERED_COLD_MED=$A_MED FILTERED_COLD_MAX=$A_MAX
after_write PLAIN "$P_PLAIN" "$TMP/serve.log" "$AFTER"; PLAIN_COLD_MED=$A_MED PLAIN_COLD_MAX=$A_MAX
after_write COCKPIT "$P_COCKPIT" "$TMP/serve.log" "$AFTER"; COCKPIT_COLD_MED=$A_MED COCKPIT_COLD_MAX=$A_MAX
FILTERED_TOTAL=$(total_of "$TMP/FILTERED.json") PLAIN_TOTAL=$(total_of "$TMP/PLAIN.json")
MISSING_N=$(grep -o '"missing":[0-9]*' "$TMP/MISSING.json" | head -n 1 | cut -d: -f2)
recompute "$RECOMPUTE_RUNS"
RECOMPUTE_ALL="${R_ALL[*]}" RECOMPUTE_MED=$R_MED
stop_server

# 3. Throughput: a fresh server without request logging, and nginx with the same bytes.
LOAD_WRK=$(cut -d' ' -f1-3 /proc/loadavg)
start_server "$DB" "$TMP/serve-quiet.log" off
sign_in
curl -sS -H "$COOKIE_HEADER" -o "$TMP/www-filtered.json" "$BASE$P_FILTERED"
curl -sS -H "$COOKIE_HEADER" -o "$TMP/www-plain.json" "$BASE$P_PLAIN"
WRK_EXTRA=(-H "$COOKIE_HEADER")
run_wrk filtered "$BASE$P_FILTERED"; F_RPS=$W_RPS F_P50=$W_P50 F_P99=$W_P99 F_BAD=$W_BAD
run_wrk plain "$BASE$P_PLAIN"; L_RPS=$W_RPS L_P50=$W_P50 L_P99=$W_P99 L_BAD=$W_BAD
WRK_EXTRA=()
stop_server
mkdir -p "$TMP/www" "$TMP/nginx-temp"
chmod 755 "$TMP/www"
cp "$TMP/www-filtered.json" "$TMP/www/filtered.json"
chmod 644 "$TMP/www/filtered.json"
NGINX_PORT=$(free_port)
user_line=""
(( EUID == 0 )) && user_line="user $(id -un) $(id -gn);"
cat > "$TMP/nginx.conf" <<CONF
$user_line
daemon off;
worker_processes 2;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $TMP/nginx-temp/body;
    keepalive_requests 1000000;
    open_file_cache max=16 inactive=60s;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = /filtered { default_type application/json; alias $TMP/www/filtered.json; }
    }
}
CONF
"$NGINX" -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" 2>"$TMP/nginx-stderr.log" &
NGINX_PID=$!
for ((i = 0; i < 500; i++)); do probe "$NGINX_PORT" /filtered && break; nap 0.01; done
cmp -s <(curl -sS "http://127.0.0.1:$NGINX_PORT/filtered") "$TMP/www/filtered.json" || die "nginx does not serve the list's bytes"
run_wrk nginx "http://127.0.0.1:$NGINX_PORT/filtered"; N_RPS=$W_RPS N_P50=$W_P50 N_P99=$W_P99
stop_pid "$NGINX_PID" || true
NGINX_PID=
NGINX_VERSION=$("$NGINX" -v 2>&1 | sed 's/^nginx version: nginx\///')

# 4. PostgreSQL.
PG_OK=0
if [[ $PG == 1 ]]; then
  LOAD_PG=$(cut -d' ' -f1-3 /proc/loadavg)
  if BENCH_SEQ=$SEQ BENCH_RECOMPUTE_RUNS=$RECOMPUTE_RUNS BENCH_DURATION=$DURATION BENCH_CONNECTIONS=$CONNS \
       "$ROOT/scripts/with-pg" bash "$ROOT/bench/run-projects.sh" pg "$BIN" "$DB" "$TMP/pg" >&2; then
    # shellcheck disable=SC1091
    . "$TMP/pg/results.env"
    PG_OK=1
  else
    log "the PostgreSQL part failed"
  fi
fi
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f", 100 * a / b}'; }
SECTION=$TMP/section.md
{
  echo "<!-- bench:projects:start -->"
  echo "## Project library benchmark"
  echo
  echo "Written by \`bench/run-projects.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit by hand: run the script again."
  echo
  echo "- Command: \`$COMMAND\` (from the repository root; not part of \`bench/run.sh\` or CI)"
  echo "- Machine: $(nproc) × $(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo), shared: load average $LOAD_START at the start, $LOAD_WRK before the wrk runs${LOAD_PG:+, $LOAD_PG before PostgreSQL}, $LOAD_END at the end; busy processes at the start: ${OTHERS:-none}"
  echo "- Binary: \`$("$BIN" version | head -n 1)\`, commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src || echo ' (with uncommitted changes in src)')"
  echo "- Database: \`pacesetter demo --no-serve\` (its units and accounts), then \`python3 bench/gen_projects.py | sqlite3 -bail\` ($GEN_DESC): $(fmt_int "$N_PROJECTS") projects ($POOLS), $(fmt_int "$N_REPORTS") monthly reports, $(fmt_int "$N_PLANS") yearly plans, $(fmt_int "$N_ENTERPRISES") enterprises, $(fmt_int "$N_PROBLEMS") problems, $(fmt_int "$N_UMT") unit month totals; $DB_MB MiB; lights after the first recompute: $LIGHTS"
  echo "- Server: \`pacesetter serve --db projects.db --log-requests on\` for the server times (each request's \"us\" in the log: arrival to answer), default threads (= cores); signed in as the demo's \`admin\` (\`system_admin\`); \`--log-requests off\` and a fresh server for wrk"
  echo "- Server time: $SEQ requests one after another (curl, a new connection each); median, p90 and max of the log's figures; curl's median \`time_total\` beside them"
  echo
  echo "| request | body | server median | p90 | max | curl median |"
  echo "|---|---:|---:|---:|---:|---:|"
  for n in COCKPIT FILTERED PLAIN STATS MISSING; do
    p=P_$n b=${n}_BYTES m=${n}_MED q=${n}_P90 x=${n}_MAX c=${n}_CURL
    echo "| \`GET ${!p}\` | $(fmt_int "${!b}") B | ${!m} ms | ${!q} ms | ${!x} ms | ${!c} ms |"
  done
  echo
  echo "Right after a write ($AFTER times: \`POST …/warnings/recompute\`, which always writes the day it ran, then one GET), when nothing kept is valid: the filtered list $FILTERED_COLD_MED ms (max $FILTERED_COLD_MAX), the plain first page $PLAIN_COLD_MED ms (max $PLAIN_COLD_MAX), the cockpit $COCKPIT_COLD_MED ms (max $COCKPIT_COLD_MAX) server time, median. The lists keep their totals and their pages per connection while SQLite's change stamp is unchanged; the cockpit keeps nothing."
  echo
  echo "The filtered list has $(fmt_int "$FILTERED_TOTAL") projects ($TOWN_CODE's red ones), the plain one $(fmt_int "$PLAIN_TOTAL"); \`progress/missing\` lists $(fmt_int "${MISSING_N:-0}") projects under construction without this month's report."
  echo
  echo "| \`POST /api/v1/projects/warnings/recompute\` | \"ms\" |"
  echo "|---|---:|"
  echo "| first run (sets the lights of all projects) | $FIRST_RECOMPUTE ms |"
  echo "| then $RECOMPUTE_RUNS runs: median (all) | $RECOMPUTE_MED ms ($RECOMPUTE_ALL) |"
  echo
  echo "Load: wrk $(wrk -v 2>&1 | awk 'NR == 1 {print $2}'), \`wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency\` with the session cookie; nginx $NGINX_VERSION (\`worker_processes 2\`, \`access_log off\`) serving the filtered list's $(fmt_int "$FILTERED_BYTES") bytes from a static file; all on the same $(nproc) cores"
  echo
  echo "| endpoint | req/s | p50 | p99 | vs nginx |"
  echo "|---|---:|---:|---:|---:|"
  echo "| nginx, static file with the filtered list's bytes | $(fmt_int "$N_RPS") | $N_P50 ms | $N_P99 ms | 100% |"
  echo "| pacesetter \`GET $P_FILTERED\` | $(fmt_int "$F_RPS") | $F_P50 ms | $F_P99 ms | $(ratio "$F_RPS" "$N_RPS")% |"
  echo "| pacesetter \`GET $P_PLAIN\` | $(fmt_int "$L_RPS") | $L_P50 ms | $L_P99 ms | $(ratio "$L_RPS" "$N_RPS")% |"
  if (( F_BAD + L_BAD > 0 )); then echo; echo "Errors or non-2xx responses during the load: filtered $F_BAD, plain $L_BAD."; fi
  if (( PG_OK )); then
    echo
    echo "**PostgreSQL** $PG_VERSION (\`scripts/with-pg\`: a throwaway cluster on the same machine, \`shared_buffers\` $PG_SHARED_BUFFERS): \`pacesetter demo --db postgresql://… --no-serve\`, then the generated tables moved over with \`sqlite3 -csv | psql \\\\copy\` and \`VACUUM ANALYZE\` in $PG_LOAD_S s (row counts checked; $PG_DB_MB MiB); served over the Unix socket, as above:"
    echo
    echo "| request | server median | p90 | max | curl median |"
    echo "|---|---:|---:|---:|---:|"
    for n in COCKPIT FILTERED PLAIN; do
      p=P_$n m=PG_${n}_MED q=PG_${n}_P90 x=PG_${n}_MAX c=PG_${n}_CURL
      echo "| \`GET ${!p}\` | ${!m} ms | ${!q} ms | ${!x} ms | ${!c} ms |"
    done
    echo "| \`POST …/warnings/recompute\`, first run, then median of $RECOMPUTE_RUNS (all) | $PG_FIRST_RECOMPUTE ms; $PG_RECOMPUTE_MED ms ($PG_RECOMPUTE_ALL) | | | |"
    echo "| wrk on the filtered list | $(fmt_int "$PG_WRK_RPS") req/s, p50 $PG_WRK_P50 ms, p99 $PG_WRK_P99 ms | | | |"
  fi
  echo
  echo "| target (SQLite) | measured | result |"
  echo "|---|---:|:---:|"
  echo "| cockpit < $T_COCKPIT_MS ms server time (median) | $COCKPIT_MED ms | $(pass "$COCKPIT_MED" "<" "$T_COCKPIT_MS") |"
  echo "| filtered list page < $T_LIST_MS ms server time (median) | $FILTERED_MED ms; right after a write $FILTERED_COLD_MED ms | $(pass "$FILTERED_MED" "<" "$T_LIST_MS")/$(pass "$FILTERED_COLD_MED" "<" "$T_LIST_MS") |"
  echo "| filtered list ≥ $(fmt_int "$T_LIST_RPS") req/s at $CONNS connections | $(fmt_int "$F_RPS") req/s | $(pass "$F_RPS" ">=" "$T_LIST_RPS") |"
  echo "| recomputing all warnings < $T_RECOMPUTE_MS ms (median of $RECOMPUTE_RUNS) | $RECOMPUTE_MED ms | $(pass "$RECOMPUTE_MED" "<" "$T_RECOMPUTE_MS") |"
  if (( PG_OK )); then
    echo "| on PostgreSQL: cockpit < $T_COCKPIT_MS ms | $PG_COCKPIT_MED ms | $(pass "$PG_COCKPIT_MED" "<" "$T_COCKPIT_MS") |"
    echo "| on PostgreSQL: filtered list page < $T_LIST_MS ms; ≥ $(fmt_int "$T_LIST_RPS") req/s | $PG_FILTERED_MED ms; $(fmt_int "$PG_WRK_RPS") req/s | $(pass "$PG_FILTERED_MED" "<" "$T_LIST_MS")/$(pass "$PG_WRK_RPS" ">=" "$T_LIST_RPS") |"
    echo "| on PostgreSQL: recompute < $T_RECOMPUTE_MS ms | $PG_RECOMPUTE_MED ms | $(pass "$PG_RECOMPUTE_MED" "<" "$T_RECOMPUTE_MS") |"
  fi
  echo
  echo "Exit status of each server after SIGTERM: ${STOP_RCS[*]}${PG_STOP_RCS:+ (PostgreSQL: $PG_STOP_RCS)}."
  echo "<!-- bench:projects:end -->"
} > "$SECTION"
cat "$SECTION"
if [[ ${BENCH_NO_WRITE:-0} != 1 ]]; then
  OUT=$ROOT/docs/benchmarks.md
  if grep -qF '<!-- bench:projects:start -->' "$OUT"; then
    awk -v f="$SECTION" 'BEGIN {while ((getline l < f) > 0) sec = sec l "\n"}
      index($0, "<!-- bench:projects:start -->") == 1 {printf "%s", sec; skip = 1; next}
      index($0, "<!-- bench:projects:end -->") == 1 {skip = 0; next}
      !skip {print}' "$OUT" > "$TMP/out.md"
    cat "$TMP/out.md" > "$OUT"
  else
    { echo; cat "$SECTION"; } >> "$OUT"
  fi
  log "wrote the section into $OUT"
fi
if [[ $PG == 1 ]] && (( ! PG_OK )); then die "the PostgreSQL part failed (see above)"; fi
