#!/usr/bin/env bash
# The side-by-side benchmark (make bench). Measures the package already in
# pkg/ (and build/verify, for the breakdown): it never builds the package
# (the Makefile's bench target builds first). About five minutes on a
# 2-core machine. Knobs (environment): see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if [[ ! -f pkg/node.js ]]; then
  echo "bench: pkg/ is missing; run make build (or make bench, which builds first)" >&2
  exit 2
fi
if [[ ! -d bench/node_modules/stripe ]]; then
  echo "bench: the peers are not installed; run make setup (npm ci in bench/)" >&2
  exit 2
fi
# The physical reference (bench/reference: bare HMAC-SHA256 in wasm, the
# package's crates and build settings). Cached by cargo after the first run.
cargo build --quiet --release --target wasm32-unknown-unknown \
  --manifest-path bench/reference/Cargo.toml --target-dir target/bench-reference
# Through wasm-opt -O3 with the package's features, as wasm-pack treats the
# package's wasm (Cargo.toml), so that the comparison is like for like.
reference=target/bench-reference/wasm32-unknown-unknown/release/callingbox_webhooks_bench_reference.wasm
mapfile -t features < <(grep -o -- '--enable-[a-z-]*' Cargo.toml)
wasm-opt -O3 "${features[@]}" "$reference" -o "${reference%.wasm}.opt.wasm"
# --expose-gc: the harness collects garbage between rounds, not inside them.
node --expose-gc bench/bench.mjs "$@"
# The same verifySignature table and breakdown on Node 24 (node:crypto and
# V8 change between majors), when make setup installed it.
if [[ -z "${BENCH_SKIP_NODE24:-}" ]]; then
  if node24=$(node -e "import('./tests/support/node-versions.mjs').then((m) => console.log(m.binDir(24)))" 2>/dev/null); then
    echo
    BENCH_ONLY="${BENCH_ONLY_NODE24:-verify,breakdown}" BENCH_OUT=artifacts/bench-node24.json \
      "$node24/node" --expose-gc bench/bench.mjs "$@"
  else
    echo "bench: Node 24 is not installed (make setup): its table is skipped" >&2
  fi
fi
# Inside workerd: our verification against crypto.subtle in the same Worker,
# verifyRequest, fresh isolates, and the verify-only Worker bundle's size
# (about 40 s).
[[ -n "${BENCH_SKIP_WORKERD:-}" ]] || node bench/workerd/run.mjs --json artifacts/bench-workerd.json
[[ -n "${BENCH_SKIP_SCALE:-}" ]] || node bench/scale/run.mjs --json artifacts/bench-scale.json
