# What the setup scripts share; sourced by test/setup/{ferretdb,kafka,s3}.sh, not run.
# Defines log/die (prefixed with the sourcing script's name), REPO_ROOT, CACHE (<repo>/.cache, where
# every setup script keeps what it fetches or builds) and BIN_DIR, and the checks of the scripts that
# build a Go binary.

SETUP_SCRIPT="$(basename "${BASH_SOURCE[1]}")"

die() { echo "$SETUP_SCRIPT: error: $*" >&2; exit 1; }
log() { echo "$SETUP_SCRIPT: $*" >&2; }

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="$REPO_ROOT/.cache"
BIN_DIR="$CACHE/bin"

# Exits when binary $1 exists and reports version $2 (by the sourcing script's binary_version);
# otherwise says that it is rebuilt, when it exists.
exit_if_current() {
  local bin="$1" want="$2" have
  [[ -x "$bin" ]] || return 0
  have="$(binary_version "$bin" || true)"
  if [[ "$have" == "$want" ]]; then
    log "$bin is already $want; nothing to do"
    exit 0
  fi
  log "$bin reports version '${have:-unknown}', want $want; rebuilding"
}

# Dies unless `go` is in PATH. $1: what it builds, e.g. "FerretDB v1.24.2"; $2: the Go it needs, e.g. 1.24.
require_go() {
  command -v go >/dev/null 2>&1 || die "'go' not found in PATH (Go >= $2 is needed to build $1)"
}

# Pins GOTOOLCHAIN (default local), logs the Go in use and dies when that Go is older than $2 (the
# `go` line of the module's go.mod): with GOTOOLCHAIN=local it cannot build $1, while GOTOOLCHAIN=auto
# would fetch a newer toolchain through the module proxy instead.
use_go() {
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
  log "using $(go version)"
  local gover
  gover="$(go env GOVERSION)"
  if [[ "$GOTOOLCHAIN" == local && "$gover" =~ ^go1\.([0-9]+) ]] && (( BASH_REMATCH[1] < ${2#1.} )); then
    die "$gover is too old to build $1 (needs Go >= $2); install a newer Go or re-run with GOTOOLCHAIN=auto"
  fi
}
