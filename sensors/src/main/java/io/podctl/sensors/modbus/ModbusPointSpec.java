package io.podctl.sensors.modbus;

import io.podctl.hal.modbus.RegisterTable;
import java.util.Objects;

/**
 * One value read from a Modbus device and how to turn its registers into an engineering value:
 * {@code value = raw × scale + offset}, rounded to the precision the device means (see {@link Decimals}), valid
 * only within {@code [min, max]}.
 *
 * @param pointId   id of the point on the {@link io.podctl.sensors.SampleBoard}
 * @param table     register table
 * @param address   0-based wire address of the first register or bit (the manual's 30001 is input 0)
 * @param type      encoding
 * @param bit       for {@link PointType#BOOL} in a register table, the bit 0..15 (0 = least significant);
 *                  ignored otherwise
 * @param length    for {@link PointType#STRING}, registers occupied (1..125); ignored otherwise
 * @param wordOrder order of the registers and bytes of multi-register values
 * @param scale     multiplier applied to the raw value; finite and non-zero; ignored for BOOL
 * @param offset    added after scaling, in engineering units; finite; ignored for BOOL
 * @param min       lowest valid engineering value ({@link Double#NEGATIVE_INFINITY} for none)
 * @param max       highest valid engineering value ({@link Double#POSITIVE_INFINITY} for none)
 * @param frozenAfter for a point whose value is expected to be noisy (or a heartbeat), the number of
 *                  consecutive successful samples with an unchanged value after which it is
 *                  {@link io.podctl.sensors.Quality#FROZEN} instead of GOOD, until it changes:
 *                  2..{@value #MAX_FROZEN_AFTER}, or 0 for no such check
 * @param addressText the address as the configuration writes it ({@code 0x0157}), so that messages name it the
 *                  same way ({@link RegisterNames}); null or absent means decimal
 * @param decimals  decimal places the engineering value is rounded to, 0..{@value Decimals#MAX}; or
 *                  {@link Decimals#NONE} for the precision implied by the raw value, scale and offset (an int16 with
 *                  scale 0.1 has one decimal; a float32 has those of its shortest decimal form; a float64 is not
 *                  rounded)
 * @param counter   the value only counts up (an energy total): a sample below the highest accepted one is not
 *                  GOOD (see {@link BusPoller}); numeric types only
 * @param unit      engineering unit (e.g. {@code degC}, {@code V}), for the {@link Plausibility} of float readings;
 *                  empty when dimensionless or unknown
 */
public record ModbusPointSpec(String pointId, RegisterTable table, int address, PointType type, int bit, int length,
                              WordOrder wordOrder, double scale, double offset, double min, double max,
                              int frozenAfter, String addressText, int decimals, boolean counter, String unit) {
    /** Largest {@link #frozenAfter}. */
    public static final int MAX_FROZEN_AFTER = 100_000;

    public ModbusPointSpec {
        Objects.requireNonNull(pointId, "pointId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(wordOrder, "wordOrder");
        Objects.requireNonNull(unit, "unit");
        if (table.isBitTable() && type != PointType.BOOL) {
            throw new IllegalArgumentException(pointId + ": " + table + " holds bits; type must be BOOL, not " + type);
        }
        if (type == PointType.BOOL && !table.isBitTable() && (bit < 0 || bit > 15)) {
            throw new IllegalArgumentException(pointId + ": bit " + bit + " outside 0..15");
        }
        if (type == PointType.STRING && (length < 1 || length > 125)) {
            throw new IllegalArgumentException(pointId + ": string length " + length + " outside 1..125 registers");
        }
        int count = type == PointType.STRING ? length : type.fixedRegisters();
        if (address < 0 || address + count > 0x10000) {
            throw new IllegalArgumentException(pointId + ": address " + address + " outside 0..65535");
        }
        if (!Double.isFinite(scale) || scale == 0.0) {
            throw new IllegalArgumentException(pointId + ": scale must be finite and non-zero: " + scale);
        }
        if (!Double.isFinite(offset)) {
            throw new IllegalArgumentException(pointId + ": offset must be finite: " + offset);
        }
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException(pointId + ": valid range [" + min + ", " + max + "] invalid");
        }
        if (frozenAfter != 0 && (frozenAfter < 2 || frozenAfter > MAX_FROZEN_AFTER)) {
            throw new IllegalArgumentException(pointId + ": frozenAfter " + frozenAfter + " outside 2.."
                    + MAX_FROZEN_AFTER + " (0 = off)");
        }
        if (decimals < Decimals.NONE || decimals > Decimals.MAX) {
            throw new IllegalArgumentException(pointId + ": decimals " + decimals + " outside 0.." + Decimals.MAX);
        }
        if (counter && (type == PointType.BOOL || type == PointType.STRING)) {
            throw new IllegalArgumentException(pointId + ": a " + type + " cannot be a counter");
        }
        addressText = addressText != null ? addressText : Integer.toString(address);
    }

    /** A point with the implied precision, not a counter, without a unit (the shape before those were added). */
    public ModbusPointSpec(String pointId, RegisterTable table, int address, PointType type, int bit, int length,
                           WordOrder wordOrder, double scale, double offset, double min, double max,
                           int frozenAfter, String addressText) {
        this(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max, frozenAfter, addressText,
                Decimals.NONE, false, "");
    }

    /** A point whose address is written in decimal (the shape before {@code addressText} was added). */
    public ModbusPointSpec(String pointId, RegisterTable table, int address, PointType type, int bit, int length,
                           WordOrder wordOrder, double scale, double offset, double min, double max,
                           int frozenAfter) {
        this(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max, frozenAfter, null);
    }

    /** A point without a frozen-value check (the shape before {@code frozenAfter} was added). */
    public ModbusPointSpec(String pointId, RegisterTable table, int address, PointType type, int bit, int length,
                           WordOrder wordOrder, double scale, double offset, double min, double max) {
        this(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max, 0);
    }

    /** A point with scale 1, offset 0, no range limit, ABCD order. */
    public static ModbusPointSpec of(String pointId, RegisterTable table, int address, PointType type) {
        return new ModbusPointSpec(pointId, table, address, type, 0, 0, WordOrder.ABCD, 1.0, 0.0,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** Registers (or bits, in a bit table) this point occupies. */
    public int registerCount() {
        return type == PointType.STRING ? length : type.fixedRegisters();
    }

    /** The last address this point occupies. */
    public int lastAddress() {
        return address + registerCount() - 1;
    }

    /** A copy with another scale and offset. */
    public ModbusPointSpec withScale(double newScale, double newOffset) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, newScale, newOffset, min, max,
                frozenAfter, addressText, decimals, counter, unit);
    }

    /** A copy with another valid range. */
    public ModbusPointSpec withRange(double newMin, double newMax) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, scale, offset, newMin, newMax,
                frozenAfter, addressText, decimals, counter, unit);
    }

    /** A copy whose address is written as {@code text} in messages ({@code 0x0157}). */
    public ModbusPointSpec withAddressText(String text) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max,
                frozenAfter, text, decimals, counter, unit);
    }

    /** A copy with another word order. */
    public ModbusPointSpec withWordOrder(WordOrder order) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, order, scale, offset, min, max,
                frozenAfter, addressText, decimals, counter, unit);
    }

    /** A copy that turns {@link io.podctl.sensors.Quality#FROZEN} after {@code samples} unchanged samples (0: never). */
    public ModbusPointSpec withFrozenAfter(int samples) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max,
                samples, addressText, decimals, counter, unit);
    }

    /** A copy for bit {@code b} of its register. */
    public ModbusPointSpec withBit(int b) {
        return new ModbusPointSpec(pointId, table, address, type, b, length, wordOrder, scale, offset, min, max,
                frozenAfter, addressText, decimals, counter, unit);
    }

    /** A copy rounded to {@code places} decimals ({@link Decimals#NONE}: the implied precision). */
    public ModbusPointSpec withDecimals(int places) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max,
                frozenAfter, addressText, places, counter, unit);
    }

    /** A copy that is (or is not) a counter. */
    public ModbusPointSpec withCounter(boolean isCounter) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max,
                frozenAfter, addressText, decimals, isCounter, unit);
    }

    /** A copy in engineering unit {@code newUnit}. */
    public ModbusPointSpec withUnit(String newUnit) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max,
                frozenAfter, addressText, decimals, counter, newUnit);
    }
}
