package io.podctl.controller.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.podctl.controller.testing.ChildJvm;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.TestMqttClient;
import io.podctl.hal.gpio.Pi4jGpio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podctl run} as the launcher runs it (a child JVM with the program's own logging) with a configuration that
 * has a GPIO section, on this machine, which has no GPIO: one line says what is missing and how to run without it,
 * the retained status on a real Mosquitto says why the pod is down, and the exit code is 3. With
 * {@code --mock-gpio} the same file runs.
 */
class RunCommandIT {
    private static final String ROOT = "podctl/lab/runit";
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;
    private Path config;
    private MosquittoBroker broker;

    /** Each test has its own broker: nothing retained by one is seen by the next. */
    @BeforeEach
    void startBrokerAndWriteConfig() throws IOException {
        assumeTrue(Pi4jGpio.whyUnavailable(Pi4jGpio.DEVICES).isPresent(), "this machine has GPIO");
        broker = MosquittoBroker.start();
        config = dir.resolve("pod.yaml");
        Files.writeString(config, """
                pod: {site: lab, id: runit}
                mqtt: {brokers: ["%s"]}
                gpio:
                  inputs:
                    - {id: leak, pin: 17, pull: down, contact: normallyClosed}
                  outputs:
                    - {id: rack1.power, pin: 5}
                protections:
                  - {id: leak, point: leak, condition: active, deenergize: [rack1.power]}
                authorization:
                  operate: [operator]
                persistence: {directory: %s}
                logging: {directory: %s}
                """.formatted(broker.uri(), dir.resolve("state"), dir.resolve("logs")));
    }

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
    void withoutTheConfiguredGpioRunSaysInOneLineWhatIsMissingAndPublishesWhyThePodIsDown() throws Exception {
        try (TestMqttClient console = TestMqttClient.subscribe(broker.uri(), ROOT + "/status")) {
            Process p = run("run", "--config", config.toString());
            assertEquals(3, exitCode(p), output());
            List<String> lines = Files.readAllLines(dir.resolve("run.log"));
            List<String> errors = lines.stream().filter(l -> l.contains(" ERROR ")).toList();
            assertEquals(1, errors.size(), "one error line: " + lines);
            String error = errors.get(0);
            assertTrue(error.contains("no GPIO on this machine") && error.contains("--mock-gpio")
                    && error.contains("gpio section"), error);
            for (String line : lines) {
                assertTrue(!line.matches("\\s+at .*") && !line.contains("Exception") && !line.contains("board model"),
                        "no stack trace, no library warnings: " + line);
            }
            TestMqttClient.Received status = console.await(ROOT + "/status", s -> s.contains("\"online\":false"),
                    Duration.ofSeconds(10));
            assertTrue(status.retained() || console.messages(ROOT + "/status").size() == 1, status.toString());
            assertTrue(status.payload().contains("\"reason\":\"no GPIO on this machine"), status.payload());
        }
        try (TestMqttClient late = TestMqttClient.subscribe(broker.uri(), ROOT + "/status")) {
            TestMqttClient.Received retained = late.await(ROOT + "/status", s -> true, Duration.ofSeconds(10));
            assertTrue(retained.retained() && retained.payload().contains("no GPIO"), "a console that connects later"
                    + " sees why: " + retained);
        }
    }

    @Test
    void withVerboseTheStackTraceFollowsTheLine() throws Exception {
        Process p = run("run", "--config", config.toString(), "--verbose");
        assertEquals(3, exitCode(p), output());
        String out = output();
        assertTrue(out.contains("GpioUnavailableException") && out.matches("(?s).*\\n\\s+at .*"), out);
    }

    @Test
    void withMockGpioTheSameFileRunsAndStopsCleanly() throws Exception {
        try (TestMqttClient console = TestMqttClient.subscribe(broker.uri(), ROOT + "/status")) {
            Process p = run("run", "--config", config.toString(), "--mock-gpio");
            console.await(ROOT + "/status", s -> s.contains("\"online\":true"), Duration.ofSeconds(60));
            p.destroy(); // SIGTERM
            assertEquals(0, exitCode(p), output());
            assertTrue(output().contains("mock provider"), output());
        }
    }

    private Process run(String... args) throws IOException {
        // tinylog would pick up the tests' tinylog-test.properties from the classpath by itself: an empty file
        // leaves the logging set-up to podctl, as in the distribution.
        Path noLoggingConfig = Files.writeString(dir.resolve("no-tinylog.properties"), "");
        Process p = new ProcessBuilder(ChildJvm.launcherCommand(PodctlCommand.class, List.of("-Xmx256m",
                "--enable-native-access=ALL-UNNAMED", "-Dtinylog.configuration=" + noLoggingConfig), List.of(args)))
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("run.log").toFile()).start();
        processes.add(p);
        return p;
    }

    private static int exitCode(Process p) {
        await("podctl exits").atMost(Duration.ofSeconds(60)).until(() -> !p.isAlive());
        return p.exitValue();
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("run.log"));
    }
}
