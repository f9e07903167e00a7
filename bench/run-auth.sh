#!/usr/bin/env bash
# bench/run-auth.sh — the accounts benchmark (issue 4). bench/run.sh runs it as a step of the
# same run and puts its section into docs/benchmarks.md; by itself:
#
#   bash bench/run-auth.sh PACESETTER_BINARY OUTDIR
#
# prints the Markdown section (between <!-- bench:auth:start --> and <!-- bench:auth:end -->)
# and leaves it in OUTDIR/section.md; it does not touch docs/benchmarks.md.
#
# 1. Signed in versus no accounts at all. The server has no unauthenticated units list any more,
#    so the reference is the release build of the last commit before accounts (BENCH_NOAUTH_COMMIT,
#    b9811e4), made from `git archive` in OUTDIR/noauth-src with the current web/dist embedded
#    (-DPACESETTER_WEB_DIST), unless BENCH_NOAUTH_BIN names a binary already built from it.
#    Both binaries get the same database: BENCH_UNITS (10,000) units from bench/gen_units.sh,
#    then deepened the same way (see deepen_tree) so that the top-level subdistrict B00004 has
#    3,000 units beneath it in four levels. Loaded with wrk -t2 -c64 -d10s --latency:
#      a. reference binary, no accounts:       GET /api/v1/units?page_size=25&kind=town
#      b. PACESETTER_BINARY, system_admin cookie (no scope): the same URL
#      c. PACESETTER_BINARY, unit_reporter of the town B00001 (the town and its 6 children):
#                                              GET /api/v1/units?page_size=25
#      d. PACESETTER_BINARY, leader of B00004 (3,000 units in its subtree): the same URL
#    BENCH_ACCOUNTS_RUNS (2) rounds of a, b, c, d, a fresh server for each run; every signed-in
#    figure is compared with the reference: per round, and over the rounds (sum of req/s),
#    the latter against the target (≥ 85%).
# 2. Login: POST /api/v1/auth/login with the right password (never a wrong one: five failures
#    lock the name and address), BENCH_LOGIN_SEQ (20) times one after another (curl's
#    time_total: median and p90), then with BENCH_LOGIN_CLIENTS (4) connections for
#    BENCH_LOGIN_DURATION (10s) with wrk (logins/s); GET /healthz latency from a paced prober
#    (curl --rate, one keep-alive connection) alone and while the logins run.
#
# Knobs (environment), as in bench/run.sh: BENCH_UNITS, BENCH_DURATION, BENCH_CONNECTIONS,
# BENCH_WRK_THREADS; BENCH_ACCOUNTS_RUNS=2, BENCH_NOAUTH_COMMIT=b9811e4, BENCH_NOAUTH_BIN=,
# BENCH_LOGIN_SEQ=20, BENCH_LOGIN_CLIENTS=4, BENCH_LOGIN_DURATION=10s, BENCH_PROBE_RATE=100
# (healthz probes per second); BENCH_COMMAND (the command to record) and BENCH_COMMIT (the commit
# of the run), both set by bench/run.sh.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

[[ $# -eq 2 ]] || die "usage: bash bench/run-auth.sh PACESETTER_BINARY OUTDIR"
BIN=$1 OUTDIR=$2
[[ -x $BIN ]] || die "no pacesetter binary at $BIN"
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

UNITS=${BENCH_UNITS:-10000}
DURATION=${BENCH_DURATION:-10s}
CONNS=${BENCH_CONNECTIONS:-64}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
RUNS=${BENCH_ACCOUNTS_RUNS:-2}
NOAUTH_COMMIT=${BENCH_NOAUTH_COMMIT:-b9811e4}
NOAUTH_BIN=${BENCH_NOAUTH_BIN:-}
LOGIN_SEQ=${BENCH_LOGIN_SEQ:-20}
LOGIN_CLIENTS=${BENCH_LOGIN_CLIENTS:-4}
LOGIN_DURATION=${BENCH_LOGIN_DURATION:-10s}
PROBE_RATE=${BENCH_PROBE_RATE:-100}
COMMAND=${BENCH_COMMAND:-"bash bench/run-auth.sh $1 OUTDIR"}
T_RATIO=85   # %: signed in (with or without scope) against no accounts

[[ $UNITS =~ ^[1-9][0-9]{1,6}$ ]] || die "BENCH_UNITS must be 10..9999999"
if ! [[ $DURATION =~ ^([1-9][0-9]*)s$ ]] || (( BASH_REMATCH[1] > 120 )); then die "BENCH_DURATION must be 1s..120s"; fi
if ! [[ $LOGIN_DURATION =~ ^([1-9][0-9]*)s$ ]] || (( BASH_REMATCH[1] > 120 )); then die "BENCH_LOGIN_DURATION must be 1s..120s"; fi
LOGIN_SECONDS=${LOGIN_DURATION%s}
[[ $RUNS =~ ^[1-9]$ ]] || die "BENCH_ACCOUNTS_RUNS must be 1..9"
[[ $LOGIN_SEQ =~ ^[1-9][0-9]{0,2}$ ]] || die "BENCH_LOGIN_SEQ must be 1..999"
[[ $LOGIN_CLIENTS =~ ^[1-9][0-9]?$ ]] || die "BENCH_LOGIN_CLIENTS must be 1..99"
[[ $PROBE_RATE =~ ^[1-9][0-9]{0,3}$ ]] || die "BENCH_PROBE_RATE must be 1..9999"
[[ $NOAUTH_COMMIT =~ ^[0-9a-f]{7,40}$ ]] || die "BENCH_NOAUTH_COMMIT must be a commit id"
for c in wrk curl sqlite3 cmake tar git; do command -v "$c" >/dev/null || die "$c is missing"; done
"$BIN" --help 2>&1 | grep -qE '^[[:space:]]+user[[:space:]]' || die "$BIN has no 'user' command (a binary from before accounts?)"

mkdir -p "$OUTDIR"
TMP=$OUTDIR   # run_wrk keeps its output in $TMP/wrk-NAME.txt
SERVER_PID=
PROBE_PID=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$PROBE_PID" || true
  stop_pid "$SERVER_PID" || true
  rm -rf "$OUTDIR/noauth-src" "$OUTDIR"/*.db "$OUTDIR"/*.db-wal "$OUTDIR"/*.db-shm
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------------------- the reference
if [[ -n $NOAUTH_BIN ]]; then
  [[ -x $NOAUTH_BIN ]] || die "BENCH_NOAUTH_BIN: no binary at $NOAUTH_BIN"
  NOAUTH_BIN=$(cd "$(dirname "$NOAUTH_BIN")" && pwd)/$(basename "$NOAUTH_BIN")
  NOAUTH_DESC="given with \`BENCH_NOAUTH_BIN\` (said to be a release build of $NOAUTH_COMMIT)"
else
  [[ -f $ROOT/web/dist/index.html ]] || die "web/dist/index.html missing: build the UI first (npm ci && npm run build:web)"
  src=$OUTDIR/noauth-src
  rm -rf "$src"; mkdir -p "$src"
  log "reference: git archive $NOAUTH_COMMIT, release build in $src/build"
  git -C "$ROOT" archive "$NOAUTH_COMMIT" | tar -x -C "$src"
  cmake -S "$src" -B "$src/build" -DCMAKE_BUILD_TYPE=Release -DPACESETTER_WEB_DIST="$ROOT/web/dist" >&2
  cmake --build "$src/build" -j2 --target pacesetter >&2
  NOAUTH_BIN=$src/build/pacesetter
  [[ -x $NOAUTH_BIN ]] || die "the reference build made no $NOAUTH_BIN"
  NOAUTH_DESC="release build (\`cmake -DCMAKE_BUILD_TYPE=Release -DPACESETTER_WEB_DIST=web/dist\`) of \`git archive $NOAUTH_COMMIT\`"
fi
if "$NOAUTH_BIN" --help 2>&1 | grep -qE '^[[:space:]]+user[[:space:]]'; then
  die "the reference binary $NOAUTH_BIN has accounts: it is not from before them"
fi
NOAUTH_VERSION=$("$NOAUTH_BIN" version 2>/dev/null | head -n 1 || echo unknown)
BIN_VERSION=$("$BIN" version 2>/dev/null | head -n 1 || echo unknown)
NOAUTH_FULL=$(git -C "$ROOT" rev-parse --short "$NOAUTH_COMMIT^{commit}" 2>/dev/null || echo "$NOAUTH_COMMIT")

# ---------------------------------------------------------------------------- databases
# deepen_tree DB: gives the top-level subdistrict B00004 a subtree of four levels made of the
# units gen_units.sh leaves at the top without children: every other subdistrict (id % 10 = 4)
# goes under B00004, each park (id % 10 = 3) under the subdistrict of its ten, each department
# of kind 2 (id % 10 = 2) under the park of its ten. Towns and their children stay as they
# were, so the town list is the same page. Then child_count and (when the column exists) path
# are computed again, path with the recursive query of migration 0002.
deepen_tree() {
  local db=$1 fill_path=""
  if [[ -n $(sqlite3 "$db" "SELECT name FROM pragma_table_info('units') WHERE name = 'path';") ]]; then
    fill_path="WITH RECURSIVE tree (tenant_id, id, path) AS (
    SELECT tenant_id, id, '/' || id || '/' FROM units WHERE parent_id IS NULL AND tenant_id = 1
    UNION ALL
    SELECT u.tenant_id, u.id, tree.path || u.id || '/' FROM units u
    JOIN tree ON u.tenant_id = tree.tenant_id AND u.parent_id = tree.id)
UPDATE units SET path = (SELECT tree.path FROM tree WHERE tree.tenant_id = units.tenant_id AND tree.id = units.id)
WHERE tenant_id = 1;"
  fi
  sqlite3 -bail "$db" <<SQL
.timeout 5000
BEGIN IMMEDIATE;
UPDATE units SET parent_id = CASE WHEN id % 10 = 4 THEN 4 ELSE id + 1 END
WHERE tenant_id = 1 AND id <> 4
  AND (id % 10 = 4 OR (id % 10 IN (2, 3) AND id + 1 <= (SELECT max(id) FROM units WHERE tenant_id = 1)));
UPDATE units SET child_count = (SELECT count(*) FROM units c
  WHERE c.tenant_id = units.tenant_id AND c.parent_id = units.id) WHERE tenant_id = 1;
$fill_path
COMMIT;
SQL
}

DB_A=$OUTDIR/noauth.db
DB_B=$OUTDIR/auth.db
rm -f "$DB_A" "$DB_B"
log "generating $UNITS units for the reference and for the current binary"
bash "$ROOT/bench/gen_units.sh" "$NOAUTH_BIN" "$DB_A" "$UNITS" >&2
bash "$ROOT/bench/gen_units.sh" "$BIN" "$DB_B" "$UNITS" >&2
deepen_tree "$DB_A"
deepen_tree "$DB_B"

TOWNS=$(sqlite3 "$DB_B" "SELECT count(*) FROM units WHERE tenant_id = 1 AND kind = 'town';")
BIG_PATH=$(sqlite3 "$DB_B" "SELECT path FROM units WHERE tenant_id = 1 AND id = 4;")
BIG_SUBTREE=$(sqlite3 "$DB_B" "SELECT count(*) FROM units WHERE tenant_id = 1 AND path >= '$BIG_PATH' AND path < '$BIG_PATH~';")
BIG_DEPTH=$(sqlite3 "$DB_B" "SELECT max(length(path) - length(replace(path, '/', ''))) - 1 FROM units WHERE tenant_id = 1 AND path >= '$BIG_PATH' AND path < '$BIG_PATH~';")
TOWN_PATH=$(sqlite3 "$DB_B" "SELECT path FROM units WHERE tenant_id = 1 AND id = 1;")
TOWN_SUBTREE=$(sqlite3 "$DB_B" "SELECT count(*) FROM units WHERE tenant_id = 1 AND path >= '$TOWN_PATH' AND path < '$TOWN_PATH~';")
# The shapes must match (the reference schema has no path: compare parents).
shape() { sqlite3 "$1" "SELECT count(*), sum(parent_id IS NULL), sum(child_count), total(coalesce(parent_id, 0) * id) FROM units WHERE tenant_id = 1;"; }
[[ $(shape "$DB_A") == "$(shape "$DB_B")" ]] || die "the two databases differ in shape: $(shape "$DB_A") / $(shape "$DB_B")"
DB_BYTES=$(stat -c %s "$DB_B")

PASSWORD=bench-password-123
add_user() {  # NAME ROLE [UNIT_CODE]
  local -a unit=()
  [[ -n ${3:-} ]] && unit=(--unit "$3")
  printf '%s\n' "$PASSWORD" | "$BIN" user add --db "$DB_B" --username "$1" --role "$2" ${unit[@]+"${unit[@]}"} >&2 \
    || die "pacesetter user add --username $1 --role $2 failed"
}
add_user bench-admin system_admin
add_user bench-reporter unit_reporter B00001
add_user bench-leader leader B00004
add_user bench-login system_admin

# ---------------------------------------------------------------------------- servers
# start_server BINARY DB: a fresh server on a free loopback port; sets SERVER_PID, PORT, BASE.
start_server() {
  local bin=$1 db=$2 i
  PORT=$(free_port)
  BASE=http://127.0.0.1:$PORT
  "$bin" serve --db "$db" --listen "127.0.0.1:$PORT" --log-requests off 2>"$OUTDIR/serve.log" &
  SERVER_PID=$!
  for ((i = 0; i < 10000; i++)); do
    probe "$PORT" /healthz && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUTDIR/serve.log" >&2; SERVER_PID=; die "server exited during startup"; }
    nap 0.001
  done
  cat "$OUTDIR/serve.log" >&2
  die "server not ready"
}
STOP_RCS=()
stop_server() {
  local rc=0
  stop_pid "$SERVER_PID" || rc=$?
  SERVER_PID=
  STOP_RCS+=("$rc")
}

UNITS_TOWN='/api/v1/units?page_size=25&kind=town'
UNITS_ALL='/api/v1/units?page_size=25'
# check URL TOTAL [HEADER]: 200, the expected total and min(25, total) items; sets BODY_BYTES.
check() {
  local url=$1 want=$2 status got items expect
  local -a h=()
  [[ -n ${3:-} ]] && h=(-H "$3")
  status=$(curl -sS ${h[@]+"${h[@]}"} -o "$OUTDIR/check.json" -w '%{http_code}' "$BASE$url")
  [[ $status == 200 ]] || die "GET $url answered $status: $(head -c 300 "$OUTDIR/check.json")"
  got=$(grep -o '"total":[0-9]*' "$OUTDIR/check.json" | head -n 1 | cut -d: -f2)
  [[ $got == "$want" ]] || die "GET $url: total=$got, expected $want"
  items=$(grep -o '"code":"B[0-9]*"' "$OUTDIR/check.json" | wc -l)
  expect=$(( want < 25 ? want : 25 ))
  (( items == expect )) || die "GET $url returned $items items, expected $expect"
  BODY_BYTES=$(stat -c %s "$OUTDIR/check.json")
}

# Sign the three users in once; sessions live in the database, so the cookies last across servers.
start_server "$BIN" "$DB_B"
login "$BASE" bench-admin "$PASSWORD";    COOKIE_ADMIN=$COOKIE_HEADER
login "$BASE" bench-reporter "$PASSWORD"; COOKIE_REPORTER=$COOKIE_HEADER
login "$BASE" bench-leader "$PASSWORD";   COOKIE_LEADER=$COOKIE_HEADER
status=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE$UNITS_TOWN")
[[ $status == 401 ]] || die "GET $UNITS_TOWN without a session answered $status, not 401"
stop_server

# ---------------------------------------------------------------------------- 1. units list
CASES=(noauth admin reporter leader)
declare -A C_BIN C_DB C_URL C_COOKIE C_TOTAL C_LABEL C_BYTES
C_BIN=([noauth]=$NOAUTH_BIN [admin]=$BIN [reporter]=$BIN [leader]=$BIN)
C_DB=([noauth]=$DB_A [admin]=$DB_B [reporter]=$DB_B [leader]=$DB_B)
C_URL=([noauth]=$UNITS_TOWN [admin]=$UNITS_TOWN [reporter]=$UNITS_ALL [leader]=$UNITS_ALL)
C_COOKIE=([noauth]="" [admin]=$COOKIE_ADMIN [reporter]=$COOKIE_REPORTER [leader]=$COOKIE_LEADER)
C_TOTAL=([noauth]=$TOWNS [admin]=$TOWNS [reporter]=$TOWN_SUBTREE [leader]=$BIG_SUBTREE)
C_LABEL=(
  [noauth]="a. no accounts ($NOAUTH_FULL), no cookie"
  [admin]="b. \`system_admin\` cookie, no scope"
  [reporter]="c. \`unit_reporter\` of town B00001 (scope: $(fmt_int "$TOWN_SUBTREE") units)"
  [leader]="d. \`leader\` of B00004 (scope: $(fmt_int "$BIG_SUBTREE") units, $BIG_DEPTH levels)"
)
declare -A R_RPS R_P50 R_P99 R_BAD
for ((round = 1; round <= RUNS; round++)); do
  for c in "${CASES[@]}"; do
    start_server "${C_BIN[$c]}" "${C_DB[$c]}"
    check "${C_URL[$c]}" "${C_TOTAL[$c]}" "${C_COOKIE[$c]}"
    C_BYTES[$c]=$BODY_BYTES
    WRK_EXTRA=()
    [[ -n ${C_COOKIE[$c]} ]] && WRK_EXTRA=(-H "${C_COOKIE[$c]}")
    run_wrk "$c-$round" "$BASE${C_URL[$c]}"
    WRK_EXTRA=()
    R_RPS[$c,$round]=$W_RPS R_P50[$c,$round]=$W_P50 R_P99[$c,$round]=$W_P99 R_BAD[$c,$round]=$W_BAD
    stop_server
  done
done

# ---------------------------------------------------------------------------- 2. login
LOGIN_LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
start_server "$BIN" "$DB_B"
LOGIN_BODY="{\"username\":\"bench-login\",\"password\":\"$PASSWORD\"}"
login_once() {
  curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' -H 'content-type: application/json' \
    --data "$LOGIN_BODY" "$BASE/api/v1/auth/login"
}
: > "$OUTDIR/login-seq.txt"
for ((i = 1; i <= LOGIN_SEQ; i++)); do login_once >> "$OUTDIR/login-seq.txt"; done
awk '$1 != 200 {bad++} END {exit bad > 0}' "$OUTDIR/login-seq.txt" \
  || die "a login did not answer 200: $(grep -v '^200 ' "$OUTDIR/login-seq.txt" | head -n 3)"
# Nearest-rank percentiles of the wall times, in ms.
pct() { awk '{print $2 * 1000}' "$1" | sort -n | awk -v p="$2" '{a[NR] = $1} END {i = int((p * NR + 99) / 100); if (i < 1) i = 1; printf "%.1f", a[i]}'; }
SEQ_MS=$(awk '{printf("%s%.0f", (NR > 1 ? " " : ""), $2 * 1000)}' "$OUTDIR/login-seq.txt")
SEQ_P50=$(awk '{print $2 * 1000}' "$OUTDIR/login-seq.txt" | sort -n | awk '{a[NR] = $1} END {if (NR % 2) printf "%.1f", a[(NR + 1) / 2]; else printf "%.1f", (a[NR / 2] + a[NR / 2 + 1]) / 2}')
SEQ_P90=$(pct "$OUTDIR/login-seq.txt" 90)
SEQ_MIN=$(pct "$OUTDIR/login-seq.txt" 0)
SEQ_MAX=$(pct "$OUTDIR/login-seq.txt" 100)

# The /healthz prober: one curl on one keep-alive connection, PROBE_RATE requests a second,
# each request's time_total on stderr; run_probe NAME COUNT [background].
PROBE_N=$(( PROBE_RATE * LOGIN_SECONDS * 9 / 10 ))
(( PROBE_N >= 1 )) || PROBE_N=1
run_probe() {
  local name=$1
  curl -s --rate "$PROBE_RATE/s" -w '%{stderr}%{http_code} %{time_total}\n' "$BASE/healthz?[1-$PROBE_N]" \
    >/dev/null 2>"$OUTDIR/probe-$name.txt"
}
probe_stats() {  # NAME: sets P_N P_BAD P_P50 P_P99 P_MAX
  local f=$OUTDIR/probe-$1.txt
  P_N=$(wc -l < "$f")
  P_BAD=$(awk '$1 != 200 {n++} END {print n + 0}' "$f")
  P_P50=$(pct "$f" 50) P_P99=$(pct "$f" 99) P_MAX=$(pct "$f" 100)
  P_P50=$(awk -v v="$P_P50" 'BEGIN {printf "%.2f", v}') P_P99=$(awk -v v="$P_P99" 'BEGIN {printf "%.2f", v}') P_MAX=$(awk -v v="$P_MAX" 'BEGIN {printf "%.2f", v}')
}

log "GET /healthz prober alone: $PROBE_N requests at $PROBE_RATE/s"
run_probe idle
probe_stats idle
PI_N=$P_N PI_BAD=$P_BAD PI_P50=$P_P50 PI_P99=$P_P99 PI_MAX=$P_MAX

cat > "$OUTDIR/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '$LOGIN_BODY'
wrk.headers["Content-Type"] = "application/json"
LUA
LOGIN_WRK_THREADS=$(( LOGIN_CLIENTS < 2 ? 1 : 2 ))
log "wrk -t$LOGIN_WRK_THREADS -c$LOGIN_CLIENTS -d$LOGIN_DURATION --latency -s login.lua $BASE/api/v1/auth/login (with the prober)"
wrk -t"$LOGIN_WRK_THREADS" -c"$LOGIN_CLIENTS" -d"$LOGIN_DURATION" --latency -s "$OUTDIR/login.lua" \
  "$BASE/api/v1/auth/login" > "$OUTDIR/wrk-login.txt" &
LOGIN_WRK_PID=$!
nap 0.5
run_probe busy &
PROBE_PID=$!
wait "$PROBE_PID" || true
PROBE_PID=
wait "$LOGIN_WRK_PID" || die "wrk (login) failed"
sed 's/^/    /' "$OUTDIR/wrk-login.txt" >&2
probe_stats busy
PB_N=$P_N PB_BAD=$P_BAD PB_P50=$P_P50 PB_P99=$P_P99 PB_MAX=$P_MAX
f=$OUTDIR/wrk-login.txt
L_REQS=$(awk '/requests in/ {print $1}' "$f")
L_RPS=$(awk '/^Requests\/sec:/ {printf "%.1f", $2}' "$f")
L_P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")
L_P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")
L_BAD=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$f")
[[ -n $L_RPS && -n $L_REQS ]] || die "could not read wrk's login output"
LOGINS_OK=$(sqlite3 "$DB_B" "SELECT count(*) FROM login_log WHERE username = 'bench-login' AND success = 1;")
LOGINS_FAILED=$(sqlite3 "$DB_B" "SELECT count(*) FROM login_log WHERE username = 'bench-login' AND success = 0;")
stop_server

# ---------------------------------------------------------------------------- report
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.0f", 100 * a / b; else print 0}'; }
CPU_MODEL=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
NPROC=$(nproc)
MEM_GB=$(awk '/^MemTotal:/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)
KERNEL=$(uname -sr)
# bench/run.sh passes the commit it built (HEAD may move while the run goes on).
SCRIPTS_COMMIT=${BENCH_COMMIT:-}
if [[ -z $SCRIPTS_COMMIT ]]; then
  SCRIPTS_COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit")
  if [[ -n $(git -C "$ROOT" status --porcelain 2>/dev/null | head -n 1) ]]; then SCRIPTS_COMMIT="$SCRIPTS_COMMIT + uncommitted changes"; fi
fi
WRK_VERSION=$(wrk -v 2>&1 | awk 'NR == 1 {print $2}' || true)

SECTION=$OUTDIR/section.md
{
  echo '<!-- bench:auth:start -->'
  echo "## Accounts benchmark"
  echo
  echo "Written by \`bench/run.sh\` (\`bench/run-auth.sh\`) on $(date -u '+%Y-%m-%d %H:%M UTC'). Do not edit by hand: run the script again."
  echo
  echo "- Command: \`$COMMAND\` (from the repository root, after \`npm run build:web\`)"
  echo "- Machine: $NPROC × $CPU_MODEL (nproc $NPROC), $MEM_GB GB RAM, $KERNEL; load average before this part: $LOADAVG, before the login part: $LOGIN_LOADAVG"
  echo "- Signed in: \`$BIN_VERSION\`, the binary of the run (see the foundation section; scripts from commit $SCRIPTS_COMMIT)"
  echo "- No accounts (reference): \`$NOAUTH_VERSION\`, $NOAUTH_DESC — the last commit before user accounts, when the units list needed no session"
  echo "- Databases: one per binary, each $(fmt_int "$UNITS") units from \`bench/gen_units.sh\` ($(fmt_int "$TOWNS") towns with 6 children each), then the same rearrangement: the top-level subdistrict B00004 gets the other subdistricts, parks and departments beneath it ($(fmt_int "$BIG_SUBTREE") units in $BIG_DEPTH levels), \`child_count\` and \`path\` computed again; the town list is the same page in both; $(( DB_BYTES / 1024 )) KiB with accounts"
  echo "- Users: made with \`printf 'PASSWORD\\n' | pacesetter user add --db auth.db --username NAME --role ROLE [--unit CODE]\`, each signed in once with \`POST /api/v1/auth/login\`; wrk sends the session cookie (\`-H 'Cookie: ps_session=…'\`)"
  echo "- Server: \`pacesetter serve --db DB --listen 127.0.0.1:PORT --log-requests off\`, default threads (= cores), a fresh server for each run; runs alternate a, b, c, d round by round"
  echo "- Load: wrk $WRK_VERSION, \`wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency URL\`, loopback, on the same $NPROC cores as the server"
  echo
  echo "| case | request | body | round | req/s | p50 | p99 | vs a (same round) |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|"
  for ((round = 1; round <= RUNS; round++)); do
    for c in "${CASES[@]}"; do
      echo "| ${C_LABEL[$c]} | \`GET ${C_URL[$c]}\` | $(fmt_int "${C_BYTES[$c]}") B | $round | $(fmt_int "${R_RPS[$c,$round]}") | ${R_P50[$c,$round]} ms | ${R_P99[$c,$round]} ms | $(ratio "${R_RPS[$c,$round]}" "${R_RPS[noauth,$round]}")% |"
    done
  done
  echo
  echo "| target | measured (sum of req/s over the $RUNS rounds against a's) | result |"
  echo "|---|---:|:---:|"
  sum_a=0
  for ((round = 1; round <= RUNS; round++)); do sum_a=$(( sum_a + R_RPS[noauth,$round] )); done
  for c in admin reporter leader; do
    sum=0 per=()
    for ((round = 1; round <= RUNS; round++)); do
      sum=$(( sum + R_RPS[$c,$round] ))
      per+=("$(ratio "${R_RPS[$c,$round]}" "${R_RPS[noauth,$round]}")%")
    done
    r=$(ratio "$sum" "$sum_a")
    echo "| ${C_LABEL[$c]} ≥ $T_RATIO% of a's req/s at $CONNS connections | $r% (rounds: $(IFS=/; echo "${per[*]}")) | $(pass "$r" ">=" "$T_RATIO") |"
  done
  bad=0
  for k in "${!R_BAD[@]}"; do bad=$(( bad + R_BAD[$k] )); done
  if (( bad > 0 )); then echo; echo "Errors or non-2xx responses during the units-list load: $bad."; fi
  echo
  echo "**Login** (\`POST /api/v1/auth/login\`, right password, argon2id on the server's 2-thread worker pool, off the event loops), a fresh server on the accounts database:"
  echo
  echo "| measurement | result |"
  echo "|---|---:|"
  echo "| $LOGIN_SEQ logins one after another (\`curl -w '%{time_total}'\`, a new connection each) | median $SEQ_P50 ms, p90 $SEQ_P90 ms (min $SEQ_MIN, max $SEQ_MAX) |"
  echo "| $LOGIN_CLIENTS concurrent clients for $LOGIN_DURATION (\`wrk -t$LOGIN_WRK_THREADS -c$LOGIN_CLIENTS -d$LOGIN_DURATION --latency -s login.lua\`, a POST with the JSON body) | $L_RPS logins/s ($(fmt_int "$L_REQS") logins; p50 $L_P50 ms, p99 $L_P99 ms) |"
  echo "| \`GET /healthz\`, $PROBE_RATE a second on one keep-alive connection (\`curl --rate $PROBE_RATE/s\`), server idle | p50 $PI_P50 ms, p99 $PI_P99 ms, max $PI_MAX ms ($PI_N requests) |"
  echo "| the same while the $LOGIN_CLIENTS clients log in | p50 $PB_P50 ms, p99 $PB_P99 ms, max $PB_MAX ms ($PB_N requests) |"
  echo
  echo "Each login's wall time one after another: $SEQ_MS ms. The login log holds $(fmt_int "$LOGINS_OK") successful logins of the benchmark's login user and $LOGINS_FAILED failed ones."
  if (( L_BAD + PI_BAD + PB_BAD > 0 )); then echo "Errors or non-2xx responses: logins $L_BAD, /healthz idle $PI_BAD, /healthz during logins $PB_BAD."; fi
  echo "Exit status of each server after SIGTERM: ${STOP_RCS[*]}."
  echo '<!-- bench:auth:end -->'
} > "$SECTION"
cat "$SECTION"
