#!/usr/bin/env bash
# `npm start`: installs what is missing (npm packages, the Temporal CLI), then runs Motcua (scripts/dev.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_node_modules
provision_temporal cli
exec node --import tsx scripts/dev.ts
