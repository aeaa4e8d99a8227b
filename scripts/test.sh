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
cargo clippy --locked --workspace --all-targets --features storescore/e2e -- -D warnings

step "clippy, warnings denied (the page, wasm32)"
wasm_env cargo clippy --locked --target wasm32-unknown-unknown -p page -p worker -p parser --lib --bins -- -D warnings

step "trunk build --release (the page, with wasm-opt)"
wasm_env trunk build --release --offline

for wasm in dist/app-*_bg.wasm dist/worker*_bg.wasm; do
  printf '%s: %s bytes, %s bytes gzipped\n' "$wasm" "$(wc -c < "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)" >&2
done

step "fuzzing: a short run of each target over its kept corpus"
if command -v cargo-fuzz >/dev/null && rustup toolchain list | grep -q '^nightly'; then
  scratch=$(mktemp -d)
  for t in values link ingest_bytes ingest_xlsx pipeline formats; do
    mkdir -p "$scratch/$t"
    if (cd fuzz && cargo +nightly fuzz run -O "$t" "$scratch/$t" "corpus/$t" -- \
          -max_total_time="${FUZZ_SECONDS:-10}" -rss_limit_mb=4096 -print_final_stats=1) > "$scratch/$t.log" 2>&1; then
      printf 'fuzz %-13s ok, %s executions\n' "$t" "$(grep -Eo 'number_of_executed_units: *[0-9]+' "$scratch/$t.log" | grep -Eo '[0-9]+$')" >&2
    else
      echo "fuzz $t FAILED:" >&2; tail -40 "$scratch/$t.log" >&2; exit 1
    fi
  done
  rm -rf "$scratch"
else
  echo "fuzzing skipped: cargo-fuzz or a nightly toolchain is missing on this machine" >&2
fi

step "tests: unit, integration, CLI, end-to-end in headless Chromium"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cargo test --locked --workspace --features storescore/e2e 2>&1 | tee "$log"
# One closing line over every test binary.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1) } }
     END { printf "\n%d passed, %d failed\n", p, f }' "$log"
