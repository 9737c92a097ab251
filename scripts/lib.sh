# Shared by run.sh and test.sh: make sure the npm dependencies match the lock file.
ensure_node_modules() {
  local stamp=node_modules/.package-lock.json
  if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
    echo "[setup] installing npm dependencies (npm ci) …" >&2
    npm ci --no-audit --no-fund >&2
  fi
}

# Exports MOTCUA_TEMPORAL_BIN (and MOTCUA_TEST_SERVER_BIN with "all") from temporal-config/provision.sh.
provision_temporal() {
  local what="$1" out line
  out=$(bash temporal-config/provision.sh "$what")
  while IFS= read -r line; do
    case "$line" in
      TEMPORAL_CLI=*) export MOTCUA_TEMPORAL_BIN="${line#TEMPORAL_CLI=}" ;;
      TEMPORAL_TEST_SERVER=*) export MOTCUA_TEST_SERVER_BIN="${line#TEMPORAL_TEST_SERVER=}" ;;
    esac
  done <<<"$out"
}
