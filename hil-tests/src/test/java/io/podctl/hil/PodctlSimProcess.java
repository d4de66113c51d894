package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.podctl.controller.testing.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged launcher's {@code bin/podctl sim --no-view} as a child process, with its embedded broker and its
 * metrics endpoint on free loopback ports: plant commands go to its standard input, its output is collected.
 * Stopped with SIGTERM on {@link #close}.
 */
final class PodctlSimProcess implements AutoCloseable {
    static final Path LAUNCHER = Path.of("..", "controller", "target", "podctl", "bin", "podctl");

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final int metricsPort;

    private PodctlSimProcess(Process process, int metricsPort) {
        this.process = process;
        this.metricsPort = metricsPort;
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("(reader stopped: " + e + ")");
            }
        }, "sim-output-" + process.pid());
        t.setDaemon(true);
        t.start();
    }

    /** Starts the sim and waits until its metrics endpoint answers {@code /healthz}. */
    static PodctlSimProcess start() throws IOException {
        if (!Files.isExecutable(LAUNCHER)) {
            fail("the distribution is missing at " + LAUNCHER.toAbsolutePath()
                    + ": build it with 'mvn -B -DskipTests package' (mvn verify does it before this test)");
        }
        Path work = Files.createTempDirectory("podctl-sim-metrics");
        int metricsPort = FreePorts.reserve();
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toAbsolutePath().toString(), "sim", "--no-view",
                "--port", String.valueOf(FreePorts.reserve()), "--metrics-port", String.valueOf(metricsPort),
                "--state-dir", work.resolve("state").toString())
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        PodctlSimProcess sim = new PodctlSimProcess(pb.start(), metricsPort);
        await("podctl sim's metrics endpoint").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> sim.status("/healthz") == 200 || !sim.process.isAlive());
        if (!sim.process.isAlive()) {
            fail("podctl sim exited: " + sim.output());
        }
        return sim;
    }

    /** The metrics endpoint's port. */
    int metricsPort() {
        return metricsPort;
    }

    /** Types a plant command ({@code leak 2}, {@code offline cdu}, ...). */
    void command(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET on the metrics endpoint; the body. */
    String get(String path) {
        return request(path).body();
    }

    /** GET on the metrics endpoint; the status, or -1 when nothing answers. */
    int status(String path) {
        try {
            return request(path).statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    private HttpResponse<String> request(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort
                    + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the sim printed so far. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy(); // SIGTERM: an orderly stop
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
