package io.podctl.controller.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A broker in a child process: start, signals, readiness by TCP connect with a deadline, a log file in its own
 * temporary directory.
 */
abstract class ProcessBroker implements TestBroker {

    static final String HOST = "127.0.0.1";

    protected final Path dir;
    protected final Path log;
    private final int port;
    private final Duration startDeadline;
    private Process process;
    private boolean paused;

    ProcessBroker(String name, int port, Duration startDeadline) {
        try {
            this.dir = Files.createTempDirectory("podctl-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = dir.resolve(name + ".log");
        this.port = port == 0 ? FreePorts.reserve() : port;
        this.startDeadline = startDeadline;
    }

    /** The command line that runs the broker on {@link #port()}; prepared files go to {@link #dir}. */
    protected abstract List<String> command() throws IOException;

    /** Starts the process and waits until the port accepts connections. */
    protected final void launch() {
        try {
            ProcessBuilder pb = new ProcessBuilder(command())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + getClass().getSimpleName(), e);
        }
        Process p = process;
        try {
            await("broker on port " + port + " accepting connections")
                    .atMost(startDeadline)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !p.isAlive() || acceptsConnections(port));
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw new IllegalStateException("broker did not start on port " + port + "; log:\n" + logTail(), e);
        }
        if (!p.isAlive()) {
            throw new IllegalStateException("broker exited with " + p.exitValue() + " on port " + port
                    + "; log:\n" + logTail());
        }
    }

    static boolean acceptsConnections(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String uri() {
        return "tcp://" + HOST + ":" + port;
    }

    @Override
    public int port() {
        return port;
    }

    /** The running process; for tests that need its pid. */
    public Process process() {
        return process;
    }

    @Override
    public void stop() {
        end(false);
    }

    @Override
    public void kill() {
        end(true);
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
                signal("CONT"); // a frozen process acts on the pending SIGTERM as soon as it resumes
            }
        }
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException("broker ignored SIGTERM for 15 s; log:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        paused = false;
    }

    @Override
    public void pause() {
        signal("STOP");
        paused = true;
        awaitEveryThreadStopped();
    }

    /**
     * kill(1) returns once SIGSTOP is queued; each thread of the broker stops when it next enters the kernel. A
     * test that publishes "to a frozen broker" right after {@link #pause()} must not race a broker thread still
     * acknowledging: wait until /proc shows every thread stopped (state T).
     */
    private void awaitEveryThreadStopped() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        Path tasks = Path.of("/proc", Long.toString(p.pid()), "task");
        await("every thread of broker " + p.pid() + " stopped").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5)).until(() -> !p.isAlive() || allStopped(tasks));
    }

    private static boolean allStopped(Path tasks) {
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.allMatch(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"), StandardCharsets.US_ASCII);
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    return state == 'T' || state == 't';
                } catch (IOException e) {
                    return true; // the thread has ended
                }
            });
        } catch (IOException e) {
            return true; // the process has ended
        }
    }

    @Override
    public void resume() {
        signal("CONT");
        paused = false;
    }

    @Override
    public void ensureRunning() {
        if (process != null && !process.isAlive()) {
            process = null;
        }
        if (process == null) {
            launch();
        } else if (paused) {
            resume();
        }
    }

    private void signal(String name) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            Process k = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
            if (!k.waitFor(5, TimeUnit.SECONDS)) {
                k.destroyForcibly();
                throw new IllegalStateException("kill -" + name + " " + p.pid() + " did not return within 5 s");
            }
            // kill(1) fails once the process is gone, but the JVM reports it alive until its reaper thread has
            // waited for it: a process that has ended, or ends now, cannot be signalled and that is not an error.
            if (k.exitValue() != 0 && !p.waitFor(2, TimeUnit.SECONDS)) {
                throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed, and the process runs on");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void restart() {
        if (process != null) {
            throw new IllegalStateException("still running; stop() or kill() it first");
        }
        launch();
    }

    @Override
    public boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String logTail() {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // temp files; leaving them is harmless
        }
    }
}
