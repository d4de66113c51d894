package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.podctl.controller.cli.PodctlCommand;
import io.podctl.controller.testing.ChildJvm;
import io.podctl.controller.testing.FreePorts;
import io.podctl.controller.testing.MosquittoBroker;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console end to end: a real Mosquitto with a WebSocket listener, password authentication and an
 * ACL (the pod, an operator, and a viewer who may not command), {@code podctl sim} in a child JVM against it
 * serving the page, and headless Chromium (Debian's {@code chromium}, driven by {@code playwright-core} from the
 * console module's lock) running {@code console/e2e/console.e2e.mjs}. The script drives the scenario and asks
 * this test, over its standard streams, to act on the plant and the processes (see the script's header).
 *
 * <p>The script's screenshots replace {@code docs/images/console-*.png} when they differ from the committed ones
 * by more than {@link #CHANGED_PIXELS} of their pixels: a live plant's numbers move a few digits from run to run
 * (times are masked), which does not rewrite the images; a change of the page does.
 */
class ConsoleE2EIT {
    private static final Path CONSOLE = Path.of("..", "console").toAbsolutePath().normalize();
    private static final Path IMAGES = Path.of("..", "docs", "images").toAbsolutePath().normalize();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final double CHANGED_PIXELS = 0.02;
    private static final Pattern CONSOLE_URL = Pattern.compile("operator console on (http://\\S+)");
    private static final String POD_USER = "podctl-lab-pod1";
    private static final String POD_PASSWORD = "pod-" + Long.toHexString(System.nanoTime());
    private static final String OPERATOR_PASSWORD = "op-" + Long.toHexString(System.nanoTime());
    private static final String VIEWER_PASSWORD = "view-" + Long.toHexString(System.nanoTime());
    /** The pod writes its own root; the operator reads it and commands as themself; the viewer only reads. */
    private static final String ACL = """
            user podctl-lab-pod1
            topic readwrite podctl/lab/pod1/#

            user operator
            topic read podctl/lab/pod1/#
            topic write podctl/lab/pod1/cmd/+/operator

            user viewer
            topic read podctl/lab/pod1/#
            """;

    private final List<Process> processes = new ArrayList<>();
    private MosquittoBroker broker;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anOperatorWatchesAndCommandsThePodFromTheBrowser(@TempDir Path work) throws Exception {
        Path script = prerequisites();
        Map<String, String> users = new LinkedHashMap<>();
        users.put(POD_USER, POD_PASSWORD);
        users.put("operator", OPERATOR_PASSWORD);
        users.put("viewer", VIEWER_PASSWORD);
        broker = MosquittoBroker.startWithWebSockets(users, ACL);

        Path config = work.resolve("pod.yaml");
        String example = Files.readString(Path.of("..", "config", "examples", "sim-pod.yaml"), StandardCharsets.UTF_8);
        Files.writeString(config, example + "\nconsole:\n  listen: 127.0.0.1:" + FreePorts.reserve()
                + "\n  brokerUrl: " + broker.webSocketUri() + "\n", StandardCharsets.UTF_8);
        Path simLog = work.resolve("sim.log");
        ProcessBuilder simCommand = new ProcessBuilder(ChildJvm.command(PodctlCommand.class, List.of("-Xmx256m"),
                List.of("sim", "--no-view", "--broker", broker.uri(), "--config", config.toString(), "--state-dir",
                        work.resolve("state").toString()))).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(simLog.toFile()));
        simCommand.environment().put("PODCTL_MQTT_USERNAME", POD_USER);
        simCommand.environment().put("PODCTL_MQTT_PASSWORD", POD_PASSWORD);
        Process sim = start(simCommand);
        await("the console's address in the sim's output").atMost(Duration.ofSeconds(60))
                .until(() -> !sim.isAlive() || consoleUrl(simLog) != null);
        String url = consoleUrl(simLog);
        if (url == null) {
            fail("podctl sim did not serve the console:\n" + tail(simLog));
        }

        Path shots = Files.createDirectories(Path.of("target", "console-screenshots").toAbsolutePath());
        ProcessBuilder nodeCommand = new ProcessBuilder("node", script.toString()).directory(CONSOLE.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = nodeCommand.environment();
        env.put("CONSOLE_URL", url);
        env.put("BROKER_WS", broker.webSocketUri());
        env.put("TOPIC_ROOT", SimPod.ROOT);
        env.put("OPERATOR", "operator");
        env.put("OPERATOR_PASSWORD", OPERATOR_PASSWORD);
        env.put("VIEWER", "viewer");
        env.put("VIEWER_PASSWORD", VIEWER_PASSWORD);
        env.put("SCREENSHOTS", shots.toString());
        env.put("CHROMIUM", CHROMIUM.toString());
        Process node = start(nodeCommand);
        List<String> output = host(node, sim);
        boolean ended = node.waitFor(5, TimeUnit.MINUTES);
        String report = String.join("\n", output);
        if (!ended || node.exitValue() != 0) {
            fail("the console scenario failed" + (ended ? "" : " (no end within 5 min)") + ":\n" + report
                    + "\n--- podctl sim:\n" + tail(simLog) + "\n--- broker:\n" + broker.logTail());
        }
        assertTrue(output.stream().filter(l -> l.startsWith("ok - ")).count() >= 10, report);
        System.out.println(report);
        keepScreenshot(shots.resolve("console-overview.png"), IMAGES.resolve("console-overview.png"));
        keepScreenshot(shots.resolve("console-alarms.png"), IMAGES.resolve("console-alarms.png"));
    }

    /** The script, Chromium and the console's npm packages; fails with how to get what is missing. */
    private static Path prerequisites() {
        Path script = CONSOLE.resolve("e2e").resolve("console.e2e.mjs");
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " not found: apt-get install chromium (.ci/run installs it)");
        }
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                fail("node --version failed: Node.js 20.19 or newer is needed (the console module builds with it too)");
            }
        } catch (IOException e) {
            fail("node not found on PATH: install Node.js 20.19 or newer (the console module builds with it too)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        if (!Files.isDirectory(CONSOLE.resolve("node_modules").resolve("playwright-core"))) {
            fail("the console's npm packages are missing in " + CONSOLE.resolve("node_modules")
                    + ": build the console module first (mvn -pl console package runs npm ci)");
        }
        return script;
    }

    private Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /**
     * Collects the script's output and carries out its requests: {@code @plant ...} is typed into the sim,
     * {@code @kill-controller} SIGKILLs it, {@code @stop-broker} stops the broker; each is answered "done".
     */
    private List<String> host(Process node, Process sim) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8)); OutputStream answers = node.getOutputStream()) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("@")) {
                        String answer = carryOut(line.substring(1), sim);
                        answers.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                        answers.flush();
                    }
                }
            } catch (IOException e) {
                lines.add("(output reader stopped: " + e + ")");
            }
        }, "console-e2e-host");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    private String carryOut(String request, Process sim) {
        try {
            if (request.startsWith("plant ")) {
                sim.getOutputStream().write((request.substring(6) + "\n").getBytes(StandardCharsets.UTF_8));
                sim.getOutputStream().flush();
            } else if (request.equals("kill-controller")) {
                sim.destroyForcibly(); // SIGKILL: no orderly offline, the broker publishes the Will
                if (!sim.waitFor(10, TimeUnit.SECONDS)) {
                    return "the controller did not die";
                }
            } else if (request.equals("stop-broker")) {
                broker.stop();
            } else {
                return "unknown request";
            }
            return "done";
        } catch (IOException | RuntimeException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String consoleUrl(Path log) throws IOException {
        if (!Files.exists(log)) {
            return null;
        }
        Matcher m = CONSOLE_URL.matcher(Files.readString(log, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : null;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Replaces the committed image when the new one differs by more than {@link #CHANGED_PIXELS}. */
    private static void keepScreenshot(Path taken, Path committed) throws IOException {
        assertTrue(Files.isRegularFile(taken), "screenshot " + taken);
        if (Files.exists(committed) && changedFraction(ImageIO.read(taken.toFile()),
                ImageIO.read(committed.toFile())) <= CHANGED_PIXELS) {
            return;
        }
        Files.createDirectories(committed.getParent());
        Files.copy(taken, committed, StandardCopyOption.REPLACE_EXISTING);
    }

    static double changedFraction(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return 1;
        }
        long changed = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    changed++;
                }
            }
        }
        return (double) changed / ((long) a.getWidth() * a.getHeight());
    }
}
