#!/usr/bin/env bash
# Makes a headless Chromium available for the status page's browser test (test/http/status-page.test.ts
# drives it with puppeteer-core): Debian's `chromium` package, installed once with apt-get when it is missing.
# Idempotent: does nothing when chromium is already in PATH.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if command -v chromium >/dev/null 2>&1; then
  log "$(chromium --version 2>/dev/null | head -1) is installed; nothing to do"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || die "chromium is not installed and apt-get is not available to install it"
sudo_if_needed() { if [[ "$(id -u)" == 0 ]]; then "$@"; else sudo "$@"; fi; }
log "installing chromium from Debian's packages"
sudo_if_needed apt-get update -qq
DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends chromium >/dev/null
log "$(chromium --version 2>/dev/null | head -1) installed"
