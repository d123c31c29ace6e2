#!/usr/bin/env bash
# Router throughput with one node and with two, run on demand, in one run: node A as bench/router.sh sets it up (a model
# service whose engine is the zero-cost upstream, a key with every limit on), then node B on the same PostgreSQL and data
# directory. Each round measures, at 32 connections in all: the upstream directly, node A alone, and nodes A and B together
# (16 connections each, two wrk at once). Then it checks that the usage both nodes recorded adds up to the requests answered.
# Usage: bench/cluster.sh   (SHARED_BENCH: the shared benchmark folder; DURATION: each measure, 10s by default; WARMUP: 20s; JAR: the platform jar)
ENGINE_PORT=18000
. "$(dirname "$0")/dataplane-setup.sh"
shared=${SHARED_BENCH:-$(cd .. && pwd)/shared/bench}
[ -f "$shared/post.lua" ] || { echo "no post.lua in $shared: set SHARED_BENCH"; exit 2; }
D=${DURATION:-10s}
pg=$(grep -o 'Embedded PostgreSQL serves .* on port [0-9]*' "$work/platform.log" | awk '{print $NF}')
B_PORT=18092; B_DP=18093
INVENTIV_DATA_DIR=$work INVENTIV_DB_URL=jdbc:postgresql://localhost:$pg/postgres INVENTIV_DB_USER=postgres INVENTIV_DB_PASSWORD= \
  PORT=$B_PORT INVENTIV_DATA_PLANE_PORT=$B_DP INVENTIV_ROUTER_USAGE_FLUSH_INTERVAL=${FLUSH:-1s} \
  java ${JAVA_OPTS:--Xmx1g} -jar "$JAR" > "$work/platform-b.log" 2>&1 &
pid_b=$!
extra_cleanup="kill $pid_b 2>/dev/null; wait $pid_b 2>/dev/null || true; kill \$(cat $work/nginx.pid 2>/dev/null) 2>/dev/null || true"
until curl -sf "localhost:$B_PORT/actuator/health/readiness" >/dev/null; do sleep 0.5; kill -0 $pid_b || { tail -50 "$work/platform-b.log"; exit 1; }; done
dp_b=http://127.0.0.1:$B_DP
sed "s#@DIR@#$work#g" "$shared/upstream.conf" > "$work/nginx.conf" && nginx -c "$work/nginx.conf"
n=0
# every request sent to a node is written down, to be compared with the usage the nodes record
sent() { n=$((n + 1)); KEY=$key MODEL=$model wrk -t1 "$@" -s "$shared/post.lua" > "$work/sent.$n"; cp "$work/sent.$n" "$work/last"; }
ok() { sent -c1 -d1s "$1/v1/chat/completions"; ! grep -q Non-2xx "$work/last"; }
until ok "$dp_b"; do sleep 0.5; done
run() { # url connections name
  KEY=$key MODEL=$model wrk -t1 -c"$2" -d"$D" -s "$shared/post.lua" "$1/v1/chat/completions" > "$work/wrk.$3"
  cp "$work/wrk.$3" "$work/sent.$3.$round"
}
rps() { awk '/Requests\/sec/{print $2}' "$work/wrk.$1"; }
errs() { grep -E 'Non-2xx|errors' "$work/wrk.$1" | tr -s ' ' | tr '\n' ' '; }
echo "warming both nodes up (${WARMUP:-20s} each at 32 connections)"
for url in "$dp" "$dp_b"; do sent -c32 -d"${WARMUP:-20s}" "$url/v1/chat/completions"; grep -E 'Requests/sec|Non-2xx' "$work/last"; done
for round in 1 2; do
  echo "round $round"
  KEY=sk-test MODEL=m wrk -t1 -c32 -d"$D" -s "$shared/post.lua" http://127.0.0.1:18000/v1/chat/completions > "$work/wrk.direct"
  printf '%-22s req/s=%s\n' "upstream directly" "$(rps direct)"
  run "$dp" 32 one
  printf '%-22s req/s=%-10s %s\n' "node A alone, c=32" "$(rps one)" "$(errs one)"
  run "$dp" 16 a & on_a=$!; run "$dp_b" 16 b & on_b=$!; wait $on_a $on_b
  printf '%-22s req/s=%-10s (A %s + B %s) %s %s\n' "nodes A+B, c=16+16" "$(awk -v a="$(rps a)" -v b="$(rps b)" 'BEGIN{printf "%.2f", a+b}')" \
    "$(rps a)" "$(rps b)" "$(errs a)" "$(errs b)"
done
echo "platform RSS: A $(rss $pid), B $(rss $pid_b)"
sleep 3
answered=$(cat "$work"/sent.* | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' | paste -sd+ | bc)
failed=$(cat "$work"/sent.* | sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' | paste -sd+ | bc)
echo "requests sent to the two nodes: $answered (${failed:-0} not 2xx); usage the two nodes recorded: $(api "$base/usage?group_by=model_service" | jq -c '.totals')"
