package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.state.PodMode;
import io.podctl.hal.sim.SimSignal;
import io.podctl.hal.sim.SimulatedPod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped default rule set (config/examples/sim-pod.yaml), cause by cause, through real protocols: each
 * cause produces its declared effects — racks, isolation valve, beacon, derate requests, load shedding — and
 * the commands that manage alarms and trips work end to end with their authorization.
 */
class DefaultRuleSetIT {
    private static final int BEACON = 26;
    private static final int ISOLATION_VALVE = 12;

    @RegisterExtension
    static final SharedPod shared = new SharedPod(uri -> SimPod.start(uri, SimPod::fastRecovery,
            PodRuntime.Tuning.DEFAULT));
    private final SimPod pod = shared.pod();

    @BeforeEach
    void healthyAndRunning() {
        pod.restoreNormal();
        assertFalse(pod.gpio.outputLevel(BEACON), "beacon off while healthy");
        assertTrue(pod.gpio.outputLevel(ISOLATION_VALVE), "isolation valve open while healthy");
    }

    @Test
    void aSupplyTemperatureAlarmSoundsTheBeaconAndAsksTheSchedulerToDerate() throws IOException {
        pod.plant.overrideSupplyTemperature(36.0);
        await("beacon on").atMost(Duration.ofSeconds(6)).until(() -> pod.gpio.outputLevel(BEACON));
        JsonNode derate = awaitJson("/derate", d -> d.path("availableKw").asDouble() == 200.0);
        assertTrue(pod.allRacksPowered(), "an alarm alone keeps the racks powered");

        // The contract of docs/mqtt.md: its example has exactly the fields the pod publishes.
        JsonNode documented = documentedExample("## `{root}/derate`");
        assertEquals(fieldNames(documented), fieldNames(derate), derate.toString());
        assertEquals(fieldNames(documented.path("limits").get(0)), fieldNames(derate.path("limits").get(0)),
                derate.toString());
        assertEquals("derate.cooling", derate.path("limitedBy").asText(), derate.toString());
        assertEquals("[\"derate.cooling\"]", derate.path("effects").toString(),
                "only derate effects, not the beacon acting at the same time: " + derate);
        JsonNode limits = derate.path("limits");
        assertEquals(3, limits.size(), derate.toString());
        assertEquals("site-budget", limits.get(0).path("source").asText());
        assertEquals("budget", limits.get(0).path("kind").asText());
        assertEquals(360.0, limits.get(0).path("limitKw").asDouble(), 1e-9, derate.toString());
        assertEquals("cooling", limits.get(1).path("kind").asText());
        assertTrue(limits.get(1).path("limitKw").asDouble() > 200.0, "cooling is not what limits: " + derate);
        assertTrue(limits.get(1).path("description").asText().contains("cdu.flow"), derate.toString());
        assertEquals("effect", limits.get(2).path("kind").asText());
        assertEquals(200.0, limits.get(2).path("limitKw").asDouble(), 1e-9, derate.toString());
        assertTrue(limits.get(2).path("description").asText().contains("workload scheduler"), derate.toString());
        assertTrue(derate.path("shedRacks").isArray() && Instant.parse(derate.path("time").asText()) != null);
        assertEquals(200.0, pod.state().availablePowerW() / 1000, 1e-9, "the state says the same");
    }

    /** The first JSON example after {@code heading} in docs/mqtt.md. */
    private static JsonNode documentedExample(String heading) throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "mqtt.md"));
        int at = doc.indexOf("```json", doc.indexOf(heading)) + "```json".length();
        return SimPod.json(doc.substring(at, doc.indexOf("```", at)));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    @Test
    void pduOvercurrentTripsOnlyItsOwnRack() {
        pod.plant.setRackDemandKw(1, 115); // about 167 A per phase, above the 160 A trip
        await("rack 1 tripped on overcurrent").atMost(Duration.ofSeconds(8)).until(() -> !pod.rackPowered(1));
        for (int r = 2; r <= 4; r++) {
            assertTrue(pod.rackPowered(r), "rack " + r + " keeps running");
        }
        assertTrue(pod.state().trips().stream().anyMatch(t -> t.id().equals("pdu1.current.high")));
    }

    @Test
    void drawingMoreThanTheSiteBudgetShedsTheLowestPriorityRackAndAnnouncesTheLimit() {
        pod.plant.setRackDemandKw(1, 100);
        pod.plant.setRackDemandKw(2, 100); // 365 kW with pumps and auxiliaries: above the 360 kW budget
        await("rack 4 shed first").atMost(Duration.ofSeconds(15)).until(() -> !pod.rackPowered(4));
        assertTrue(pod.rackPowered(1) && pod.rackPowered(2) && pod.rackPowered(3), "only one rack is shed");
        JsonNode state = awaitJson("/state", s -> s.path("power").path("shedRacks").toString().contains("rack4.power"));
        assertEquals("DEGRADED", state.path("mode").asText(), state.toString());
        awaitJson("/derate", d -> d.path("shedRacks").toString().contains("rack4.power"));
        assertTrue(pod.state().trips().isEmpty(), "shedding is not a trip");
    }

    /** The rate protection warns of a losing heat exchanger before any level is reached. */
    @Test
    void aSupplyTemperatureClimbingFasterThanTwoDegreesAMinuteRaisesTheRisingAlarm() {
        double now = pod.plant.state().supplyTemperatureC();
        // +2.5 degC at once: 5 degC/min over the 30 s window, still below every level (warning at 33).
        pod.plant.overrideSupplyTemperature(Math.min(now + 2.5, 32.5));
        JsonNode alarm = awaitJson("/alarms/cdu.supplyTemp.rising",
                a -> a.path("state").asText().equals("ACTIVE_UNACKED") && a.path("severity").asText().equals("alarm"));
        assertTrue(alarm.path("message").asText().contains("/min"), alarm.toString());
        assertTrue(pod.allRacksPowered(), "a rate alarm acts on nothing");
        pod.plant.clearOverrides(SimulatedPod.CDU);
        await("a fall never alarms: the rising alarm returns").atMost(Duration.ofSeconds(10))
                .until(() -> pod.state().alarms().stream().noneMatch(a -> a.id().equals("cdu.supplyTemp.rising")
                        && a.state().isActive()));
    }

    /**
     * Load shedding acts first (after 5 s) on a feeder above its budget; when shedding cannot bring it down —
     * here a meter reading held at 390 kW — the feeder alarm follows after its 10 s delay.
     */
    @Test
    void aFeederHeldAboveItsLimitRaisesThePowerAlarmAfterSheddingHadItsChance() {
        pod.plant.overrideSignal(SimulatedPod.METER, SimSignal.METER_TOTAL_POWER, 390_000.0);
        await("rack 4 shed first").atMost(Duration.ofSeconds(10)).until(() -> !pod.rackPowered(4));
        JsonNode alarm = awaitJson("/alarms/meter.power.high",
                a -> a.path("state").asText().equals("ACTIVE_UNACKED") && a.path("severity").asText().equals("alarm"));
        assertTrue(alarm.path("message").asText().contains("390000"), alarm.toString());
        assertTrue(pod.state().trips().isEmpty(), "neither shedding nor the feeder alarm is a trip");
    }

    @Test
    void aLeakClosesTheIsolationValveAndSoundsTheBeacon() {
        pod.plant.setLeak(4, true);
        await().atMost(Duration.ofSeconds(2)).until(pod::noRackPowered);
        assertFalse(pod.gpio.outputLevel(ISOLATION_VALVE), "isolation valve closed");
        assertTrue(pod.gpio.outputLevel(BEACON), "beacon on");
    }

    @Test
    void aLowReservoirRaisesItsAlarm() {
        pod.plant.overrideSignal(SimulatedPod.CDU, SimSignal.CDU_RESERVOIR_LEVEL, 45.0);
        JsonNode alarm = awaitJson("/alarms/cdu.reservoir.low", a -> a.path("severity").asText().equals("alarm"));
        assertEquals("ACTIVE_UNACKED", alarm.path("state").asText());
    }

    @Test
    void shelvingIsAnOperatorsAndBypassingAnEngineersAndBothNeedAnExpiry() {
        pod.plant.overrideSignal(SimulatedPod.CDU, SimSignal.CDU_RESERVOIR_LEVEL, 45.0);
        awaitJson("/alarms/cdu.reservoir.low", a -> a.path("severity").asText().equals("alarm"));
        assertEquals("INVALID_ARGS", pod.command("shelve", "operator",
                "{\"alarm\":\"cdu.reservoir.low\",\"reason\":\"refilling\"}").path("code").asText());
        assertEquals("ACCEPTED", pod.command("shelve", "operator",
                "{\"alarm\":\"cdu.reservoir.low\",\"reason\":\"refilling\",\"duration\":\"30min\"}").path("code").asText());
        await().atMost(Duration.ofSeconds(3)).until(() -> pod.state().alarms().stream()
                .anyMatch(a -> a.id().equals("cdu.reservoir.low") && !a.annunciated()));

        assertEquals("FORBIDDEN", pod.command("bypass", "operator",
                "{\"protection\":\"cdu.flow.lowlow\",\"reason\":\"meter swap\",\"duration\":\"1h\"}").path("code").asText());
        assertEquals("INVALID_ARGS", pod.command("bypass", "engineer",
                "{\"protection\":\"cdu.flow.lowlow\",\"reason\":\"meter swap\"}").path("code").asText(),
                "a bypass without an expiry is refused");
        assertEquals("FORBIDDEN", pod.command("bypass", "engineer",
                "{\"protection\":\"estop\",\"reason\":\"x\",\"duration\":\"1h\"}").path("code").asText(),
                "the E-stop is never bypassable");
        assertEquals("OUT_OF_RANGE", pod.command("bypass", "engineer",
                "{\"protection\":\"cdu.flow.lowlow\",\"reason\":\"meter swap\",\"duration\":\"9h\"}").path("code").asText());
        assertEquals("ACCEPTED", pod.command("bypass", "engineer",
                "{\"protection\":\"cdu.flow.lowlow\",\"reason\":\"meter swap\",\"duration\":\"1h\"}").path("code").asText());
        JsonNode state = awaitJson("/state", s -> s.path("bypasses").toString().contains("cdu.flow.lowlow"));
        assertTrue(state.path("bypasses").get(0).path("until").isTextual(), state.toString());
        assertEquals("ACCEPTED", pod.command("unbypass", "engineer", "{\"protection\":\"cdu.flow.lowlow\"}")
                .path("code").asText());
    }

    @Test
    void maintenanceHoldsRacksOffAllowsABoundedOverrideAndNeedsAResetToLeave() {
        assertEquals("CONDITION_ACTIVE", pod.command("override", "engineer",
                "{\"output\":\"rack1.power\",\"energized\":true,\"reason\":\"test\",\"duration\":\"1min\"}")
                .path("code").asText(), "overrides only in maintenance");
        assertEquals("ACCEPTED", pod.command("mode", "engineer", "{\"mode\":\"maintenance\",\"reason\":\"contactor test\"}")
                .path("code").asText());
        await().atMost(Duration.ofSeconds(2)).until(pod::noRackPowered);
        assertEquals(PodMode.MAINTENANCE, pod.state().mode());
        assertEquals("OUT_OF_RANGE", pod.command("override", "engineer",
                "{\"output\":\"rack1.power\",\"energized\":true,\"reason\":\"test\",\"duration\":\"1h\"}")
                .path("code").asText(), "at most 10 min");
        assertEquals("ACCEPTED", pod.command("override", "engineer",
                "{\"output\":\"rack1.power\",\"energized\":true,\"reason\":\"contactor test\",\"duration\":\"1min\"}")
                .path("code").asText());
        await().atMost(Duration.ofSeconds(2)).until(() -> pod.rackPowered(1));
        assertFalse(pod.rackPowered(2));

        assertEquals("ACCEPTED", pod.command("mode", "engineer", "{\"mode\":\"normal\"}").path("code").asText());
        await().atMost(Duration.ofSeconds(2)).until(pod::noRackPowered);
        assertEquals(PodMode.STARTING, pod.state().mode(), "leaving maintenance needs a reset");
        assertEquals("ACCEPTED", pod.command("reset", "operator", null).path("code").asText());
        await().atMost(Duration.ofSeconds(15)).until(pod::allRacksPowered);
    }

    @Test
    void aSetpointOutsideItsEngineeringBoundsIsRefusedNotClamped() {
        JsonNode reply = pod.command("setpoint", "engineer", "{\"point\":\"cdu.supplyTempSetpoint\",\"value\":50}");
        assertEquals("OUT_OF_RANGE", reply.path("code").asText(), reply.toString());
        assertEquals("FORBIDDEN", pod.command("setpoint", "operator",
                "{\"point\":\"cdu.supplyTempSetpoint\",\"value\":25}").path("code").asText());
        assertEquals("INVALID_ARGS", pod.command("setpoint", "engineer", "{\"point\":\"cdu.flow\",\"value\":25}")
                .path("code").asText(), "only configured setpoints may be written");
    }

    @Test
    void losingTheDutyPumpStartsTheStandbyPumpBeforeTheLowFlowTripActs() {
        pod.plant.stopPump(1);
        await("standby pump running (N+1)").atMost(Duration.ofSeconds(8))
                .until(() -> pod.plant.state().pump(2).running());
        JsonNode write = awaitJson("/events", e -> e.path("type").asText().equals("WRITE"));
        assertTrue(write.path("message").asText().contains("written and verified"), write.toString());
        await("flow restored by pump 2").atMost(Duration.ofSeconds(10))
                .until(() -> pod.plant.state().flowLpm() > 280);
        assertTrue(pod.allRacksPowered(), "the changeover kept the racks running");
        assertTrue(pod.state().trips().isEmpty(), pod.state().trips().toString());
    }

    @Test
    void aSetpointWithinItsBoundsIsWrittenToTheCduAndVerified() {
        JsonNode reply = pod.command("setpoint", "engineer", "{\"point\":\"cdu.supplyTempSetpoint\",\"value\":28}");
        assertEquals("ACCEPTED", reply.path("code").asText(), reply.toString());
        JsonNode write = awaitJson("/events", e -> e.path("type").asText().equals("WRITE"));
        assertTrue(write.path("message").asText().contains("written and verified"), write.toString());
        await().atMost(Duration.ofSeconds(3)).until(() -> pod.plant.state().supplySetpointC() == 28.0);
        assertEquals("ACCEPTED", pod.command("setpoint", "engineer",
                "{\"point\":\"cdu.supplyTempSetpoint\",\"value\":30}").path("code").asText());
        await().atMost(Duration.ofSeconds(3)).until(() -> pod.plant.state().supplySetpointC() == 30.0);
    }

    private JsonNode awaitJson(String suffix, Predicate<JsonNode> condition) {
        return SimPod.json(pod.mqtt.await(SimPod.ROOT + suffix, p -> condition.test(SimPod.json(p)),
                Duration.ofSeconds(20)).payload());
    }
}
