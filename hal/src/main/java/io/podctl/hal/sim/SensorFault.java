package io.podctl.hal.sim;

/**
 * How one of the plant's temperature sensors fails on its own, while the device that serves its register keeps
 * answering normally: the register then carries the transmitter's out-of-range reading, which a master must judge
 * as bad data, never as a temperature.
 */
public enum SensorFault {
    /**
     * A broken RTD lead: infinite resistance, so the transmitter reports the top of its scale (the largest value
     * the register holds: 0x7FFF, 3276.7 °C in the CDU's °C×10 registers).
     */
    OPEN_CIRCUIT(Double.POSITIVE_INFINITY),
    /**
     * Shorted RTD leads: no resistance, so the transmitter reports the bottom of its scale (0x8000, −3276.8 °C in
     * the CDU's registers).
     */
    SHORT_CIRCUIT(Double.NEGATIVE_INFINITY);

    private final double readingC;

    SensorFault(double readingC) {
        this.readingC = readingC;
    }

    /** What the sensor reports, °C; infinite, so that the register saturates at the end of its scale. */
    public double readingC() {
        return readingC;
    }
}
