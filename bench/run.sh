#!/usr/bin/env bash
# bench/run.sh — the foundation benchmark (issue 1), the PostgreSQL benchmark (issue 3) and the
# accounts benchmark (issue 4).
#
#   bash bench/run.sh
#
# Builds a release binary, creates a database with 10,000 units, and measures on loopback:
#   - `serve` startup to readiness (exec → first 200 from GET /healthz), median of 5 starts;
#   - resident memory (VmRSS) of the idle server after startup and again after the load;
#   - wrk -t2 -c64 -d10s --latency against GET /healthz and
#     GET /api/v1/units?page_size=25&kind=town, and against nginx serving the same
#     /healthz bytes from a static file (the ceiling);
#   - then, under scripts/with-pg (a throwaway PostgreSQL 15 cluster), bench/run-postgresql.sh:
#     the same database copied into PostgreSQL with `pacesetter copy`, VACUUM ANALYZE, served
#     over the Unix socket, and the same wrk load on the units list, with the server's default
#     threads and with --threads 4, each BENCH_PG_RUNS (2) times;
#   - then bench/run-auth.sh (when the binary has user accounts): the units list signed in
#     (system_admin, a town's unit_reporter, a leader of a 3,000-unit subtree) against the
#     release build of b9811e4, the last commit before accounts, on the same database shape,
#     alternately BENCH_ACCOUNTS_RUNS (2) times; login time (argon2id) one at a time and with
#     4 concurrent clients, and /healthz latency while logins run.
# Writes the results into docs/benchmarks.md between
#   <!-- bench:foundation:start --> and <!-- bench:foundation:end -->, between
#   <!-- bench:postgresql:start --> and <!-- bench:postgresql:end --> and between
#   <!-- bench:auth:start --> and <!-- bench:auth:end -->.
#
# Assumes the web UI is already built (`npm run build:web` → web/dist), because the
# release binary embeds it. Installs wrk, nginx-light, sqlite3, curl and (unless BENCH_PG=0)
# postgresql with apt-get if they are missing (needs root for that).
#
# Knobs (environment), all optional:
#   BENCH_UNITS=10000        units in the generated database
#   BENCH_DURATION=10s       wrk duration per run (1s..120s)
#   BENCH_CONNECTIONS=64     wrk connections;  BENCH_WRK_THREADS=2  wrk threads
#   BENCH_STARTS=5           startup measurements (median is reported)
#   BENCH_THREADS=           --threads for serve (default: the server's default, = cores)
#   BENCH_SKIP_BUILD=1       use an existing binary (PACESETTER_BIN, else build-release/pacesetter);
#   BENCH_BINARY_DESC=       with it: what that binary is, for the report (e.g. "release build of commit abc1234")
#   BENCH_NO_WRITE=1         print the Markdown section, do not touch docs/benchmarks.md
#   BENCH_NGINX_ONLY=1       only start nginx and load it (checks the ceiling part; no binary needed)
#   BENCH_PG=0               skip the PostgreSQL part (its section in docs/benchmarks.md is left as it is)
#   BENCH_PG_RUNS=2          rounds of the PostgreSQL load (each round: every BENCH_PG_THREADS setting once)
#   BENCH_PG_THREADS="default 4"  serve --threads settings on PostgreSQL ('default': the server's default)
#   BENCH_ACCOUNTS=0         skip the accounts part (its section is left as it is; skipped anyway
#                            when the binary has no user accounts)
#   BENCH_ACCOUNTS_RUNS=2    rounds of the accounts part (each: no accounts, admin, reporter, leader)
#   BENCH_NOAUTH_BIN=        a release build of b9811e4 to use as the no-accounts reference instead
#                            of building one (from `git archive b9811e4`, in the temporary folder)
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

UNITS=${BENCH_UNITS:-10000}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
STARTS=${BENCH_STARTS:-5}
SERVE_THREADS=${BENCH_THREADS:-}
SKIP_BUILD=${BENCH_SKIP_BUILD:-0}
NO_WRITE=${BENCH_NO_WRITE:-0}
NGINX_ONLY=${BENCH_NGINX_ONLY:-0}
PG=${BENCH_PG:-1}
export BENCH_PG_RUNS=${BENCH_PG_RUNS:-2}
export BENCH_PG_THREADS=${BENCH_PG_THREADS:-default 4}
ACCOUNTS=${BENCH_ACCOUNTS:-1}
export BENCH_ACCOUNTS_RUNS=${BENCH_ACCOUNTS_RUNS:-2}
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/15/bin}
BUILD_DIR=build-release
# The server's own settings come from flags only: ignore any PACESETTER_* settings around us.
unset PACESETTER_DB PACESETTER_LISTEN PACESETTER_THREADS PACESETTER_MAX_BODY \
      PACESETTER_LOG_REQUESTS PACESETTER_TLS_CERT PACESETTER_TLS_KEY
OUT=docs/benchmarks.md
MARK_START='<!-- bench:foundation:start -->'
MARK_END='<!-- bench:foundation:end -->'
PG_MARK_START='<!-- bench:postgresql:start -->'
PG_MARK_END='<!-- bench:postgresql:end -->'
AUTH_MARK_START='<!-- bench:auth:start -->'
AUTH_MARK_END='<!-- bench:auth:end -->'

# Targets.
T_HEALTHZ_RATIO=80      # % of nginx req/s
T_UNITS_RPS=25000       # req/s
T_UNITS_P99_MS=10       # ms
T_RSS_MB=30             # MB
T_READY_MS=200          # ms
T_PG_UNITS_RPS=10000    # req/s, units list on PostgreSQL at 64 connections

# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[[ $UNITS =~ ^[1-9][0-9]{0,6}$ ]] || die "BENCH_UNITS must be a positive integer"
if ! [[ $DURATION =~ ^([1-9][0-9]*)s$ ]] || (( BASH_REMATCH[1] > 120 )); then die "BENCH_DURATION must be 1s..120s"; fi
[[ $CONNS =~ ^[1-9][0-9]{0,3}$ ]] || die "BENCH_CONNECTIONS must be 1..9999"
[[ $WRK_THREADS =~ ^[1-9][0-9]?$ ]] || die "BENCH_WRK_THREADS must be 1..99"
[[ $STARTS =~ ^[1-9][0-9]?$ ]] || die "BENCH_STARTS must be 1..99"
[[ -z $SERVE_THREADS || $SERVE_THREADS =~ ^[1-9][0-9]?$ ]] || die "BENCH_THREADS must be 1..99"
[[ $PG == 0 || $PG == 1 ]] || die "BENCH_PG must be 0 or 1"
[[ $ACCOUNTS == 0 || $ACCOUNTS == 1 ]] || die "BENCH_ACCOUNTS must be 0 or 1"
[[ $BENCH_ACCOUNTS_RUNS =~ ^[1-9]$ ]] || die "BENCH_ACCOUNTS_RUNS must be 1..9"

# The command as typed, with the knobs that were set, for the report.
COMMAND="bash bench/run.sh"
for v in PACESETTER_BIN BENCH_SKIP_BUILD BENCH_THREADS BENCH_STARTS BENCH_WRK_THREADS \
         BENCH_CONNECTIONS BENCH_DURATION BENCH_UNITS BENCH_PG BENCH_PG_RUNS BENCH_PG_THREADS \
         BENCH_ACCOUNTS BENCH_ACCOUNTS_RUNS BENCH_NOAUTH_BIN; do
  if [[ $v == BENCH_PG_RUNS && ${!v} == 2 ]] || [[ $v == BENCH_PG_THREADS && ${!v} == "default 4" ]] \
     || [[ $v == BENCH_ACCOUNTS_RUNS && ${!v} == 2 ]]; then continue; fi
  if [[ -n ${!v:-} ]]; then COMMAND="$v=$(printf '%q' "${!v}") $COMMAND"; fi
done

# ---------------------------------------------------------------------------- tools
NGINX=$(command -v nginx || true)
[[ -z $NGINX && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[[ -n $NGINX ]] || missing+=(nginx-light)
command -v curl >/dev/null || missing+=(curl)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if [[ $PG == 1 && $NGINX_ONLY != 1 && ! -x $PG_BINDIR/initdb ]]; then missing+=(postgresql); fi
if ((${#missing[@]})); then
  (( EUID == 0 )) || die "missing ${missing[*]}; run: sudo apt-get install -y ${missing[*]}"
  log "installing ${missing[*]} with apt-get"
  # Keep the package's postinst from starting a system nginx on port 80.
  added_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    added_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" \
    || { apt-get update && apt-get install -y --no-install-recommends "${missing[@]}"; } \
    || { if (( added_policy )); then rm -f /usr/sbin/policy-rc.d; fi; die "apt-get install failed"; }
  if (( added_policy )); then rm -f /usr/sbin/policy-rc.d; fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi

LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------- cleanup
TMP=$(mktemp -d /tmp/pacesetter-bench.XXXXXX)
SERVER_PID=
NGINX_PID=


cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SERVER_PID" || true
  stop_pid "$NGINX_PID" || true
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------- helpers
# (in bench/lib.sh: stop_pid, nap, free_port, probe, usec_now, to_ms, run_wrk, fmt_int, …)


# ---------------------------------------------------------------------------- nginx
HEALTHZ_BODY_FILE=$TMP/www/healthz
mkdir -p "$TMP/www" "$TMP/nginx-temp"
chmod 755 "$TMP" "$TMP/www"

start_nginx() {
  local port=$1 user_line="" ct
  ct=${HEALTHZ_CONTENT_TYPE:-application/json}
  if (( EUID == 0 )); then
    # Workers run as the current user too (root), not as nobody.
    user_line="user $(id -un) $(id -gn);"
  fi
  # For comparison only: the same body from nginx's config (`return 200`), no file involved.
  local body ret=""
  body=$(cat "$HEALTHZ_BODY_FILE")
  if [[ $body != *'$'* && $body != *"'"* && $body != *"\\"* && $body != *$'\n'* ]]; then
    ret="        location = /healthz-return {
            default_type \"$ct\";
            return 200 '$body';
        }"
  fi
  local v temps=""
  v=$("$NGINX" -V 2>&1)
  for m in client_body proxy fastcgi uwsgi scgi; do
    if [[ $m == client_body || $v != *"--without-http_${m}_module"* ]]; then
      temps+="    ${m}_temp_path $TMP/nginx-temp/$m;"$'\n'
    fi
  done
  cat > "$TMP/nginx.conf" <<CONF
$user_line
daemon off;
master_process on;
worker_processes 2;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
$temps
    # A 15-byte file: one read from the cached descriptor and one write is cheaper than
    # writev + sendfile (measured here: sendfile off was as fast or faster).
    sendfile off;
    tcp_nodelay on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    open_file_cache max=16 inactive=60s;
    open_file_cache_valid 60s;
    server {
        listen 127.0.0.1:$port;
        location = /healthz {
            default_type "$ct";
            alias $HEALTHZ_BODY_FILE;
        }
$ret
    }
}
CONF
  "$NGINX" -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" -t >/dev/null 2>"$TMP/nginx-t.log" \
    || { cat "$TMP/nginx-t.log" >&2; die "nginx rejected its config"; }
  "$NGINX" -p "$TMP" -e "$TMP/nginx-error.log" -c "$TMP/nginx.conf" 2>"$TMP/nginx-stderr.log" &
  NGINX_PID=$!
  local i
  for ((i = 0; i < 500; i++)); do
    probe "$port" /healthz && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || { cat "$TMP/nginx-error.log" "$TMP/nginx-stderr.log" >&2; NGINX_PID=; die "nginx exited"; }
    nap 0.01
  done
  cat "$TMP/nginx-error.log" >&2
  die "nginx did not answer on 127.0.0.1:$port"
}

NGINX_VERSION=$("$NGINX" -v 2>&1 | sed 's/^nginx version: nginx\///')
WRK_VERSION=$(wrk -v 2>&1 | awk 'NR == 1 {print $2}' || true)

if [[ $NGINX_ONLY == 1 ]]; then
  printf '{"status":"ok"}' > "$HEALTHZ_BODY_FILE"
  NGINX_PORT=$(free_port)
  start_nginx "$NGINX_PORT"
  curl -sS -D - -o /dev/null "http://127.0.0.1:$NGINX_PORT/healthz" >&2
  cmp -s <(curl -sS "http://127.0.0.1:$NGINX_PORT/healthz") "$HEALTHZ_BODY_FILE" || die "nginx body differs"
  run_wrk nginx "http://127.0.0.1:$NGINX_PORT/healthz"
  echo "nginx $NGINX_VERSION /healthz (static file): $W_RPS req/s, p50 $W_P50 ms, p99 $W_P99 ms, errors $W_BAD"
  run_wrk nginx-return "http://127.0.0.1:$NGINX_PORT/healthz-return"
  echo "nginx $NGINX_VERSION /healthz-return (return 200): $W_RPS req/s, p50 $W_P50 ms, p99 $W_P99 ms, errors $W_BAD"
  exit 0
fi

# ---------------------------------------------------------------------------- build
if [[ $SKIP_BUILD != 1 ]]; then
  [[ -f CMakeLists.txt ]] || die "no CMakeLists.txt in $ROOT"
  # The release binary embeds the UI; this script does not build it.
  [[ -f web/dist/index.html ]] || die "web/dist/index.html missing: build the UI first (npm ci && npm run build:web)"
  log "building release binary in $BUILD_DIR"
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >&2
  cmake --build "$BUILD_DIR" -j2 >&2
fi
BIN=${PACESETTER_BIN:-$BUILD_DIR/pacesetter}
if [[ ! -x $BIN ]]; then
  found=$(find "$BUILD_DIR" -maxdepth 3 -type f -name pacesetter -perm -u+x 2>/dev/null | head -n 1 || true)
  [[ -n $found ]] || die "no pacesetter binary at $BIN"
  BIN=$found
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
BIN_VERSION=$("$BIN" version 2>/dev/null | head -n 1 || echo unknown)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo "no commit")
if [[ -n $(git status --porcelain 2>/dev/null | head -n 1) ]]; then COMMIT="$COMMIT + uncommitted changes"; fi

# Request logging: one JSON line per request on stderr. If the binary can turn it off,
# the main runs do, and one extra /healthz run measures what it costs.
SERVE_HELP=$("$BIN" serve --help 2>&1 || true)
LOG_OFF_ARGS=()
LOG_OFF_ENV=()
LOG_ON_ARGS=()
if [[ $SERVE_HELP == *--log-requests* ]]; then
  LOG_OFF_ARGS=(--log-requests off)
  LOG_ON_ARGS=(--log-requests on)
  LOG_MODE="off (\`--log-requests off\`)"
elif [[ $SERVE_HELP == *PACESETTER_LOG_REQUESTS* ]]; then
  LOG_OFF_ENV=(PACESETTER_LOG_REQUESTS=0)
  LOG_MODE="off (\`PACESETTER_LOG_REQUESTS=0\`)"
else
  LOG_MODE="on (one JSON line per request, stderr redirected to a file; the binary has no switch to turn it off)"
fi
CAN_LOG_OFF=0
if ((${#LOG_OFF_ARGS[@]} + ${#LOG_OFF_ENV[@]})); then CAN_LOG_OFF=1; fi

# ---------------------------------------------------------------------------- database
DB=$TMP/bench.db
log "generating $UNITS units"
bash bench/gen_units.sh "$BIN" "$DB" "$UNITS" >&2
TOWNS=$(sqlite3 "$DB" "SELECT count(*) FROM units WHERE tenant_id = 1 AND kind = 'town';")

# Since user accounts (issue 4) the API needs a signed-in user: a system administrator of the
# default tenant (the units' tenant), made with `pacesetter user add`; each server run signs in
# once and wrk sends the session cookie, as the web UI does. Older binaries have no `user`.
AUTH=0
AUTH_USER=bench
AUTH_PASSWORD=bench-password-not-a-secret
COOKIE_HEADER=
if "$BIN" --help 2>&1 | grep -qE '^[[:space:]]+user[[:space:]]'; then
  AUTH=1
  printf '%s\n' "$AUTH_PASSWORD" | "$BIN" user add --db "$DB" --username "$AUTH_USER" --role system_admin >&2 \
    || die "pacesetter user add failed"
fi
DB_BYTES=$(stat -c %s "$DB")

THREAD_ARGS=()
[[ -n $SERVE_THREADS ]] && THREAD_ARGS=(--threads "$SERVE_THREADS")

# start_server PORT LOGFILE [logging: off|on]: sets SERVER_PID and READY_US.
start_server() {
  local port=$1 logf=$2 mode=${3:-off} t0 t1 i
  local -a env_args=() extra=()
  if [[ $mode == off ]]; then
    env_args=(${LOG_OFF_ENV[@]+"${LOG_OFF_ENV[@]}"}); extra=(${LOG_OFF_ARGS[@]+"${LOG_OFF_ARGS[@]}"})
  else
    extra=(${LOG_ON_ARGS[@]+"${LOG_ON_ARGS[@]}"})
  fi
  t0=$(usec_now)
  env ${env_args[@]+"${env_args[@]}"} "$BIN" serve --db "$DB" --listen "127.0.0.1:$port" \
    ${THREAD_ARGS[@]+"${THREAD_ARGS[@]}"} ${extra[@]+"${extra[@]}"} 2>"$logf" &
  SERVER_PID=$!
  for ((i = 0; i < 20000; i++)); do
    if probe "$port" /healthz; then
      t1=$(usec_now)
      READY_US=$((t1 - t0))
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logf" >&2; SERVER_PID=; die "server exited during startup"; }
    nap 0.001
  done
  cat "$logf" >&2
  die "server not ready after 20000 probes"
}

stop_server() {
  local rc=0
  stop_pid "$SERVER_PID" || rc=$?
  SERVER_PID=
  return "$rc"
}

# 1. Startup to readiness.
READY_MS_ALL=()
STOP_RCS=()
for ((n = 1; n <= STARTS; n++)); do
  port=$(free_port)
  start_server "$port" "$TMP/start-$n.log"
  READY_MS_ALL+=("$(awk -v u="$READY_US" 'BEGIN {printf "%.1f", u / 1000}')")
  grep -q 'listening on' "$TMP/start-$n.log" || log "warning: no 'listening on' line on stderr (start $n)"
  rc=0; stop_server || rc=$?
  STOP_RCS+=("$rc")
  log "start $n: ready in ${READY_MS_ALL[-1]} ms; exit status after SIGTERM: $rc"
done
READY_MS=$(median "${READY_MS_ALL[@]}")

# 2. The server under load.
SERVER_PORT=$(free_port)
SERVER_LOG=$TMP/serve.log
start_server "$SERVER_PORT" "$SERVER_LOG"
BASE=http://127.0.0.1:$SERVER_PORT
UNITS_PATH='/api/v1/units?page_size=25&kind=town'

curl -sS -o "$HEALTHZ_BODY_FILE" -D "$TMP/healthz.headers" "$BASE/healthz"
HEALTHZ_BODY=$(cat "$HEALTHZ_BODY_FILE")
HEALTHZ_CONTENT_TYPE=$(awk -F': *' 'tolower($1) == "content-type" {sub(/\r$/, "", $2); print $2}' "$TMP/healthz.headers")
CURL_AUTH=()
if (( AUTH )); then
  login "$BASE" "$AUTH_USER" "$AUTH_PASSWORD"
  CURL_AUTH=(-H "$COOKIE_HEADER")
fi
UNITS_STATUS=$(curl -sS ${CURL_AUTH[@]+"${CURL_AUTH[@]}"} -o "$TMP/units.json" -w '%{http_code}' "$BASE$UNITS_PATH")
[[ $UNITS_STATUS == 200 ]] || die "GET $UNITS_PATH answered $UNITS_STATUS, not 200: $(head -c 300 "$TMP/units.json")"
UNITS_JSON=$(cat "$TMP/units.json")
got_total=$(grep -o '"total":[0-9]*' <<<"$UNITS_JSON" | head -n 1 | cut -d: -f2)
[[ $got_total == "$TOWNS" ]] || die "units list says total=$got_total, database has $TOWNS towns"
got_items=$(grep -o '"code":"B[0-9]*"' <<<"$UNITS_JSON" | wc -l)
expect_items=$(( TOWNS < 25 ? TOWNS : 25 ))
(( got_items == expect_items )) || die "units list returned $got_items items, expected $expect_items"
UNITS_BYTES=$(curl -sS ${CURL_AUTH[@]+"${CURL_AUTH[@]}"} -o /dev/null -w '%{size_download}' "$BASE$UNITS_PATH")

nap 1
RSS_START_KB=$(rss_kb "$SERVER_PID")
log "idle RSS after startup: $(mb "$RSS_START_KB") MB"

# 3. nginx, the ceiling, serving the same bytes.
NGINX_PORT=$(free_port)
start_nginx "$NGINX_PORT"
cmp -s <(curl -sS "http://127.0.0.1:$NGINX_PORT/healthz") "$HEALTHZ_BODY_FILE" || die "nginx body differs from /healthz"

run_wrk nginx "http://127.0.0.1:$NGINX_PORT/healthz"
N_RPS=$W_RPS N_P50=$W_P50 N_P99=$W_P99 N_BAD=$W_BAD
R_RPS=
if cmp -s <(curl -sS "http://127.0.0.1:$NGINX_PORT/healthz-return") "$HEALTHZ_BODY_FILE"; then
  run_wrk nginx-return "http://127.0.0.1:$NGINX_PORT/healthz-return"
  R_RPS=$W_RPS R_P50=$W_P50 R_P99=$W_P99
fi
stop_pid "$NGINX_PID" || true
NGINX_PID=

run_wrk healthz "$BASE/healthz"
H_RPS=$W_RPS H_P50=$W_P50 H_P99=$W_P99 H_BAD=$W_BAD
WRK_EXTRA=(${CURL_AUTH[@]+"${CURL_AUTH[@]}"})
run_wrk units "$BASE$UNITS_PATH"
WRK_EXTRA=()
U_RPS=$W_RPS U_P50=$W_P50 U_P99=$W_P99 U_BAD=$W_BAD

nap 2
RSS_END_KB=$(rss_kb "$SERVER_PID")
HWM_KB=$(hwm_kb "$SERVER_PID")
log "idle RSS after load: $(mb "$RSS_END_KB") MB (peak $(mb "$HWM_KB") MB)"
LOG_LINES=$(wc -l < "$SERVER_LOG")
rc=0; stop_server || rc=$?
STOP_RCS+=("$rc")
rm -f "$SERVER_LOG"

# 4. What request logging costs (only when it can be switched off).
if (( CAN_LOG_OFF )); then
  port=$(free_port)
  start_server "$port" "$TMP/serve-logging.log" on
  run_wrk healthz-logging "http://127.0.0.1:$port/healthz"
  L_RPS=$W_RPS L_P50=$W_P50 L_P99=$W_P99
  L_LOG_BYTES=$(stat -c %s "$TMP/serve-logging.log")
  rc=0; stop_server || rc=$?
  STOP_RCS+=("$rc")
  rm -f "$TMP/serve-logging.log"
fi

# 5. PostgreSQL: the same database copied into a throwaway cluster, the same load on the units
#    list (bench/run-postgresql.sh, which writes $TMP/pg/results.env).
PG_OK=0
if [[ $PG == 1 ]]; then
  PG_LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
  log "PostgreSQL: scripts/with-pg bash bench/run-postgresql.sh"
  if PG_BINDIR=$PG_BINDIR BENCH_DURATION=$DURATION BENCH_CONNECTIONS=$CONNS BENCH_WRK_THREADS=$WRK_THREADS \
       BENCH_TOWNS=$TOWNS BENCH_AUTH=$AUTH BENCH_AUTH_USER=$AUTH_USER BENCH_AUTH_PASSWORD=$AUTH_PASSWORD \
       scripts/with-pg bash bench/run-postgresql.sh "$BIN" "$DB" "$TMP/pg" >&2; then
    # shellcheck disable=SC1091
    . "$TMP/pg/results.env"
    PG_OK=1
  else
    log "the PostgreSQL part failed: its section in $OUT is left as it was"
  fi
fi

# 6. Accounts (issue 4): bench/run-auth.sh, with its own databases and servers; it builds the
#    no-accounts reference (b9811e4) unless BENCH_NOAUTH_BIN is given, and writes $TMP/auth/section.md.
AUTH_OK=0
if (( ACCOUNTS == 1 && AUTH == 1 )); then
  log "accounts: bash bench/run-auth.sh"
  if BENCH_COMMAND=$COMMAND BENCH_COMMIT=$COMMIT BENCH_DURATION=$DURATION BENCH_CONNECTIONS=$CONNS BENCH_WRK_THREADS=$WRK_THREADS \
       BENCH_UNITS=$UNITS bash bench/run-auth.sh "$BIN" "$TMP/auth" > /dev/null; then
    AUTH_OK=1
  else
    log "the accounts part failed: its section in $OUT is left as it was"
  fi
elif (( ACCOUNTS == 1 )); then
  log "accounts part skipped: $BIN has no user accounts"
fi

# ---------------------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.0f", 100 * a / b; else print 0}'; }
H_RATIO=$(ratio "$H_RPS" "$N_RPS")
U_RATIO=$(ratio "$U_RPS" "$N_RPS")
RSS_MAX_KB=$(( RSS_START_KB > RSS_END_KB ? RSS_START_KB : RSS_END_KB ))

V_HEALTHZ=$(pass "$H_RATIO" ">=" "$T_HEALTHZ_RATIO")
V_UNITS_RPS=$(pass "$U_RPS" ">=" "$T_UNITS_RPS")
V_UNITS_P99=$(pass "$U_P99" "<" "$T_UNITS_P99_MS")
if [[ $V_UNITS_RPS == PASS && $V_UNITS_P99 == PASS ]]; then V_UNITS=PASS; else V_UNITS=MISS; fi
V_RSS=$(pass "$(mb "$RSS_MAX_KB")" "<" "$T_RSS_MB")
V_READY=$(pass "$READY_MS" "<" "$T_READY_MS")

CPU_MODEL=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
NPROC=$(nproc)
MEM_GB=$(awk '/^MemTotal:/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)
KERNEL=$(uname -sr)
SQLITE_VERSION=$(sqlite3 --version | awk '{print $1}')
THREADS_DESC=${SERVE_THREADS:-"default (= cores = $NPROC)"}
BAD_NOTE=""
if (( N_BAD + H_BAD + U_BAD > 0 )); then BAD_NOTE=$'\n'"Errors or non-2xx responses during the load: nginx $N_BAD, /healthz $H_BAD, units $U_BAD."; fi

SECTION=$TMP/section.md
{
  echo "$MARK_START"
  echo "## Foundation benchmark"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit by hand: run the script again."
  echo
  echo "- Command: \`$COMMAND\` (from the repository root, after \`npm run build:web\`)"
  echo "- Machine: $NPROC × $CPU_MODEL (nproc $NPROC), $MEM_GB GB RAM, $KERNEL; load average before the run: $LOADAVG"
  if [[ $SKIP_BUILD == 1 ]]; then
    echo "- Binary: \`$BIN_VERSION\`, given with \`PACESETTER_BIN\`, not built by this run: ${BENCH_BINARY_DESC:-(no description given)}; the scripts are from commit $COMMIT"
  else
    echo "- Binary: \`$BIN_VERSION\`, release build (\`cmake -DCMAKE_BUILD_TYPE=Release\`), commit $COMMIT"
  fi
  echo "- Database: $(fmt_int "$UNITS") units ($(fmt_int "$TOWNS") of kind \`town\`) from \`bench/gen_units.sh\`, $(( DB_BYTES / 1024 )) KiB, SQLite $SQLITE_VERSION"
  echo "- Server: \`pacesetter serve --db bench.db --listen 127.0.0.1:PORT\`, threads $THREADS_DESC, stderr to a file, request logging $LOG_MODE"
  if (( AUTH )); then
    echo "- Sign-in: the units list is requested with the session cookie of a \`system_admin\` (made with \`pacesetter user add\`, signed in once with \`POST /api/v1/auth/login\`), so each request also looks its session up; \`/healthz\` needs none"
  fi
  echo "- Ceiling: nginx $NGINX_VERSION, \`worker_processes 2\`, \`access_log off\`, the same $(printf '%s' "$HEALTHZ_BODY" | wc -c) bytes as /healthz (\`$HEALTHZ_BODY\`) from a static file"
  echo "- Load: wrk $WRK_VERSION, \`wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency URL\`, loopback; wrk shares the $NPROC cores with the server"
  echo
  echo "| endpoint | req/s | p50 | p99 | vs nginx |"
  echo "|---|---:|---:|---:|---:|"
  echo "| nginx, static file \`/healthz\` | $(fmt_int "$N_RPS") | $N_P50 ms | $N_P99 ms | 100% |"
  if [[ -n $R_RPS ]]; then
    echo "| nginx, same body from its config (\`return 200\`), for comparison | $(fmt_int "$R_RPS") | $R_P50 ms | $R_P99 ms | $(ratio "$R_RPS" "$N_RPS")% |"
  fi
  echo "| pacesetter \`GET /healthz\` | $(fmt_int "$H_RPS") | $H_P50 ms | $H_P99 ms | $H_RATIO% |"
  echo "| pacesetter \`GET $UNITS_PATH\` ($(fmt_int "$UNITS_BYTES") byte body) | $(fmt_int "$U_RPS") | $U_P50 ms | $U_P99 ms | $U_RATIO% |"
  if (( CAN_LOG_OFF )); then
    echo "| pacesetter \`GET /healthz\`, request logging on (to a file) | $(fmt_int "$L_RPS") | $L_P50 ms | $L_P99 ms | $(ratio "$L_RPS" "$N_RPS")% |"
  fi
  echo
  echo "| | measured |"
  echo "|---|---:|"
  echo "| \`serve\` ready (exec → first 200 from /healthz), median of $STARTS | $READY_MS ms (all: ${READY_MS_ALL[*]}) |"
  echo "| idle RSS after startup | $(mb "$RSS_START_KB") MB |"
  echo "| idle RSS after the load | $(mb "$RSS_END_KB") MB (peak during load $(mb "$HWM_KB") MB) |"
  echo "| exit status after SIGTERM | ${STOP_RCS[*]} |"
  echo
  echo "| target | measured | result |"
  echo "|---|---:|:---:|"
  echo "| /healthz ≥ $T_HEALTHZ_RATIO% of nginx req/s | $H_RATIO% | $V_HEALTHZ |"
  echo "| units list ≥ $(fmt_int "$T_UNITS_RPS") req/s with p99 < $T_UNITS_P99_MS ms | $(fmt_int "$U_RPS") req/s, p99 $U_P99 ms | $V_UNITS |"
  echo "| idle RSS < $T_RSS_MB MB | $(mb "$RSS_MAX_KB") MB | $V_RSS |"
  echo "| serve ready < $T_READY_MS ms on $(fmt_int "$UNITS") units | $READY_MS ms | $V_READY |"
  if (( CAN_LOG_OFF )); then
    echo
    echo "Request logging (one JSON line per request, written to a file) changes /healthz from $(fmt_int "$H_RPS") to $(fmt_int "$L_RPS") req/s ($(ratio "$L_RPS" "$H_RPS")%); it wrote $(mb "$(( L_LOG_BYTES / 1024 ))") MB of log in $DURATION."
  else
    echo
    echo "The figures include request logging: the server wrote $(fmt_int "$LOG_LINES") JSON lines to its stderr file during the run."
  fi
  if [[ -n $BAD_NOTE ]]; then echo "$BAD_NOTE"; fi
  echo "$MARK_END"
} > "$SECTION"

cat "$SECTION"

# The PostgreSQL section: the units list on both backends, from this run.
if (( PG_OK )); then
  PG_SECTION=$TMP/pg-section.md
  threads_label() { if [[ $1 == default ]]; then echo "default (= cores = $NPROC)"; else echo "\`--threads $1\`"; fi; }
  {
    echo "$PG_MARK_START"
    echo "## PostgreSQL benchmark"
    echo
    echo "Written by \`bench/run.sh\` (\`bench/run-postgresql.sh\`) on $(date -u '+%Y-%m-%d %H:%M UTC'), in the same run as the foundation benchmark above. Do not edit by hand: run the script again."
    echo
    echo "- Command: \`$COMMAND\` (from the repository root, after \`npm run build:web\`)"
    echo "- Machine: as above; load average before the PostgreSQL part: $PG_LOADAVG"
    echo "- PostgreSQL: $PG_VERSION (Debian), a throwaway cluster started by \`scripts/with-pg\` on the same machine (\`shared_buffers\` $PG_SHARED_BUFFERS, \`max_connections\` $PG_MAX_CONN, \`fsync\` on)"
    echo "- Database: the SQLite benchmark database above ($(fmt_int "$PG_COPY_UNITS") units), copied with \`pacesetter copy --from bench.db --to 'postgresql://pacesetter@/bench?host=SOCKETDIR&port=PORT'\` in $(awk -v m="$PG_COPY_MS" 'BEGIN {printf "%.1f", m / 1000}') s (every table verified: rows and checksums match), then \`VACUUM ANALYZE\`; $(( PG_DB_BYTES / 1048576 )) MiB in PostgreSQL"
    echo "- Server: \`pacesetter serve --db 'postgresql://pacesetter@/bench?host=SOCKETDIR&port=PORT' --listen 127.0.0.1:PORT --log-requests off\`, over the Unix socket; one PostgreSQL connection per server thread; a fresh server for each run"
    if (( AUTH )); then
      echo "- Sign-in: as for SQLite: the same user (copied with the database) signs in once per server run; its session lives in PostgreSQL"
    fi
    echo "- Load: \`wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency URL\` on \`GET $UNITS_PATH\`, as for SQLite; wrk, the server and PostgreSQL share the $NPROC cores. The runs alternate between the thread settings, round by round, because the machine is shared and noisy"
    echo
    echo "| backend | server threads | run | req/s | p50 | p99 |"
    echo "|---|---|---:|---:|---:|---:|"
    echo "| SQLite (the foundation run above) | $(threads_label "${SERVE_THREADS:-default}") | 1 | $(fmt_int "$U_RPS") | $U_P50 ms | $U_P99 ms |"
    for ((k = 1; k <= PG_RUNS_TOTAL; k++)); do
      t_var=PG_RUN_${k}_THREADS r_var=PG_RUN_${k}_ROUND rps_var=PG_RUN_${k}_RPS p50_var=PG_RUN_${k}_P50 p99_var=PG_RUN_${k}_P99
      echo "| PostgreSQL, Unix socket | $(threads_label "${!t_var}") | ${!r_var} | $(fmt_int "${!rps_var}") | ${!p50_var} ms | ${!p99_var} ms |"
    done
    echo
    echo "| target | measured | result |"
    echo "|---|---:|:---:|"
    for t in $BENCH_PG_THREADS; do
      all=() low=
      for ((k = 1; k <= PG_RUNS_TOTAL; k++)); do
        t_var=PG_RUN_${k}_THREADS rps_var=PG_RUN_${k}_RPS
        [[ ${!t_var} == "$t" ]] || continue
        all+=("$(fmt_int "${!rps_var}")")
        if [[ -z $low ]] || (( ${!rps_var} < low )); then low=${!rps_var}; fi
      done
      echo "| units list on PostgreSQL ≥ $(fmt_int "$T_PG_UNITS_RPS") req/s at $CONNS connections; server threads $(threads_label "$t"); judged on the lower of its runs | $(IFS=/; echo "${all[*]}") req/s (lower: $(fmt_int "$low")) | $(pass "$low" ">=" "$T_PG_UNITS_RPS") |"
    done
    echo
    echo "Exit status of each PostgreSQL server after SIGTERM: $PG_STOP_RCS."
    pg_bad=0
    for ((k = 1; k <= PG_RUNS_TOTAL; k++)); do b_var=PG_RUN_${k}_BAD; pg_bad=$(( pg_bad + ${!b_var} )); done
    if (( pg_bad > 0 )); then echo "Errors or non-2xx responses during the PostgreSQL load: $pg_bad."; fi
    echo "$PG_MARK_END"
  } > "$PG_SECTION"
  cat "$PG_SECTION"
fi

# splice FILE START END: puts FILE in place of the lines from START to END in $OUT, or appends it.
splice() {
  local f=$1 s=$2 e=$3
  if [[ -f $OUT ]] && grep -qF "$s" "$OUT" && grep -qF "$e" "$OUT"; then
    awk -v f="$f" -v s="$s" -v e="$e" '
      BEGIN { while ((getline l < f) > 0) sec = sec l "\n" }
      index($0, s) == 1 { printf "%s", sec; skip = 1; next }
      index($0, e) == 1 { skip = 0; next }
      !skip { print }' "$OUT" > "$TMP/out.md"
    cat "$TMP/out.md" > "$OUT"
  else
    { if [[ -f $OUT ]]; then echo; fi; cat "$f"; } >> "$OUT"
  fi
}

if [[ $NO_WRITE != 1 ]]; then
  splice "$SECTION" "$MARK_START" "$MARK_END"
  if (( PG_OK )); then splice "$PG_SECTION" "$PG_MARK_START" "$PG_MARK_END"; fi
  if (( AUTH_OK )); then splice "$TMP/auth/section.md" "$AUTH_MARK_START" "$AUTH_MARK_END"; fi
  log "wrote the results into $OUT"
fi
if (( AUTH_OK )); then cat "$TMP/auth/section.md"; fi
if [[ $PG == 1 ]] && (( ! PG_OK )); then die "the PostgreSQL part failed (see above)"; fi
if (( ACCOUNTS == 1 && AUTH == 1 && ! AUTH_OK )); then die "the accounts part failed (see above)"; fi
