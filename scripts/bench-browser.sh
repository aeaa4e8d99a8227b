#!/usr/bin/env bash
# The browser benchmark: builds the page, then times files -> score in headless Chromium for
# generated stores (default 100k and 1M orders) and reports the longest main-thread task and the
# peak wasm memory of the page and of the worker.
# BENCH_SIZES=100000 scripts/bench-browser.sh for one size.
# BENCH_CHOOSING_MS=2000 presses the file picker 2 s before the files come, as a seller does (the
# worker starts then and warms up while the seller chooses); 0, the default: files at once.
#
# scripts/bench-browser.sh compare: the page, DuckDB-wasm and PapaParse on the same generated
# orders file (BENCH_ROWS, default 1,000,000; ISO 8601 timestamps with `T`) in headless
# Chromium, alternated over BENCH_ROUNDS (default 3) rounds, each run in a fresh browser. The
# other engines are npm packages at pinned versions, installed here (dev only: never part of
# the page). BENCH_ENGINES=page,duckdb runs those alone; BENCH_CHOOSING_MS as above, for the page.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
cargo fetch --locked --target wasm32-unknown-unknown
wasm_env trunk build --release --offline
if [ "${1:-}" = compare ]; then
  DUCKDB_WASM_VERSION=1.32.0
  PAPAPARSE_VERSION=5.5.3
  modules="${STORESCORE_TOOLS:-$HOME/.cache/storescore-tools}/compare-duckdb-$DUCKDB_WASM_VERSION-papaparse-$PAPAPARSE_VERSION"
  if [ ! -f "$modules/node_modules/@duckdb/duckdb-wasm/dist/duckdb-eh.wasm" ] || [ ! -f "$modules/node_modules/papaparse/papaparse.min.js" ]; then
    step "installing @duckdb/duckdb-wasm@$DUCKDB_WASM_VERSION and papaparse@$PAPAPARSE_VERSION from npm"
    mkdir -p "$modules"
    npm install --silent --no-audit --no-fund --prefix "$modules" \
      "@duckdb/duckdb-wasm@$DUCKDB_WASM_VERSION" "papaparse@$PAPAPARSE_VERSION"
  fi
  STORESCORE_COMPARE_MODULES="$modules/node_modules" cargo bench --locked -p storescore --features e2e --bench compare
else
  BENCH_SIZES="${BENCH_SIZES:-100000,1000000}" cargo bench --locked -p storescore --features e2e --bench browser
fi
