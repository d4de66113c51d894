package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.config.VotingGroupConfig;
import io.podctl.hal.sim.SensorFault;
import io.podctl.hal.sim.SupplySensor;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped pod's 2oo3 vote on the CDU supply temperature (config/examples/sim-pod.yaml: three sensors in the
 * simulated CDU, each in its own register), end to end: one sensor failing, one drifting, two disagreeing. The
 * plant's physics run 10 times faster than real time, so that a real loss of cooling and a sensor's drift take
 * seconds; the controller, its polling and its delays (the 30 s exclusion among them) run in real time.
 *
 * <p>Outcomes are observed as a pod's operator would see them: the alarm and event topics, the points, the rack
 * contactor outputs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupplyTemperatureVotingIT {
    private static final String GROUP = "cdu.supplyTemp.voted";
    private static final String GROUP_ALARM = SimPod.ROOT + "/alarms/group." + GROUP;
    private static final String EVENTS = SimPod.ROOT + "/events";
    /** Drift of a sensor in simulated time; with the plant 10 times faster, 0.5 degC per real second. */
    private static final double DRIFT_C_PER_MIN = 3.0;
    /** Longer than any wait here: exclusion delay plus the time to drift out of the band, on a loaded machine. */
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @RegisterExtension
    static final SharedPod shared = new SharedPod(uri -> SimPod.startFastPhysics(uri, 10.0));
    private final SimPod pod = shared.pod();

    @BeforeEach
    void healthyAndRunning() {
        pod.restoreNormal();
    }

    /**
     * An open-circuit sensor reads the end of scale (3276.7 degC) and is bad data, never a temperature: it is out
     * of the vote with an alarm, the racks keep running on the other two sensors (2oo3 now acts as 1oo2), and when
     * the coolant really overheats the two healthy sensors trip the racks.
     */
    @Test
    @Order(1)
    void aFailedSensorIsOutvotedThePodRunsOnTheOtherTwoAndARealOverTemperatureStillTrips() {
        pod.plant().failSupplySensor(SupplySensor.A, SensorFault.OPEN_CIRCUIT);
        JsonNode degraded = awaitGroupAlarm(a -> a.path("message").asText().contains("cdu.supplyTemp not GOOD"));
        assertTrue(degraded.path("message").asText().contains("2oo3 now trips on 1 more vote of 2"),
                degraded.toString());
        JsonNode failed = awaitJson("/points/cdu.supplyTemp", p -> p.path("q").asText().equals("OUT_OF_RANGE"));
        assertTrue(failed.path("v").isNull(), "the end-of-scale reading is never a number: " + failed);
        // The supply trip's 2 s on-delay would have run out: a bad vote alone does not trip 2oo3.
        await("the racks keep running on two sensors").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(pod::allRacksPowered);
        awaitJson("/state", s -> s.path("mode").asText().equals("DEGRADED") && s.path("trips").isEmpty());

        // Facility water far too warm for the heat exchanger: the coolant itself heats up.
        pod.plant().setFacilityWaterTemperature(48);
        pod.plant().setValveStuck(100.0);
        await("the supply temperature trip on the two healthy sensors").atMost(DEADLINE).until(pod::noRackPowered);
        JsonNode trip = awaitEvent(e -> e.path("type").asText().equals("TRIP_LATCHED")
                && e.path("source").asText().equals("cdu.supplyTemp.high"));
        assertTrue(trip.path("message").asText().contains("channels vote trip: cdu.supplyTemp not GOOD;"),
                trip.toString());
        double b = pod.latest(SimPod.ROOT + "/points/cdu.supplyTempB").path("v").asDouble();
        assertTrue(b >= 39.0, "sensor B measured the over-temperature: " + b);
    }

    /**
     * A sensor whose bias grows is suspect once it leaves the 1 degC band around the median, and is excluded with
     * an alarm after the configured 30 s; reading far beyond the trip level by then, it trips nothing, because the
     * other two agree. When a second sensor then drifts the other way, it leaves the band around the median (the
     * third sensor) too and is excluded in turn: no majority remains, so the two trip votes trip the racks at once
     * (the supply protection's bad-data action, trip), with the group alarm naming both, although the coolant is at
     * 30 degC. The trip cannot be reset while the vote has no majority.
     *
     * <p>One timeline for both, because a sensor once excluded needs as long again back in the band before it
     * votes again: restoring the pod in between would add those 30 s for nothing.
     */
    @Test
    @Order(2) // last: its recovery (30 s back in band, reset, staggered restart) would cost most
    void aDriftingSensorIsExcludedWithoutATripAndASecondDisagreeingOneLeavesNoMajorityForTheFailSafeTrip() {
        Duration exclusion = supplyGroup().discrepancyDelay();
        long start = System.nanoTime();
        pod.plant().driftSupplySensor(SupplySensor.B, DRIFT_C_PER_MIN);
        JsonNode excluded = awaitGroupAlarm(a -> a.path("message").asText().contains("cdu.supplyTempB excluded"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(exclusion) >= 0, "excluded after " + took + ", before the configured " + exclusion);
        assertTrue(excluded.path("message").asText().contains("disagrees by more than 1.00"), excluded.toString());
        double b = pod.latest(SimPod.ROOT + "/points/cdu.supplyTempB").path("v").asDouble();
        assertTrue(b > 40.0, "by now the drifting sensor reads beyond the trip level: " + b);
        pod.plant().driftSupplySensor(SupplySensor.B, 0); // it keeps its error, but stays inside its 100 degC range
        await("no trip from an excluded sensor").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(pod::allRacksPowered);
        assertTrue(pod.mqtt().payloads(EVENTS).stream().noneMatch(e -> e.contains("\"TRIP_LATCHED\"")),
                "no trip latched");
        assertTrue(pod.mqtt().payloads(SimPod.ROOT + "/alarms/cdu.supplyTemp.high").stream()
                .noneMatch(a -> SimPod.json(a).path("state").asText().startsWith("ACTIVE")),
                "the voted value stays normal: no supply temperature alarm");

        long second = System.nanoTime();
        pod.plant().driftSupplySensor(SupplySensor.C, -DRIFT_C_PER_MIN);
        await("the no-majority trip").atMost(DEADLINE).until(pod::noRackPowered);
        took = Duration.ofNanos(System.nanoTime() - second);
        assertTrue(took.compareTo(exclusion) >= 0, "tripped after " + took + ", before the exclusion time " + exclusion
                + ": until then two sensors of three agree");
        JsonNode trip = awaitEvent(e -> e.path("type").asText().equals("TRIP_LATCHED")
                && e.path("source").asText().equals("cdu.supplyTemp.high"));
        String cause = trip.path("message").asText();
        assertTrue(cause.contains("2 of 3 channels vote trip") && cause.contains("cdu.supplyTempB excluded")
                && cause.contains("cdu.supplyTempC excluded"), cause);
        JsonNode group = awaitGroupAlarm(a -> a.path("message").asText().contains("cdu.supplyTempC excluded")
                && a.path("message").asText().contains("cdu.supplyTempB excluded"));
        assertTrue(group.path("message").asText().contains("now trips on 0 more votes of 1"), group.toString());
        double a = pod.latest(SimPod.ROOT + "/points/cdu.supplyTemp").path("v").asDouble();
        assertEquals(30.0, a, 1.0, "the coolant itself is fine: the trip is the fail-safe of a vote without majority");

        JsonNode refused = pod.command("reset", "operator", null);
        assertEquals("CONDITION_ACTIVE", refused.path("code").asText(), "no majority, no reset: " + refused);
    }

    private VotingGroupConfig supplyGroup() {
        return pod.config().votingGroups().stream().filter(g -> g.id().equals(GROUP)).findFirst().orElseThrow();
    }

    private JsonNode awaitGroupAlarm(Predicate<JsonNode> condition) {
        return SimPod.json(pod.mqtt().await(GROUP_ALARM, p -> {
            JsonNode a = SimPod.json(p);
            return a.path("state").asText().equals("ACTIVE_UNACKED") && a.path("severity").asText().equals("alarm")
                    && condition.test(a);
        }, DEADLINE).payload());
    }

    private JsonNode awaitEvent(Predicate<JsonNode> condition) {
        return awaitJson("/events", condition);
    }

    private JsonNode awaitJson(String suffix, Predicate<JsonNode> condition) {
        return SimPod.json(pod.mqtt().await(SimPod.ROOT + suffix, p -> condition.test(SimPod.json(p)), DEADLINE)
                .payload());
    }
}
