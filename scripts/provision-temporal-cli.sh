#!/usr/bin/env bash
# Provides the Temporal CLI (its dev server: SQLite persistence, Web UI), built once from its Go
# module into .tools/bin (git-ignored) and reused. TEMPORAL_CLI_PATH, or a `temporal` on PATH,
# wins. The resolved path is the last line on stdout; progress goes to stderr.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
module="github.com/temporalio/cli"
version="v1.5.1" # exactly: later versions carry a `replace` directive that `go install m@v` refuses

if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then echo "$TEMPORAL_CLI_PATH"; exit 0; fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi

bin="$root/.tools/bin"
exe="$bin/temporal"
# A `go install` build reports "temporal version 0.0.0-DEV" (release builds set the version with
# -ldflags), so the version is read from the module info Go embeds in the binary instead.
is_wanted() {
  [ -x "$exe" ] || return 1
  if command -v go >/dev/null 2>&1; then
    go version -m "$exe" 2>/dev/null | grep -Eq "^[[:space:]]+mod[[:space:]]+$module[[:space:]]+$version([[:space:]]|\$)"
  else
    "$exe" --version 2>/dev/null | grep -Fq "version ${version#v}"
  fi
}
if is_wanted; then echo "$exe"; exit 0; fi

command -v go >/dev/null 2>&1 || { echo "Go (1.25+) is required to build the Temporal CLI $version" >&2; exit 1; }
mkdir -p "$bin"
# One build at a time in this tree (the tests' pretest and a developer may both provision).
# shellcheck source=progress.sh
source "$root/scripts/progress.sh"
one_at_a_time "$root/.tools/.provision-temporal-cli.lock"
if is_wanted; then echo "$exe"; exit 0; fi # built by another run meanwhile
with_progress "building the Temporal CLI $version from its Go module into .tools/bin (once)" "about 3 min cold on 2 cores; seconds with a warm Go cache" \
  env GOBIN="$bin" go install "$module/cmd/temporal@$version" >&2
is_wanted || { echo "built $exe but it does not carry $module $version" >&2; exit 1; }
echo "$exe"
