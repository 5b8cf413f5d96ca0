#!/usr/bin/env bash
# Installs every tool the project needs, idempotently: each step checks for
# the exact version it wants and skips when it is already there, so a second
# run takes seconds. Run through `make setup` (the other targets run it first).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

WASM_PACK_VERSION=0.15.1
WASM_BINDGEN_VERSION=0.2.130
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
# Not --locked: its lock file pins a crate version the registry refuses.
cargo_tool wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
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
for dir in tests bench www examples/cloudflare-worker; do
  [[ -f "$dir/package-lock.json" ]] && npm_ci "$dir"
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
