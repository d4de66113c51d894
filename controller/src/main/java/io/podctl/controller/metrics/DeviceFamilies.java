package io.podctl.controller.metrics;

import io.podctl.sensors.DeviceHealth;
import io.podctl.sensors.DeviceStatus;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/** Each Modbus device's health and counters, from the pollers' status board. Stateless. */
final class DeviceFamilies {
    /**
     * Exception codes always exported (at 0 until seen): mapping errors 01-03, device failure 04, busy 05/06,
     * gateway 0A/0B. Others appear when a device answers with them.
     */
    private static final int[] KNOWN_EXCEPTIONS = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0A, 0x0B};

    private DeviceFamilies() {
    }

    static void add(Exposition out, ScrapeView v) {
        out.gauge("podctl_device_health", "1 for each device's current health (UNKNOWN, ONLINE, DEGRADED, OFFLINE).",
                s -> {
                    for (DeviceStatus d : v.devices()) {
                        Exposition.stateSet(s, DeviceHealth.values(), d.health(), "health", "device", d.deviceId());
                    }
                });
        counter(out, v, "podctl_device_requests", "Modbus transactions attempted (reads, writes, read-backs).",
                DeviceStatus::requests);
        counter(out, v, "podctl_device_failures", "Transactions that failed.", DeviceStatus::failures);
        counter(out, v, "podctl_device_retries", "Retries made by the poller.", DeviceStatus::retries);
        counter(out, v, "podctl_device_timeouts", "Transactions without a reply before the deadline.",
                DeviceStatus::timeouts);
        counter(out, v, "podctl_device_discarded_frames", "Reply frames thrown away (garbage, wrong transaction or"
                + " unit id, truncated, bad CRC).", DeviceStatus::discarded);
        counter(out, v, "podctl_device_crc_errors", "RTU frames with a bad CRC (also counted as discarded).",
                DeviceStatus::crcErrors);
        counter(out, v, "podctl_device_reconnects", "Connections reopened after the first.", DeviceStatus::reconnects);
        out.counter("podctl_device_exceptions", "Modbus exception responses by two-digit hex code.", s -> {
            for (DeviceStatus d : v.devices()) {
                TreeSet<Integer> codes = new TreeSet<>(d.exceptions().keySet());
                for (int c : KNOWN_EXCEPTIONS) {
                    codes.add(c);
                }
                for (int c : codes) {
                    s.add(d.exceptionCount(c), "device", d.deviceId(), "code", String.format("%02X", c));
                }
            }
        });
        out.gauge("podctl_device_latency_seconds", "Duration of the last successful transaction.", s -> {
            for (DeviceStatus d : v.devices()) {
                s.add(d.lastLatencyNanos() / 1e9, "device", d.deviceId());
            }
        });
        out.gauge("podctl_device_latency_max_seconds", "Longest successful transaction since start.", s -> {
            for (DeviceStatus d : v.devices()) {
                s.add(d.maxLatencyNanos() / 1e9, "device", d.deviceId());
            }
        });
    }

    private static void counter(Exposition out, ScrapeView v, String name, String help,
                                ToLongFunction<DeviceStatus> value) {
        out.counter(name, help, s -> {
            for (DeviceStatus d : v.devices()) {
                s.add(value.applyAsLong(d), "device", d.deviceId());
            }
        });
    }
}
