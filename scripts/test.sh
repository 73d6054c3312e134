#!/usr/bin/env bash
# The project's test command (`npm test`). The S3 and image-export tests run against real servers, so this
# starts what is not already running (Ceph RGW via .ci/services, docker-registries via .ci/registry; both install
# their Debian packages the first time, which needs root), runs vitest with any extra arguments, and stops what it
# started. To run one file against servers you already have: npx vitest run test/<file>.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${PIPEGEN_TEST_S3_ENDPOINT:-}" ]; then
  if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:${RGW_PORT:-7480}/" 2>/dev/null; then
    # an S3 server already answers on the default port (e.g. one booted by hand with ../shared/tools/ceph-rgw)
    export PIPEGEN_TEST_S3_ENDPOINT="http://127.0.0.1:${RGW_PORT:-7480}"
  else
    # shellcheck source=/dev/null
    source .ci/services
  fi
fi
if [ -z "${PIPEGEN_TEST_REGISTRY:-}" ]; then
  # shellcheck source=/dev/null
  source .ci/registry
fi

npx vitest run "$@"
