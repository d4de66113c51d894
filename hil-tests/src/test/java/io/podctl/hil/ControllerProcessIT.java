package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.controller.cli.PodctlCommand;
import io.podctl.controller.persistence.SafetyStateStore;
import io.podctl.controller.testing.ChildJvm;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.SparkplugSchema;
import io.podctl.controller.testing.TestMqttClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller as a process of its own ({@code podctl sim --no-view --broker ...} in a child JVM on the test
 * classpath), killed with SIGKILL: the broker announces its death with the Last Will.
 */
class ControllerProcessIT {
    private static MosquittoBroker broker;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process sim(Path work, Path config, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("sim", "--no-view", "--broker", broker.uri(), "--state-dir",
                work.resolve("state").toString()));
        if (config != null) {
            args.addAll(List.of("--config", config.toString()));
        }
        args.addAll(List.of(options));
        Process p = new ProcessBuilder(ChildJvm.command(PodctlCommand.class, List.of("-Xmx256m"), args))
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("sim.log").toFile())).start();
        processes.add(p);
        return p;
    }

    /**
     * SIGKILL while a trip is latched, then a new process on the same state directory: the trip is still
     * latched, with the time it latched before the kill, besides the start-up trip, although the leak that
     * caused it is gone, and no rack is powered.
     */
    @Test
    void aControllerKilledWhileTrippedComesBackTripped(@TempDir Path work) throws Exception {
        String state = SimPod.ROOT + "/state";
        try (TestMqttClient watcher = TestMqttClient.subscribe(broker.uri(), state)) {
            Process first = sim(work, null);
            await("the first process runs the pod").atMost(Duration.ofSeconds(60))
                    .until(() -> latestState(watcher).contains("\"mode\":\"RUNNING\""));
            typeInto(first, "leak 2");
            await("the leak trip is latched").atMost(Duration.ofSeconds(10))
                    .until(() -> latestState(watcher).contains("leak.rack2"));
            Path memory = work.resolve("state").resolve(SafetyStateStore.FILE);
            await("... and on disk").atMost(Duration.ofSeconds(5))
                    .until(() -> Files.exists(memory) && Files.readString(memory).contains("leak.rack2"));
            kill(first);
            watcher.clear();

            Process second = sim(work, null, "--hold");
            await("the second process publishes its state").atMost(Duration.ofSeconds(60))
                    .until(() -> latestState(watcher).contains("\"safetyInputsGood\":true"));
            JsonNode restarted = SimPod.json(latestState(watcher));
            // STARTING: the start-up trip is latched too, and wants a reset like the leak trip.
            assertEquals("STARTING", restarted.path("mode").asText(), restarted.toString());
            String leakLatchedAt = null;
            String startupLatchedAt = null;
            for (JsonNode t : restarted.path("trips")) {
                if (t.path("id").asText().equals("leak.rack2")) {
                    leakLatchedAt = t.path("latchedAt").asText();
                } else if (t.path("id").asText().equals("startup")) {
                    startupLatchedAt = t.path("latchedAt").asText();
                }
            }
            assertTrue(leakLatchedAt != null && startupLatchedAt != null
                    && Instant.parse(leakLatchedAt).isBefore(Instant.parse(startupLatchedAt)),
                    "the leak trip latched by the killed process is still latched: " + restarted);
            for (int r = 1; r <= 4; r++) {
                assertFalse(restarted.path("outputs").path("rack" + r + ".power").path("energized").asBoolean(),
                        "rack " + r + " stays off: " + restarted);
            }
            kill(second);
        }
    }

    private static String latestState(TestMqttClient watcher) {
        List<TestMqttClient.Received> all = watcher.messages(SimPod.ROOT + "/state");
        return all.isEmpty() ? "" : all.get(all.size() - 1).payload();
    }

    /** Types a plant command into the simulator's standard input. */
    private static void typeInto(Process p, String command) throws IOException {
        p.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no DISCONNECT
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void aKilledControllerIsAnnouncedOfflineByItsWill(@TempDir Path work) throws Exception {
        try (TestMqttClient watcher = TestMqttClient.subscribe(broker.uri(), SimPod.ROOT + "/status")) {
            Process p = sim(work, null);
            watcher.await(SimPod.ROOT + "/status", s -> s.contains("\"online\":true"), Duration.ofSeconds(60));
            int before = watcher.messages().size();
            kill(p);
            await("the Will on the status topic").atMost(Duration.ofSeconds(10))
                    .until(() -> watcher.messages().stream().skip(before)
                            .anyMatch(r -> r.payload().equals("{\"online\":false}")));
        }
    }

    @Test
    void aKilledSparkplugNodeDiesWithTheBdSeqOfItsBirthAndTheNextSessionCountsOn(@TempDir Path work)
            throws Exception {
        String example = Files.readString(Path.of("..", "config", "examples", "sim-pod.yaml"), StandardCharsets.UTF_8);
        String yaml = example.replace("  topicRoot: podctl/{site}/{pod}\n", "  topicRoot: podctl/{site}/{pod}\n"
                + "  profile: sparkplug\n  sparkplugGroup: lab\n");
        assertTrue(yaml.contains("profile: sparkplug"), "the example's mqtt section changed; adapt this test");
        Path config = work.resolve("sparkplug-pod.yaml");
        Files.writeString(config, yaml, StandardCharsets.UTF_8);
        String birth = "spBv1.0/lab/NBIRTH/pod1";
        String death = "spBv1.0/lab/NDEATH/pod1";
        try (TestMqttClient host = TestMqttClient.subscribe(broker.uri(), "spBv1.0/#")) {
            kill(awaitBirth(host, sim(work, config), birth, 1));
            await("NDEATH from the Will").atMost(Duration.ofSeconds(10)).until(() -> !host.messages(death).isEmpty());
            long born = bdSeq(host.messages(birth).get(0));
            assertEquals(born, bdSeq(host.messages(death).get(0)), "the Will's bdSeq is the birth's");

            kill(awaitBirth(host, sim(work, config), birth, 2));
            long reborn = bdSeq(host.messages(birth).get(1));
            assertEquals((born + 1) % 256, reborn, "bdSeq is persisted and counts on after a restart");
            await().atMost(Duration.ofSeconds(10)).until(() -> host.messages(death).size() >= 2);
            assertEquals(reborn, bdSeq(host.messages(death).get(1)));
        }
    }

    private static Process awaitBirth(TestMqttClient host, Process p, String topic, int count) {
        await("NBIRTH " + count).atMost(Duration.ofSeconds(60)).until(() -> host.messages(topic).size() >= count);
        return p;
    }

    private static long bdSeq(TestMqttClient.Received r) {
        return (Long) SparkplugSchema.decode(r.raw()).metric("bdSeq").value();
    }
}
