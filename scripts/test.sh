#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing (scripts/setup.sh), then
# formatting, clippy (native and wasm32), a release Trunk build, and every test, the end-to-end
# browser test included. Ends with cargo's test summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

step "fetching crates (locked) for the native and wasm32 targets"
cargo fetch --locked
cargo fetch --locked --target wasm32-unknown-unknown

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy, warnings denied (native, all targets)"
cargo clippy --locked --all-targets --features e2e -- -D warnings

step "clippy, warnings denied (the page, wasm32)"
cargo clippy --locked --target wasm32-unknown-unknown --lib --bin app -- -D warnings

step "trunk build --release (the page, with wasm-opt)"
trunk build --release --offline

wasm=$(ls dist/*.wasm)
printf 'page wasm: %s bytes, %s bytes gzipped\n' "$(wc -c < "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)" >&2

step "tests: unit, integration, CLI, end-to-end in headless Chromium"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --locked --features e2e 2>&1 | tee "$log"
# One closing line over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { printf "\n%d passed, %d failed\n", p, f }' "$log"
