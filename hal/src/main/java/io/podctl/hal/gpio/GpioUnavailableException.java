package io.podctl.hal.gpio;

/**
 * The machine has no GPIO the controller can use: no GPIO character device, or none this user may open. Thrown
 * before the GPIO library is started, so that the message names what is missing rather than how the library
 * failed.
 */
public class GpioUnavailableException extends GpioException {
    public GpioUnavailableException(String message) {
        super(message);
    }
}
