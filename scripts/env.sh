# Sourced by the other scripts: where the pinned tools live.
export PATH="$HOME/.cargo/bin:${STORESCORE_TOOLS:-$HOME/.cache/storescore-tools}/binaryen-132.0.0/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# The wasm builds ship only the time zones the page offers (the worker their tables, the page
# their names; core::time::PAGE_ZONES, a test checks this list).
PAGE_ZONES_FILTER='^(Asia/Shanghai|UTC|America/Los_Angeles|America/New_York|America/Sao_Paulo|Europe/Madrid|Europe/Moscow|Asia/Seoul)$'
# Wasm builds only: native builds (the CLI, the tests) keep every zone.
# WebAssembly SIMD (every browser since 2023: Chrome 91, Firefox 89, Safari 16.4): memchr's
# searches for newlines and quotes go 16 bytes at a time. Measured on 1M orders: worker busy
# 4.85 -> 4.39 s, and the page's wasm is 7 KB smaller.
wasm_env() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Ctarget-feature=+simd128" \
    CHRONO_TZ_TIMEZONE_FILTER="$PAGE_ZONES_FILTER" "$@"
}
step() { printf '\n==> %s\n' "$*" >&2; }
# axe-core (installed by setup.sh): the e2e run injects it to check accessibility.
export STORESCORE_AXE="${STORESCORE_AXE:-${STORESCORE_TOOLS:-$HOME/.cache/storescore-tools}/axe-core-4.14.1/node_modules/axe-core/axe.min.js}"
