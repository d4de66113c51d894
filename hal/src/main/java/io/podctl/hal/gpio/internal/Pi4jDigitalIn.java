package io.podctl.hal.gpio.internal;

import com.pi4j.io.gpio.digital.Digital;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.podctl.hal.gpio.DigitalIn;
import io.podctl.hal.gpio.GpioException;
import io.podctl.hal.gpio.InputPinSpec;

/**
 * A {@link DigitalIn} over a Pi4J {@link DigitalInput}. Thread-safe; {@link #readLevel()} does not block
 * beyond the pin's monitor.
 */
final class Pi4jDigitalIn implements DigitalIn {
    private final Pi4jGpioPlatform platform;
    private final InputPinSpec spec;
    private final DigitalInput line;
    private volatile boolean closed;

    Pi4jDigitalIn(Pi4jGpioPlatform platform, InputPinSpec spec, DigitalInput line) {
        this.platform = platform;
        this.spec = spec;
        this.line = line;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public boolean readLevel() {
        if (closed || platform.isClosed()) {
            throw new GpioException("input '" + spec.id() + "' is closed");
        }
        return isHigh(line, "input '" + spec.id() + "' (BCM " + spec.pin() + ")");
    }

    /**
     * Reads a Pi4J line's state under its monitor: {@code true} for HIGH, {@code false} for LOW; a provider
     * failure or an UNKNOWN state becomes a {@link GpioException} naming {@code what}.
     */
    static boolean isHigh(Digital<?, ?, ?> line, String what) {
        DigitalState state;
        try {
            synchronized (line) {
                state = line.state();
            }
        } catch (RuntimeException e) {
            throw new GpioException("cannot read " + what + ": " + e, e);
        }
        if (state == DigitalState.HIGH) {
            return true;
        }
        if (state == DigitalState.LOW) {
            return false;
        }
        throw new GpioException(what + " reports state " + state);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        platform.release(spec.pin(), this, spec.id());
    }

    @Override
    public String toString() {
        return "DigitalIn[" + spec.id() + ", BCM " + spec.pin() + "]";
    }
}
