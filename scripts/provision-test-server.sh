#!/usr/bin/env bash
# Provides Temporal's time-skipping test server (Java, io.temporal:temporal-test-server from
# Maven Central, run on the machine's JDK 17+) as an executable, .tools/bin/temporal-test-server,
# that takes what the TypeScript SDK passes to an `existing-path` test server:
#   temporal-test-server <port> [extraArgs...]
# (@temporalio/testing 1.24 passes the port only; the Java server then starts with time skipping
# locked and the SDK unlocks it while awaiting results. `--enable-time-skipping` may follow.)
# Idempotent. TEMPORAL_TEST_SERVER_PATH wins when set. The path is the last line on stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="1.38.0" # keep in step with scripts/test-server-pom.xml
if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then echo "$TEMPORAL_TEST_SERVER_PATH"; exit 0; fi

home="$root/.tools/test-server"
lib="$home/lib"
exe="$root/.tools/bin/temporal-test-server"
have_jars() { [ -f "$lib/temporal-test-server-$version.jar" ] && [ -f "$home/.complete-$version" ]; }
is_ready() { [ -x "$exe" ] && have_jars; }
if is_ready; then echo "$exe"; exit 0; fi

command -v java >/dev/null 2>&1 || { echo "java (17+) is required for the time-skipping test server" >&2; exit 1; }
command -v mvn >/dev/null 2>&1 || { echo "maven (mvn) is required to fetch the test server" >&2; exit 1; }
mkdir -p "$home" "$root/.tools/bin"
# shellcheck source=progress.sh
source "$root/scripts/progress.sh"
# One build at a time in this tree (the tests' pretest and a developer may both provision).
one_at_a_time "$root/.tools/.provision-test-server.lock"
if is_ready; then echo "$exe"; exit 0; fi # built by another run meanwhile

if ! have_jars; then
  staging="$home/lib.staging"
  rm -rf "$staging"
  with_progress "fetching io.temporal:temporal-test-server:$version and its dependencies from Maven Central into .tools/test-server (once)" "a minute or two cold" \
    mvn -q -B -Dstyle.color=never -f "$root/scripts/test-server-pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$staging" -DincludeScope=runtime >&2
  [ -f "$staging/temporal-test-server-$version.jar" ] || { echo "maven did not deliver temporal-test-server-$version.jar" >&2; exit 1; }
  rm -rf "$lib" "$home"/.complete-*
  mv "$staging" "$lib"
  touch "$home/.complete-$version"
fi

# The wrapper finds the jars next to itself, so the tree can move. `exec`: the SDK stops the
# server by killing (SIGKILL) the process it started, which must be the JVM itself, not a shell.
# A watchdog stops the JVM when the process that started it dies without tearing it down (the
# SDK's teardown does not run on process.exit() or a killed test runner).
# Serial GC and C1 only: a small heap and a fast start on a 2-core machine (the SDK gives the
# server 5 s to accept connections).
cat > "$exe.tmp" <<'SH'
#!/bin/sh
# Temporal's time-skipping test server (Java): temporal-test-server <port> [--enable-time-skipping]
# Written by scripts/provision-test-server.sh. JAVA_OPTS adds JVM options.
lib="$(cd "$(dirname "$0")/../test-server/lib" && pwd)"
parent=$PPID self=$$
if [ "$parent" -gt 1 ]; then
  (
    while kill -0 "$parent" 2>/dev/null && kill -0 "$self" 2>/dev/null; do sleep 1; done
    kill -9 "$self" 2>/dev/null
  ) </dev/null >/dev/null 2>&1 &
fi
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss1m ${JAVA_OPTS:-} -cp "$lib/*" io.temporal.testserver.TestServer "$@"
SH
chmod +x "$exe.tmp"
mv "$exe.tmp" "$exe"
echo "$exe"
