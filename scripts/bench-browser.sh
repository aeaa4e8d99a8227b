#!/usr/bin/env bash
# The browser benchmark: builds the page, then times files -> score in headless Chromium for
# generated stores (default 100k and 1M orders) and reports the longest main-thread task and the
# peak wasm memory of the page and of the worker.
# BENCH_SIZES=100000 scripts/bench-browser.sh for one size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo fetch --locked --target wasm32-unknown-unknown
wasm_env trunk build --release --offline
BENCH_SIZES="${BENCH_SIZES:-100000,1000000}" cargo bench --locked -p storescore --features e2e --bench browser
