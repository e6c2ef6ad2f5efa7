# Sourced by the provisioning scripts: a long step says what it does, then a progress line on
# stderr at least every 10 s while it runs, and how long it took; and one build at a time in a tree.
#   one_at_a_time <lock file>
#   (then the script checks again whether another run built it meanwhile)
#   with_progress "<what>" "<how long it usually takes>" command args...
# The command runs in the foreground (Ctrl-C stops it); a ticker in the background prints
# "  … <what>: 40 s (<usual>)" and ends with the command, or with this shell.
with_progress() {
  local what=$1 usual=$2 start=$SECONDS ticker rc=0
  shift 2
  echo "$what (${usual})..." >&2
  (
    parent=$$
    elapsed=0
    while sleep 10; do
      kill -0 "$parent" 2>/dev/null || exit 0
      elapsed=$((elapsed + 10))
      echo "  … $what: ${elapsed} s" >&2
    done
  ) </dev/null &
  ticker=$!
  # shellcheck disable=SC2064 # the ticker's pid now
  trap "kill $ticker 2>/dev/null || true" EXIT
  "$@" || rc=$?
  kill "$ticker" 2>/dev/null || true
  wait "$ticker" 2>/dev/null || true
  trap - EXIT
  if [ "$rc" -ne 0 ]; then echo "$what: failed after $((SECONDS - start)) s (exit $rc)" >&2; return "$rc"; fi
  echo "$what: done in $((SECONDS - start)) s" >&2
}

# Holds <lock file> until the script ends (flock on fd 9), so that the tests' pretest and a developer
# provisioning at once do not build the same thing twice; without flock, nothing is held.
one_at_a_time() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$1"
  flock 9
}
