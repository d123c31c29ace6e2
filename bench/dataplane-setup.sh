# Sourced by the data plane benchmarks: starts the platform on a fresh data directory, publishes a model
# service served by one instance, and creates a key with every limit on (requests and tokens per minute,
# a budget on the key and on the organization, a price on the service), so that the hot path does all
# its work. Then it takes over the instance's worker (as a custom worker would, with the worker's own
# token) to point the instance's engine address at ENGINE_PORT: the zero-cost upstream, or an engine run
# by the benchmark. Sets: base, dp (data plane port), key, model, pid, work, instance. FLUSH sets how often usage is
# published (default 1s).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bin/jdk.sh
PORT=${PORT:-18090}; DP_PORT=${DP_PORT:-18091}
work=$(mktemp -d)
JAR=${JAR:-platform/target/inventiv-platform.jar}
[ -f "$JAR" ] || ./mvnw -q -B install -DskipTests
INVENTIV_DATA_DIR=$work PORT=$PORT INVENTIV_DATA_PLANE_PORT=$DP_PORT INVENTIV_LOCAL_CLOUD_BOOT_TIME=1s INVENTIV_LOCAL_CLOUD_API_LATENCY=5ms \
  INVENTIV_WORKER_UNREACHABLE_AFTER=60s INVENTIV_INSTALL_RECOVERY_DELAY=1h INVENTIV_ROUTER_USAGE_FLUSH_INTERVAL=${FLUSH:-1s} \
  java ${JAVA_OPTS:--Xmx1g} -jar "$JAR" > "$work/platform.log" 2>&1 &
pid=$!
cleanup() {
  rc=$?
  [ -n "${beat:-}" ] && kill "$beat" 2>/dev/null
  kill $pid 2>/dev/null; wait $pid 2>/dev/null || true
  pkill -f "$work/local-cloud" 2>/dev/null || true
  [ -n "${extra_cleanup:-}" ] && eval "$extra_cleanup"
  rm -rf "$work"; exit $rc
}
trap cleanup EXIT
until curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null; do sleep 0.5; kill -0 $pid || { tail -50 "$work/platform.log"; exit 1; }; done
base=http://127.0.0.1:$PORT
dp=http://127.0.0.1:$DP_PORT
curl -sf -c "$work/cookies" -H 'Content-Type: application/json' -d "{\"login\":\"admin\",\"password\":\"$(cat "$work/admin-password")\"}" \
  "$base/auth/login" > /dev/null
api() { curl -sf -b "$work/cookies" "$@"; }
until [ "$(api "$base/instance_types" | jq length)" -ge 7 ]; do sleep 0.5; done
zone=$(api "$base/zones" | jq -r '.[] | select(.code=="local-eu-1") | .id')
type=$(api "$base/instance_types" | jq -r '.[] | select(.code=="L4-1-24G") | .id')
org=$(api "$base/auth/me" | jq -r '.organization_id // .current_organization.id // empty')
model=bench/assistant
api -X POST "$base/model_services" -H 'Content-Type: application/json' -d "{\"name\":\"$model\",\"model_id\":\"meta-llama/Llama-3.1-8B-Instruct\",
  \"prompt_price_per_1k_eur\":\"0.0005\",\"completion_price_per_1k_eur\":\"0.0015\"}" > /dev/null
[ -n "$org" ] && api -X PUT "$base/organizations/$org/budget" -H 'Content-Type: application/json' -d '{"amount_eur":"1000000","period":"month"}' > /dev/null
key=$(api -X POST "$base/api_keys" -H 'Content-Type: application/json' -d '{"name":"bench","requests_per_minute":100000000,
  "tokens_per_minute":1000000000,"budget_eur":"1000000","budget_period":"day"}' | jq -r .key)
instance=$(api -X POST "$base/deployments" -H 'Content-Type: application/json' \
  -d "{\"model_id\":\"meta-llama/Llama-3.1-8B-Instruct\",\"instance_type_id\":\"$type\",\"zone_id\":\"$zone\"}" | jq -r .instance_id)
until [ "$(api "$base/instances/$instance" | jq -r .status)" = READY ]; do sleep 0.5; done

# the instance's worker, taken over: its agent and engine stop, its heartbeats now name ENGINE_PORT
machine="$work/local-cloud/machines/$(api "$base/instances/$instance" | jq -r .server_id)/.inventiv/agent"
token=$(cat "$machine/worker-token"); agent_port=$(cat "$machine/agent.port")
kill -9 "$(cat "$machine/agent.pid")" "$(cat "$machine/engine.pid")"
beat_body="{\"agent_port\":$agent_port,\"engine_port\":$ENGINE_PORT,\"readiness\":{\"engine_http_up\":true,\"model_loaded\":true,\"warmed_up\":true},\"metrics\":{}}"
( while true; do curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$beat_body" \
    "$base/internal/worker/heartbeat"; sleep 5; done ) &
beat=$!
until api "$base/admin/router" | jq -e ".instances[] | select(.instance_id==\"$instance\" and .ready and (.engine_url | endswith(\":$ENGINE_PORT\")))" >/dev/null; do
  sleep 0.2
done
rss() { ps -o rss= -p "$1" | awk '{printf "%.0f MB", $1/1024}'; }
