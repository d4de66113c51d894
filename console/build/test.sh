#!/bin/sh
# Runs the console's own tests (model, quality, commands) with Node's test runner. A page that could not be built
# (no usable Node.js, see page.sh) fails here with the reason: the tests need Node.js, they are not skipped.
set -eu
web="$1"
cd "$(dirname "$0")/.."
if [ -f "$web/.unbuilt" ]; then
    echo "the operator console's tests need Node.js 20.19+ and npm: $(cat "$web/.unbuilt")" >&2
    exit 1
fi
npm test
