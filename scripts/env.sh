# Sourced by the other scripts: where the pinned tools live.
export PATH="$HOME/.cargo/bin:${STORESCORE_TOOLS:-$HOME/.cache/storescore-tools}/binaryen-132.0.0/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
step() { printf '\n==> %s\n' "$*" >&2; }
