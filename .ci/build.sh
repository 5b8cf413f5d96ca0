#!/usr/bin/env bash
# Builds both wasm flavours with wasm-pack and assembles pkg/ (make build).
# BUILD_PROFILE=dev gives a fast unoptimised build for iterating.
set -euo pipefail
cd "$(dirname "$0")/.."
# The build tools (esbuild, wasm-opt from binaryen, tsc) from the root package.json.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WASM_PACK_CACHE="$PWD/.cache/wasm-pack"
mkdir -p "$WASM_PACK_CACHE" build
profile="--${BUILD_PROFILE:-release}"

# Concurrent builds (several terminals, parallel test jobs) take turns.
exec 9>"$PWD/build/.lock"
flock 9

wasm-pack --quiet build "$profile" --target web --no-pack --out-dir build/full --out-name callingbox_webhooks
wasm-pack --quiet build "$profile" --target web --no-pack --out-dir build/verify --out-name callingbox_webhooks_verify -- --no-default-features
node .ci/assemble-pkg.mjs
(cd pkg && npm pack --silent --pack-destination ../build >/dev/null)
echo "packed build/$(cd pkg && node -p 'const p=require("./package.json"); `${p.name}-${p.version}.tgz`')"
