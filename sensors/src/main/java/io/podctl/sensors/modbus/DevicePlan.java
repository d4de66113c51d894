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
 */
public record DevicePlan(String deviceId, int unitId, Duration pollPeriod, Duration pollOffset, int retries,
                         int maxBlockRegisters, int maxHole, List<AddressRange> forbidden,
                         List<ModbusPointSpec> points) {
    public DevicePlan {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(pollPeriod, "pollPeriod");
        Objects.requireNonNull(pollOffset, "pollOffset");
        forbidden = List.copyOf(forbidden);
        points = List.copyOf(points);
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

    /** Most items one read of {@code table} may ask this device for. */
    public int maxBlock(RegisterTable table) {
        return table.isBitTable() ? Math.min(table.maxReadCount(), 16 * maxBlockRegisters) : maxBlockRegisters;
    }
}
