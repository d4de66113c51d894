package io.podctl.sensors.modbus;

import java.time.Duration;
import java.util.Objects;

/**
 * A command to one actuator register or coil, and how to verify that the device followed it.
 *
 * <p>The value is encoded with {@link PointDecoder#encode} from {@code target}: holding registers get FC06 (one
 * register) or FC16 (several, in the point's word order); coils get FC05. A BOOL bit inside a register is not
 * written (it would need a read-modify-write that can race with the device).
 *
 * <p>After the device acknowledges the write, {@code readBack.point()} is read until its value is within
 * {@code readBack.tolerance()} of {@code readBack.expected()}, for at most {@code verifyWithin} counted from
 * submission: the commanded register itself (the device accepted it) or a feedback point (the plant followed
 * it, e.g. a pump's running bit or measured speed).
 *
 * @param deviceId     device on the poller's bus
 * @param target       the coil or holding register(s) to write
 * @param value        engineering value to write (1.0/0.0 for a coil); never clamped
 * @param readBack     what to read back and what it must show
 * @param verifyWithin how long the device has, from submission, to show the read-back value; positive
 */
public record WriteRequest(String deviceId, ModbusPointSpec target, double value, ReadBack readBack,
                           Duration verifyWithin) {

    /**
     * The verification of a write.
     *
     * @param point     the point to read back (a register table or a bit table)
     * @param expected  the engineering value it must show
     * @param tolerance largest accepted |read-back − expected|, in engineering units; ≥ 0
     */
    public record ReadBack(ModbusPointSpec point, double expected, double tolerance) {
        public ReadBack {
            Objects.requireNonNull(point, "point");
            if (point.type() == PointType.STRING) {
                throw new IllegalArgumentException(point.pointId() + ": a STRING cannot be read back as a number");
            }
            if (!Double.isFinite(expected) || !(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("read-back of " + point.pointId() + ": expected " + expected
                        + " ± " + tolerance + " must be finite");
            }
        }
    }

    public WriteRequest {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(readBack, "readBack");
        Objects.requireNonNull(verifyWithin, "verifyWithin");
        if (verifyWithin.isNegative() || verifyWithin.isZero()) {
            throw new IllegalArgumentException("verifyWithin must be positive: " + verifyWithin);
        }
        if (!target.table().isWritable()) {
            throw new IllegalArgumentException(target.pointId() + ": " + target.table() + " cannot be written");
        }
    }

    /**
     * A write verified by reading the same register(s) back: the device must hold {@code value}, exactly for a
     * bit, within half a step of the point's scale for an integer type (a scaled value that rounds on the wire
     * still matches), within float32 rounding (10⁻⁶ relative) for a float.
     */
    public static WriteRequest verifiedByEcho(String deviceId, ModbusPointSpec target, double value,
                                              Duration verifyWithin) {
        double tolerance = switch (target.type()) {
            case BOOL -> 0.0;
            case FLOAT32, FLOAT64 -> Math.abs(value) * 1e-6;
            default -> Math.abs(target.scale()) / 2;
        };
        return new WriteRequest(deviceId, target, value, new ReadBack(target, value, tolerance), verifyWithin);
    }

    /** A copy verified by {@code point} showing {@code expected} ± {@code tolerance} instead. */
    public WriteRequest verifiedBy(ModbusPointSpec point, double expected, double tolerance) {
        return new WriteRequest(deviceId, target, value, new ReadBack(point, expected, tolerance), verifyWithin);
    }
}
