#!/usr/bin/python3
"""Adds a safety configuration to the pipeline bench's generated pod file and prints the result.

    bench-safety.py POD_FILE > POD_FILE.safety.yaml

The bench (`bench/contestants/podctl/genconfig.py`) writes a pod file of DEVICES Modbus devices `u1..uD`
with holding registers `hr0..hrR-1` and no protections. This adds what a pod's rule set has on such
devices, so that the safety engine evaluates it in every loop cycle while the bench measures:

- per device, on 4 of every 10 registers (`hr0`, `hr1`, `hr2`, `hr3`, `hr10`, ...):
  - `.high` on `hrN` with N % 10 in {0, 1}: warning, alarm and trip levels, 10 counts of hysteresis, a 2 s
    on-delay and a 5 s off-delay; the trip (also on bad data, the default) de-energizes the device's rack
    contactor, the alarm level sounds the beacon;
  - `.low` on N % 10 == 2: warning and alarm levels, hysteresis, a 10 s on-delay, bad data alarms;
  - `.rising` on N % 10 == 3: rate of rise over a 30 s window, warning and alarm levels, bad data alarms;
- four rack contactor outputs and a beacon (the adapter runs podctl with `--mock-gpio`: nothing is driven);
- the frozen-value check the controller puts on every analog point a protection watches (2 minutes of
  samples, its default).

The watched register of the probe (`WATCH_DEVICE`, `WATCH_REGISTER`; default the last of each, as in the
bench) gets no protection: the probe writes values across the whole uint16 range to it.

Levels: the bench's plant starts register `a` of unit `u` at `u * 1000 + a` and its churn only counts
registers up, by about 6 (default load) to 60 (fast load) per minute. Every level is placed relative to that
start value, so that no level is crossed in a run and the steady state is measured (a level crossed would
publish alarms and events the other contestants do not have). The start-up trip stays latched (no command
resets it in the bench), so the outputs stay de-energized throughout, as in a pod that was never reset.
"""
import os
import re
import sys

RACKS = 4


def main(path):
    text = open(path, encoding="utf-8").read()
    for section in ("gpio:", "protections:", "effects:"):
        if re.search(r"^%s" % section, text, re.M):
            sys.exit("%s already has a '%s' section" % (path, section[:-1]))
    devices = []          # (device id, unit id, [register numbers])
    for line in text.splitlines():
        m = re.match(r"^  - id: (u(\d+))$", line)
        if m:
            devices.append((m.group(1), int(m.group(2)), []))
            continue
        m = re.match(r"^      - \{id: hr(\d+), table: holding, address: (\d+), type: uint16\}$", line)
        if m and devices:
            devices[-1][2].append(int(m.group(1)))
    if not devices:
        sys.exit("%s: no bench devices found" % path)
    watch_unit = int(os.environ.get("WATCH_DEVICE", devices[-1][1]))
    watch_reg = int(os.environ.get("WATCH_REGISTER", max(devices[-1][2])))

    out = [text.rstrip("\n"), "# safety configuration added by scripts/bench-safety.py", "gpio:", "  outputs:"]
    w = out.append
    for r in range(1, RACKS + 1):
        w("    - {id: rack%d.power, pin: %d, description: rack %d power contactor}" % (r, 4 + r, r))
    w("    - {id: beacon, pin: 26, description: alarm beacon}")
    w("effects:")
    w("  - {id: beacon, description: sound the beacon, energize: [beacon]}")
    w("protections:")
    count = 0
    for device, unit, registers in devices:
        rack = (unit - 1) % RACKS + 1
        for reg in registers:
            if unit == watch_unit and reg == watch_reg:
                continue
            base = unit * 1000 + reg          # the plant's start value of this register
            point = "%s.hr%d" % (device, reg)
            kind = reg % 10
            if kind in (0, 1):
                w("  - {id: %s.high, point: %s, condition: high, warning: %d, alarm: %d, trip: %d, hysteresis: 10, "
                  "delay: 2s, clearDelay: 5s, deenergize: [rack%d.power], onAlarm: [beacon]}"
                  % (point, point, base + 2000, base + 3000, base + 4000, rack))
            elif kind == 2:
                w("  - {id: %s.low, point: %s, condition: low, warning: %d, alarm: %d, hysteresis: 10, delay: 10s, "
                  "onBadData: alarm}" % (point, point, base - 500, base - 800))
            elif kind == 3:
                w("  - {id: %s.rising, point: %s, condition: rate, rateWindow: 30s, warning: 600, alarm: 1200, "
                  "delay: 5s, onBadData: alarm}" % (point, point))
            else:
                continue
            count += 1
    out.insert(1, "# %d protections on %d devices" % (count, len(devices)))
    print("\n".join(out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bench-safety.py POD_FILE")
    main(sys.argv[1])
