#!/usr/bin/env bash
# Builds everything and runs every test: unit, integration (embedded PostgreSQL, no server needed)
# and end-to-end (the platform jar started as a process and driven over HTTP).
set -euo pipefail
cd "$(dirname "$0")"
. bin/jdk.sh
exec ./mvnw -B verify "$@"
