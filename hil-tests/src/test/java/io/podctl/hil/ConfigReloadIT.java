package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.hal.sim.SimulatedPod;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reloading the configuration of a running pod: a good file that changes a level is applied between two cycles
 * without a missed deadline; a broken file keeps the running configuration and raises an alarm saying why; a
 * change that needs a restart is not applied and says so.
 */
class ConfigReloadIT {
    private static final String SUPPLY_ALARM = SimPod.ROOT + "/alarms/cdu.supplyTemp.high";
    private static final String STATUS = SimPod.ROOT + "/status";

    private static Path file;
    private static String original;
    @RegisterExtension
    static final SharedPod shared = new SharedPod(ConfigReloadIT::startFromACopyOfTheExample);
    private final SimPod pod = shared.pod();

    private static SimPod startFromACopyOfTheExample(String brokerUri) throws Exception {
        file = Files.createTempDirectory("podctl-reload").resolve("pod.yaml");
        try (InputStream in = ConfigReloadIT.class.getResourceAsStream("/io/podctl/config/examples/sim-pod.yaml")) {
            Files.copy(in, file);
        }
        original = Files.readString(file);
        return SimPod.startFromFile(brokerUri, file);
    }

    private static void rewrite(String from, String to) throws Exception {
        String text = original.replace(from, to);
        if (text.equals(original)) {
            throw new AssertionError("the example no longer contains: " + from);
        }
        Files.writeString(file, text);
    }

    @Test
    void reloadsAppliesGoodFilesBetweenCyclesAndKeepsTheRunningOneOtherwise() throws Exception {
        long overrunsBefore = pod.runtime().loopStats().overruns();
        // 1. A lower alarm level for the supply temperature: hot-applicable.
        rewrite("    alarm: 35                       # degC", "    alarm: 34                       # degC");
        JsonNode reply = pod.command("reload", "engineer", null);
        assertEquals("ACCEPTED", reply.path("code").asText(), reply.toString());
        JsonNode reloaded = awaitEvent(e -> e.path("message").asText().startsWith("configuration reloaded"));
        assertTrue(reloaded.path("message").asText().contains("cdu.supplyTemp.high"), reloaded.toString());
        await("status announces the new configuration hash").atMost(Duration.ofSeconds(5))
                .until(() -> !pod.latest(STATUS).path("configHash").asText().equals(pod.configHash));
        String reloadedHash = pod.latest(STATUS).path("configHash").asText();
        raiseSupplyTemperatureAboveTheNewAlarmLevel();
        assertEquals(overrunsBefore, pod.runtime().loopStats().overruns(), "no missed deadline while applying it");
        // The level alarm clears once the supply is back below alarm minus hysteresis, which takes a poll or two:
        // wait for that, so that step 2 judges the kept configuration and not the tail of this excursion.
        lowerSupplyTemperatureAndAwaitTheAlarmClearing();

        // 2. A broken file: refused with every reason, the running configuration (alarm at 34) stays.
        rewrite("    alarm: 35                       # degC", "    alarm: 45                       # degC");
        pod.runtime().requestReload("test");
        JsonNode refused = awaitEvent(e -> e.path("message").asText().contains("refused"));
        assertTrue(refused.path("message").asText().contains("alarm-beyond-trip"), refused.toString());
        JsonNode alarm = SimPod.json(pod.mqtt.await(SimPod.ROOT + "/alarms/controller.config",
                p -> SimPod.json(p).path("state").asText().equals("ACTIVE_UNACKED"), Duration.ofSeconds(5)).payload());
        assertTrue(alarm.path("message").asText().contains("running the previous configuration"), alarm.toString());
        // 34.5 degC is an alarm only at the kept level (34): under the refused file (alarm 45) it would only warn.
        raiseSupplyTemperatureAboveTheNewAlarmLevel();
        lowerSupplyTemperatureAndAwaitTheAlarmClearing();
        // Checked last: by now the status would have announced the refused file's hash had it been applied.
        assertEquals(reloadedHash, pod.latest(STATUS).path("configHash").asText(),
                "the status still announces the configuration of step 1");

        // 3. A change that needs a restart (a new bus) is not applied, and says so.
        rewrite("buses:\n", "buses:\n  - id: spare-net\n    tcp: {host: 127.0.0.1, port: 15099}\n");
        pod.runtime().requestReload("test");
        JsonNode restart = awaitEvent(e -> e.path("message").asText().contains("need a restart"));
        assertTrue(restart.path("message").asText().contains("buses"), restart.toString());
    }

    /**
     * Overrides the CDU's supply temperature to 34.5 degC, between the reloaded alarm level (34) and the
     * original one (35), and waits for an alarm published after the override (earlier messages on the retained
     * topic do not count).
     */
    private void raiseSupplyTemperatureAboveTheNewAlarmLevel() {
        int seenBefore = pod.mqtt.messages(SUPPLY_ALARM).size();
        pod.plant.overrideSupplyTemperature(34.5);
        await("the supply temperature alarm at the level of 34 degC").atMost(Duration.ofSeconds(8))
                .until(() -> pod.mqtt.messages(SUPPLY_ALARM).stream().skip(seenBefore)
                        .map(m -> SimPod.json(m.payload()))
                        .anyMatch(a -> a.path("severity").asText().equals("alarm")
                                && a.path("state").asText().startsWith("ACTIVE")));
    }

    private void lowerSupplyTemperatureAndAwaitTheAlarmClearing() {
        pod.plant.clearOverrides(SimulatedPod.CDU);
        await("the supply temperature alarm clears").atMost(Duration.ofSeconds(8))
                .until(this::supplyTemperatureAlarmInactive);
    }

    private boolean supplyTemperatureAlarmInactive() {
        return pod.state().alarms().stream().noneMatch(a -> a.id().equals("cdu.supplyTemp.high")
                && a.state().isActive());
    }

    private JsonNode awaitEvent(Predicate<JsonNode> condition) {
        return SimPod.json(pod.mqtt.await(SimPod.ROOT + "/events",
                p -> SimPod.json(p).path("type").asText().equals("CONFIG") && condition.test(SimPod.json(p)),
                Duration.ofSeconds(10)).payload());
    }
}
