package io.podctl.hal.sim;

/**
 * The plant's side of simulated GPIO: what the field wiring does to the controller's pins. The controller
 * sees the same pins through {@link io.podctl.hal.gpio.GpioPlatform}; both sides share one Pi4J mock
 * object per pin, so the controller reads through the production Pi4J data path.
 *
 * <p>Levels are raw electrical levels ({@code true} = high); what a level means (normally-closed loop,
 * active-low driver) is the plant's and the controller's business. Pins are BCM numbers.
 *
 * <p>Threading: thread-safe; called by the plant's thread and by tests. Never blocks for long.
 */
public interface SimulatedPins {

    /**
     * Drives input {@code bcmPin} to a level. Remembered when the controller has not provisioned the pin
     * yet and applied when it does, so the plant may start before the controller.
     */
    void setInputLevel(int bcmPin, boolean high);

    /**
     * The electrical level the controller drives on output {@code bcmPin} now; {@code false} (low) for a
     * pin the controller has not provisioned as an output (a released pin floats to its pull-down).
     */
    boolean outputLevel(int bcmPin);

    /**
     * Forces every provisioned output to its de-energized level, as a watchdog relay dropping out would,
     * without changing what the controller last commanded (so the controller's read-back sees the
     * difference). A later command from the controller drives the pin again.
     */
    void forceOutputsDeEnergized();
}
