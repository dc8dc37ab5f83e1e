#!/usr/bin/env bash
# Pulse dev stack in one command: Kafka, Redis, ingest, two push instances behind nginx, web and simulated devices.
# Configuration: environment variables only (see the README); Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"
source infra/scripts/prepare.sh

pulse_require_jdk
# Both are optional: without redis-server the stack uses an embedded Redis binary, without nginx one push instance.
pulse_ensure_packages redis-server nginx || pulse_say "continuing without them"

pulse_say "building (./mvnw package, tests not compiled)..."
./mvnw -B -q package -Dmaven.test.skip=true

java_opts=(--enable-native-access=ALL-UNNAMED)
# JDK 23+ warns that Kafka and Netty use sun.misc.Unsafe; allow it quietly.
(( $(pulse_java_version "$PULSE_JAVA") >= 23 )) && java_opts+=(--sun-misc-unsafe-memory-access=allow)
exec "$PULSE_JAVA" "${java_opts[@]}" ${PULSE_JAVA_OPTS:-} -jar infra/target/infra-0.1.0-SNAPSHOT.jar "$@"
