package io.podctl.hal.gpio;

import java.util.Objects;

/**
 * One GPIO output pin driving an energize-to-run actuator (contactor coil, relay, solenoid).
 * Its safe state is always <em>de-energized</em>: it is the state at provisioning, on shutdown, and when
 * the process dies.
 *
 * @param id        a name for logs, unique on the platform
 * @param pin       BCM pin number (Pi4J {@code .address(n)})
 * @param activeLow true when the driver energizes the load with a low level
 */
public record OutputPinSpec(String id, int pin, boolean activeLow) {
    public OutputPinSpec {
        Objects.requireNonNull(id, "id");
        if (pin < 0 || pin > 63) {
            throw new IllegalArgumentException("BCM pin out of range: " + pin);
        }
    }
}
