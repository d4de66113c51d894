package io.podctl.sensors;

import java.util.Objects;

/**
 * The health and counters of one device at one moment; immutable.
 *
 * @param deviceId         configured device id
 * @param health           current health
 * @param reason           why, in words (e.g. "timeout after 300 ms", "exception 02 at 30053: config mismatch")
 * @param requests         transactions attempted for this device
 * @param failures         transactions that failed
 * @param retries          retries performed by the poller
 * @param lastLatencyNanos duration of the last successful transaction, in nanoseconds
 * @param sinceNanos       monotonic time at which {@code health} took its current value
 */
public record DeviceStatus(String deviceId, DeviceHealth health, String reason, long requests, long failures,
                           long retries, long lastLatencyNanos, long sinceNanos) {
    public DeviceStatus {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
    }

    /** The status of a device that has not been polled yet. */
    public static DeviceStatus unknown(String deviceId, long nowNanos) {
        return new DeviceStatus(deviceId, DeviceHealth.UNKNOWN, "not polled yet", 0, 0, 0, 0, nowNanos);
    }
}
