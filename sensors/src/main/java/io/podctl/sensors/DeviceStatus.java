package io.podctl.sensors;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The health and counters of one device at one moment; immutable. Counters are cumulative since the poller
 * started.
 *
 * @param deviceId         configured device id
 * @param health           current health
 * @param reason           why, in words (e.g. "timeout after 300 ms", "config mismatch: exception 02 at input 52")
 * @param requests         transactions attempted for this device (reads, writes, read-backs)
 * @param failures         transactions that failed
 * @param retries          retries performed by the poller
 * @param lastLatencyNanos duration of the last successful transaction, in nanoseconds
 * @param sinceNanos       monotonic time at which {@code health} took its current value
 * @param timeouts         transactions that got no reply before the bus's deadline
 * @param exceptions       exception responses by Modbus exception code (e.g. {@code 2 -> 5}); only codes seen,
 *                         in ascending order; unmodifiable
 * @param discarded        reply frames the bus discarded while talking to this device (garbage, wrong
 *                         transaction or unit id, truncated, bad CRC)
 * @param crcErrors        of those, RTU frames with a bad CRC
 * @param reconnects       connections (re)opened by the bus while talking to this device, not counting the
 *                         bus's first connection
 * @param maxLatencyNanos  longest successful transaction, in nanoseconds
 */
public record DeviceStatus(String deviceId, DeviceHealth health, String reason, long requests, long failures,
                           long retries, long lastLatencyNanos, long sinceNanos, long timeouts,
                           Map<Integer, Long> exceptions, long discarded, long crcErrors, long reconnects,
                           long maxLatencyNanos) {
    /**
     * How {@link #reason} starts while the device rejects configured registers as a mapping error (exceptions
     * 01–03): a register map that does not match the device, which no retry fixes.
     */
    public static final String CONFIG_MISMATCH = "config mismatch";

    public DeviceStatus {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
        exceptions = exceptions.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(exceptions));
    }

    /** The shape before the detailed counters were added: all of them 0. */
    public DeviceStatus(String deviceId, DeviceHealth health, String reason, long requests, long failures,
                        long retries, long lastLatencyNanos, long sinceNanos) {
        this(deviceId, health, reason, requests, failures, retries, lastLatencyNanos, sinceNanos, 0, Map.of(), 0, 0,
                0, 0);
    }

    /** The status of a device that has not been polled yet. */
    public static DeviceStatus unknown(String deviceId, long nowNanos) {
        return new DeviceStatus(deviceId, DeviceHealth.UNKNOWN, "not polled yet", 0, 0, 0, 0, nowNanos);
    }

    /** Exception responses with {@code code} so far. */
    public long exceptionCount(int code) {
        return exceptions.getOrDefault(code, 0L);
    }

    /** Whether the last poll found a register-map mismatch (see {@link #CONFIG_MISMATCH}). */
    public boolean configMismatch() {
        return health == DeviceHealth.DEGRADED && reason.startsWith(CONFIG_MISMATCH);
    }
}
