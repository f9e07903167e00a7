#!/usr/bin/env bash
# bench/lib.sh — helpers shared by bench/run.sh and bench/run-postgresql.sh (sourced, not run).
# The sourcing script sets TMP (its temporary folder), WRK_THREADS, CONNS and DURATION before
# calling run_wrk.
# shellcheck disable=SC2034  # W_* are read by the scripts that source this file

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

stop_pid() {  # PID: SIGTERM, wait up to 5 s, then SIGKILL. Returns the exit status.
  local pid=$1 i
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not stop on SIGTERM within 5 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  local rc=0
  wait "$pid" 2>/dev/null || rc=$?
  return "$rc"
}

# A file descriptor nobody writes to: `read -t` on it is a sleep without a fork.
exec {NAP_FD}<> <(:)
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }

port_free() {
  if command -v ss >/dev/null; then
    [[ -z $(ss -Hltn "sport = :$1" 2>/dev/null) ]] || return 1
  fi
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
free_port() {
  local p i
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % 40000))
    port_free "$p" && { echo "$p"; return 0; }
  done
  die "no free loopback port found"
}

# probe PORT PATH: 0 when GET answers 200. Pure bash (no fork), so polling is cheap.
probe() {
  local line
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3 || { exec 3<&-; return 1; }
  IFS= read -r -t 2 line <&3 || line=
  exec 3<&-
  [[ $line == HTTP/1.[01]\ 200* ]]
}

usec_now() { local t=$EPOCHREALTIME; echo "${t/./}"; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# Latency in wrk's notation (812.00us, 1.20ms, 1.01s) → milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}

# run_wrk NAME URL: runs wrk (plus the arguments in the array WRK_EXTRA, if set), keeps its output
# in $TMP/wrk-NAME.txt, sets W_RPS W_P50 W_P99 W_BAD.
run_wrk() {
  local name=$1 url=$2 f=$TMP/wrk-$1.txt
  log "wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency $url"
  wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency ${WRK_EXTRA[@]+"${WRK_EXTRA[@]}"} "$url" > "$f"
  sed 's/^/    /' "$f" >&2
  W_RPS=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$f")
  W_P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$f")")
  W_P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$f")")
  W_BAD=$(awk '/Non-2xx or 3xx responses:/ {n += $NF} /Socket errors:/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$f")
  [[ -n $W_RPS ]] || die "could not read wrk output for $name"
}

pass() { if awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {exit !((op == "<" && a < b) || (op == ">=" && a >= b))}'; then echo PASS; else echo MISS; fi; }
fmt_int() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

# login BASE USER PASSWORD: signs in with POST /api/v1/auth/login, as the web UI does, and sets
# COOKIE_HEADER to "Cookie: ps_session=…" for the requests that follow.
login() {
  local base=$1 user=$2 pass=$3 h
  h=$(curl -sS -o /dev/null -D - -H 'content-type: application/json' \
        --data "{\"username\":\"$user\",\"password\":\"$pass\"}" "$base/api/v1/auth/login") \
    || die "POST $base/api/v1/auth/login failed"
  COOKIE_HEADER=$(awk 'tolower($1) == "set-cookie:" {split($2, a, ";"); print "Cookie: " a[1]; exit}' <<<"$h" | tr -d '\r')
  [[ $COOKIE_HEADER == "Cookie: ps_session="?* ]] || die "login as $user set no session cookie: $(head -n 1 <<<"$h")"
}
