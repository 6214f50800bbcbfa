#!/usr/bin/env bash
# Builds FerretDB v1 (SQLite backend) from the Go module proxy into
# <repo>/.cache/bin/ferretdb. Idempotent: does nothing when that binary
# already exists and reports the expected version.
#
# Approach: `go install github.com/FerretDB/FerretDB/cmd/ferretdb@vX` does NOT
# work (it reads the module's @v/list to check deprecation, which the proxy
# refuses with 403; and a binary built that way panics at start-up because
# build/version/version.txt is missing). So we `go mod download` the exact
# module version, copy it to a writable temp dir, write version.txt /
# commit.txt, and `go build ./cmd/ferretdb` there (default build tags: the
# SQLite and PostgreSQL backends are included unless ferretdb_no_sqlite is set).
#
# Env overrides: FERRETDB_VERSION (default v1.24.2), GOTOOLCHAIN (default local).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
MODULE="github.com/FerretDB/FerretDB"
BIN="$BIN_DIR/ferretdb"

# Prints the version reported by the binary (e.g. "v1.24.2"), or nothing.
binary_version() {
  "$1" --version 2>/dev/null | sed -n 's/^version:[[:space:]]*//p' | head -n1
}

exit_if_current "$BIN" "$FERRETDB_VERSION"
require_go "FerretDB $FERRETDB_VERSION" 1.24

export GOFLAGS="-mod=mod"
export CGO_ENABLED=0 # FerretDB's SQLite driver (modernc.org/sqlite) is pure Go

# FerretDB v1.24.2's go.mod says `go 1.24`.
use_go "FerretDB $FERRETDB_VERSION" 1.24

TMP="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-build.XXXXXX")"
trap 'chmod -R u+w "$TMP" 2>/dev/null || true; rm -rf "$TMP"' EXIT

log "downloading $MODULE@$FERRETDB_VERSION via the Go module proxy"
# Run outside any module so the repo's state does not matter.
if ! info="$(cd "$TMP" && go mod download -json "$MODULE@$FERRETDB_VERSION" 2>"$TMP/download.err")"; then
  cat "$TMP/download.err" >&2
  [[ -n "${info:-}" ]] && echo "$info" >&2
  die "could not download $MODULE@$FERRETDB_VERSION (is the Go module proxy reachable? GOPROXY=$(go env GOPROXY))"
fi
mod_dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$info" | head -n1)"
commit="$(sed -n 's/^[[:space:]]*"Hash": "\([0-9a-f]*\)",\{0,1\}$/\1/p' <<<"$info" | head -n1)"
[[ -n "$mod_dir" && -d "$mod_dir" ]] || die "go mod download did not report a module directory:"$'\n'"$info"

src="$TMP/src"
cp -R "$mod_dir" "$src"
chmod -R u+w "$src"

# version.txt is required by build/version when the main module is FerretDB itself.
printf '%s\n' "$FERRETDB_VERSION" >"$src/build/version/version.txt"
[[ -n "$commit" ]] && printf '%s\n' "$commit" >"$src/build/version/commit.txt"
printf '%s\n' "go-module-proxy" >"$src/build/version/package.txt"

log "building ferretdb (a cold build takes a few minutes; dependencies come from the module proxy)"
mkdir -p "$BIN_DIR"
start=$SECONDS
if ! (cd "$src" && go build -buildvcs=false -trimpath -o "$TMP/ferretdb" ./cmd/ferretdb) 2>"$TMP/build.err"; then
  tail -n 50 "$TMP/build.err" >&2
  die "go build of FerretDB $FERRETDB_VERSION failed (see output above)"
fi
log "built in $((SECONDS - start)) s"

have="$(binary_version "$TMP/ferretdb" || true)"
[[ "$have" == "$FERRETDB_VERSION" ]] || die "built binary reports version '${have:-?}', expected $FERRETDB_VERSION"

mv -f "$TMP/ferretdb" "$BIN"
log "installed $BIN ($FERRETDB_VERSION)"
