#!/usr/bin/env bash
# Provides the production Temporal engine for `npm run start:cluster` and its tests: the Temporal
# server (PostgreSQL persistence), its SQL schema tool and the Web UI server, built once from their
# Go modules into .tools/bin (git-ignored) and reused. The versions are those of the images in
# docker-compose.yml (x-images), the one place they are written. Idempotent: a binary that already
# carries the wanted module version is kept. Progress goes to stderr; the bin folder is the last
# line on stdout. The schema files ship in the server module (printed by --schema-dir).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
compose="$root/docker-compose.yml"

image_version() { # the tag of an image named in docker-compose.yml's x-images
  sed -n "s#^[[:space:]]*$1:[[:space:]]*&[a-z-]*[[:space:]]*[^[:space:]]*:\\([0-9][0-9.]*\\)[[:space:]]*\$#\\1#p" "$compose" | head -n 1
}
server_version="v$(image_version temporal-server)"
ui_version="v$(image_version temporal-ui)"
[ "$server_version" != "v" ] && [ "$ui_version" != "v" ] || { echo "no Temporal versions found in $compose (x-images)" >&2; exit 1; }

server_module="go.temporal.io/server"
ui_module="github.com/temporalio/ui-server/v2"
bin="$root/.tools/bin"

if [ "${1:-}" = "--versions" ]; then echo "server=$server_version ui=$ui_version"; exit 0; fi
command -v go >/dev/null 2>&1 || { echo "Go (1.25+) is required to build the Temporal server $server_version" >&2; exit 1; }
if [ "${1:-}" = "--schema-dir" ]; then
  dir="$(go env GOMODCACHE)/$server_module@$server_version/schema/postgresql/v12"
  [ -d "$dir" ] || GOFLAGS=-mod=mod go mod download "$server_module@$server_version" >&2
  echo "$dir"; exit 0
fi

# name  package  module  version
targets=(
  "temporal-server|$server_module/cmd/server|$server_module|$server_version"
  "temporal-sql-tool|$server_module/cmd/tools/sql|$server_module|$server_version"
  "temporal-ui-server|$ui_module/cmd/server|$ui_module|$ui_version"
)
is_wanted() { # exe module version
  [ -x "$1" ] && go version -m "$1" 2>/dev/null | grep -Eq "^[[:space:]]+mod[[:space:]]+$2[[:space:]]+$3([[:space:]]|\$)"
}
all_wanted() {
  local t name pkg module version
  for t in "${targets[@]}"; do
    IFS='|' read -r name pkg module version <<<"$t"
    is_wanted "$bin/$name" "$module" "$version" || return 1
  done
}
if all_wanted; then echo "$bin"; exit 0; fi

mkdir -p "$bin"
# One build at a time in this tree.
# shellcheck source=progress.sh
source "$root/scripts/progress.sh"
one_at_a_time "$root/.tools/.provision-temporal-server.lock"
if all_wanted; then echo "$bin"; exit 0; fi # built by another run meanwhile
n=0
for t in "${targets[@]}"; do
  IFS='|' read -r name pkg module version <<<"$t"
  exe="$bin/$name"
  n=$((n + 1))
  if is_wanted "$exe" "$module" "$version"; then continue; fi
  # `go install` names the binary after its package folder (server, sql): build in a scratch GOBIN
  # and move it to its own name.
  tmp="$(mktemp -d "$bin/.build.XXXXXX")"
  usual="several minutes cold; the server took 756 s on 2 cores"
  [ "$name" = temporal-server ] || usual="a minute or two cold"
  with_progress "building $name ($n of ${#targets[@]}: $pkg@$version) from its Go module into .tools/bin (once)" "$usual" \
    env GOBIN="$tmp" go install "$pkg@$version" >&2
  built="$tmp/$(basename "$pkg")"
  mv -f "$built" "$exe"
  rmdir "$tmp"
  is_wanted "$exe" "$module" "$version" || { echo "built $exe but it does not carry $module $version" >&2; exit 1; }
done
echo "$bin"
