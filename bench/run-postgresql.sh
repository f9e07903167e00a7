#!/usr/bin/env bash
# bench/run-postgresql.sh — the PostgreSQL part of the benchmark (issue 3). bench/run.sh runs it
# as the last step of the same run; by itself:
#
#   scripts/with-pg bash bench/run-postgresql.sh PACESETTER_BINARY SQLITE_DB OUTDIR
#
# Runs inside scripts/with-pg (a throwaway PostgreSQL 15 cluster: PGHOST is its socket folder,
# PGPORT its port, PGUSER=pacesetter). Creates the database `bench` there, copies SQLITE_DB (the
# 10,000-unit database of bench/gen_units.sh) into it with `pacesetter copy`, runs
# VACUUM ANALYZE, then serves it over the Unix socket
# (postgresql://pacesetter@/bench?host=$PGHOST&port=$PGPORT) and loads
# GET /api/v1/units?page_size=25&kind=town with wrk, once per round and thread setting:
# rounds 1..BENCH_PG_RUNS, each with the server's default threads and with --threads 4.
# Writes OUTDIR/results.env (shell assignments, read by bench/run.sh) and keeps wrk's output
# and the copy's report in OUTDIR.
#
# Knobs (environment), as in bench/run.sh: BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WRK_THREADS;
# BENCH_PG_RUNS=2 (rounds), BENCH_PG_THREADS="default 4" (thread settings per round),
# BENCH_TOWNS (expected list total; checked when set); BENCH_AUTH=1 with BENCH_AUTH_USER and
# BENCH_AUTH_PASSWORD: sign in as that user (copied with the database) and send the session cookie.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[[ $# -eq 3 ]] || die "usage: scripts/with-pg bash bench/run-postgresql.sh PACESETTER_BINARY SQLITE_DB OUTDIR"
BIN=$1 SQLITE_DB=$2 OUTDIR=$3
[[ -x $BIN ]] || die "no pacesetter binary at $BIN"
[[ -f $SQLITE_DB ]] || die "no SQLite database at $SQLITE_DB"
[[ -n ${PGHOST:-} && -n ${PGPORT:-} && -d ${PGHOST:-/nonexistent} ]] \
  || die "PGHOST (a socket folder) and PGPORT are not set: run this under scripts/with-pg"
PSQL=${PACESETTER_PSQL:-psql}

DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
RUNS=${BENCH_PG_RUNS:-2}
read -r -a THREAD_SETTINGS <<<"${BENCH_PG_THREADS:-default 4}"
[[ $RUNS =~ ^[1-9]$ ]] || die "BENCH_PG_RUNS must be 1..9"
for t in "${THREAD_SETTINGS[@]}"; do
  [[ $t == default || $t =~ ^[1-9][0-9]?$ ]] || die "BENCH_PG_THREADS: 'default' or 1..99, not '$t'"
done

mkdir -p "$OUTDIR"
TMP=$OUTDIR   # run_wrk keeps its output in $TMP/wrk-NAME.txt
RESULTS=$OUTDIR/results.env
: > "$RESULTS"
emit() { printf '%s=%q\n' "$1" "$2" >> "$RESULTS"; }

SERVER_PID=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SERVER_PID" || true
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql_q() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

PG_VERSION=$(psql_q -d postgres -c 'SHOW server_version' | awk '{print $1}')
PG_SHARED_BUFFERS=$(psql_q -d postgres -c 'SHOW shared_buffers')
PG_MAX_CONN=$(psql_q -d postgres -c 'SHOW max_connections')
emit PG_VERSION "$PG_VERSION"
emit PG_SHARED_BUFFERS "$PG_SHARED_BUFFERS"
emit PG_MAX_CONN "$PG_MAX_CONN"

PGOPTIONS='-c client_min_messages=warning' psql_q -d postgres -c 'DROP DATABASE IF EXISTS bench' -c 'CREATE DATABASE bench'
URI="postgresql://pacesetter@/bench?host=$PGHOST&port=$PGPORT"

# 1. Copy the SQLite database into PostgreSQL; the copy verifies row counts and checksums.
log "pacesetter copy --from $SQLITE_DB --to $URI"
t0=$(usec_now)
"$BIN" copy --from "$SQLITE_DB" --to "$URI" > "$OUTDIR/copy.txt" 2> "$OUTDIR/copy.err" \
  || { cat "$OUTDIR/copy.err" "$OUTDIR/copy.txt" >&2; die "pacesetter copy failed"; }
t1=$(usec_now)
sed 's/^/    /' "$OUTDIR/copy.err" "$OUTDIR/copy.txt" >&2
grep -q 'every table verified' "$OUTDIR/copy.err" "$OUTDIR/copy.txt" || die "pacesetter copy did not report a verified copy"
emit PG_COPY_MS "$(( (t1 - t0) / 1000 ))"
emit PG_COPY_UNITS "$(awk -F'\t' '$1 == "units" {print $2}' "$OUTDIR/copy.txt")"

# 2. Fresh planner statistics and visibility map, as a maintained database has.
psql_q -d bench -c 'VACUUM ANALYZE'
emit PG_DB_BYTES "$(psql_q -d bench -c "SELECT pg_database_size('bench')")"

UNITS_PATH='/api/v1/units?page_size=25&kind=town'

# start_server PORT LOGFILE THREADS: sets SERVER_PID.
start_server() {
  local port=$1 logf=$2 threads=$3 i
  local -a targs=()
  [[ $threads == default ]] || targs=(--threads "$threads")
  "$BIN" serve --db "$URI" --listen "127.0.0.1:$port" --log-requests off ${targs[@]+"${targs[@]}"} 2>"$logf" &
  SERVER_PID=$!
  for ((i = 0; i < 10000; i++)); do
    probe "$port" /healthz && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$logf" >&2; SERVER_PID=; die "server exited during startup"; }
    nap 0.001
  done
  cat "$logf" >&2
  die "server not ready"
}

# 3. The load: round by round, each thread setting once per round, so that a noisy minute on
#    the shared machine does not fall on one setting only.
n=0
STOP_RCS=()
for ((round = 1; round <= RUNS; round++)); do
  for threads in "${THREAD_SETTINGS[@]}"; do
    n=$((n + 1))
    port=$(free_port)
    start_server "$port" "$OUTDIR/serve-$n.log" "$threads"
    base=http://127.0.0.1:$port
    WRK_EXTRA=()
    if [[ ${BENCH_AUTH:-0} == 1 ]]; then
      login "$base" "$BENCH_AUTH_USER" "$BENCH_AUTH_PASSWORD"
      WRK_EXTRA=(-H "$COOKIE_HEADER")
    fi
    status=$(curl -sS ${WRK_EXTRA[@]+"${WRK_EXTRA[@]}"} -o "$OUTDIR/units.json" -w '%{http_code}' "$base$UNITS_PATH")
    [[ $status == 200 ]] || die "GET $UNITS_PATH on PostgreSQL answered $status, not 200: $(head -c 300 "$OUTDIR/units.json")"
    body=$(cat "$OUTDIR/units.json")
    total=$(grep -o '"total":[0-9]*' <<<"$body" | head -n 1 | cut -d: -f2)
    items=$(grep -o '"code":"B[0-9]*"' <<<"$body" | wc -l)
    if [[ -n ${BENCH_TOWNS:-} ]]; then
      [[ $total == "$BENCH_TOWNS" ]] || die "PostgreSQL units list says total=$total, the database has $BENCH_TOWNS towns"
    fi
    (( items == (total < 25 ? total : 25) )) || die "PostgreSQL units list returned $items items of $total"
    run_wrk "pg-$n-$threads" "$base$UNITS_PATH"
    emit "PG_RUN_${n}_ROUND" "$round"
    emit "PG_RUN_${n}_THREADS" "$threads"
    emit "PG_RUN_${n}_RPS" "$W_RPS"
    emit "PG_RUN_${n}_P50" "$W_P50"
    emit "PG_RUN_${n}_P99" "$W_P99"
    emit "PG_RUN_${n}_BAD" "$W_BAD"
    emit "PG_RUN_${n}_BYTES" "$(curl -sS ${WRK_EXTRA[@]+"${WRK_EXTRA[@]}"} -o /dev/null -w '%{size_download}' "$base$UNITS_PATH")"
    rc=0; stop_pid "$SERVER_PID" || rc=$?
    SERVER_PID=
    STOP_RCS+=("$rc")
    grep -q '"level":"error"' "$OUTDIR/serve-$n.log" && { log "errors in the server's log:"; grep '"level":"error"' "$OUTDIR/serve-$n.log" | head -n 5 >&2; }
    log "PostgreSQL, threads $threads, round $round: $W_RPS req/s, p50 $W_P50 ms, p99 $W_P99 ms; exit status $rc"
  done
done
emit PG_RUNS_TOTAL "$n"
emit PG_STOP_RCS "${STOP_RCS[*]}"
