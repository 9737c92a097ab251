#!/usr/bin/env bash
# Provisions the Temporal servers Motcua runs against, from the registries this machine reaches:
#   cli          the Temporal CLI (dev server + Web UI), built with Go from the Go module proxy
#   test-server  the Java time-skipping test server, resolved from Maven Central
#   server       the Temporal server and its SQL schema tool (the production shape on PostgreSQL), built with Go from
#                the Go module proxy at the version the CLI bundles; not part of `all` (a first build takes minutes)
# Both land in a machine-wide cache (outside the repository) so a second run, or a fresh clone,
# takes seconds. Prints `NAME=PATH` lines for each provisioned tool on stdout; progress on stderr.
#
# With internet access you can skip the Go build: put the official release binary of the
# Temporal CLI v1.5.1 on PATH (or set MOTCUA_TEMPORAL_BIN) and it is used as it is.
set -euo pipefail

TEMPORAL_CLI_VERSION="1.5.1"
TEST_SERVER_VERSION="1.31.0"
# The server the CLI v1.5.1 embeds as its dev server (`go.temporal.io/server` in the CLI's go.mod).
TEMPORAL_SERVER_VERSION="1.29.1"
CACHE_DIR="${MOTCUA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/motcua}"

log() { printf '[provision] %s\n' "$*" >&2; }

cli_version_ok() {
  local bin="$1" out
  out=$("$bin" --version 2>/dev/null) || return 1
  [[ "$out" == *"$TEMPORAL_CLI_VERSION"* ]]
}

provision_cli() {
  local candidate
  for candidate in "${MOTCUA_TEMPORAL_BIN:-}" "$(command -v temporal || true)" "$CACHE_DIR/temporal-cli-$TEMPORAL_CLI_VERSION/bin/temporal"; do
    if [[ -n "$candidate" && -x "$candidate" ]] && cli_version_ok "$candidate"; then
      echo "TEMPORAL_CLI=$candidate"
      return
    fi
  done
  command -v go >/dev/null || { log "Go is needed to build the Temporal CLI and is not on PATH"; exit 1; }
  local dest="$CACHE_DIR/temporal-cli-$TEMPORAL_CLI_VERSION/bin"
  mkdir -p "$dest"
  log "building Temporal CLI v$TEMPORAL_CLI_VERSION from the Go module proxy into $dest"
  log "a first build downloads ~300 modules and compiles for several minutes; later runs reuse the cache"
  local started=$SECONDS
  # -v names each package as it compiles: print every 25th download, a count every 100 packages, and any
  # line with a space in it (errors). pipefail stops the script if go install fails.
  GOBIN="$dest" GOFLAGS="-mod=mod" go install -v \
    -ldflags "-X github.com/temporalio/cli/temporalcli.Version=$TEMPORAL_CLI_VERSION" \
    "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION" 2>&1 |
    awk '
      /^go: downloading/ { downloads++; if (downloads % 25 == 1) { printf "[provision] %s (%d modules so far)\n", $0, downloads; fflush() } next }
      / / { print "[provision] " $0; fflush(); next }
      { built++; if (built % 100 == 0) { printf "[provision] compiled %d packages…\n", built; fflush() } }
      END { printf "[provision] compiled %d packages\n", built }' >&2
  cli_version_ok "$dest/temporal" || { log "the built CLI does not report version $TEMPORAL_CLI_VERSION"; exit 1; }
  log "Temporal CLI built in $((SECONDS - started))s"
  echo "TEMPORAL_CLI=$dest/temporal"
}

provision_test_server() {
  local home="$CACHE_DIR/temporal-test-server-$TEST_SERVER_VERSION"
  if [[ ! -f "$home/.complete" ]]; then
    command -v mvn >/dev/null || { log "Maven is needed to resolve the Temporal test server"; exit 1; }
    mkdir -p "$home/lib"
    log "resolving io.temporal:temporal-test-server:$TEST_SERVER_VERSION and its dependencies from Maven Central"
    cat >"$home/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.motcua</groupId>
  <artifactId>temporal-test-server-runtime</artifactId>
  <version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$TEST_SERVER_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
POM
    mvn -B -q -f "$home/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$home/lib" >&2
    touch "$home/.complete"
    log "test server resolved into $home/lib"
  fi
  command -v java >/dev/null || { log "Java is needed to run the Temporal test server"; exit 1; }
  write_test_server_wrapper "$home"
  echo "TEMPORAL_TEST_SERVER=$home/temporal-test-server"
}

# Builds `temporal-server` and `temporal-sql-tool` from the server module, with the module's own go.mod (the release's
# pinned dependencies), and copies its PostgreSQL schema files beside them. The release build uses CGO_ENABLED=0 and
# `-tags disable_grpc_modules`; the tag is kept, while CGO is left as the caller has it so that the build reuses the
# packages the CLI build already compiled (set CGO_ENABLED=0 for a static binary).
provision_server() {
  local home="$CACHE_DIR/temporal-server-$TEMPORAL_SERVER_VERSION"
  if [[ ! -f "$home/.complete" ]] || ! server_version_ok "$home/bin/temporal-server"; then
    command -v go >/dev/null || { log "Go is needed to build the Temporal server and is not on PATH"; exit 1; }
    rm -rf "$home" && mkdir -p "$home/bin"
    local module="go.temporal.io/server" started=$SECONDS
    log "building Temporal server v$TEMPORAL_SERVER_VERSION and temporal-sql-tool from the Go module proxy into $home/bin"
    log "a first build compiles ~1,500 packages for several minutes on two cores; later runs reuse the cache"
    GOBIN="$home/bin" GOFLAGS="-mod=mod" go install -v -tags disable_grpc_modules \
      "$module/cmd/server@v$TEMPORAL_SERVER_VERSION" "$module/cmd/tools/sql@v$TEMPORAL_SERVER_VERSION" 2>&1 |
      awk '
        /^go: downloading/ { downloads++; if (downloads % 25 == 1) { printf "[provision] %s (%d modules so far)\n", $0, downloads; fflush() } next }
        / / { print "[provision] " $0; fflush(); next }
        { built++; if (built % 100 == 0) { printf "[provision] compiled %d packages…\n", built; fflush() } }
        END { printf "[provision] compiled %d packages\n", built }' >&2
    mv "$home/bin/server" "$home/bin/temporal-server"
    mv "$home/bin/sql" "$home/bin/temporal-sql-tool"
    server_version_ok "$home/bin/temporal-server" || { log "the built server does not report version $TEMPORAL_SERVER_VERSION"; exit 1; }
    local module_dir
    module_dir=$(go mod download -json "$module@v$TEMPORAL_SERVER_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    mkdir -p "$home/schema"
    cp -R "$module_dir/schema/postgresql" "$home/schema/" && chmod -R u+w "$home/schema"
    touch "$home/.complete"
    log "Temporal server built in $((SECONDS - started))s"
  fi
  echo "TEMPORAL_SERVER=$home/bin/temporal-server"
  echo "TEMPORAL_SQL_TOOL=$home/bin/temporal-sql-tool"
  echo "TEMPORAL_SERVER_SCHEMA=$home/schema/postgresql/v12"
}

server_version_ok() {
  local out
  out=$("$1" --version 2>/dev/null) || return 1
  [[ "$out" == *"$TEMPORAL_SERVER_VERSION"* ]]
}

# The TypeScript SDK starts the test server as `<executable> <port> --enable-time-skipping` and gives it 5 s to
# answer. A class-data-sharing archive of the server's classes, C1-only compilation and the serial collector bring the
# JVM's start from ~3 s to ~0.6 s on a busy two-core machine. The wrapper is rewritten on every run (it is tiny), so a
# change here reaches machines whose jars are already cached.
JAVA_FAST_START="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"

write_test_server_wrapper() {
  local home="$1"
  [[ -f "$home/test-server.jsa" ]] || dump_class_archive "$home"
  local share=""
  [[ -f "$home/test-server.jsa" ]] && share="-XX:SharedArchiveFile=$home/test-server.jsa -Xshare:auto"
  cat >"$home/temporal-test-server.tmp.$$" <<WRAP
#!/usr/bin/env bash
exec java \${MOTCUA_TEST_SERVER_JAVA_OPTS:--Xms64m -Xmx512m $JAVA_FAST_START} $share \\
  -cp "$home/lib/*" io.temporal.testserver.TestServer "\$@"
WRAP
  chmod +x "$home/temporal-test-server.tmp.$$"
  mv -f "$home/temporal-test-server.tmp.$$" "$home/temporal-test-server" # atomic: a test may be starting it
}

# Starts the server once with -XX:ArchiveClassesAtExit, lets it load its classes, and stops it: the JVM writes the
# archive on exit. Best effort: without it the wrapper simply starts slower.
dump_class_archive() {
  local home="$1" port=$((20000 + RANDOM % 20000)) pid
  log "writing a class-data archive of the test server (a few seconds, once)"
  # shellcheck disable=SC2086
  java -XX:ArchiveClassesAtExit="$home/test-server.jsa.tmp" $JAVA_FAST_START -cp "$home/lib/*" \
    io.temporal.testserver.TestServer "$port" --enable-time-skipping >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  sleep 2
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [[ -s "$home/test-server.jsa.tmp" ]]; then mv -f "$home/test-server.jsa.tmp" "$home/test-server.jsa"; else rm -f "$home/test-server.jsa.tmp"; fi
}

case "${1:-all}" in
  cli) provision_cli ;;
  test-server) provision_test_server ;;
  server) provision_server ;;
  all) provision_cli; provision_test_server ;;
  *) log "usage: provision.sh [cli|test-server|server|all]"; exit 2 ;;
esac
