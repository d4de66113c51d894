package io.podctl.sensors.modbus;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Two linked pseudo-terminals made by socat: the two ends of an emulated RS-485 line. The master opens
 * {@link #master}, the emulated slaves {@link #slaves}.
 */
final class PtyPair implements AutoCloseable {
    final String master;
    final String slaves;
    private final Path dir;
    private final Process socat;

    PtyPair() throws IOException {
        dir = Files.createTempDirectory("podctl-line");
        master = dir.resolve("master").toString();
        slaves = dir.resolve("slaves").toString();
        try {
            socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + master,
                    "pty,raw,echo=0,link=" + slaves)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("socat.log").toFile())
                    .start();
        } catch (IOException e) {
            fail("the RTU tests need socat: apt-get install socat (" + e.getMessage() + ")");
            throw e;
        }
        await("socat's PTY links").atMost(Duration.ofSeconds(5))
                .until(() -> Files.exists(Path.of(master)) && Files.exists(Path.of(slaves)));
    }

    @Override
    public void close() throws IOException {
        socat.destroy();
        try {
            socat.waitFor();
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
