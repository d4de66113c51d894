package io.podctl.sensors.modbus;

import io.podctl.hal.modbus.RegisterTable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to poll on one Modbus unit, and how.
 *
 * @param deviceId          device id on the {@link io.podctl.sensors.DeviceStatusBoard}
 * @param unitId            Modbus unit id (1..247 on RTU; 0..255 accepted for TCP devices)
 * @param pollPeriod        time between polls; positive
 * @param pollOffset        phase of the first poll after start, in [0, pollPeriod)
 * @param retries           extra attempts per block within one poll, for timeouts, malformed replies and busy
 *                          exceptions 05/06 only; 0..5
 * @param maxBlockRegisters largest register read the device accepts, 1..125; bit reads are limited to
 *                          {@code min(2000, 16 × maxBlockRegisters)} bits
 * @param maxHole           most unused registers (or bits) one block may bridge between points, ≥ 0
 * @param forbidden         address ranges that must never be read (reserved registers)
 * @param points            the points of the device; ids unique
 * @param textPollPeriod    how often its {@link PointType#STRING} points are read: text such as a serial number
 *                          does not change, so it is read on the first poll, again on the first poll after the
 *                          device was off line (it may have been replaced), and then every
 *                          {@link #textEveryPolls()} polls; at least the poll period (default
 *                          {@link #DEFAULT_TEXT_POLL_PERIOD})
 */
public record DevicePlan(String deviceId, int unitId, Duration pollPeriod, Duration pollOffset, int retries,
                         int maxBlockRegisters, int maxHole, List<AddressRange> forbidden,
                         List<ModbusPointSpec> points, Duration textPollPeriod) {
    /** How often text points are read by default. */
    public static final Duration DEFAULT_TEXT_POLL_PERIOD = Duration.ofMinutes(1);

    public DevicePlan {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(pollPeriod, "pollPeriod");
        Objects.requireNonNull(pollOffset, "pollOffset");
        forbidden = List.copyOf(forbidden);
        points = List.copyOf(points);
        textPollPeriod = textPollPeriod != null ? textPollPeriod : DEFAULT_TEXT_POLL_PERIOD;
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException(deviceId + ": unit id " + unitId + " outside 0..255");
        }
        if (pollPeriod.isNegative() || pollPeriod.isZero()) {
            throw new IllegalArgumentException(deviceId + ": poll period must be positive");
        }
        if (pollOffset.isNegative() || pollOffset.compareTo(pollPeriod) >= 0) {
            throw new IllegalArgumentException(deviceId + ": poll offset must be in [0, period)");
        }
        if (retries < 0 || retries > 5) {
            throw new IllegalArgumentException(deviceId + ": retries " + retries + " outside 0..5");
        }
        if (maxBlockRegisters < 1 || maxBlockRegisters > 125) {
            throw new IllegalArgumentException(deviceId + ": maxBlockRegisters " + maxBlockRegisters + " outside 1..125");
        }
        if (maxHole < 0) {
            throw new IllegalArgumentException(deviceId + ": maxHole must not be negative");
        }
        if (textPollPeriod.isNegative() || textPollPeriod.isZero()) {
            throw new IllegalArgumentException(deviceId + ": text poll period must be positive");
        }
        if (points.isEmpty()) {
            throw new IllegalArgumentException(deviceId + ": no points");
        }
        Set<String> ids = new HashSet<>();
        for (ModbusPointSpec p : points) {
            if (!ids.add(p.pointId())) {
                throw new IllegalArgumentException(deviceId + ": point " + p.pointId() + " listed twice");
            }
        }
    }

    /** A plan whose text points are read every {@link #DEFAULT_TEXT_POLL_PERIOD}. */
    public DevicePlan(String deviceId, int unitId, Duration pollPeriod, Duration pollOffset, int retries,
                      int maxBlockRegisters, int maxHole, List<AddressRange> forbidden, List<ModbusPointSpec> points) {
        this(deviceId, unitId, pollPeriod, pollOffset, retries, maxBlockRegisters, maxHole, forbidden, points, null);
    }

    /** Text points are read every this many polls: the text poll period in whole poll periods, rounded up. */
    public int textEveryPolls() {
        long polls = (textPollPeriod.toNanos() + pollPeriod.toNanos() - 1) / pollPeriod.toNanos();
        return (int) Math.clamp(polls, 1, Integer.MAX_VALUE);
    }

    /** How often text points are actually read: {@link #textEveryPolls()} poll periods. */
    public Duration effectiveTextPeriod() {
        return pollPeriod.multipliedBy(textEveryPolls());
    }

    /** Most items one read of {@code table} may ask this device for. */
    public int maxBlock(RegisterTable table) {
        return table.isBitTable() ? Math.min(table.maxReadCount(), 16 * maxBlockRegisters) : maxBlockRegisters;
    }
}
