#!/usr/bin/env bash
# Deployment throughput: starts the platform on a fresh data directory, issues N deployments with C
# concurrent clients, and reports commands/s, latency, the time until the whole fleet is INSTALLING,
# and the event store's append rate over that time (read from PostgreSQL with psql).
# Usage: bench/deployments.sh [N=500] [C=16]      Needs psql (apt-get install postgresql-client).
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/jdk.sh
N=${1:-500}; C=${2:-16}; PORT=${PORT:-18080}
work=$(mktemp -d)
[ -f platform/target/inventiv-platform.jar ] || ./mvnw -q -B install -DskipTests
# provisioning alone: hundreds of machines each running a worker and an engine would not fit on one host
INVENTIV_INSTALL_ENABLED=false INVENTIV_DATA_DIR=$work PORT=$PORT INVENTIV_LOCAL_CLOUD_BOOT_TIME=${BOOT_TIME:-1s} INVENTIV_LOCAL_CLOUD_API_LATENCY=${API_LATENCY:-20ms} \
  java ${JAVA_OPTS:--Xmx1g} -jar platform/target/inventiv-platform.jar > "$work/platform.log" 2>&1 &
pid=$!
trap 'rc=$?; kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"; exit $rc' EXIT
until curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null; do sleep 0.5; kill -0 $pid || { tail -50 "$work/platform.log"; exit 1; }; done
curl -sf -c "$work/cookies" -X POST "localhost:$PORT/auth/login" -H 'Content-Type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"$(cat "$work/admin-password")\"}" >/dev/null
until [ "$(curl -s -b "$work/cookies" "localhost:$PORT/instance_types" | grep -o '"code"' | wc -l)" -ge 7 ]; do sleep 0.2; done
pgport=$(sed -n 4p "$work/postgres/postmaster.pid")
sql() { psql -qtA "postgresql://postgres@127.0.0.1:$pgport/postgres" -c "$1"; }
before=$(sql "select coalesce(max(global_index), 0) from domain_event_entry")
java bench/DeploymentBench.java "http://localhost:$PORT" "$N" "$C" "$(cat "$work/admin-password")"
sql "select 'events           ' || count(*) || ' appended in ' || round(extract(epoch from (max(time_stamp::timestamptz) - min(time_stamp::timestamptz)))::numeric, 2)
            || ' s = ' || round(count(*) / greatest(extract(epoch from (max(time_stamp::timestamptz) - min(time_stamp::timestamptz))), 0.001)::numeric, 1) || ' events/s'
     from domain_event_entry where global_index > $before"
echo "platform         RSS $(ps -o rss= -p $pid | awk '{printf "%.0f MB", $1/1024}') after the run"
