package io.podctl.hal.watchdog;

import java.time.Duration;

/**
 * A watchdog that de-energizes the outputs when it is not fed in time: the Linux hardware watchdog on a
 * board (which resets the board, so every GPIO falls back to its de-energized default), or a software one
 * in simulation.
 *
 * <p>Threading: {@link #feed()} is called by the control loop thread once per cycle and must not block.
 */
public interface Watchdog extends AutoCloseable {

    /** Restarts the countdown. */
    void feed();

    /** How long the watchdog waits for a feed before it acts. */
    Duration timeout();

    /**
     * Orderly stop: disarms the watchdog (for the Linux device, the "magic close"). Called only after the
     * outputs have been put in their safe state.
     */
    @Override
    void close();
}
