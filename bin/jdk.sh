# Sourced by the scripts of this repository: makes sure JAVA_HOME is a JDK 21 or newer.
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ] 2>/dev/null; then
  unset found
  for candidate in /usr/lib/jvm/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then found=$candidate; break; fi
  done
  if [ -z "${found:-}" ]; then
    echo "A JDK 21 or newer is needed; set JAVA_HOME to one." >&2
    exit 2
  fi
  export JAVA_HOME=$found
fi
export PATH="$JAVA_HOME/bin:$PATH"
export AXONIQ_UPDATE_CHECKER_DISABLED=true
