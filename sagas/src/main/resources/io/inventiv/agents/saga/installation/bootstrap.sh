#!/bin/sh
# Installs and starts the Inventiv worker agent on this machine (see docs/worker-protocol.md).
# Each phase starts with a "::phase::NAME" line. Idempotent: run again, it keeps what is in place and
# starts only what does not run. Filled in by the platform: @AGENT_SHA256@, @MODEL@, @VLLM_VERSION@,
# @DATA_VOLUME_ID@ (the Block Storage volume that keeps the weights; empty: none), and @RESTART_AGENT@
# (1: an agent that runs but is not heard is replaced; its engine is adopted by the new one).
# INVENTIV_DRY_RUN=1 prints what would change the machine (packages, disks, downloads, processes)
# instead of doing it, so the whole script can be tried on any machine.
set -eu
cd "$HOME"
DIR=.inventiv
STATE="$DIR/agent"
mkdir -p "$STATE"
chmod 700 "$DIR"

DRY_RUN="${INVENTIV_DRY_RUN:-0}"
run() { # a command that changes the machine
  if [ "$DRY_RUN" = 1 ]; then echo "+ $*"; else "$@"; fi
}
VENV=/opt/inventiv/vllm
DATA_MOUNT=/mnt/inventiv-data
DISKS="${INVENTIV_DISKS:-/dev/disk/by-id}"

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
    run env DEBIAN_FRONTEND=noninteractive apt-get update -q
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-21-jre-headless
    JAVA=$(command -v java || echo /usr/bin/java)
  fi
fi
if [ "$DRY_RUN" != 1 ] && { [ -z "$JAVA" ] || ! java_ok "$JAVA"; }; then
  echo "no Java 21 or later runtime on this machine, and none could be installed" >&2
  exit 10
fi
"$JAVA" -version 2>&1 | head -n 1 || true
if [ "$ENGINE" = vllm ]; then
  if [ -x "$VENV/bin/vllm" ]; then
    echo "vLLM in place ($VENV)"
  else
    echo "installing vLLM @VLLM_VERSION@ in $VENV"
    python3 -c 'import ensurepip' >/dev/null 2>&1 || run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
    run mkdir -p /opt/inventiv
    run python3 -m venv "$VENV"
    run "$VENV/bin/pip" install --quiet "vllm==@VLLM_VERSION@" "huggingface_hub[cli]"
  fi
fi

echo "::phase::install_agent"
ACTUAL=$(sha256sum "$DIR/inventiv-worker.jar" | cut -d ' ' -f 1)
if [ "$ACTUAL" != "@AGENT_SHA256@" ]; then
  echo "the agent jar is not the one sent (sha256 $ACTUAL)" >&2
  exit 11
fi
echo "agent jar in place (sha256 $ACTUAL)"

echo "::phase::download_model"
EXTRA_PROPERTIES=""
if [ "$ENGINE" = vllm ]; then
  # the weights live on the data volume, formatted once and mounted at every run
  DEVICE=""
  if [ -n "@DATA_VOLUME_ID@" ]; then
    DEVICE=$(ls "$DISKS"/*@DATA_VOLUME_ID@* 2>/dev/null | head -n 1 || true)
  fi
  CACHE="$HOME/.cache/huggingface/hub"
  if [ -n "$DEVICE" ]; then
    blkid "$DEVICE" >/dev/null 2>&1 || run mkfs.ext4 -q -L inventiv-data "$DEVICE"
    run mkdir -p "$DATA_MOUNT"
    mountpoint -q "$DATA_MOUNT" 2>/dev/null || run mount "$DEVICE" "$DATA_MOUNT"
    CACHE="$DATA_MOUNT/huggingface"
    echo "data volume $DEVICE mounted at $DATA_MOUNT"
  else
    echo "no data volume found: the weights go to the boot disk"
  fi
  run mkdir -p "$CACHE"
  ( # the token reaches the download in its environment only, never a command line or this output
    if [ -s "$DIR/hf-token" ]; then HF_TOKEN=$(cat "$DIR/hf-token"); export HF_TOKEN; fi
    run "$VENV/bin/huggingface-cli" download "@MODEL@" --cache-dir "$CACHE"
  )
  EXTRA_PROPERTIES="vllm-command=$VENV/bin/vllm
download-dir=$CACHE"
else
  echo "simulated engine: no weights to download for @MODEL@"
fi

echo "::phase::start_agent"
{ cat "$DIR/agent.base.properties"; echo "engine=$ENGINE"; echo "java=$JAVA"; [ -z "$EXTRA_PROPERTIES" ] || echo "$EXTRA_PROPERTIES"; } \
  > "$DIR/agent.properties.part"
mv -f "$DIR/agent.properties.part" "$DIR/agent.properties"
chmod 600 "$DIR/agent.properties"
AGENT_PID=""
agent_runs() { # the pid file names a live process that is our agent (not a pid reused after a reboot)
  [ -s "$STATE/agent.pid" ] || return 1
  pid=$(cat "$STATE/agent.pid")
  kill -0 "$pid" 2>/dev/null && tr '\000' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'inventiv-worker.jar agent'
}
if [ "$DRY_RUN" = 1 ]; then
  echo "+ $JAVA -jar $DIR/inventiv-worker.jar agent --config $DIR/agent.properties"
  exit 0
fi
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
