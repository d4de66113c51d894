package io.podctl.controller.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The broker of one scenario run: Mosquitto as a child process on a free port of 127.0.0.1 (nobody else can
 * reach it), so that broker steps can restart it (SIGTERM), freeze it (SIGSTOP/SIGCONT) and crash it (SIGKILL).
 *
 * <p>Threading: one thread (the runner's).
 */
final class ScenarioBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;
    private boolean paused;

    private ScenarioBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Whether Mosquitto is installed (on PATH or in /usr/sbin, Debian's place). */
    static String executable() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /** Starts a broker; throws when Mosquitto is not installed or does not start within 10 s. */
    static ScenarioBroker start() throws IOException {
        if (executable() == null) {
            throw new IllegalStateException("mosquitto is not installed (apt-get install mosquitto), and broker steps"
                    + " need a broker this run controls");
        }
        ScenarioBroker b = new ScenarioBroker(Files.createTempDirectory("podctl-scenario-broker"), freePort());
        // The observer must see every event, also the journal's replay after a broker step: Mosquitto's default
        // bound of 1,000 queued messages per subscriber would drop the rest of a burst.
        Files.writeString(b.dir.resolve("mosquitto.conf"), "listener " + b.port + " 127.0.0.1\nallow_anonymous true\n"
                + "persistence false\nmax_queued_messages 100000\n", StandardCharsets.UTF_8);
        b.launch();
        return b;
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Carries out a broker step. */
    void act(ScenarioFile.BrokerAction action) {
        switch (action) {
            case RESTART -> {
                end(false);
                launch();
            }
            case PAUSE -> {
                signal("STOP");
                paused = true;
            }
            case RESUME -> {
                signal("CONT");
                paused = false;
            }
            case KILL -> end(true);
            case START -> {
                if (process == null || !process.isAlive()) {
                    launch();
                }
            }
        }
    }

    private void launch() {
        try {
            process = new ProcessBuilder(executable(), "-c", dir.resolve("mosquitto.conf").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto did not start on port " + port + ": " + logTail());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void end(boolean force) {
        if (process == null) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
            if (paused) {
                signal("CONT"); // a frozen process acts on the pending SIGTERM once it resumes
            }
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        paused = false;
    }

    /** Sends a signal; a process that has already ended cannot be signalled, and that is not an error. */
    private void signal(String name) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            Process k = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
            k.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("mosquitto.log"));
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        end(paused);
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory; leaving it is harmless
        }
    }
}
