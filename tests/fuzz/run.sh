#!/usr/bin/env bash
# Fuzz the signature core for a bounded time and print the execution count.
#
#   tests/fuzz/run.sh SECONDS [more libFuzzer flags]
#
# Uses the `nightly` toolchain when rustup has one; otherwise stable with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz needs -Z flags). FUZZ_SANITIZER picks the
# sanitizer (default: address; `none` runs about twice as fast). Exits
# non-zero on a crash, leaving the input in tests/fuzz/artifacts/verify/.
set -euo pipefail

seconds=${1:-30}
shift || true
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

if ! command -v cargo-fuzz >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/cargo-fuzz" ]; then
  echo "cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2
  exit 2
fi
export PATH="$HOME/.cargo/bin:$PATH"

toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
else
  export RUSTC_BOOTSTRAP=1
fi

corpus="$here/corpus/verify"
mkdir -p "$corpus" "$here/artifacts/verify"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

status=0
cargo "${toolchain[@]}" fuzz run --fuzz-dir "$here" -s "${FUZZ_SANITIZER:-address}" verify "$corpus" -- \
  -max_total_time="$seconds" -print_final_stats=1 -dict="$here/verify.dict" \
  -artifact_prefix="$here/artifacts/verify/" "$@" >"$log" 2>&1 || status=$?

runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)

if [ "$status" -ne 0 ]; then
  grep -E 'panicked|ERROR|SUMMARY|Test unit written|assert' "$log" | head -20 >&2 || true
  tail -40 "$log" >&2
  echo "fuzz: FAILED after ${runs:-?} executions (exit $status)" >&2
  exit "$status"
fi
took=$(echo "$done_line" | grep -oE 'in [0-9]+ second' | grep -oE '[0-9]+' || true)
echo "${done_line:-}"
echo "fuzz: ${runs:-?} executions in ${took:-$seconds} s (${rate:-?} exec/s), no crash"
