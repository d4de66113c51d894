package io.podctl.sensors.modbus;

import io.podctl.hal.modbus.RegisterTable;
import java.util.Objects;

/**
 * One value read from a Modbus device and how to turn its registers into an engineering value:
 * {@code value = raw × scale + offset}, valid only within {@code [min, max]}.
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
 *                  {@link io.podctl.sensors.Quality#FROZEN} instead of GOOD, until it changes: 2..1000, or 0 for
 *                  no such check
 * @param addressText the address as the configuration writes it ({@code 0x0157}), so that messages name it the
 *                  same way ({@link RegisterNames}); null or absent means decimal
 */
public record ModbusPointSpec(String pointId, RegisterTable table, int address, PointType type, int bit, int length,
                              WordOrder wordOrder, double scale, double offset, double min, double max,
                              int frozenAfter, String addressText) {

    public ModbusPointSpec {
        Objects.requireNonNull(pointId, "pointId");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(wordOrder, "wordOrder");
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
        if (frozenAfter != 0 && (frozenAfter < 2 || frozenAfter > 1000)) {
            throw new IllegalArgumentException(pointId + ": frozenAfter " + frozenAfter + " outside 2..1000 (0 = off)");
        }
        addressText = addressText != null ? addressText : Integer.toString(address);
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
                frozenAfter, addressText);
    }

    /** A copy with another valid range. */
    public ModbusPointSpec withRange(double newMin, double newMax) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, scale, offset, newMin, newMax,
                frozenAfter, addressText);
    }

    /** A copy whose address is written as {@code text} in messages ({@code 0x0157}). */
    public ModbusPointSpec withAddressText(String text) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max,
                frozenAfter, text);
    }

    /** A copy with another word order. */
    public ModbusPointSpec withWordOrder(WordOrder order) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, order, scale, offset, min, max, frozenAfter,
                addressText);
    }

    /** A copy that turns {@link io.podctl.sensors.Quality#FROZEN} after {@code samples} unchanged samples (0: never). */
    public ModbusPointSpec withFrozenAfter(int samples) {
        return new ModbusPointSpec(pointId, table, address, type, bit, length, wordOrder, scale, offset, min, max,
                samples, addressText);
    }

    /** A copy for bit {@code b} of its register. */
    public ModbusPointSpec withBit(int b) {
        return new ModbusPointSpec(pointId, table, address, type, b, length, wordOrder, scale, offset, min, max, frozenAfter,
                addressText);
    }
}
