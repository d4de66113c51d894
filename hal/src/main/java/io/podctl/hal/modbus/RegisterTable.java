package io.podctl.hal.modbus;

/**
 * The four Modbus data tables. Addresses used with them are always 0-based wire addresses
 * (the manual's "40001" is holding register 0).
 */
public enum RegisterTable {
    /** Read/write single bits; read with FC01, written with FC05/FC15. */
    COIL(true, true),
    /** Read-only single bits; read with FC02. */
    DISCRETE_INPUT(true, false),
    /** Read-only 16-bit registers; read with FC04. */
    INPUT_REGISTER(false, false),
    /** Read/write 16-bit registers; read with FC03, written with FC06/FC16. */
    HOLDING_REGISTER(false, true);

    private final boolean bitTable;
    private final boolean writable;

    RegisterTable(boolean bitTable, boolean writable) {
        this.bitTable = bitTable;
        this.writable = writable;
    }

    /** True for the single-bit tables (coils, discrete inputs). */
    public boolean isBitTable() {
        return bitTable;
    }

    /** True where the master may write (coils, holding registers). */
    public boolean isWritable() {
        return writable;
    }

    /** Most items one read request may ask for: 2000 bits or 125 registers. */
    public int maxReadCount() {
        return bitTable ? 2000 : 125;
    }
}
