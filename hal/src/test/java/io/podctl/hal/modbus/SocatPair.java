package io.podctl.hal.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Two linked pseudo-terminals made by socat, standing in for the two ends of an RS-485 line: the master opens
 * {@link #master}, the slaves (or the device emulator) {@link #slaves}. Shared with the sensors and controller
 * tests through hal's test-jar.
 */
public final class SocatPair implements AutoCloseable {
    final Path dir;
    /** The master's end. */
    public final String master;
    /** The slaves' end. */
    public final String slaves;
    private final Process process;

    /** Starts socat and waits (up to 5 s) for both links; fails the test with how to install socat if missing. */
    public SocatPair() throws IOException {
        dir = Files.createTempDirectory("podctl-rtu");
        master = dir.resolve("master").toString();
        slaves = dir.resolve("slaves").toString();
        try {
            process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + master,
                    "pty,raw,echo=0,link=" + slaves)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("socat.log").toFile())
                    .start();
        } catch (IOException e) {
            fail("socat is needed for the RTU tests: install socat: apt-get install socat (" + e.getMessage() + ")");
            throw e;
        }
        await("socat's PTY links").atMost(Duration.ofSeconds(5))
                .until(() -> Files.exists(Path.of(master)) && Files.exists(Path.of(slaves)));
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
