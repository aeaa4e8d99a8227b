#!/usr/bin/env python3
"""Trunk post-build hook: writes a strict Content-Security-Policy into index.html.

Trunk's loader is an inline module script; it is allowed by its SHA-256 hash, nothing else
inline is. 'wasm-unsafe-eval' is what WebAssembly compilation needs; connect-src is the page's
own origin (the files are read locally, nothing is fetched elsewhere).

It also checks that the worker's files are where the page and the worker's loader look for
them (Trunk names worker files without a content hash; src/ui/worker.rs, www/worker-loader.js).
"""
import base64, hashlib, os, re, sys

staging = os.environ.get("TRUNK_STAGING_DIR", sys.argv[1] if len(sys.argv) > 1 else "dist")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
for f in ("worker-loader.js", "worker.js", "worker_bg.wasm", "lane-loader.js"):
    if not os.path.isfile(os.path.join(staging, f)):
        sys.exit("csp.py: the worker's %s is not in %s" % (f, staging))
scripts = re.findall(r"<script(?:\s[^>]*)?>(.*?)</script>", html, re.S)
hashes = " ".join(
    "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
    for s in scripts if s.strip()
)
policy = (
    "default-src 'none'; "
    f"script-src 'self' {hashes} 'wasm-unsafe-eval'; "
    "style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
    "connect-src 'self'; worker-src 'self' blob:; manifest-src 'self'; "
    "base-uri 'none'; form-action 'none'; object-src 'none'"
)
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
html = html.replace('<meta charset="utf-8" />', '<meta charset="utf-8" />\n    ' + meta, 1)
if meta not in html:
    sys.exit("csp.py: could not place the CSP meta tag in " + path)
open(path, "w", encoding="utf-8").write(html)
print("csp.py: policy written with %d script hash(es)" % len(hashes.split()))
