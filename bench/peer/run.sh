#!/usr/bin/env bash
# Installs the peer's exact package versions (package.json) into bench/peer/node_modules when
# missing, then runs peer.js with the given arguments. Install scripts are skipped: the wasm
# backend needs none, and native ones would try to download binaries.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v node >/dev/null || { echo "peer: node (20+) is needed; on Debian: apt-get install nodejs npm" >&2; exit 2; }
if [ ! -d "$here/node_modules/@vladmandic/face-api" ] || [ ! -d "$here/node_modules/@tensorflow/tfjs-backend-wasm" ] \
    || [ ! -d "$here/node_modules/jpeg-js" ]; then
  echo "peer: installing face-api and tfjs into $here/node_modules ..." >&2
  (cd "$here" && npm install --no-save --no-package-lock --ignore-scripts --no-audit --no-fund) >&2
fi
exec node "$here/peer.js" "$@"
