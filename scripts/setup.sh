#!/usr/bin/env bash
# Installs every tool the build and the tests need, at pinned versions, skipping what is
# already present at the right version. Safe to run any number of times.
# Sourced or run: when sourced, it also leaves PATH pointing at the tools.
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.129   # must equal the wasm-bindgen crate pinned in Cargo.toml
BINARYEN_VERSION=132.0.0       # npm package; provides wasm-opt version_132
CARGO_FUZZ_VERSION=0.13.1      # runs on the machine's nightly toolchain
AXE_VERSION=4.14.1             # npm package axe-core: the e2e run's accessibility check
TOOLS_DIR="${STORESCORE_TOOLS:-$HOME/.cache/storescore-tools}"

say() { printf '[setup] %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$TOOLS_DIR/binaryen-$BINARYEN_VERSION/node_modules/.bin:$PATH"
# Cheaper release profile for the tools themselves (measured: trunk 885 s -> 294 s on 2 cores).
fast_install() {
  CARGO_PROFILE_RELEASE_LTO=off CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 cargo install --locked "$@"
}

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if command -v trunk >/dev/null && trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "trunk $TRUNK_VERSION: present"
else
  say "installing trunk $TRUNK_VERSION (about 5 minutes on 2 cores)"
  fast_install trunk --version "$TRUNK_VERSION"
fi

if command -v wasm-bindgen >/dev/null && wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$" \
   && command -v wasm-bindgen-test-runner >/dev/null; then
  say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2-3 minutes)"
  fast_install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if command -v wasm-opt >/dev/null && wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
  say "wasm-opt (binaryen $BINARYEN_VERSION): present"
else
  say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
  mkdir -p "$TOOLS_DIR/binaryen-$BINARYEN_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/binaryen-$BINARYEN_VERSION" "binaryen@$BINARYEN_VERSION"
fi

# axe-core: a script the e2e run injects into the page (STORESCORE_AXE names it).
export STORESCORE_AXE="$TOOLS_DIR/axe-core-$AXE_VERSION/node_modules/axe-core/axe.min.js"
if [ -f "$STORESCORE_AXE" ]; then
  say "axe-core $AXE_VERSION: present"
else
  say "installing axe-core $AXE_VERSION from npm"
  mkdir -p "$TOOLS_DIR/axe-core-$AXE_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR/axe-core-$AXE_VERSION" "axe-core@$AXE_VERSION"
fi

if command -v cargo-fuzz >/dev/null && cargo fuzz --version 2>/dev/null | grep -q " $CARGO_FUZZ_VERSION\$"; then
  say "cargo-fuzz $CARGO_FUZZ_VERSION: present"
elif rustup toolchain list | grep -q '^nightly'; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes)"
  fast_install cargo-fuzz --version "$CARGO_FUZZ_VERSION"
else
  say "no nightly toolchain on this machine: the fuzz step will be skipped and say so"
fi

# Chromium and its driver for the browser tests; a CJK font so Chinese renders in them.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -eq 0 ]; then
  say "chromium, chromedriver and a CJK font: present ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
else
  say "installing ${missing[*]} from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

say "tools ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | head -1)"
