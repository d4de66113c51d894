package io.podctl.hal.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A simulated RS-485 line: two linked pseudo-terminals made by {@code socat}, one end for the Modbus RTU master
 * (the controller opens {@link #controllerEnd()} as it would open {@code /dev/ttyUSB0}), the other for the emulated
 * slaves ({@link #devicesEnd()}). Bytes written at one end arrive at the other at once: the line has no baud rate
 * of its own, so the master's inter-frame timing is what paces it.
 *
 * <p>Needs {@code socat} on the PATH (Debian: {@code apt-get install socat}). Threading: open and close from one
 * thread; the ends are used by whoever opens them.
 */
public final class VirtualSerialLine implements AutoCloseable {
    private static final Duration LINK_TIMEOUT = Duration.ofSeconds(5);

    private final Path dir;
    private final Path controllerEnd;
    private final Path devicesEnd;
    private final Process socat;

    private VirtualSerialLine(Path dir, Process socat) {
        this.dir = dir;
        this.controllerEnd = dir.resolve("controller");
        this.devicesEnd = dir.resolve("devices");
        this.socat = socat;
    }

    /**
     * Starts {@code socat} with two raw pseudo-terminals linked in a fresh temporary directory and returns once
     * both links exist.
     *
     * @param name names the directory, for people listing /tmp
     * @throws IllegalStateException when socat is missing or the links do not appear within 5 s
     */
    public static VirtualSerialLine open(String name) {
        Path dir;
        try {
            dir = Files.createTempDirectory("podctl-line-" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the simulated line " + name, e);
        }
        Process process;
        try {
            process = new ProcessBuilder("socat", "-d", "-d",
                    "pty,raw,echo=0,link=" + dir.resolve("controller"), "pty,raw,echo=0,link=" + dir.resolve("devices"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("socat.log").toFile())
                    .start();
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new IllegalStateException("a simulated RS-485 line needs socat (apt-get install socat): "
                    + e.getMessage(), e);
        }
        VirtualSerialLine line = new VirtualSerialLine(dir, process);
        line.awaitLinks(name);
        return line;
    }

    /** The pseudo-terminal the Modbus RTU master opens. */
    public String controllerEnd() {
        return controllerEnd.toString();
    }

    /** The pseudo-terminal the emulated slaves listen on. */
    public String devicesEnd() {
        return devicesEnd.toString();
    }

    /** Stops socat (both ends hang up) and deletes the links. Idempotent. */
    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            socat.destroyForcibly();
        }
        deleteQuietly(dir);
    }

    private void awaitLinks(String name) {
        long deadline = System.nanoTime() + LINK_TIMEOUT.toNanos();
        while (!(Files.exists(controllerEnd) && Files.exists(devicesEnd))) {
            if (!socat.isAlive() || System.nanoTime() - deadline > 0) {
                String why = socat.isAlive() ? "its links did not appear within " + LINK_TIMEOUT.toSeconds() + " s"
                        : "socat exited with " + socat.exitValue() + ": " + log();
                close();
                throw new IllegalStateException("simulated RS-485 line " + name + ": " + why);
            }
            try {
                // socat creates the links within milliseconds; polling is simpler than watching the directory.
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while opening the simulated line " + name, e);
            }
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("socat.log")).strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover in /tmp is harmless; the caller's close must not fail for it
                }
            });
        } catch (IOException e) {
            // same
        }
    }

    @Override
    public String toString() {
        return "simulated RS-485 line " + controllerEnd + " <-> " + devicesEnd;
    }
}
