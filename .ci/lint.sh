#!/usr/bin/env bash
# Formatting and clippy for the native core and both wasm flavours.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; passed=$((passed + 1)); else echo "FAILED: $what"; failed=$((failed + 1)); fi
}
check "cargo fmt --check" cargo fmt --all --check
check "clippy native (tests included)" cargo clippy --quiet --workspace --all-targets -- -D warnings
check "clippy wasm32, full package" cargo clippy --quiet --workspace --target wasm32-unknown-unknown --all-targets -- -D warnings
check "clippy wasm32, verify-only" cargo clippy --quiet --workspace --target wasm32-unknown-unknown --no-default-features --lib -- -D warnings
echo "$passed passed, $failed failed"
(( failed == 0 ))
