#!/usr/bin/env bash
# Worker benchmark, run on demand: starts the platform on a fresh data directory, deploys N instances
# at once on the local cloud, and reports the time from the deployment to READY (with the share of
# installation over SSH), the memory of each machine's agent and engine, the platform's, and the cost of
# a heartbeat at the platform (C concurrent workers' heartbeats against /internal/worker/heartbeat), beside
# the same requests refused at the token lookup.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
N=${1:-4}; BEATS=${2:-5000}; C=${3:-16}; PORT=${PORT:-18090}
work=$(mktemp -d)
[ -f platform/target/inventiv-platform.jar ] || ./mvnw -q -B install -DskipTests
INVENTIV_DATA_DIR=$work PORT=$PORT INVENTIV_LOCAL_CLOUD_BOOT_TIME=${BOOT_TIME:-3s} INVENTIV_LOCAL_CLOUD_API_LATENCY=${API_LATENCY:-20ms} \
  java ${JAVA_OPTS:--Xmx1g} -jar platform/target/inventiv-platform.jar > "$work/platform.log" 2>&1 &
pid=$!
trap 'rc=$?; kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; pkill -f "$work/local-cloud" 2>/dev/null || true; rm -rf "$work"; exit $rc' EXIT
until curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null; do sleep 0.5; kill -0 $pid || { tail -50 "$work/platform.log"; exit 1; }; done
base=localhost:$PORT
curl -sf -c "$work/cookies" -H 'Content-Type: application/json' -d "{\"login\":\"admin\",\"password\":\"$(cat "$work/admin-password")\"}" \
  "$base/auth/login" > /dev/null
api() { curl -sf -b "$work/cookies" "$@"; }
until [ "$(api "$base/instance_types" | jq length)" -ge 7 ]; do sleep 0.5; done
zone=$(api "$base/zones" | jq -r '.[] | select(.code=="local-eu-1") | .id')
type=$(api "$base/instance_types" | jq -r '.[] | select(.code=="L4-1-24G") | .id')

start=$(date +%s.%N)
ids=()
for i in $(seq 1 "$N"); do
  ids+=("$(api -X POST "$base/deployments" -H 'Content-Type: application/json' \
    -d "{\"model_id\":\"meta-llama/Llama-3.1-8B-Instruct\",\"instance_type_id\":\"$type\",\"zone_id\":\"$zone\"}" | jq -r .instance_id)")
done
until [ "$(api "$base/instances?status=READY&size=1" | jq .total)" -ge "$N" ]; do
  sleep 0.2
  [ "$(api "$base/instances?status=STARTUP_FAILED&size=1" | jq .total)" -eq 0 ] || { echo "a start-up failed"; exit 1; }
done
echo "deployments      $N at once, all READY $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN{printf "%.1f", e-s}') s after the first request"
for id in "${ids[@]}"; do
  api "$base/instances/$id" | jq -r '[.history[] | {s: .status, at: (.at | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601)}] as $h
    | ($h | map(select(.s=="PROVISIONING")) | first.at) as $p | ($h | map(select(.s=="INSTALLING")) | first.at) as $i
    | ($h | map(select(.s=="STARTING")) | first.at) as $s | ($h | map(select(.s=="READY")) | first.at) as $r
    | "instance         booted \($i - $p) s, installed over SSH \($s - $i) s, engine ready \($r - $s) s (whole seconds)"'
done
for id in "${ids[@]}"; do
  machine="$work/local-cloud/machines/$(api "$base/instances/$id" | jq -r .server_id)/.inventiv/agent"
  printf 'machine          agent RSS %s MB, engine RSS %s MB\n' "$(ps -o rss= -p "$(cat "$machine/agent.pid")" | awk '{printf "%.0f", $1/1024}')" \
    "$(ps -o rss= -p "$(cat "$machine/engine.pid")" | awk '{printf "%.0f", $1/1024}')"
done

# heartbeats at the platform, sent with the first machine's own worker token (only the machine holds it in clear)
token=$(cat "$work/local-cloud/machines/$(api "$base/instances/${ids[0]}" | jq -r .server_id)/.inventiv/agent/worker-token")
body='{"agent_port":1,"engine_port":2,"readiness":{"engine_http_up":true,"model_loaded":true,"warmed_up":true},"metrics":{"gpu_utilization":0.5,"requests_running":1,"requests_waiting":0,"kv_cache_usage":0.1}}'
java bench/HeartbeatBench.java "http://$base/internal/worker/heartbeat" "$token" "$body" "$BEATS" "$C"
# beside it, in the same run: the same requests refused at the token lookup (no telemetry written, no registry touched)
java bench/HeartbeatBench.java "http://$base/internal/worker/heartbeat" "iwt_not-a-token" "$body" "$BEATS" "$C" 401
echo "platform         RSS $(ps -o rss= -p $pid | awk '{printf "%.0f MB", $1/1024}') after the run"
