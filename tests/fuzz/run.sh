#!/usr/bin/env bash
# Fuzz the signature core and the client core's input checks for a bounded
# time and print each target's execution count.
#
#   tests/fuzz/run.sh SECONDS [more libFuzzer flags]
#
# SECONDS is the total: `verify` (the signature core) gets half of it, and
# `headers`, `retry_after` and `urls` (the client's checks of header values,
# Retry-After and URLs) share the other half (at least 2 s each). All
# targets are built once, first.
#
# Uses the `nightly` toolchain when rustup has one; otherwise stable with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz needs -Z flags). FUZZ_SANITIZER picks the
# sanitizer (default: address; `none` runs about twice as fast). Exits
# non-zero on a crash, leaving the input in tests/fuzz/artifacts/<target>/.
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
sanitizer=${FUZZ_SANITIZER:-address}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! cargo "${toolchain[@]}" fuzz build --fuzz-dir "$here" -s "$sanitizer" >"$log" 2>&1; then
  tail -40 "$log" >&2
  echo "fuzz: the targets did not build" >&2
  exit 1
fi

# The built binaries run directly: one `cargo fuzz run` per target would
# spend seconds of each share on cargo itself.
triple=$(rustc -vV | sed -n 's/^host: //p')
bin_dir="$here/target/$triple/release"

client_share=$(( seconds / 6 > 2 ? seconds / 6 : 2 ))
verify_share=$(( seconds - 3 * client_share > 2 ? seconds - 3 * client_share : 2 ))

run() { # target, seconds, extra libFuzzer flags...
  local target=$1 secs=$2; shift 2
  local corpus="$here/corpus/$target"
  mkdir -p "$corpus" "$here/artifacts/$target"
  local status=0
  "$bin_dir/$target" "$corpus" \
    -max_total_time="$secs" -print_final_stats=1 \
    -artifact_prefix="$here/artifacts/$target/" "$@" >"$log" 2>&1 || status=$?
  local runs rate
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)
  if [ "$status" -ne 0 ]; then
    grep -E 'panicked|ERROR|SUMMARY|Test unit written|assert' "$log" | head -20 >&2 || true
    tail -40 "$log" >&2
    echo "fuzz $target: FAILED after ${runs:-?} executions (exit $status)" >&2
    exit "$status"
  fi
  grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true
  echo "fuzz $target: ${runs:-?} executions in $secs s (${rate:-?} exec/s), no crash"
}

run verify "$verify_share" -dict="$here/verify.dict" "$@"
run headers "$client_share" "$@"
run retry_after "$client_share" "$@"
run urls "$client_share" "$@"
echo "fuzz: 4 targets, ${seconds} s in all, no crash"
