#!/usr/bin/env bash
# The container image's steps, one place for them: the Dockerfile's RUN, CMD and HEALTHCHECK lines call this
# script, and CI, which has no Docker daemon, runs the same steps without an image (.ci/run runs `deps`,
# npm test runs `npm run build`, test/container/steps.test.ts runs `start` and `health`; `prune` runs only
# in the image, as it removes the dev dependencies the tests need).
#
#   deps    npm ci, with better-sqlite3 built from source
#   build   compile the TypeScript into dist/
#   prune   drop the dev dependencies
#   start   run the service from dist/ (PORT, HOST, WAYBILL_* from the environment)
#   health  exit 0 when the running service answers /health/live
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-}" in
  deps)
    # node-gyp builds better-sqlite3 against the headers of the Node that runs us (they cannot always be downloaded).
    if [ -z "${npm_config_nodedir:-}" ]; then
      prefix=$(node -p "require('path').resolve(process.execPath, '..', '..')")
      if [ -f "$prefix/include/node/node.h" ]; then export npm_config_nodedir="$prefix"; fi
    fi
    # Without install scripts (better-sqlite3 is the only package with one) npm ci cannot run `prepare` before
    # the sources are there, so the image caches this layer on package-lock.json alone; then the one build.
    npm ci --ignore-scripts --no-audit --no-fund
    npm rebuild better-sqlite3
    node -e "new (require('better-sqlite3'))(':memory:').close()"
    ;;
  build)
    npm run build
    ;;
  prune)
    npm prune --omit=dev --no-audit --no-fund
    ;;
  start)
    if [ ! -f dist/core/main.js ]; then
      echo "container-steps: dist/core/main.js is missing: run the build step first" >&2
      exit 1
    fi
    # The heap cap keeps V8 from letting garbage grow the heap during long runs (see README, Benchmarks);
    # NODE_OPTIONS set by the operator replaces it.
    export NODE_OPTIONS="${NODE_OPTIONS:---max-old-space-size=256}"
    exec node dist/core/main.js
    ;;
  health)
    exec node -e "fetch('http://127.0.0.1:${PORT:-3000}/health/live', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
    ;;
  *)
    echo "usage: $0 deps|build|prune|start|health" >&2
    exit 2
    ;;
esac
