package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.sim.SimSignal;
import io.podctl.hal.sim.SimulatedPod;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readings that look like numbers but are not measurements, end to end with the shipped configuration: the
 * plant serves them over real Modbus TCP, the controller judges them, and everything is observed over MQTT.
 * A sensor stuck at a healthy value (the classic unsafe failure), a float32 read one register off, an energy
 * counter served as zeros by a meter that restarted; and the values themselves published as the device meant
 * them (34.8, not 34.800000000000004).
 */
class BadReadingsIT {
    private static final Logger log = LoggerFactory.getLogger(BadReadingsIT.class);
    /** The pod-cdu profile's frozenAfter for its flow and temperatures, at the simulated pod's 200 ms CDU poll. */
    private static final Duration FROZEN_WINDOW = Duration.ofSeconds(60);

    @RegisterExtension
    static final SharedPod shared = new SharedPod(uri -> SimPod.start(uri, SimPod::fastRecovery,
            PodRuntime.Tuning.DEFAULT));
    private final SimPod pod = shared.pod();

    @BeforeEach
    void healthyAndRunning() {
        pod.restoreNormal();
    }

    /**
     * The flow meter sticks at a healthy 330 L/min while pump 1 fails and the real flow stops: the low-flow
     * protections compare a good-looking number and see nothing. The profile's frozen-value check does, after 300
     * unchanged samples, and the low-low flow protection's bad-data action (trip) de-energizes the racks. (The
     * supply temperature has three voted sensors; the flow has one, as most CDUs do.)
     */
    @Test
    void aFlowSensorStuckAtAHealthyValueTripsTheRacksAsFrozen() {
        assertEquals(300, pod.config().device("cdu").orElseThrow().points().stream()
                .filter(p -> p.id().equals("flow")).findFirst().orElseThrow().frozenAfter(),
                "the shipped profile's window");
        long stuckAt = System.nanoTime();
        pod.plant.overrideSignal(SimulatedPod.CDU, SimSignal.CDU_FLOW, 330.0);
        pod.plant.setPumpFault(1, true);
        await("the real flow stops").atMost(Duration.ofSeconds(10)).until(() -> pod.plant.state().flowLpm() < 5);
        assertTrue(pod.allRacksPowered(), "a stuck reading hides the loss of flow");

        await("the stuck sensor trips the racks as bad data").atMost(FROZEN_WINDOW.multipliedBy(3))
                .until(pod::noRackPowered);
        log.info("stuck flow sensor -> racks off after {} s (window {} s)",
                Duration.ofNanos(System.nanoTime() - stuckAt).toSeconds(), FROZEN_WINDOW.toSeconds());
        JsonNode alarm = awaitJson(SimPod.ROOT + "/alarms/cdu.flow.lowlow",
                a -> a.path("severity").asText().equals("trip"));
        assertTrue(alarm.path("message").asText().contains("cdu.flow FROZEN (fail-safe: trip)"), alarm.toString());
        assertEquals("FROZEN", pod.latest(SimPod.ROOT + "/points/cdu.flow").path("q").asText());
        assertTrue(pod.state().trips().stream().anyMatch(t -> t.id().equals("cdu.flow.lowlow")),
                pod.state().trips().toString());
    }

    /**
     * The feeder meter's total power read one register off: the low half of one float joined to the high half
     * of the next, 2.3522E-41 W, inside the point's range. Not GOOD (the feeder alarm acts on it as bad data),
     * with an alarm naming the point and what it probably means; GOOD again once the reading is plausible.
     */
    @Test
    void aFloatReadOneRegisterOffIsBadDataAndRaisesAnAlarmNamingThePoint() {
        pod.plant.overrideRegister(SimulatedPod.METER, RegisterTable.INPUT_REGISTER, 52, 0x0000);
        pod.plant.overrideRegister(SimulatedPod.METER, RegisterTable.INPUT_REGISTER, 53, 0x4192);

        JsonNode alarm = awaitJson(SimPod.ROOT + "/alarms/point.meter.totalPower.implausible",
                a -> a.path("state").asText().equals("ACTIVE_UNACKED"));
        String message = alarm.path("message").asText();
        assertTrue(message.contains("2.3522E-41") && message.contains("subnormal") && message.contains("off by one"),
                alarm.toString());
        JsonNode point = awaitJson(SimPod.ROOT + "/points/meter.totalPower", p -> p.path("q").asText()
                .equals("INVALID"));
        assertTrue(point.path("v").isNull(), "never published as a number: " + point);
        awaitJson(SimPod.ROOT + "/alarms/meter.power.high", a -> a.path("message").asText()
                .contains("meter.totalPower INVALID"));

        meterServesRightValuesAgain("meter.totalPower", "point.meter.totalPower.implausible");
    }

    /**
     * A meter that restarted and serves zeros: its energy counter goes backwards. The reading is not used and
     * a warning says so; when the meter serves its total again, the counter is GOOD and the warning returns.
     */
    @Test
    void anEnergyCounterThatGoesBackwardsIsFlaggedNotAccepted() {
        awaitJson(SimPod.ROOT + "/points/meter.totalEnergy", p -> p.path("q").asText().equals("GOOD")
                && p.path("v").asDouble() > 0);
        pod.plant.overrideSignal(SimulatedPod.METER, SimSignal.METER_TOTAL_ENERGY, 0.0);

        JsonNode warning = awaitJson(SimPod.ROOT + "/alarms/point.meter.totalEnergy.counter",
                a -> a.path("state").asText().equals("ACTIVE_UNACKED"));
        assertEquals("warning", warning.path("severity").asText(), warning.toString());
        assertTrue(warning.path("message").asText().contains("went backwards"), warning.toString());
        awaitJson(SimPod.ROOT + "/points/meter.totalEnergy", p -> p.path("q").asText().equals("INVALID"));

        meterServesRightValuesAgain("meter.totalEnergy", "point.meter.totalEnergy.counter");
    }

    /**
     * What MQTT carries is what the device meant: a 0.1 °C or 0.1 L/min register has one decimal, the CDU's kPa
     * register whole numbers (120.0), and a float32 the shortest decimal that reads back as the same float.
     */
    @Test
    void publishedValuesHaveTheDevicesPrecision() {
        Pattern oneDecimal = Pattern.compile("\"v\":-?\\d+\\.\\d[,}]");
        for (String id : List.of("cdu.supplyTemp", "cdu.flow", "cdu.diffPressure")) {
            String topic = SimPod.ROOT + "/points/" + id;
            await(id + " published").atMost(Duration.ofSeconds(70)).until(() -> !pod.mqtt.payloads(topic).isEmpty());
            String payload = pod.mqtt.payloads(topic).getLast();
            assertTrue(oneDecimal.matcher(payload).find(), id + ": " + payload);
        }
        assertEquals("kPa", pod.latest(SimPod.ROOT + "/points/cdu.diffPressure").path("u").asText());
        String topic = SimPod.ROOT + "/points/meter.l1Voltage";
        await("a voltage published").atMost(Duration.ofSeconds(70)).until(() -> !pod.mqtt.payloads(topic).isEmpty());
        String v = pod.latest(topic).path("v").asText();
        assertEquals(Float.toString(Float.parseFloat(v)), v, "the float32's shortest decimal");
    }

    /** Clears the meter's overrides; then the point is GOOD again and its alarm no longer active. */
    private void meterServesRightValuesAgain(String pointId, String alarmId) {
        pod.plant.clearOverrides(SimulatedPod.METER);
        awaitLatest(SimPod.ROOT + "/points/" + pointId, p -> p.path("q").asText().equals("GOOD"));
        awaitLatest(SimPod.ROOT + "/alarms/" + alarmId, a -> !a.path("state").asText().startsWith("ACTIVE"));
    }

    /** Waits until the latest payload on {@code topic} (a retained topic's current value) matches. */
    private void awaitLatest(String topic, Predicate<JsonNode> condition) {
        await("latest on " + topic).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !pod.mqtt.payloads(topic).isEmpty() && condition.test(pod.latest(topic)));
    }

    /** Waits for a payload on {@code topic}, received since the test began, that matches. */
    private JsonNode awaitJson(String topic, Predicate<JsonNode> condition) {
        return SimPod.json(pod.mqtt.await(topic, p -> condition.test(SimPod.json(p)), Duration.ofSeconds(30))
                .payload());
    }
}
