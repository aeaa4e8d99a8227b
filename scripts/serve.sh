#!/usr/bin/env bash
# Builds the page and serves it on 127.0.0.1. With no arguments the URL opens the embedded
# sample store; `PORT=9000 scripts/serve.sh` picks the port (default: a free one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
step "trunk build --release"
cargo fetch --locked --target wasm32-unknown-unknown
wasm_env trunk build --release --offline
port="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
step "serving dist/ at http://127.0.0.1:$port/#sample  (Ctrl-C to stop)"
echo "http://127.0.0.1:$port/#sample"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
