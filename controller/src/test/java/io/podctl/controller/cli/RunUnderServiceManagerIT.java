package io.podctl.controller.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.testing.ChildJvm;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.hal.notify.ServiceNotifier;
import io.podctl.hal.notify.internal.UnixDatagramReceiver;
import io.podctl.hal.notify.internal.UnixDatagramReceiver.Datagram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code podctl run} in a child JVM as systemd starts it for the shipped unit: {@code NOTIFY_SOCKET} names a socket
 * this test binds, {@code WATCHDOG_USEC} is set. It announces itself ready with its mode,
 * pings the watchdog, says STOPPING=1 on SIGTERM and exits 0.
 */
class RunUnderServiceManagerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void readyWithTheModeThenPingsThenStoppingOnSigterm() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start();
             UnixDatagramReceiver manager = UnixDatagramReceiver.atPath(dir.resolve("notify"))) {
            Path config = Files.writeString(dir.resolve("pod.yaml"), """
                    pod: {site: lab, id: notify}
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
            Path noLoggingConfig = Files.writeString(dir.resolve("no-tinylog.properties"), "");
            ProcessBuilder builder = new ProcessBuilder(ChildJvm.launcherCommand(PodctlCommand.class,
                    List.of("-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                            "-Dtinylog.configuration=" + noLoggingConfig),
                    List.of("run", "--config", config.toString(), "--mock-gpio")))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
            builder.environment().put(ServiceNotifier.SOCKET_VARIABLE, manager.socketName());
            builder.environment().put(ServiceNotifier.WATCHDOG_USEC_VARIABLE, "1000000");
            Process p = builder.start();
            try {
                Datagram ready = manager.nextWith("READY=1", WAIT);
                assertNotNull(ready, () -> "no READY=1: " + log());
                assertTrue(ready.text().contains("STATUS=mode "), ready.text());
                assertNotNull(manager.nextWith("WATCHDOG=1", WAIT), "no WATCHDOG=1");
                assertNotNull(manager.nextWith("WATCHDOG=1", WAIT), "no second WATCHDOG=1");

                p.destroy(); // SIGTERM, as systemctl stop sends it
                Datagram stopping = manager.nextWith("STOPPING=1", WAIT);
                assertNotNull(stopping, () -> "no STOPPING=1: " + log());
                assertTrue(stopping.text().contains("STATUS=stopping: SIGTERM"), stopping.text());
                await("podctl exits").atMost(WAIT).until(() -> !p.isAlive());
                assertEquals(0, p.exitValue(), this::log);
                assertTrue(log().contains("service manager: systemd at " + manager.socketName() + ", watchdog 1000 ms"),
                        this::log);
            } finally {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("run.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
