#!/usr/bin/env bash
# How long from `java -jar target/shelf.jar` to the first answered request (GET /books, which goes
# through storage), on a fresh database each run. Prints min/median/max over RUNS runs.
# Usage: bench/first-request.sh            (after mvn -B package -DskipTests)
#        RUNS=20 PORT=3190 bench/first-request.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar="$PWD/target/shelf.jar"
runs="${RUNS:-10}"
port="${PORT:-3190}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for _ in $(seq "$runs"); do
  rm -rf "$work/data"
  start=$(date +%s%N)
  (cd "$work" && SHELF_HTTP_PORT="$port" exec java -jar "$jar" >"$work/log" 2>&1) &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/books"; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/log"; exit 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
  kill -TERM "$pid"
  wait "$pid" || true
done | sort -n | awk '{ms[NR] = $1} END {printf "first request after java -jar: runs=%d min=%dms median=%dms max=%dms\n", NR, ms[1], ms[int((NR + 1) / 2)], ms[NR]}'
