#!/usr/bin/env bash
# Streaming through the router, run on demand, against the simulated engine (started here, so that it
# takes thousands of sequences at once): the time to the first chunk and to the last, straight to the
# engine and through the router's data plane, in one run, alternating; then C streams opened at once and
# held through the router, with the platform's memory while they are all open.
# Usage: bench/streaming.sh [N sequential streams, default 300] [C held streams, default 5000]
N=${1:-300}; C=${2:-5000}; RAMP=${RAMP:-10s}
ENGINE_PORT=${ENGINE_PORT:-18200}
. "$(dirname "$0")/dataplane-setup.sh"
served=meta-llama/Llama-3.1-8B-Instruct
start_engine() { # tokens per second of each sequence
  java -Xmx2g -jar worker/target/inventiv-worker.jar engine --inventiv.engine.port=$ENGINE_PORT --inventiv.engine.host=127.0.0.1 \
    --inventiv.engine.model=$served --inventiv.engine.served-model-name=$served --inventiv.engine.load-time=0s \
    --inventiv.engine.time-to-first-token=${TTFT:-20ms} --inventiv.engine.tokens-per-second=$1 --inventiv.engine.max-num-seqs=20000 \
    --spring.threads.virtual.enabled=true --server.tomcat.max-connections=30000 --server.tomcat.accept-count=20000 \
    --logging.level.root=WARN > "$work/engine.log" 2>&1 &
  engine=$!
  extra_cleanup="kill $engine 2>/dev/null"
  until curl -sf "http://127.0.0.1:$ENGINE_PORT/health" >/dev/null; do sleep 0.5; kill -0 $engine || { tail "$work/engine.log"; exit 1; }; done
}
start_engine 100

# the router's code is compiled by the JIT under load first, as it is in a node that has been serving
for stream in false true; do
  cat > "$work/warm.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"model":"$model","max_tokens":2,"stream":$stream,"messages":[{"role":"user","content":"hi"}]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $key"
LUA
  wrk -t1 -c64 -d15s -s "$work/warm.lua" "$dp/v1/chat/completions" > /dev/null
done

echo "time to the first and the last chunk of ${MAX_TOKENS:-20}-token streams, one at a time"
for round in 1 2; do
  printf 'engine  '; java bench/StreamBench.java ttft "http://127.0.0.1:$ENGINE_PORT/v1/chat/completions" - "$served" "$N" "${MAX_TOKENS:-20}"
  # what the router asks of the engine: the usage so far on every chunk
  printf 'engine+ '; java bench/StreamBench.java ttft "http://127.0.0.1:$ENGINE_PORT/v1/chat/completions" - "$served" "$N" "${MAX_TOKENS:-20}" \
    '{"include_usage":true,"continuous_usage_stats":true}'
  printf 'router  '; java bench/StreamBench.java ttft "$dp/v1/chat/completions" "$key" "$model" "$N" "${MAX_TOKENS:-20}"
done

# long streams now: each lasts longer than the ramp, so that all are open at once
kill $engine; wait $engine 2>/dev/null || true
start_engine "${HOLD_TPS:-4}"
echo "$C streams of ${HELD_TOKENS:-100} tokens at ${HOLD_TPS:-4} tokens/s, opened over $RAMP and held through the router"
java -Xmx2g bench/StreamBench.java hold "$dp/v1/chat/completions" "$key" "$model" "$C" "${HELD_TOKENS:-100}" "$RAMP" &
client=$!
sleep $(( ${RAMP%s} + 1 ))
echo "platform while the streams are open: RSS $(rss $pid), heap $(jcmd $pid GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/{print; exit}' | sed 's/^ *//')"
echo "router's view: $(api "$base/admin/router" | jq -c '[.instances[] | select(.ready) | {in_flight, breaker}]')"
wait $client
echo "platform after: RSS $(rss $pid)"
sleep 2
echo "usage recorded: $(api "$base/usage?group_by=model_service" | jq -c '.totals')"
grep -cE " ERROR " "$work/platform.log" | sed 's/^/platform ERROR lines: /'
