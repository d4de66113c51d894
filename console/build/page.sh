#!/bin/sh
# Builds the console page into the directory $1 with the machine's Node.js and npm: npm ci from the lock (only
# when the lock changed since the last install: a stamp in node_modules), then vite build. Without a usable
# Node.js the controller still builds: the page is then a placeholder that says how to build the real one, and
# the console's tests (test.sh) fail with the same hint.
set -eu
out="$1"
cd "$(dirname "$0")/.."
why=""
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    why="Node.js and npm were not found"
elif ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    why="Node.js $(node --version) is too old for the console's build (Vite 8 needs 20.19 or newer; Debian 12's own nodejs package is 18)"
fi
if [ -n "$why" ]; then
    echo "[WARNING] operator console not built: $why. Install Node.js 20.19+ with npm and rebuild; podctl serves a placeholder page until then." >&2
    rm -rf "$out"
    mkdir -p "$out"
    printf '%s\n' "$why" > "$out/.unbuilt"
    cat > "$out/index.html" <<HTML
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>podctl console (not built)</title></head>
<body><h1>The operator console was not built</h1>
<p>$why when podctl was built. Install Node.js 20.19 or newer with npm, then rebuild podctl
(<code>mvn -B package</code>, or <code>./podctl</code> from the checkout).</p></body></html>
HTML
    exit 0
fi
if cmp -s package-lock.json node_modules/.podctl-lock; then
    echo "node_modules matches package-lock.json"
else
    npm ci --no-audit --no-fund --prefer-offline
    cp package-lock.json node_modules/.podctl-lock
fi
npm run build -- --outDir "$out"
