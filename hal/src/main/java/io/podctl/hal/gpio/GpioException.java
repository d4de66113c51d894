package io.podctl.hal.gpio;

/** A GPIO provider failure (pin busy, provider error); the library's own exception is the cause. */
public class GpioException extends RuntimeException {
    public GpioException(String message, Throwable cause) {
        super(message, cause);
    }

    public GpioException(String message) {
        super(message);
    }
}
