package io.podctl.hal.gpio;

/**
 * A GPIO output pin driving an energize-to-run load. The pin starts de-energized and returns to
 * de-energized on {@link #close()}.
 *
 * <p>Threading: thread-safe and non-blocking; normally called by the control loop thread, and by the
 * output supervisor when the loop stops feeding it.
 */
public interface DigitalOut extends AutoCloseable {

    /** The name given in the {@link OutputPinSpec}. */
    String id();

    /** Energizes ({@code true}) or de-energizes ({@code false}) the load, honouring active-low wiring. */
    void setEnergized(boolean energized);

    /** What was last commanded. */
    boolean isCommandedEnergized();

    /**
     * The state read back from the pin (Pi4J reads the line state), {@code true} when the load is
     * energized. Differs from {@link #isCommandedEnergized()} only when the hardware disagrees.
     */
    boolean readBackEnergized();

    /** De-energizes the load and releases the pin. */
    @Override
    void close();
}
