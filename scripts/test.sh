#!/usr/bin/env bash
# `npm test`: installs what is missing (npm packages, the Temporal CLI and the time-skipping test server), then runs
# every vitest suite against real Temporal servers. Database suites also run on PostgreSQL when DATABASE_URL is set.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
provision_temporal all
echo "[test] type-checking (tsc --noEmit)" >&2
npx tsc --noEmit
exec npx vitest run "$@"
