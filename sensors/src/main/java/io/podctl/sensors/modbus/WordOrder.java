package io.podctl.sensors.modbus;

/**
 * Where the bytes of a multi-register value land, named for a 32-bit value whose bytes are A (most
 * significant) to D: registers are sent high byte first, so {@code ABCD} is big-endian (the Modbus default),
 * {@code CDAB} swaps the registers (low word first), {@code BADC} swaps the bytes inside each register, and
 * {@code DCBA} does both (little-endian).
 *
 * <p>For 64-bit values the same two rules apply to four registers: "word swap" reverses the register order,
 * "byte swap" swaps the bytes inside each register. Single-register values (16-bit, bits) are not affected.
 */
public enum WordOrder {
    ABCD(false, false),
    CDAB(true, false),
    BADC(false, true),
    DCBA(true, true);

    private final boolean wordsReversed;
    private final boolean bytesSwapped;

    WordOrder(boolean wordsReversed, boolean bytesSwapped) {
        this.wordsReversed = wordsReversed;
        this.bytesSwapped = bytesSwapped;
    }

    /** True when the least significant register comes first. */
    public boolean wordsReversed() {
        return wordsReversed;
    }

    /** True when the low byte of each register comes first. */
    public boolean bytesSwapped() {
        return bytesSwapped;
    }
}
