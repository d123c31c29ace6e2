#!/usr/bin/env bash
# Crash check, run on demand: N deployments (with Idempotency-Keys) are sent 10 at a time and the platform
# is killed with SIGKILL after K of them; it is started again, every request is retried, and the script
# checks that every instance reaches INSTALLING with exactly one server and one volume at the provider.
# Then all are terminated, the platform is killed again in the middle, restarted, terminations retried,
# and the script checks that every instance is TERMINATED with nothing left at the provider.
# Usage: bench/crash-under-load.sh [N=150] [K=100]      Needs jq.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
N=${1:-150}; K=${2:-100}; PORT=${PORT:-18095}; base=localhost:$PORT
work=$(mktemp -d)
[ -f platform/target/inventiv-platform.jar ] || ./mvnw -q -B install -DskipTests
start() { # in a subshell, so that the script's bare `wait`s wait for the requests only, not for the platform
  (INVENTIV_INSTALL_ENABLED=false INVENTIV_DATA_DIR=$work/data PORT=$PORT INVENTIV_LOCAL_CLOUD_BOOT_TIME=2s exec java -jar platform/target/inventiv-platform.jar \
    >> "$work/platform.log" 2>&1 & echo $! > "$work/pid")
  pid=$(cat "$work/pid")
  until curl -sf "$base/actuator/health/readiness" >/dev/null; do sleep 0.5; kill -0 $pid || { tail -50 "$work/platform.log"; exit 1; }; done
  curl -sf -c "$work/cookies" -X POST "$base/auth/login" -H 'Content-Type: application/json' \
    -d "{\"login\":\"admin\",\"password\":\"$(cat "$work/data/admin-password")\"}" >/dev/null
}
api() { curl -s -b "$work/cookies" "$@"; }
trap 'rc=$?; kill $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.5; done; rm -rf "$work"; exit $rc' EXIT
deploy() { api -o /dev/null -w '%{http_code}\n' -X POST "$base/deployments" -H 'Content-Type: application/json' \
  -H "Idempotency-Key: crash-$1" -d "{\"model_id\":\"Qwen/Qwen2.5-0.5B-Instruct\",\"instance_type_id\":\"$type\",\"zone_id\":\"$zone\"}" || true; }
await_all() { # status
  for _ in $(seq 1 240); do
    [ "$(api "$base/instances?size=500&status=$1" | jq .total)" = "$N" ] && return 0; sleep 1
  done
  echo "not all $1:"; api "$base/instances?size=500" | jq -c '[.items[].status] | group_by(.) | map({(.[0]): length}) | add'; exit 1
}
start
until [ "$(api "$base/zones" | jq length)" -ge 1 ]; do sleep 0.2; done
zone=$(api "$base/zones" | jq -r '.[] | select(.code=="local-eu-1") | .id')
type=$(api "$base/instance_types" | jq -r '.[] | select(.code=="L4-1-24G") | .id')

for i in $(seq 1 "$N"); do
  deploy "$i" &
  [ $((i % 10)) -eq 0 ] && wait
  [ "$i" -eq "$K" ] && kill -9 $pid
done > "$work/deploy1" 2>&1; wait
while kill -0 $pid 2>/dev/null; do sleep 0.2; done
echo "deployments before and during the kill:  $(sort "$work/deploy1" | uniq -c | tr -s ' \n' ' ')"
start
for i in $(seq 1 "$N"); do deploy "$i"; done > "$work/deploy2"
echo "the same requests again after a restart: $(sort "$work/deploy2" | uniq -c | tr -s ' \n' ' ')"
await_all INSTALLING
echo "all $N INSTALLING; servers at the provider: $(api "$base/local-cloud/servers" | jq '.total_count'), volumes: $(api "$base/local-cloud/volumes" | jq '.total_count')"

ids=$(api "$base/instances?size=500" | jq -r '.items[].id')
n=0
for id in $ids; do
  api -o /dev/null -w '%{http_code}\n' -X DELETE "$base/instances/$id" || true &
  n=$((n + 1)); [ $((n % 10)) -eq 0 ] && wait
  [ "$n" -eq "$K" ] && kill -9 $pid
done > "$work/term1" 2>&1; wait
while kill -0 $pid 2>/dev/null; do sleep 0.2; done
echo "terminations before and during the kill: $(sort "$work/term1" | uniq -c | tr -s ' \n' ' ')"
start
for id in $ids; do api -o /dev/null -w '%{http_code}\n' -X DELETE "$base/instances/$id"; done > "$work/term2"
echo "the same requests again after a restart: $(sort "$work/term2" | uniq -c | tr -s ' \n' ' ')"
await_all TERMINATED
echo "all $N TERMINATED; servers left: $(api "$base/local-cloud/servers" | jq '.total_count'), volumes left: $(api "$base/local-cloud/volumes" | jq '.total_count'); ERROR lines in the log: $(grep -c ' ERROR ' "$work/platform.log" || true)"
