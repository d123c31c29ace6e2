#!/usr/bin/env bash
# What the platform running beside it costs a request that does not even go through it: the zero-cost
# upstream of ../shared/bench/compare.sh measured at one connection while the platform (set up as for
# bench/router.sh) runs idle, then frozen (SIGSTOP: no thread of it, nor its embedded PostgreSQL, runs),
# then with only its PostgreSQL frozen, then running again.
# Usage: bench/background.sh   (SHARED_BENCH to point at the shared benchmark folder)
ENGINE_PORT=18000
. "$(dirname "$0")/dataplane-setup.sh"
shared=${SHARED_BENCH:-$(cd .. && pwd)/shared/bench}
sed "s#@DIR@#$work#g" "$shared/upstream.conf" > "$work/nginx.conf" && nginx -c "$work/nginx.conf"
set +e
postgres=$(pgrep -f "postgres -D $work" | head -1)
extra_cleanup="kill -CONT $pid $postgres 2>/dev/null; pkill -CONT -P $postgres 2>/dev/null; kill \$(cat $work/nginx.pid) 2>/dev/null"
kill "$beat"; beat=
direct() {
  printf '%-34s' "$1"
  KEY=sk-test MODEL=m wrk -t1 -c1 -d"${DURATION:-5s}" --latency -s "$shared/post.lua" http://127.0.0.1:18000/v1/chat/completions \
    | awk '$1=="50%"||$1=="99%"{printf "%s=%-9s ", $1, $2} /Requests\/sec/{printf "req/s=%s", $2} END{print ""}'
}
freeze() { kill -"$1" "$postgres"; pkill -"$1" -P "$postgres"; }
direct "platform running (idle)"
direct "platform running (idle)"
kill -STOP $pid; freeze STOP
direct "platform and PostgreSQL frozen"
direct "platform and PostgreSQL frozen"
kill -CONT $pid
direct "only PostgreSQL frozen"
freeze CONT
direct "platform running again"
