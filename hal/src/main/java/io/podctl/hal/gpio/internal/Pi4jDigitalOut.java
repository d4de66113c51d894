package io.podctl.hal.gpio.internal;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.podctl.hal.gpio.DigitalOut;
import io.podctl.hal.gpio.GpioException;
import io.podctl.hal.gpio.OutputPinSpec;

/**
 * A {@link DigitalOut} over a Pi4J {@link DigitalOutput}. Electrical level = energized XOR activeLow.
 * Thread-safe; writes and read-back hold the Pi4J object as monitor.
 */
public final class Pi4jDigitalOut implements DigitalOut {
    private final Pi4jGpioPlatform platform;
    private final OutputPinSpec spec;
    private final DigitalOutput line;
    private volatile boolean commanded;
    private volatile boolean closed;

    Pi4jDigitalOut(Pi4jGpioPlatform platform, OutputPinSpec spec, DigitalOutput line) {
        this.platform = platform;
        this.spec = spec;
        this.line = line;
    }

    static DigitalState levelFor(boolean energized, boolean activeLow) {
        return energized != activeLow ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public void setEnergized(boolean energized) {
        if (closed) {
            throw new GpioException("output '" + spec.id() + "' is closed");
        }
        // Recorded before the write so that a failed write shows up as a read-back mismatch.
        commanded = energized;
        write(levelFor(energized, spec.activeLow()), false);
    }

    @Override
    public boolean isCommandedEnergized() {
        return commanded;
    }

    /** Reads Pi4J's state of the line (gpiod: the value last set on the requested line). */
    @Override
    public boolean readBackEnergized() {
        return electricalLevelHigh() != spec.activeLow();
    }

    /** The electrical level of the pin now: {@code true} for high. */
    public boolean electricalLevelHigh() {
        return Pi4jDigitalIn.isHigh(line, "output '" + spec.id() + "' (BCM " + spec.pin() + ")");
    }

    /**
     * Puts the pin at its de-energized level without changing what was commanded: what a relay drop-out
     * does to the load while the software still believes it is energized. For the simulation.
     */
    public void forceDeEnergizedLevel() {
        write(levelFor(false, spec.activeLow()), true);
    }

    /** The spec this pin was provisioned with. */
    public OutputPinSpec spec() {
        return spec;
    }

    /** De-energizes and releases the pin; after the platform has closed, only marks this handle closed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        commanded = false;
        try {
            if (!platform.isClosed()) {
                forceDeEnergizedLevel();
            }
        } finally {
            platform.release(spec.pin(), this, spec.id());
        }
    }

    /**
     * Writes under the line's monitor; unless {@code force}, refuses once the platform is closing, so a
     * late command cannot re-energize a pin that close() has just de-energized.
     */
    private void write(DigitalState level, boolean force) {
        try {
            synchronized (line) {
                if (!force && platform.isClosed()) {
                    throw new GpioException("GPIO platform is closed; output '" + spec.id() + "' stays de-energized");
                }
                line.state(level);
            }
        } catch (GpioException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GpioException("cannot set output '" + spec.id() + "' (BCM " + spec.pin() + ") " + level
                    + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "DigitalOut[" + spec.id() + ", BCM " + spec.pin() + (spec.activeLow() ? ", active-low" : "") + "]";
    }
}
