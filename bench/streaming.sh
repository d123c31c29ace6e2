#!/usr/bin/env bash
# Streaming through the router, run on demand, against the simulated engine (started here, so that it
# takes thousands of sequences at once): the time to the first chunk and to the last, straight to the
# engine and through the router's data plane, in one run, alternating; then C streams opened at once and
# held through the router, with the platform's memory while they are all open.
# Usage: bench/streaming.sh [N sequential streams, default 300] [C held streams, default 5000]
N=${1:-300}; C=${2:-5000}
ENGINE_PORT=${ENGINE_PORT:-18200}
. "$(dirname "$0")/dataplane-setup.sh"
served=meta-llama/Llama-3.1-8B-Instruct
java -Xmx2g -jar worker/target/inventiv-worker.jar engine --inventiv.engine.port=$ENGINE_PORT --inventiv.engine.host=127.0.0.1 \
  --inventiv.engine.model=$served --inventiv.engine.served-model-name=$served --inventiv.engine.load-time=0s \
  --inventiv.engine.time-to-first-token=${TTFT:-20ms} --inventiv.engine.tokens-per-second=${TPS:-100} --inventiv.engine.max-num-seqs=20000 \
  --spring.threads.virtual.enabled=true --server.tomcat.max-connections=30000 --server.tomcat.accept-count=20000 \
  --logging.level.root=WARN > "$work/engine.log" 2>&1 &
engine=$!
extra_cleanup="kill $engine 2>/dev/null"
until curl -sf "http://127.0.0.1:$ENGINE_PORT/health" >/dev/null; do sleep 0.5; kill -0 $engine || { tail "$work/engine.log"; exit 1; }; done

echo "time to the first and the last chunk of ${MAX_TOKENS:-20}-token streams, one at a time"
for round in 1 2; do
  printf 'engine'; java bench/StreamBench.java ttft "http://127.0.0.1:$ENGINE_PORT/v1/chat/completions" - "$served" "$N" "${MAX_TOKENS:-20}"
  printf 'router'; java bench/StreamBench.java ttft "$dp/v1/chat/completions" "$key" "$model" "$N" "${MAX_TOKENS:-20}"
done

echo "$C streams of ${HELD_TOKENS:-400} tokens at ${TPS:-100} tokens/s, opened over ${RAMP:-10s} and held through the router"
java -Xmx2g bench/StreamBench.java hold "$dp/v1/chat/completions" "$key" "$model" "$C" "${HELD_TOKENS:-400}" "${RAMP:-10s}" &
client=$!
sleep $(( ${RAMP%s} + 1 ))
echo "platform while the streams are open: RSS $(rss $pid), heap $(jcmd $pid GC.heap_info 2>/dev/null | awk '/garbage-first heap|total/{print; exit}' | sed 's/^ *//')"
echo "router's view: $(api "$base/admin/router" | jq -c '[.instances[] | select(.ready) | {in_flight, breaker}]')"
wait $client
echo "platform after: RSS $(rss $pid)"
sleep 2
echo "usage recorded: $(api "$base/usage?group_by=model_service" | jq -c '.totals')"
grep -cE " ERROR " "$work/platform.log" | sed 's/^/platform ERROR lines: /'
