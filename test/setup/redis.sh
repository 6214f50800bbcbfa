#!/usr/bin/env bash
# Makes `redis-server` available for the multi-instance tests (test/helpers/redis.ts starts it on a free
# port of 127.0.0.1 and stops it after): Debian's package, installed once with apt-get when it is missing.
# Idempotent: does nothing when redis-server is already in PATH.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if command -v redis-server >/dev/null 2>&1; then
  log "$(redis-server --version | cut -d' ' -f1-3) is installed; nothing to do"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || die "redis-server is not installed and apt-get is not available to install it"
sudo_if_needed() { if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi; }
log "installing redis-server from Debian's packages"
sudo_if_needed apt-get update -qq
DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system-wide server on 6379; the tests start their own on free ports.
(sudo_if_needed service redis-server stop || true) >/dev/null 2>&1
log "$(redis-server --version | cut -d' ' -f1-3) installed"
