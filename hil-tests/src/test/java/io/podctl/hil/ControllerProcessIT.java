package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.cli.PodctlCommand;
import io.podctl.controller.testing.ChildJvm;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.SparkplugSchema;
import io.podctl.controller.testing.TestMqttClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    private Process sim(Path work, Path config) throws IOException {
        List<String> args = new ArrayList<>(List.of("sim", "--no-view", "--broker", broker.uri(), "--state-dir",
                work.resolve("state").toString()));
        if (config != null) {
            args.addAll(List.of("--config", config.toString()));
        }
        Process p = new ProcessBuilder(ChildJvm.command(PodctlCommand.class, List.of("-Xmx256m"), args))
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("sim.log").toFile())).start();
        processes.add(p);
        return p;
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
