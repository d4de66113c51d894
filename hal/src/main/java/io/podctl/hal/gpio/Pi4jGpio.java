package io.podctl.hal.gpio;

import io.podctl.hal.gpio.internal.Pi4jGpioPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Factories for {@link GpioPlatform}s over Pi4J 3. Each call builds its own Pi4J context with an explicit
 * provider (never Pi4J's auto-detection). The simulated platform, over Pi4J's mock provider, is
 * {@code io.podctl.hal.sim.MockGpioPlatform#create()}.
 */
public final class Pi4jGpio {
    private Pi4jGpio() {
    }

    /** Where Linux puts the GPIO character devices. */
    public static final Path DEVICES = Path.of("/dev");

    /**
     * The GPIO of a Raspberry Pi through the Linux GPIO character device (Pi4J's gpiod provider). Pins are
     * BCM numbers. Call once per process: the gpiod plugin keeps one process-wide chip handle.
     *
     * @throws GpioUnavailableException when this machine has no GPIO character device this user can open (checked
     *                                  before Pi4J starts, which would only say that the board model is unknown)
     * @throws GpioException            when the gpiod provider cannot start (not a Pi)
     */
    public static GpioPlatform board() {
        Optional<String> missing = whyUnavailable(DEVICES);
        if (missing.isPresent()) {
            throw new GpioUnavailableException(missing.get());
        }
        return Pi4jGpioPlatform.gpiod();
    }

    /**
     * Why the board's GPIO cannot be used, or empty when a GPIO character device ({@code gpiochipN}) exists in
     * {@code devices} and this user may read and write it.
     */
    public static Optional<String> whyUnavailable(Path devices) {
        List<Path> chips;
        try (Stream<Path> entries = Files.list(devices)) {
            chips = entries.filter(p -> p.getFileName().toString().matches("gpiochip\\d+")).sorted().toList();
        } catch (IOException e) {
            return Optional.of("cannot list " + devices + ": " + e.getMessage());
        }
        if (chips.isEmpty()) {
            return Optional.of("no GPIO on this machine (no " + devices.resolve("gpiochip*") + ")");
        }
        for (Path chip : chips) {
            if (Files.isReadable(chip) && Files.isWritable(chip)) {
                return Optional.empty();
            }
        }
        return Optional.of("no GPIO this user may open: " + chips + " not readable and writable by "
                + System.getProperty("user.name") + " (add the user to the group that owns them, usually gpio)");
    }
}
