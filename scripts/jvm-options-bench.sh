#!/usr/bin/env bash
# The loop's timing, RSS and CPU of `podctl run` under the pipeline bench's default load, for several JVM
# option sets (docs/benchmarks.md, "Launcher JVM options"). For each LABEL=OPTIONS argument: a fresh bench plant
# (10 devices x 100 holding registers, 100 changes/s) and mosquitto, podctl run with the bench's generated pod
# file plus a loopback metrics endpoint, SECONDS of measurement after a 15 s warm-up; prints one table row:
# start-up to the first point on MQTT, cycles, overruns and late starts in the window (from /metrics' lateness
# histogram), the retained state's lateness percentiles (since start, marked *), RSS min/max over the window
# (sampled every 5 s; the samples go to $OUT/<label>.rss), CPU s/min over the window.
#   BENCH=/tmp/bench scripts/jvm-options-bench.sh 120 "serial=-Xmx32m -XX:+UseSerialGC" "g1=-Xmx32m -XX:+UseG1GC"
# BENCH: a copy of the pipeline bench (built C tools in build/, contestants/podctl/genconfig.py).
# SAFETY=1: the pod file gets the safety configuration of scripts/bench-safety.py (400 protections), run with
# --mock-gpio, as scripts/bench-safety-home.sh does for the bench itself.
# Run it on a quiet machine: the figures measure the machine too. Needs mosquitto, mosquitto_sub, curl.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:?usage: BENCH=dir $0 SECONDS LABEL=OPTIONS...}"
shift
: "${BENCH:?set BENCH to a copy of the pipeline bench}"
launcher=$PWD/controller/target/podctl/bin/podctl
[ -x "$launcher" ] || { echo "build the distribution first: mvn -B -DskipTests package" >&2; exit 2; }
source scripts/select-jdk.sh
podctl_select_jdk
make -s -C "$BENCH" >&2
OUT="${OUT:-$(mktemp -d)}"
mkdir -p "$OUT"
echo "raw samples in $OUT" >&2
freeport() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

pids=()
stop_all() { # every process this script started, by PID
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    pids=()
}
trap stop_all EXIT

run() { # $1 = label, $2 = JVM options
    local work plant broker mp bp metrics t0 first cpu0 cpu1 hz pid
    work="$(mktemp -d)"
    mp=$(freeport); bp=$(freeport); metrics=$(freeport)
    "$BENCH/build/mbplant" -p "$mp" -u 32 -n 10000 -s "$work/plant-stats.json" -c 100 -D 10 -R 100 \
        2> "$work/plant.log" &
    plant=$!
    pids+=("$plant")
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\nlog_dest stderr\n' \
        "$bp" > "$work/mosquitto.conf"
    mosquitto -c "$work/mosquitto.conf" 2> "$work/mosquitto.log" &
    broker=$!
    pids+=("$broker")
    sleep 0.5
    DEVICES=10 REGISTERS=100 PERIOD_MS=100 RUN_DIR="$work" MODBUS_PORT="$mp" MQTT_PORT="$bp" \
        python3 "$BENCH/contestants/podctl/genconfig.py" > "$work/pod.yaml"
    printf 'metrics: {listen: "127.0.0.1:%s"}\n' "$metrics" >> "$work/pod.yaml"
    local extra=()
    if [ -n "${SAFETY:-}" ]; then
        python3 scripts/bench-safety.py "$work/pod.yaml" > "$work/pod.safety.yaml"
        mv "$work/pod.safety.yaml" "$work/pod.yaml"
        extra=(--mock-gpio)
    fi
    mosquitto_sub -h 127.0.0.1 -p "$bp" -C 1 -W 60 -t 'bench/podctl/points/#' > /dev/null 2>&1 &
    first=$!
    t0=$(date +%s.%N)
    PODCTL_JAVA_OPTS="$2" "$launcher" run --config "$work/pod.yaml" "${extra[@]}" > "$work/podctl.log" 2>&1 < /dev/null &
    pid=$!
    pids+=("$pid")
    wait "$first" || true
    local startup
    startup=$(python3 -c "import time; print(f'{time.time() - $t0:.2f}')")
    sleep 15
    curl -s "http://127.0.0.1:$metrics/metrics" > "$work/before.prom"
    hz=$(getconf CLK_TCK)
    cpu0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    : > "$OUT/$1.rss"
    local end=$((SECONDS + seconds))
    while [ "$SECONDS" -lt "$end" ]; do
        awk -v t="$SECONDS" '/VmRSS/ {print t, $2}' "/proc/$pid/status" >> "$OUT/$1.rss"
        sleep 5
    done
    cpu1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    curl -s "http://127.0.0.1:$metrics/metrics" > "$work/after.prom"
    local state
    state="$(mosquitto_sub -h 127.0.0.1 -p "$bp" -C 1 -W 10 -t bench/podctl/state)"
    stop_all
    python3 - "$1" "$state" "$work/before.prom" "$work/after.prom" "$OUT/$1.rss" "$startup" \
        "$(( (cpu1 - cpu0) ))" "$hz" "$seconds" <<'PY'
import json, re, sys
label, state = sys.argv[1], json.loads(sys.argv[2])
startup, ticks, hz, secs = sys.argv[6], int(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9])
def read(path):
    out = {}
    for line in open(path):
        m = re.match(r'podctl_loop_start_lateness_seconds_bucket\{.*le="([^"]+)"\} (\d+)', line)
        if m:
            out[m.group(1)] = int(m.group(2))
        m = re.match(r'(podctl_loop_(?:cycles|overruns)_total)\{.*\} (\S+)', line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out
b0, b1 = read(sys.argv[3]), read(sys.argv[4])
w = lambda k: b1[k] - b0[k]
total = w("+Inf")
late = lambda le: total - w(le)
rss = [int(l.split()[1]) / 1024 for l in open(sys.argv[5])]
a = state["loop"]
print(f"| {label} | {startup} | {w('podctl_loop_cycles_total'):.0f} | {w('podctl_loop_overruns_total'):.0f}"
      f" | {late('0.001')} | {late('0.005')} | {a['p99LatenessUs']} | {a['maxLatenessUs']}"
      f" | {min(rss):.0f} / {max(rss):.0f} | {ticks / hz / secs * 60:.2f} |")
PY
    rm -rf "$work"
}

echo "| options | start-up s | cycles | overruns | started > 1 ms late | > 5 ms | p99 lateness us* | max lateness us* | RSS min / max MB | CPU s/min |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for spec in "$@"; do
    run "${spec%%=*}" "${spec#*=}"
done
