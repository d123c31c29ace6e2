#!/usr/bin/env bash
# Router overhead, run on demand: the shared comparison (../shared/bench/compare.sh: a zero-cost nginx
# upstream, a bare Java relay that only checks a key, and the router, in one run, at 1 and 32
# connections), with the router serving a model service whose instance's engine is that upstream and
# a key with requests and tokens per minute, budgets and a price on: every check of the hot path runs.
# Usage: bench/router.sh   (SHARED_BENCH to point at the shared benchmark folder; DURATION as compare.sh; WARMUP: the router's
# own warm-up before it, 30s by default; JAR: the platform jar to measure)
ENGINE_PORT=18000
. "$(dirname "$0")/dataplane-setup.sh"
shared=${SHARED_BENCH:-$(cd .. && pwd)/shared/bench}
[ -x "$shared/compare.sh" ] || { echo "no compare.sh in $shared: set SHARED_BENCH"; exit 2; }
echo "router: $dp/v1/chat/completions, model $model"
# the router warmed up first, as a node that has been serving (the JIT compiles its hot path), against the same upstream,
# stopped before compare.sh starts its own; compare.sh adds 10 s more
sed "s#@DIR@#$work#g" "$shared/upstream.conf" > "$work/nginx.conf" && nginx -c "$work/nginx.conf"
KEY=$key MODEL=$model wrk -t1 -c32 -d"${WARMUP:-30s}" -s "$shared/post.lua" "$dp/v1/chat/completions" | grep -E 'Requests/sec|Non-2xx'
kill "$(cat "$work/nginx.pid")"; while [ -f "$work/nginx.pid" ]; do sleep 0.1; done
ROUTER_URL="$dp/v1/chat/completions" KEY=$key MODEL=$model "$shared/compare.sh"
echo "platform RSS $(rss $pid) after the run"
usage=$(api "$base/usage?group_by=model_service" | jq -c '.totals')
echo "usage recorded: $usage"
