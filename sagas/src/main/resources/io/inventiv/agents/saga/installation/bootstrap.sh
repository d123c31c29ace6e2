#!/bin/sh
# Installs and starts the Inventiv worker agent on this machine (see docs/worker-protocol.md).
# Each phase starts with a "::phase::NAME" line. Idempotent: run again, it keeps what is in place and
# starts only what does not run. Filled in by the platform: @AGENT_SHA256@, @MODEL@, @VLLM_VERSION@, and
# @RESTART_AGENT@ (1: an agent that runs but is not heard is replaced; its engine is adopted by the new one).
set -eu
cd "$HOME"
DIR=.inventiv
STATE="$DIR/agent"
mkdir -p "$STATE"
chmod 700 "$DIR"

echo "::phase::check_gpu"
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then
  ENGINE=vllm
  nvidia-smi -L
else
  ENGINE=simulated
  echo "no NVIDIA GPU found: the built-in simulated engine will serve"
fi

echo "::phase::install_runtime"
java_ok() {
  "$1" -version 2>&1 | head -n 1 | grep -Eq '"(2[1-9]|[3-9][0-9])'
}
JAVA="${INVENTIV_JAVA:-}"
if [ -z "$JAVA" ] && command -v java >/dev/null 2>&1; then
  JAVA=$(command -v java)
fi
if [ -z "$JAVA" ] || ! java_ok "$JAVA"; then
  if command -v apt-get >/dev/null 2>&1; then
    echo "installing a Java 21 runtime"
    DEBIAN_FRONTEND=noninteractive apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-21-jre-headless
    JAVA=$(command -v java || true)
  fi
fi
if [ -z "$JAVA" ] || ! java_ok "$JAVA"; then
  echo "no Java 21 or later runtime on this machine, and none could be installed" >&2
  exit 10
fi
"$JAVA" -version 2>&1 | head -n 1
if [ "$ENGINE" = vllm ] && ! command -v vllm >/dev/null 2>&1; then
  echo "installing vLLM @VLLM_VERSION@"
  python3 -m pip install --quiet "vllm==@VLLM_VERSION@"
fi

echo "::phase::install_agent"
ACTUAL=$(sha256sum "$DIR/inventiv-worker.jar" | cut -d ' ' -f 1)
if [ "$ACTUAL" != "@AGENT_SHA256@" ]; then
  echo "the agent jar is not the one sent (sha256 $ACTUAL)" >&2
  exit 11
fi
echo "agent jar in place (sha256 $ACTUAL)"

echo "::phase::download_model"
if [ "$ENGINE" = vllm ]; then
  DOWNLOAD_DIR=$(sed -n 's/^download-dir=//p' "$DIR/agent.base.properties")
  if command -v huggingface-cli >/dev/null 2>&1; then
    huggingface-cli download "@MODEL@" ${DOWNLOAD_DIR:+--cache-dir "$DOWNLOAD_DIR"}
  else
    echo "vLLM will download @MODEL@ when it starts"
  fi
else
  echo "simulated engine: no weights to download for @MODEL@"
fi

echo "::phase::start_agent"
{ cat "$DIR/agent.base.properties"; echo "engine=$ENGINE"; echo "java=$JAVA"; } > "$DIR/agent.properties.part"
mv -f "$DIR/agent.properties.part" "$DIR/agent.properties"
chmod 600 "$DIR/agent.properties"
AGENT_PID=""
agent_runs() { # the pid file names a live process that is our agent (not a pid reused after a reboot)
  [ -s "$STATE/agent.pid" ] || return 1
  pid=$(cat "$STATE/agent.pid")
  kill -0 "$pid" 2>/dev/null && tr '\000' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'inventiv-worker.jar agent'
}
if agent_runs && [ "@RESTART_AGENT@" = 1 ]; then
  echo "the agent (pid $(cat "$STATE/agent.pid")) runs but is not heard: replacing it"
  kill -9 "$(cat "$STATE/agent.pid")" 2>/dev/null || true
  sleep 1
fi
if agent_runs; then
  AGENT_PID=$(cat "$STATE/agent.pid")
  echo "the agent runs already (pid $AGENT_PID)"
else
  rm -f "$STATE/agent.port"
  nohup "$JAVA" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$DIR/inventiv-worker.jar" agent --config "$DIR/agent.properties" \
    >> "$STATE/agent.log" 2>&1 < /dev/null &
  AGENT_PID=$!
  echo "agent started (pid $AGENT_PID)"
fi
waited=0
while [ ! -s "$STATE/agent.port" ]; do
  if ! kill -0 "$AGENT_PID" 2>/dev/null; then
    echo "the agent exited; the end of its log:" >&2
    tail -n 20 "$STATE/agent.log" >&2
    exit 12
  fi
  waited=$((waited + 1))
  if [ "$waited" -gt 1200 ]; then
    echo "the agent did not listen within 120 s; the end of its log:" >&2
    tail -n 20 "$STATE/agent.log" >&2
    exit 13
  fi
  sleep 0.1
done
echo "agent listening on port $(cat "$STATE/agent.port")"
