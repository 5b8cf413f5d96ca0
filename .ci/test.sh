#!/usr/bin/env bash
# Runs every suite (make test). Each suite's own summary is printed as it
# runs; a table of all suites and a total line close the run. A suite that
# ran zero tests counts as failed, so a runner that silently finds nothing
# (wasm-pack's browser mode does that) cannot pass.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WASM_PACK_CACHE="$PWD/.cache/wasm-pack"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
mkdir -p artifacts
ONLY=${ONLY:-}   # ONLY="rust emulator" runs just those suites

declare -a NAMES STATUS PASSED FAILED SECONDS_
total_passed=0 total_failed=0

# Counts "passed"/"failed" from a suite's log, whichever runner printed it.
count() { # log, runner -> "passed failed"
  local log=$1 runner=$2
  case $runner in
    cargo) # cargo test, wasm-bindgen-test: "test result: ok. 12 passed; 0 failed; ..."
      awk '/test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
           END { print p + 0, f + 0 }' "$log" ;;
    node) # node --test: "# pass 12" / "# fail 0"
      awk '/^# pass / { p += $3 } /^# fail / { f += $3 } END { print p + 0, f + 0 }' "$log" ;;
    plain) # our own scripts: "N passed, N failed"
      awk '/^[0-9]+ passed, [0-9]+ failed/ { p += $1; f += $3 } END { print p + 0, f + 0 }' "$log" ;;
    exit) # one check whose exit status is the verdict (the fuzzer)
      echo 0 0 ;;
  esac
}

suite() { # name, runner, command...
  local name=$1 runner=$2; shift 2
  if [[ -n "$ONLY" && " $ONLY " != *" $name "* ]]; then return; fi
  local log="artifacts/test-$name.log" start=$SECONDS
  printf '\n\033[1m=== %s\033[0m (%s)\n' "$name" "$*"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  read -r p f < <(count "$log" "$runner")
  if [[ $runner == exit ]]; then if (( rc == 0 )); then p=1; else f=1; fi; fi
  local status=ok
  if (( rc != 0 )); then status="FAILED (exit $rc)"
  elif (( f > 0 )); then status=FAILED
  elif (( p == 0 )); then status="FAILED (ran no test)"
  fi
  NAMES+=("$name"); STATUS+=("$status"); PASSED+=("$p"); FAILED+=("$f"); SECONDS_+=("$((SECONDS - start))")
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
  [[ $status == ok ]] || any_failed=1
}
any_failed=0

# Rust: formatting and clippy, the native core, the exports inside wasm.
suite lint          plain  bash .ci/lint.sh
suite rust          cargo  cargo test --workspace --quiet
suite wasm-node     cargo  wasm-pack test --node
# The verify-only code without the client; with `std`, because the test
# harness links std (the shipped no_std build is tested through pkg/).
suite wasm-verify   cargo  wasm-pack test --node --no-default-features --features std
suite wasm-chrome   cargo  env WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome
suite fuzz          exit   bash tests/fuzz/run.sh "${FUZZ_SECONDS:-30}"
# JavaScript, against the built pkg/ and its tarball.
suite emulator      node   node --test tests/emulator/
suite vectors       node   node --test tests/vectors/
suite client-node   node   node --test tests/client/client.test.mjs
suite client-chrome node   node --test tests/client/chromium.test.mjs
suite client-workerd node  node --test tests/client/workerd.test.mjs
suite packaging     node   node --test tests/packaging/
suite types         node   node --test tests/types/
suite size          node   node --test tests/size/
suite e2e           node   node --test tests/e2e/
suite www           node   node --test tests/www/

printf '\n\033[1m=== summary\033[0m\n'
printf '%-15s %-24s %8s %8s %8s\n' suite status passed failed seconds
for i in "${!NAMES[@]}"; do
  printf '%-15s %-24s %8s %8s %8s\n' "${NAMES[$i]}" "${STATUS[$i]}" "${PASSED[$i]}" "${FAILED[$i]}" "${SECONDS_[$i]}"
done
echo "total: $total_passed passed, $total_failed failed"
exit $any_failed
