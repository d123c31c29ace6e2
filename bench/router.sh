#!/usr/bin/env bash
# Router overhead, run on demand: the shared comparison (../shared/bench/compare.sh: a zero-cost nginx
# upstream, a bare Java relay that only checks a key, and the router, in one run, at 1 and 32
# connections), with the router serving a model service whose instance's engine is that upstream and
# a key with requests and tokens per minute, budgets and a price on: every check of the hot path runs.
# Usage: bench/router.sh   (SHARED_BENCH to point at the shared benchmark folder; DURATION as compare.sh)
ENGINE_PORT=18000
. "$(dirname "$0")/dataplane-setup.sh"
shared=${SHARED_BENCH:-$(cd .. && pwd)/shared/bench}
[ -x "$shared/compare.sh" ] || { echo "no compare.sh in $shared: set SHARED_BENCH"; exit 2; }
echo "router: $dp/v1/chat/completions, model $model"
ROUTER_URL="$dp/v1/chat/completions" KEY=$key MODEL=$model "$shared/compare.sh"
echo "platform RSS $(rss $pid) after the run"
usage=$(api "$base/usage?group_by=model_service" | jq -c '.totals')
echo "usage recorded: $usage"
