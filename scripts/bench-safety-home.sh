#!/usr/bin/env bash
# Makes a podctl home for the pipeline bench that runs the bench's pod file with a safety configuration:
#
#   scripts/bench-safety-home.sh [DIST [OUT]]
#   PODCTL_HOME=OUT "$b"/run.sh podctl default,fast
#
# DIST: a built distribution (default controller/target/podctl); OUT: the home to write (default
# DIST-safety). OUT/lib links to DIST/lib, so the bench's adapter reports the same jar. OUT/bin/podctl
# runs `run --config FILE` as `run --config FILE.safety.yaml --mock-gpio`, where FILE.safety.yaml is FILE
# with the protections, outputs and effects of scripts/bench-safety.py, and anything else unchanged. It
# execs the distribution's launcher, so the PID the adapter prints is still the JVM's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dist=$(cd "${1:-$here/../controller/target/podctl}" && pwd)
out=${2:-$dist-safety}
[ -x "$dist/bin/podctl" ] || { echo "no podctl distribution in $dist" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out/bin"
ln -s "$dist/lib" "$out/lib"
cp "$here/bench-safety.py" "$out/bin/bench-safety.py"
cat > "$out/bin/podctl" <<EOF
#!/bin/sh
# podctl with the bench's safety configuration (written by scripts/bench-safety-home.sh).
set -e
here=\$(cd "\$(dirname "\$0")" && pwd)
if [ "\${1:-}" = run ] && [ "\${2:-}" = --config ] && [ -n "\${3:-}" ]; then
    config=\$3
    shift 3
    /usr/bin/python3 "\$here/bench-safety.py" "\$config" > "\$config.safety.yaml"
    exec "$dist/bin/podctl" run --config "\$config.safety.yaml" --mock-gpio "\$@"
fi
exec "$dist/bin/podctl" "\$@"
EOF
chmod +x "$out/bin/podctl" "$out/bin/bench-safety.py"
echo "$out"
