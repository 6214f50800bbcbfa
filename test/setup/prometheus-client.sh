#!/usr/bin/env bash
# Installs Python's prometheus_client (the Prometheus project's own client library, whose text-format parser
# test/helpers/prometheus-parser.ts runs over /metrics) into a venv at <repo>/.cache/prometheus-venv.
# Idempotent: does nothing when the venv already holds the expected version.
#
# Env overrides: PROMETHEUS_CLIENT_VERSION (default 0.26.0), PYTHON (default python3).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PROMETHEUS_CLIENT_VERSION="${PROMETHEUS_CLIENT_VERSION:-0.26.0}"
PYTHON="${PYTHON:-python3}"
VENV="$CACHE/prometheus-venv"

installed_version() {
  "$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("prometheus-client"))' 2>/dev/null
}

if [[ "$(installed_version || true)" == "$PROMETHEUS_CLIENT_VERSION" ]]; then
  log "$VENV already holds prometheus-client $PROMETHEUS_CLIENT_VERSION; nothing to do"
  exit 0
fi

command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found in PATH (Python >= 3.9 is needed for prometheus-client)"
log "creating $VENV with prometheus-client $PROMETHEUS_CLIENT_VERSION"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)"
if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "prometheus-client==$PROMETHEUS_CLIENT_VERSION"; then
  rm -rf "$VENV"
  die "pip install prometheus-client==$PROMETHEUS_CLIENT_VERSION failed (is PyPI reachable?)"
fi
[[ "$(installed_version || true)" == "$PROMETHEUS_CLIENT_VERSION" ]] || die "the venv does not report prometheus-client $PROMETHEUS_CLIENT_VERSION"
log "installed prometheus-client $PROMETHEUS_CLIENT_VERSION into $VENV"
