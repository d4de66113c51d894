package io.podctl.controller.testing;

import io.podctl.hal.gpio.DigitalOut;

/**
 * An in-memory output pin: it remembers its command, and its read-back is that command, as a Pi4J line's is.
 * Thread-safe (a volatile field), for tests that read it from another thread than the loop's.
 */
public final class MemoryOut implements DigitalOut {
    private final String id;
    private volatile boolean energized;

    public MemoryOut(String id) {
        this.id = id;
    }

    /** Whether the pin is energized now. */
    public boolean energized() {
        return energized;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void setEnergized(boolean e) {
        energized = e;
    }

    @Override
    public boolean isCommandedEnergized() {
        return energized;
    }

    @Override
    public boolean readBackEnergized() {
        return energized;
    }

    @Override
    public void close() {
        energized = false;
    }
}
