#!/usr/bin/env bash
# The loop's timing with and without a 50 Hz scraper on /metrics (docs/benchmarks.md, "Metrics endpoint").
# Runs `podctl sim` twice for SECONDS each (default 180) from the built distribution, once left alone and once
# scraped 50 times a second over one keep-alive connection, gzip as Prometheus asks (curl --rate), and prints the loop figures of the
# window (cycles, overruns, cycles that started late, from /metrics' lateness histogram), the retained state's
# percentiles at the end of each run (HdrHistogram, since start: marked *), the scraper's achieved rate and the
# CPU the podctl sim process used (plant, broker and controller together) over the window.
# Run it on a quiet machine (load below ~1.5), never beside a build: the figures measure the machine too.
# Needs: the distribution (mvn -DskipTests package), curl >= 7.84, mosquitto_sub.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-180}"   # second argument "reverse": the scraped run first
launcher=controller/target/podctl/bin/podctl
[ -x "$launcher" ] || { echo "build the distribution first: mvn -B -DskipTests package" >&2; exit 2; }
source scripts/select-jdk.sh
podctl_select_jdk

run() { # $1 = label, $2 = scrape (yes/no)
    local work broker metrics pid scraper="" requests=0
    work="$(mktemp -d)"
    broker=$((20000 + RANDOM % 5000)); metrics=$((25000 + RANDOM % 5000))
    "$launcher" sim --no-view --port "$broker" --metrics-port "$metrics" --state-dir "$work/state" \
        --duration "$((seconds + 20))s" > "$work/sim.log" 2>&1 < /dev/null &
    pid=$!
    for _ in $(seq 1 120); do
        curl -sf "http://127.0.0.1:$metrics/readyz" >/dev/null 2>&1 && break
        sleep 0.5
    done
    broker="$(sed -n 's/.*embedded MQTT broker on tcp:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/sim.log" | head -1)"
    sleep 10 # past start-up and the JIT's first compilations
    curl -s "http://127.0.0.1:$metrics/metrics" > "$work/before.prom"
    if [ "$2" = yes ]; then
        stdbuf -oL curl -s --compressed --rate 50/s -o /dev/null -w '%{http_code}\n' \
            "http://127.0.0.1:$metrics/metrics?n=[1-$((seconds * 50))]" > "$work/scrapes" &
        scraper=$!
    fi
    local t0=$SECONDS
    sleep "$seconds"
    if [ -n "$scraper" ]; then
        kill "$scraper" 2>/dev/null || true
        wait "$scraper" 2>/dev/null || true
        requests="$(grep -c '^200$' "$work/scrapes" || true)"
    fi
    local after
    after="$(mosquitto_sub -h 127.0.0.1 -p "$broker" -C 1 -W 10 -t podctl/lab/pod1/state)"
    curl -s "http://127.0.0.1:$metrics/metrics" > "$work/after.prom"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    python3 - "$1" "$after" "$requests" "$((SECONDS - t0))" "$work/before.prom" "$work/after.prom" <<'PY'
import json, re, sys
label, after = sys.argv[1], json.loads(sys.argv[2])
requests, elapsed = int(sys.argv[3]), int(sys.argv[4])
def read(path):
    out = {}
    for line in open(path):
        m = re.match(r'podctl_loop_start_lateness_seconds_bucket\{.*le="([^"]+)"\} (\d+)', line)
        if m:
            out[m.group(1)] = int(m.group(2))
        m = re.match(r'(podctl_loop_(?:cycles|overruns)_total|process_cpu_seconds_total)\{.*\} (\S+)', line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out
b0, b1 = read(sys.argv[5]), read(sys.argv[6])
window = lambda le: b1[le] - b0[le]
total = window("+Inf")
late = lambda le: total - window(le)
a = after["loop"]
print(f"| {label} | {window('podctl_loop_cycles_total'):.0f} | {window('podctl_loop_overruns_total'):.0f} | {late('0.001')} | {late('0.005')}"
      f" | {late('0.025')} | {a['p99CycleUs']} | {a['maxCycleUs']} | {a['p99LatenessUs']} | {a['maxLatenessUs']}"
      f" | {requests / max(elapsed, 1):.1f} | {window('process_cpu_seconds_total') / max(elapsed, 1) * 100:.1f} |")
PY
    rm -rf "$work"
}

echo "| run | cycles | overruns | started > 1 ms late | > 5 ms | > 25 ms | p99 cycle us* | max cycle us* | p99 lateness us* | max lateness us* | scrapes/s | podctl CPU % |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
if [ "${2:-}" = reverse ]; then
    run "50 Hz scraper" yes
    run "no scraper" no
else
    run "no scraper" no
    run "50 Hz scraper" yes
fi
