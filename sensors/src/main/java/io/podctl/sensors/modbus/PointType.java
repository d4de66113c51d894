package io.podctl.sensors.modbus;

/** How the raw registers (or bit) of a point encode its value. */
public enum PointType {
    /** A coil or discrete input, or bit {@code bit} (0 = least significant) of one register: 1.0 or 0.0. */
    BOOL(1),
    /** Signed 16-bit, one register. */
    INT16(1),
    /** Unsigned 16-bit, one register. */
    UINT16(1),
    /** Signed 32-bit, two registers. */
    INT32(2),
    /** Unsigned 32-bit, two registers. */
    UINT32(2),
    /** Signed 64-bit, four registers; magnitudes above 2^53 lose precision as a double. */
    INT64(4),
    /** IEEE 754 single precision, two registers. */
    FLOAT32(2),
    /** IEEE 754 double precision, four registers. */
    FLOAT64(4),
    /** ASCII text, two characters per register, {@code length} registers; has no numeric value. */
    STRING(0);

    private final int registers;

    PointType(int registers) {
        this.registers = registers;
    }

    /** Registers occupied; 0 for {@link #STRING}, whose length is given per point. */
    public int fixedRegisters() {
        return registers;
    }
}
