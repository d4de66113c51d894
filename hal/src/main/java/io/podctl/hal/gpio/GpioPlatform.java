package io.podctl.hal.gpio;

/**
 * Creates GPIO pins on one platform: a Pi4J context with an explicit provider (gpiod on a board, the mock
 * provider in simulation). Closing the platform de-energizes every output it created and releases all pins.
 *
 * <p>Threading: provisioning methods are called during start-up from the composition root.
 */
public interface GpioPlatform extends AutoCloseable {

    /** Provisions an input pin. */
    DigitalIn input(InputPinSpec spec);

    /** Provisions an output pin in its de-energized state. */
    DigitalOut output(OutputPinSpec spec);

    /** A short description, e.g. "pi4j gpiod" or "pi4j mock". */
    String describe();

    @Override
    void close();
}
