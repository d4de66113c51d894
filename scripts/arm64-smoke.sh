#!/usr/bin/env bash
# The board's Debian package on Debian arm64, emulated: builds a Debian trixie arm64 root, installs
# controller/target/podctl_*_all.deb in it, and runs `podctl check-config` and `podctl run` there against the
# simulated plant, which this script serves from the host over TCP (with a Mosquitto broker on the host).
# Not in CI: it downloads a Debian root and runs a JVM under qemu, which takes minutes. Run it as root.
#
#   scripts/arm64-smoke.sh            # chroot mode: debootstrap + apt install ./podctl.deb + podctl in the chroot
#   MODE=extract scripts/arm64-smoke.sh
#                                     # for a machine whose kernel has no binfmt_misc handler for arm64 (a
#                                     # container): mmdebstrap unpacks the Java runtime and dpkg-deb the package,
#                                     # without maintainer scripts; the installed launcher runs the arm64 JVM
#                                     # through qemu-aarch64-static -L ROOT
#
# Environment: ROOT (default /var/tmp/podctl-arm64-MODE, kept for reruns), MIRROR (default deb.debian.org),
# MQTT_PORT (default 18831), SUITE (default trixie), RUN_SECONDS (default 90: how long `podctl run` is watched).
# Debian packages: debootstrap (chroot mode) or mmdebstrap (extract mode), qemu-user-static, mosquitto,
# mosquitto-clients; a host JDK 21+ and a built checkout (mvn -B -DskipTests package).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/scripts/select-jdk.sh"
podctl_select_jdk

MODE="${MODE:-chroot}"
SUITE="${SUITE:-trixie}"
ROOT="${ROOT:-/var/tmp/podctl-arm64-$MODE}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
MQTT_PORT="${MQTT_PORT:-18831}"
RUN_SECONDS="${RUN_SECONDS:-90}"
ROOT_TOPIC="podctl/lab/pod1"

die() { echo "arm64-smoke: $*" >&2; exit 1; }
started=$(date +%s)
stamp() { echo "[$(($(date +%s) - started)) s] $*"; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing: apt-get install $2"; }

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap, chroot and mounts need it)"
need qemu-aarch64-static qemu-user-static
need mosquitto mosquitto
need mosquitto_sub mosquitto-clients
deb="$(ls -t "$here"/controller/target/podctl_*_all.deb 2>/dev/null | head -1)"
[ -n "$deb" ] || die "no controller/target/podctl_*_all.deb: run mvn -B -DskipTests package first"
lib="$here/controller/target/podctl/lib"
[ -d "$lib" ] || die "no $lib: run mvn -B -DskipTests package first"
stamp "package $(basename "$deb"), mode $MODE, root $ROOT"

work="$(mktemp -d)"   # a fresh directory under $TMPDIR or /tmp
pids=()
mounted=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# 1. The Debian arm64 root with the package installed.
t0=$(date +%s)
if [ "$MODE" = chroot ]; then
    need debootstrap debootstrap
    [ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] || die "the kernel runs no arm64 binaries through qemu (no" \
        "binfmt_misc handler qemu-aarch64): apt-get install binfmt-support qemu-user-static, or use MODE=extract"
    if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
        stamp "debootstrap --arch=arm64 $SUITE (minbase)"
        debootstrap --arch=arm64 --variant=minbase "$SUITE" "$ROOT" "$MIRROR"
    fi
    for fs in proc sys dev; do
        mkdir -p "$ROOT/$fs"
        mount --rbind "/$fs" "$ROOT/$fs"
        mounted+=("$ROOT/$fs")
    done
    cp "$deb" "$ROOT/tmp/podctl.deb"
    stamp "apt install ./podctl.deb (and its Java runtime) in the arm64 root"
    chroot "$ROOT" apt-get update -qq
    chroot "$ROOT" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/podctl.deb
    chroot "$ROOT" id podctl
    in_root() { chroot "$ROOT" "$@"; }
    podctl() { chroot "$ROOT" /usr/bin/podctl "$@"; }
    # The same, replacing the calling (sub)shell, so that a signal to it reaches the JVM.
    exec_podctl() { exec chroot "$ROOT" /usr/bin/podctl "$@"; }
    root_path() { echo "$1"; }
else
    need mmdebstrap mmdebstrap
    if [ ! -d "$ROOT/usr/lib/jvm" ]; then
        stamp "mmdebstrap --variant=extract --arch=arm64 $SUITE with openjdk-21-jre-headless"
        mmdebstrap --variant=extract --arch=arm64 --include=openjdk-21-jre-headless "$SUITE" "$ROOT" "$MIRROR"
    fi
    # Debian's merged /usr: the links that a real bootstrap makes (the dynamic loader is looked up in /lib).
    for d in bin sbin lib; do
        [ -e "$ROOT/$d" ] || ln -s "usr/$d" "$ROOT/$d"
    done
    stamp "dpkg-deb -x podctl.deb into the arm64 root (maintainer scripts are not run in this mode)"
    dpkg-deb -x "$deb" "$ROOT"
    jvm="$(ls -d "$ROOT"/usr/lib/jvm/java-21-openjdk-arm64 2>/dev/null | head -1)"
    [ -n "$jvm" ] || die "no arm64 Java 21 in $ROOT/usr/lib/jvm"
    # JAVA_HOME for the installed launcher (run by the host's sh): its java is the arm64 one, run by the static
    # x86-64 qemu inside the root (chroot needs no binfmt for a native binary), so that the JRE's absolute links
    # (/etc/java-21-openjdk/...) resolve in the root. A link from the root's own path to / lets the launcher's
    # host paths ($ROOT/usr/share/podctl/lib) resolve there too.
    cp "$(command -v qemu-aarch64-static)" "$ROOT/qemu-aarch64-static"
    mkdir -p "$(dirname "$ROOT$ROOT")"
    [ -e "$ROOT$ROOT" ] || ln -s / "$ROOT$ROOT"
    for fs in proc dev sys; do
        mkdir -p "$ROOT/$fs"
        mount --rbind "/$fs" "$ROOT/$fs"
        mounted+=("$ROOT/$fs")
    done
    mkdir -p "$work/jhome/bin"
    printf '#!/bin/sh\nexec chroot %s /qemu-aarch64-static %s/bin/java "$@"\n' "$ROOT" "${jvm#"$ROOT"}" \
        >"$work/jhome/bin/java"
    chmod 755 "$work/jhome/bin/java"
    podctl() { JAVA_HOME="$work/jhome" sh "$ROOT/usr/share/podctl/bin/podctl" "$@"; }
    exec_podctl() { JAVA_HOME="$work/jhome" exec sh "$ROOT/usr/share/podctl/bin/podctl" "$@"; }
    root_path() { echo "$ROOT$1"; }
fi
stamp "root ready in $(($(date +%s) - t0)) s"
if [ "$MODE" = chroot ]; then
    arch="$(chroot "$ROOT" uname -m)"
else
    arch="$("$work/jhome/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/os.arch/ { print $2 }')"
fi
t0=$(date +%s)
version="$(podctl --version)" || die "podctl --version failed in the arm64 root"
stamp "$version runs on $arch: a JVM start and --version in $(($(date +%s) - t0)) s"

# 2. check-config on the installed pod file (the template).
t0=$(date +%s)
set +e
podctl check-config "$(root_path /etc/podctl/pod.yaml)"
rc=$?
set -e
stamp "check-config /etc/podctl/pod.yaml: exit $rc in $(($(date +%s) - t0)) s"
[ "$rc" -eq 0 ] || die "check-config refused the shipped pod file"

# 3. The host side: a broker and the simulated plant, whose devices listen where sim-pod.yaml says (15020..15025).
cat >"$work/mosquitto.conf" <<EOF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
EOF
mosquitto -c "$work/mosquitto.conf" >"$work/mosquitto.log" 2>&1 &
pids+=($!)
cat >"$work/SmokePlant.java" <<'EOF'
import io.podctl.hal.Clock;
import io.podctl.hal.sim.MockGpioPlatform;
import io.podctl.hal.sim.SimPodSettings;
import io.podctl.hal.sim.SimulatedPod;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** The simulated plant alone, its devices on the ports of sim-pod.yaml, until killed. */
public class SmokePlant {
    public static void main(String[] args) throws Exception {
        SimPodSettings settings = SimPodSettings.defaults().withDevicePort("cdu", 15020).withDevicePort("meter", 15021)
                .withDevicePort("pdu1", 15022).withDevicePort("pdu2", 15023).withDevicePort("pdu3", 15024)
                .withDevicePort("pdu4", 15025);
        SimulatedPod plant = SimulatedPod.start(settings, MockGpioPlatform.create(), Clock.system());
        plant.startRealtime(Duration.ofMillis(50), 1.0);
        System.out.println("plant serving on 127.0.0.1:15020..15025");
        new CountDownLatch(1).await();
    }
}
EOF
java -cp "$lib/*" "$work/SmokePlant.java" >"$work/plant.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "plant serving" "$work/plant.log" && break; sleep 0.5; done
grep -q "plant serving" "$work/plant.log" || { cat "$work/plant.log"; die "the plant did not start"; }
stamp "host: plant on 127.0.0.1:15020..15025, broker on 127.0.0.1:$MQTT_PORT"

# 4. podctl run in the arm64 root against it: the simulated pod's file with the host's broker.
pod="$(root_path /tmp/smoke-pod.yaml)"
rm -rf "$(root_path /tmp/podctl-smoke-state)" "$(root_path /tmp/podctl-smoke-logs)" # a first start, every time
mkdir -p "$(dirname "$pod")"
sed -e "s|^  # No brokers listed.*|  brokers: [tcp://127.0.0.1:$MQTT_PORT]|" \
    -e "s|^  directory: state|  directory: /tmp/podctl-smoke-state|" \
    -e "s|^  directory: logs|  directory: /tmp/podctl-smoke-logs|" \
    "$here/config/examples/sim-pod.yaml" >"$pod"
mosquitto_sub -h 127.0.0.1 -p "$MQTT_PORT" -v -t "$ROOT_TOPIC/status" -t "$ROOT_TOPIC/state" \
    -t "$ROOT_TOPIC/events" >"$work/mqtt.log" 2>&1 &
pids+=($!)
t0=$(date +%s)
(exec_podctl run --config /tmp/smoke-pod.yaml --mock-gpio) >"$work/run.log" 2>&1 &
run_pid=$!
pids+=($run_pid)
first_state=""
for _ in $(seq 1 $((RUN_SECONDS * 2))); do
    if [ -z "$first_state" ] && grep -q "^$ROOT_TOPIC/state " "$work/mqtt.log"; then
        first_state=$(($(date +%s) - t0))
        stamp "podctl run: first state on MQTT after $first_state s"
    fi
    kill -0 "$run_pid" 2>/dev/null || break
    sleep 0.5
done
kill -0 "$run_pid" 2>/dev/null || { cat "$work/run.log"; die "podctl run exited early"; }
t1=$(date +%s)
kill -TERM "$run_pid"
wait "$run_pid" && rc=0 || rc=$?
stamp "podctl run: stopped by SIGTERM in $(($(date +%s) - t1)) s, exit $rc"
echo "--- podctl run's log (last 25 lines)"
tail -25 "$work/run.log"
echo "--- the last state it published"
grep "^$ROOT_TOPIC/state " "$work/mqtt.log" | tail -1 | cut -c1-600 || true
echo "--- its events (modes, devices)"
grep "^$ROOT_TOPIC/events " "$work/mqtt.log" | grep -o '"type":"[A-Z_]*"[^}]*"message":"[^"]*"' | sed -n 1,15p || true
[ -n "$first_state" ] || die "no state from podctl run within $RUN_SECONDS s"
[ "$rc" -eq 0 ] || die "podctl run did not stop cleanly"
stamp "arm64 smoke run passed"
