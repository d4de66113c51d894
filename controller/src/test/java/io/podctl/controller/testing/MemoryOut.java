package io.podctl.controller.testing;

import io.podctl.hal.gpio.DigitalOut;

/**
 * An in-memory output pin: it remembers its command, and its read-back is that command, as a Pi4J line's is —
 * unless a test makes the line stuck ({@link #stickAt}). Thread-safe (volatile fields), for tests that read it
 * from another thread than the loop's.
 */
public final class MemoryOut implements DigitalOut {
    private final String id;
    private volatile boolean energized;
    private volatile Boolean stuckAt;

    public MemoryOut(String id) {
        this.id = id;
    }

    /**
     * Makes the line read back {@code level} whatever it is commanded (a pin claimed elsewhere, a short), or
     * follow its command again with null.
     */
    public void stickAt(Boolean level) {
        stuckAt = level;
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
        Boolean stuck = stuckAt;
        return stuck != null ? stuck : energized;
    }

    @Override
    public void close() {
        energized = false;
    }
}
