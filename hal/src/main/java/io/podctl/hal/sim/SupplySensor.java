package io.podctl.hal.sim;

/**
 * The CDU's three secondary supply-temperature sensors (as Lenovo's Neptune CDUs carry three and vote them), each
 * with its own transmitter and its own input register. Sensor A is the CDU's original supply register.
 */
public enum SupplySensor {
    A(SimSignal.CDU_SUPPLY_TEMPERATURE),
    B(SimSignal.CDU_SUPPLY_TEMPERATURE_B),
    C(SimSignal.CDU_SUPPLY_TEMPERATURE_C);

    private final SimSignal signal;

    SupplySensor(SimSignal signal) {
        this.signal = signal;
    }

    /** The register the sensor's reading is served at. */
    public SimSignal signal() {
        return signal;
    }
}
