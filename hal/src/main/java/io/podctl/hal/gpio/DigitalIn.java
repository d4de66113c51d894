package io.podctl.hal.gpio;

/**
 * A GPIO input pin.
 *
 * <p>Threading: {@link #readLevel()} is non-blocking and thread-safe; it is called by the input sampler's
 * thread.
 */
public interface DigitalIn extends AutoCloseable {

    /** The name given in the {@link InputPinSpec}. */
    String id();

    /**
     * The raw electrical level now: {@code true} for high. Throws {@link GpioException} when the provider
     * fails; callers turn that into sample quality.
     */
    boolean readLevel();

    /** Releases the pin. */
    @Override
    void close();
}
