#!/usr/bin/env bash
# Builds (if needed) and starts the whole platform on port 8080 (PORT to change it).
# Data goes to ./data (INVENTIV_DATA_DIR to change it) in an embedded PostgreSQL,
# unless INVENTIV_DB_URL (with INVENTIV_DB_USER, INVENTIV_DB_PASSWORD) names one.
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
jar=platform/target/inventiv-platform.jar
if [ ! -f "$jar" ] || [ -n "$(find . -path ./data -prune -o \( -name '*.java' -o -path '*/src/main/resources/*' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  ./mvnw -q -B install -DskipTests
fi
exec java ${JAVA_OPTS:--Xmx1g} -jar "$jar" "$@"
