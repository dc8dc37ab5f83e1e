#!/usr/bin/env bash
# Every module's tests, on real Kafka, Redis, nginx and headless Chromium. This is what CI runs (.ci/run).
# Extra arguments go to Maven, e.g. ./test.sh -pl push-service -am
set -euo pipefail
cd "$(dirname "$0")"
source infra/scripts/prepare.sh

pulse_require_jdk
if ! pulse_ensure_packages redis-server nginx chromium chromium-driver prometheus; then
  pulse_say "the tests need these programs: install them (as root ./test.sh does it) and run again"
  exit 1
fi

exec ./mvnw -B -ntp verify "$@"
