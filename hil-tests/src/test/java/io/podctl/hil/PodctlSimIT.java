package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.podctl.controller.testing.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The main job as a new user runs it: the packaged launcher {@code bin/podctl sim} (built by the controller
 * module), its embedded broker, and {@code mosquitto_sub} watching the pod's topics; the operator console's page
 * is served, told the embedded broker's WebSocket listener. Stopped with SIGTERM, it
 * publishes "offline" and exits 0.
 */
class PodctlSimIT {
    private static final Path LAUNCHER = Path.of("..", "controller", "target", "podctl", "bin", "podctl");
    private static final Pattern BROKER = Pattern.compile("embedded MQTT broker on tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern CONSOLE = Pattern.compile("^operator console on (http://\\S+)");

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void simPublishesTheWholeContractToMosquittoSubAndStopsCleanlyOnSigterm() throws Exception {
        if (!Files.isExecutable(LAUNCHER)) {
            fail("the distribution is missing at " + LAUNCHER.toAbsolutePath()
                    + ": build it with 'mvn -B -DskipTests package' (mvn verify does it before this test)");
        }
        Path mosquittoSub = findMosquittoSub();
        Path work = Files.createTempDirectory("podctl-sim-it");
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toAbsolutePath().toString(), "sim", "--no-view",
                "--port", String.valueOf(FreePorts.reserve()), "--ws-port", String.valueOf(FreePorts.reserve()),
                "--console-port", String.valueOf(FreePorts.reserve()), "--state-dir", work.resolve("state").toString())
                .directory(work.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process sim = start(pb);
        List<String> simOutput = collect(sim);
        await("the embedded broker's address on stdout").atMost(Duration.ofSeconds(30))
                .until(() -> brokerPort(simOutput) > 0);
        int port = brokerPort(simOutput);

        Process sub = start(new ProcessBuilder(mosquittoSub.toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(port), "-v", "-t", "podctl/#").redirectErrorStream(true));
        List<String> seen = collect(sub);
        String root = "podctl/lab/pod1";
        await("status, state, points, alarms and events seen by mosquitto_sub").atMost(Duration.ofSeconds(30))
                .until(() -> has(seen, root + "/status {\"online\":true")
                        && has(seen, root + "/state {\"mode\":\"RUNNING\"")
                        && has(seen, root + "/points/cdu.supplyTemp {\"v\":")
                        && has(seen, root + "/points/leak.rack1 {\"v\":0.0")
                        && has(seen, root + "/alarms/cdu.supplyTemp.high {")
                        && has(seen, root + "/events {\"seq\":"));

        String console = consoleUrl(simOutput);
        assertTrue(console != null && console.startsWith("http://127.0.0.1:"), "console address printed: " + simOutput);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(console)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<title>podctl operator console</title>"), page.body());
        JsonNode config = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(console
                + "config.json")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertTrue(config.path("brokerUrl").asText().matches("ws://127\\.0\\.0\\.1:\\d+/mqtt"), config.toString());
        assertEquals(root, config.path("topicRoot").asText());

        sim.toHandle().destroy(); // SIGTERM (Process.destroy() would also close our end of its output)
        assertTrue(sim.waitFor(20, TimeUnit.SECONDS), "podctl sim did not stop on SIGTERM: " + simOutput);
        assertEquals(0, sim.exitValue(), "exit code after SIGTERM; output: " + simOutput);
        assertTrue(has(seen, root + "/status {\"online\":false}"), "orderly offline published: " + tail(seen));
        assertTrue(has(simOutput, "stopped: outputs de-energized"), String.join("\n", simOutput));
    }

    private Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static List<String> collect(Process p) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reader stopped: " + e + ")");
            }
        }, "collect-" + p.pid());
        t.setDaemon(true);
        t.start();
        return lines;
    }

    private static String consoleUrl(List<String> lines) {
        synchronized (lines) {
            for (String l : lines) {
                Matcher m = CONSOLE.matcher(l);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static int brokerPort(List<String> lines) {
        synchronized (lines) {
            for (String l : lines) {
                Matcher m = BROKER.matcher(l);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        return -1;
    }

    private static boolean has(List<String> lines, String prefix) {
        synchronized (lines) {
            return lines.stream().anyMatch(l -> l.startsWith(prefix) || l.contains(prefix));
        }
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        }
    }

    private static Path findMosquittoSub() {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin")) {
            Path p = Path.of(dir, "mosquitto_sub");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError("mosquitto_sub not found: apt-get install mosquitto-clients");
    }
}
