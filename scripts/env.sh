# Sourced by the other scripts: where the pinned tools live.
export PATH="$HOME/.cargo/bin:${STORESCORE_TOOLS:-$HOME/.cache/storescore-tools}/binaryen-132.0.0/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# The wasm builds ship only the time zones the page offers (the worker their tables, the page
# their names; core::time::PAGE_ZONES, a test checks this list).
PAGE_ZONES_FILTER='^(Asia/Shanghai|UTC|America/Los_Angeles|America/New_York|America/Sao_Paulo|Europe/Madrid|Europe/Moscow|Asia/Seoul)$'
# Wasm builds only: native builds (the CLI, the tests) keep every zone.
wasm_env() { CHRONO_TZ_TIMEZONE_FILTER="$PAGE_ZONES_FILTER" "$@"; }
step() { printf '\n==> %s\n' "$*" >&2; }
