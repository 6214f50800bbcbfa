#!/usr/bin/env bash
# Builds gofakes3 (an S3-compatible server in one Go binary) from the Go module proxy into
# <repo>/.cache/bin/gofakes3, for the tests of plugins/effects/s3-logs (test/helpers/s3.ts starts it).
# Idempotent: does nothing when that binary already exists and was built from the expected version.
#
# Why gofakes3 and not moto's server mode: measured on this 2-core machine, gofakes3 answers ~10 ms
# after it is spawned (moto_server ~0.3-0.4 s, plus ~0.1 s for its first S3 request), builds cold in
# ~25 s (a moto[server] venv: ~33 s), needs only the Go toolchain the FerretDB build already needs,
# and its `fs` backend keeps buckets on disk, so a test can stop it and start it again on the same data.
# Unlike FerretDB, `go install module/cmd@version` works for it; `go version -m` then reports the
# module version that was built, which is how the check below knows the binary is current.
#
# Env overrides: GOFAKES3_VERSION (default v1.2.0), GOTOOLCHAIN (default local).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GOFAKES3_VERSION="${GOFAKES3_VERSION:-v1.2.0}"
MODULE="github.com/johannesboyne/gofakes3"
BIN="$BIN_DIR/gofakes3"

# Prints the module version the binary was built from (e.g. "v1.2.0"), or nothing.
binary_version() {
  go version -m "$1" 2>/dev/null | awk -v mod="$MODULE" '$1 == "mod" && $2 == mod { print $3; exit }'
}

if [[ -x "$BIN" ]] && ! command -v go >/dev/null 2>&1; then
  log "$BIN exists; 'go' is not in PATH to check its version, so it is kept as it is"
  exit 0
fi
require_go "gofakes3 $GOFAKES3_VERSION" 1.24
exit_if_current "$BIN" "$GOFAKES3_VERSION"

export CGO_ENABLED=0 # pure Go; a static binary

# gofakes3 v1.2.0's go.mod says `go 1.24`.
use_go "gofakes3 $GOFAKES3_VERSION" 1.24

TMP="$(mktemp -d "${TMPDIR:-/tmp}/gofakes3-build.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

log "building $MODULE/cmd/gofakes3@$GOFAKES3_VERSION via the Go module proxy (a cold build takes under a minute)"
mkdir -p "$BIN_DIR"
start=$SECONDS
# Built into a temp dir first so that a failed build never leaves a broken binary behind.
# Run outside any module (cd "$TMP") so the repo's state does not matter.
if ! (cd "$TMP" && GOBIN="$TMP/bin" GOFLAGS="-buildvcs=false" go install -trimpath "$MODULE/cmd/gofakes3@$GOFAKES3_VERSION") 2>"$TMP/build.err"; then
  tail -n 50 "$TMP/build.err" >&2
  die "go install of gofakes3 $GOFAKES3_VERSION failed (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
fi
log "built in $((SECONDS - start)) s"

have="$(binary_version "$TMP/bin/gofakes3" || true)"
[[ "$have" == "$GOFAKES3_VERSION" ]] || die "built binary reports version '${have:-?}', expected $GOFAKES3_VERSION"

mv -f "$TMP/bin/gofakes3" "$BIN"
log "installed $BIN ($GOFAKES3_VERSION)"
