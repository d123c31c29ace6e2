#!/usr/bin/env bash
# Replay rate of the FinOps projections: a fresh platform, EVENTS generated events appended to its event log
# (bench/replay-log.sql: router usage rows, machines billed and deleted, price changes), every processor left
# to catch up, then the three FinOps projections (finops-token-usage, finops-machine-cost, finops-statements)
# rebuilt together with POST /admin/replay/{processor} while the platform runs. Prints the time each part
# took, the replay rate (events in the log / seconds until all three are back at the head), and whether the
# books answer the same after the replay as before it.
# Usage: EVENTS=1000000 bench/replay.sh   (JAR: the platform jar to measure, platform/target/inventiv-platform.jar by default)
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
EVENTS=${EVENTS:-1000000}
PORT=${PORT:-18290}
work=$(mktemp -d)
JAR=${JAR:-platform/target/inventiv-platform.jar}
[ -f "$JAR" ] || ./mvnw -q -B install -DskipTests
INVENTIV_DATA_DIR=$work PORT=$PORT INVENTIV_DATA_PLANE_PORT=$((PORT + 1)) java ${JAVA_OPTS:--Xmx1g} -jar "$JAR" \
  > "$work/platform.log" 2>&1 &
pid=$!
cleanup() { rc=$?; kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"; exit $rc; }
trap cleanup EXIT
until curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null; do sleep 0.5; kill -0 $pid || { tail -50 "$work/platform.log"; exit 1; }; done
base=http://127.0.0.1:$PORT
curl -sf -c "$work/cookies" -H 'Content-Type: application/json' -d "{\"login\":\"admin\",\"password\":\"$(cat "$work/admin-password")\"}" \
  "$base/auth/login" > /dev/null
api() { curl -sf -b "$work/cookies" "$@"; }
until [ "$(api "$base/instance_types" | jq length)" -ge 7 ]; do sleep 0.5; done
pg_port=$(pgrep -af "postgres -D $work/postgres" | head -1 | sed 's/.* -p \([0-9]*\).*/\1/')
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc | xargs printf '%.1f'; }
head_position() { api "$base/admin/replay/finops" | jq .head_position; }
# every processor of the node at the head of the log
caught_up() {
  api "$base/admin/processors" | jq -e --argjson head "$(head_position)" \
    'all(.[]; (.segments | length) > 0 and all(.segments[]; .caught_up and .position >= $head))' > /dev/null
}
# a replay is over once its processor says so and has reached the head (its segments stay marked until the next event)
replayed() {
  for p in "$@"; do api "$base/admin/replay/$p" | jq -e '.replaying == false and .progress == 1' > /dev/null || return 1; done
}

t=$(now)
# 50 000 events at a time, each part followed live by every processor before the next comes: the event store's shared
# read-ahead cache holds whatever its slowest live reader has not reached, so a million events appended at once exhaust a 1 GB heap
seed=$RANDOM$RANDOM
for ((first = 1; first <= EVENTS; first += 50000)); do
  PGPASSWORD=postgres psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v n="$EVENTS" -v first=$first \
    -v last=$((first + 49999 > EVENTS ? EVENTS : first + 49999)) -v salt_seed="$seed" -f bench/replay-log.sql
  until caught_up; do sleep 1; kill -0 $pid; done
done
echo "generated and followed live by every processor: $EVENTS events in $(since "$t") s (log head at $(head_position))"

at=$(date -u +%Y-%m-%dT%H:%M:%SZ); two_days_before=$(date -u -d "$at - 2 days" +%Y-%m-%dT%H:%M:%SZ)
books() {
  period="from=2000-01-01T00:00:00Z&to=$at&as_of=$at"
  for path in "/finops/usage/summary?$period" "/finops/dashboard/costs/summary?$period" "/finops/chargeback/statements?$period" \
              "/finops/chargeback/machines?from=$two_days_before&to=$at&as_of=$at" \
              "/finops/chargeback/issued_statements?as_of=$at"; do
    api "$base$path"; echo
  done
}
books > "$work/before.json"
projections=(finops)
events=$(head_position)
t=$(now)
for p in "${projections[@]}"; do api -X POST "$base/admin/replay/$p" > /dev/null; done
[ -n "${CPU:-}" ] && (sleep 1; top -b -d 3 -n 2 | awk '/^top/{n++} n==2 && ($12=="java" || $12=="postgres") && $9>1 {print "  cpu", $12, $9"%"}') &
until replayed "${projections[@]}"; do sleep 0.2; kill -0 $pid; done
seconds=$(since "$t")
echo "FinOps replay:        ${#projections[@]} projections over $events events in $seconds s = $(echo "$events / $seconds" | bc) events/s"
books > "$work/after.json"
if cmp -s "$work/before.json" "$work/after.json"; then echo "books after replay:   identical"; else echo "books after replay:   DIFFERENT"; diff "$work/before.json" "$work/after.json" | head -5; exit 1; fi
echo "platform RSS:         $(ps -o rss= -p $pid | awk '{printf "%.0f MB", $1/1024}')"
