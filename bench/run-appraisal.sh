#!/usr/bin/env bash
# bench/run-appraisal.sh — the appraisal at a province's scale (issue: appraisal and awards).
# Targets, for 3,000 subjects × 300 leaves in one scheme: a full compute with ranks and grades in
# < 200 ms; a what-if of one changed value in < 20 ms.
#
#   bash bench/run-appraisal.sh [BUILD_DIR]        (default build: a release build, scripts/build)
#
# 1. The engine alone: BUILD_DIR/bench_appraisal (bench/appraisal_engine.c: appr_compute median of
#    5, appr_update_leaf median of 100, on data made in memory).
# 2. Through the API: `pacesetter demo --no-serve`, then `python3 bench/gen_appraisal.py |
#    sqlite3 -bail` (3,000 units and the scheme, 900,000 values). Serves it with request logging
#    on, signs in as the demo's appraisal office, and takes each request's server time from the
#    request log ("us"), BENCH_SEQ (10) rounds of: a change of the scheme's caps, then GET
#    …/results twice at once (both workers read every value again: each keeps its own
#    computation) and twice more (kept); one subject returned and its data changed, then GET
#    …/results twice at once (that subject read again, all computed) and once more; POST
#    …/simulate of one changed value; GET …/results/{subject} (one subject's explanation).
# Prints the figures and writes them into docs/benchmarks.md between <!-- bench:appraisal:start -->
# and <!-- bench:appraisal:end --> (unless BENCH_NO_WRITE=1). Not run by CI (scripts/test).
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
unset PACESETTER_DB PACESETTER_LISTEN PACESETTER_THREADS PACESETTER_LOG_REQUESTS

BUILD=${1:-$ROOT/build}
BIN=$BUILD/pacesetter
ENGINE=$BUILD/bench_appraisal
SEQ=${BENCH_SEQ:-10}
[[ -x $BIN && -x $ENGINE ]] || die "no $BIN or $ENGINE: run scripts/build first"
[[ $SEQ =~ ^[1-9][0-9]?$ ]] || die "BENCH_SEQ must be 1..99"
SCHEME=1000 SUBJECT=200005 LEAF=500001 # bench/gen_appraisal.py's ids

TMP=$(mktemp -d)
SERVER_PID=''
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SERVER_PID" || true
  rm -rf "$TMP"
  exit "$rc"
}
trap cleanup EXIT INT TERM

log "engine: $ENGINE"
ENGINE_OUT=$("$ENGINE")
echo "$ENGINE_OUT"

log "generating the scheme"
DB=$TMP/appraisal.db
"$BIN" demo --db "$DB" --no-serve >/dev/null 2>&1
gen_started=$(usec_now)
python3 "$ROOT/bench/gen_appraisal.py" 2>/dev/null | sqlite3 -bail "$DB"
gen_ms=$(( ($(usec_now) - gen_started) / 1000 ))
VALUES=$(sqlite3 "$DB" "SELECT count(*) FROM appraisal_values WHERE scheme_id = $SCHEME")
# the reference: SQLite's own shell reading the same columns of every value (the floor of a full read)
scan=()
for ((k = 0; k < 5; k++)); do
  t0=$(usec_now)
  sqlite3 "$DB" "SELECT count(*), sum(subject_id), sum(indicator_id), sum(target), sum(actual), sum(length(ratings))
                 FROM appraisal_values WHERE tenant_id = 1 AND scheme_id = $SCHEME" >/dev/null
  scan+=("$(( ($(usec_now) - t0) / 1000 ))")
done

port=$(free_port)
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" --log-requests on 2>"$TMP/server.log" &
SERVER_PID=$!
BASE=http://127.0.0.1:$port
for ((i = 0; i < 20000; i++)); do
  probe "$port" /healthz && break
  nap 0.001
done
JAR=$TMP/cookies
curl -sf -c "$JAR" -H 'Content-Type: application/json' -d '{"username":"appraisal","password":"pacesetter-demo"}' \
  "$BASE/api/v1/auth/login" >"$TMP/login.json"
CSRF=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$TMP/login.json")
S=$BASE/api/v1/appraisal/schemes/$SCHEME

call() { # METHOD URL [BODY]: the answer must be 200
  local code
  if [[ $1 == GET ]]; then
    code=$(curl -s -b "$JAR" -o /dev/null -w '%{http_code}' "$2")
  else
    code=$(curl -s -b "$JAR" -X "$1" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' -d "$3" \
      -o /dev/null -w '%{http_code}' "$2")
  fi
  [[ $code == 200 ]] || die "$1 $2 answered $code"
}

# Two requests at once reach both workers (each keeps its own computation).
both() { call GET "$S/results" & local a=$!; call GET "$S/results" & local b=$!; wait "$a" "$b"; }
for ((k = 0; k < SEQ; k++)); do
  subject=$((SUBJECT + 1 + k))
  call PATCH "$S" "{\"bonus_cap\":\"5.0$((k % 10))\"}"   # the caps: every value read again
  both
  call GET "$S/results"
  call GET "$S/results"
  call POST "$S/subjects/$subject/return" '{"comment":"基准"}'
  call PUT "$S/subjects/$subject/data" "{\"values\":[{\"indicator_id\":$LEAF,\"target\":100,\"actual\":$((80 + k))}]}"
  both                                                   # one subject read again
  call GET "$S/results"
  call POST "$S/simulate" "{\"changes\":[{\"subject_id\":$SUBJECT,\"indicator_id\":$LEAF,\"actual\":$((90 + k))}]}"
  call GET "$S/results/$SUBJECT"
done

# server times (ms) of one path's answers, in order
times() { grep -a "\"method\":\"$1\",\"path\":\"$2\"" "$TMP/server.log" | sed 's/.*"us":\([0-9]*\).*/\1/' |
  awk '{printf "%.2f\n", $1 / 1000}'; }
median() { sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
worst() { sort -n | tail -1; }
mapfile -t results < <(times GET "/api/v1/appraisal/schemes/$SCHEME/results")
full=() one=() kept=()
for ((k = 0; k < ${#results[@]}; k++)); do # per round: 2 full, 2 kept, 2 after one subject, 1 kept
  case $((k % 7)) in
    0 | 1) full+=("${results[k]}") ;;
    4 | 5) one+=("${results[k]}") ;;
    *) kept+=("${results[k]}") ;;
  esac
done
FULL=$(printf '%s\n' "${full[@]}" | median) FULL_MAX=$(printf '%s\n' "${full[@]}" | worst)
ONE=$(printf '%s\n' "${one[@]}" | median) ONE_MAX=$(printf '%s\n' "${one[@]}" | worst)
KEPT=$(printf '%s\n' "${kept[@]}" | median)
SIM=$(times POST "/api/v1/appraisal/schemes/$SCHEME/simulate" | median)
SIM_MAX=$(times POST "/api/v1/appraisal/schemes/$SCHEME/simulate" | worst)
DETAIL=$(times GET "/api/v1/appraisal/schemes/$SCHEME/results/$SUBJECT" | median)
SCAN=$(printf '%s\n' "${scan[@]}" | median)
RSS=$(mb "$(hwm_kb "$SERVER_PID")")
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
ENGINE_COMPUTE=$(sed -n 's/.*appr_compute[^0-9]*\([0-9.]*\) ms.*/\1/p' <<<"$ENGINE_OUT" | head -1)
ENGINE_UPDATE=$(sed -n 's/.*appr_update_leaf[^0-9]*\([0-9.]*\) ms.*/\1/p' <<<"$ENGINE_OUT" | head -1)

verdict() { awk -v v="$1" -v t="$2" 'BEGIN {print (v < t) ? "PASS" : "MISS"}'; }
SECTION=$(cat <<EOF
<!-- bench:appraisal:start -->
Measured $(date -u +%Y-%m-%d) with \`bash bench/run-appraisal.sh\` ($(nproc) cores, load average $LOAD; release build,
commit $(git -C "$ROOT" rev-parse --short HEAD)); one scheme of 3,000 subjects × 300 leaves in 10 groups,
$VALUES values (bench/gen_appraisal.py, ${gen_ms} ms to generate), SQLite.

| what | measured | target | |
|---|---|---|---|
| engine: appr_compute, whole scheme with ranks and grades (median of 5) | ${ENGINE_COMPUTE:-?} ms | < 200 ms | $(verdict "${ENGINE_COMPUTE:-999}" 200) |
| engine: appr_update_leaf, one changed value (median of 100) | ${ENGINE_UPDATE:-?} ms | < 20 ms | $(verdict "${ENGINE_UPDATE:-999}" 20) |
| API: GET …/results after one subject's data changed (that subject read again, all computed; median of $((2 * SEQ)), worst $ONE_MAX ms) | $ONE ms | < 200 ms | $(verdict "$ONE" 200) |
| API: GET …/results after a change of the scheme (every value read again; median of $((2 * SEQ)), worst $FULL_MAX ms) | $FULL ms | < 200 ms | $(verdict "$FULL" 200) |
| reference: the sqlite3 shell summing the same columns of every value (median of 5) | $SCAN ms | | |
| API: GET …/results, the computation kept (median) | $KEPT ms | | |
| API: POST …/simulate, one changed value (median of $SEQ, worst $SIM_MAX ms) | $SIM ms | < 20 ms | $(verdict "$SIM" 20) |
| API: GET …/results/{subject}, every leaf's formula (median of $SEQ) | $DETAIL ms | | |

Server memory at its peak: $RSS MiB (two workers, each keeping the scheme: 32 bytes a value).
<!-- bench:appraisal:end -->
EOF
)
echo "$SECTION"
if [[ ${BENCH_NO_WRITE:-0} != 1 ]]; then
  python3 - "$ROOT/docs/benchmarks.md" "$SECTION" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
pattern = re.compile(r"<!-- bench:appraisal:start -->.*?<!-- bench:appraisal:end -->", re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w", encoding="utf-8").write(text)
PY
  log "docs/benchmarks.md updated"
fi
