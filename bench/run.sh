#!/usr/bin/env bash
# The side-by-side benchmark (make bench). Measures the package already in
# pkg/: it never builds (the Makefile's bench target builds first). About two
# minutes on a 2-core machine. Knobs (environment): see bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f pkg/node.js ]]; then
  echo "bench: pkg/ is missing; run make build (or make bench, which builds first)" >&2
  exit 2
fi
if [[ ! -d bench/node_modules/stripe ]]; then
  echo "bench: the peers are not installed; run make setup (npm ci in bench/)" >&2
  exit 2
fi
# --expose-gc: the harness collects garbage between rounds, not inside them.
node --expose-gc bench/bench.mjs "$@"
# Inside workerd: our verification against crypto.subtle in the same Worker,
# and the verify-only Worker bundle's size (about 20 s).
[[ -n "${BENCH_SKIP_WORKERD:-}" ]] || node bench/workerd/run.mjs --json artifacts/bench-workerd.json
