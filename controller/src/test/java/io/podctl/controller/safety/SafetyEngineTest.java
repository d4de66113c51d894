package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.controller.safety.ProtectionSpec.BadData;
import io.podctl.controller.safety.ProtectionSpec.Kind;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The safety engine as a pure function of (snapshot, time, engine state), on a manual time axis. */
class SafetyEngineTest {
    private static final long MS = 1_000_000L;
    private static final int TEMP = 0;
    private static final int LEAK = 1;
    private static final int RESET = 2;
    private static final int FLOW = 3;

    private SampleBoard board;
    private Snapshot snap;
    private long now;

    @BeforeEach
    void setUp() {
        board = new SampleBoard(List.of(
                new PointDescriptor("cdu.supplyTemp", "degC", Duration.ofSeconds(1), false),
                new PointDescriptor("leak.rack1", "", Duration.ofSeconds(1), true),
                new PointDescriptor("reset.button", "", Duration.ofSeconds(1), true),
                new PointDescriptor("cdu.flow", "L/min", Duration.ofSeconds(1), false)));
        snap = board.newSnapshot();
        now = 1_000 * MS;
    }

    private static ProtectionSpec tempHigh(double alarm, double trip, double hyst, long delayMs, BadData bad) {
        return ProtectionSpec.builder("supply-temp-high", "cdu.supplyTemp", TEMP).kind(Kind.HIGH)
                .levels(Double.NaN, alarm, trip).hysteresis(hyst).delay(delayMs * MS, 0).onBadData(bad)
                .deenergize(0, 1).build();
    }

    private static ProtectionSpec leak() {
        return ProtectionSpec.builder("leak-rack1", "leak.rack1", LEAK).active(Severity.TRIP).deenergize(0, 1).build();
    }

    private static ProtectionSpec estopLike() {
        return ProtectionSpec.builder("estop", "leak.rack1", LEAK).active(Severity.TRIP).localReset(true)
                .deenergize(0, 1).build();
    }

    private static ProtectionSpec flowLow() {
        return ProtectionSpec.builder("flow-low", "cdu.flow", FLOW).kind(Kind.LOW).levels(Double.NaN, 250, 150)
                .hysteresis(10).deenergize(1).build();
    }

    private static SafetyEngine engine(List<ProtectionSpec> specs, int outputs, int resetIndex) {
        List<String> ids = new ArrayList<>();
        for (int o = 0; o < outputs; o++) {
            ids.add("out" + o);
        }
        return new SafetyEngine(EngineSpec.of(specs, ids, resetIndex, 0));
    }

    private void set(int point, double value) {
        board.publish(point, value, Quality.GOOD, now, 0);
    }

    private void setQuality(int point, Quality q) {
        board.publish(point, Double.NaN, q, now, 0);
    }

    private void eval(SafetyEngine e) {
        board.snapshot(now, snap);
        e.evaluate(snap, now, now / MS);
    }

    /** Moves time on by {@code ms} while a healthy poller keeps re-delivering every point's current sample. */
    private void advance(long ms, SafetyEngine e) {
        board.snapshot(now, snap);
        now += ms * MS;
        for (int i = 0; i < board.size(); i++) {
            if (snap.received(i)) {
                board.publish(i, snap.lastValue(i), snap.quality(i), now, 0);
            }
        }
        eval(e);
    }

    /** An engine past its start-up latch: every input GOOD and normal, then reset. */
    private SafetyEngine running(List<ProtectionSpec> specs) {
        SafetyEngine e = engine(specs, 2, RESET);
        set(TEMP, 30);
        set(LEAK, 0);
        set(RESET, 0);
        set(FLOW, 330);
        eval(e);
        assertEquals(ReasonCode.ACCEPTED, e.remoteReset(null, "test").code());
        eval(e);
        assertFalse(e.isStarting());
        assertTrue(e.outputDemand(1), "outputs energize after the start-up reset");
        return e;
    }

    @Test
    void startsWithOutputsSafeAndRefusesResetUntilEverySafetyInputIsGood() {
        SafetyEngine e = engine(List.of(tempHigh(35, 40, 1, 0, BadData.TRIP), leak()), 2, -1);
        set(TEMP, 30);
        eval(e);
        assertTrue(e.isStarting());
        assertFalse(e.outputDemand(0));
        ResetResult early = e.remoteReset(null, "op");
        assertEquals(ReasonCode.CONDITION_ACTIVE, early.code(), early.message());
        assertTrue(early.message().contains("safety inputs"), early.message());

        set(LEAK, 0);
        eval(e);
        assertFalse(e.outputDemand(0), "nothing restarts on its own after a power-up");
        assertEquals(ReasonCode.ACCEPTED, e.remoteReset(null, "op").code());
        eval(e);
        assertTrue(e.outputDemand(0));
        assertFalse(e.isStarting());
    }

    @Test
    void highLimitRaisesTheAlarmThenLatchesTheTripAfterItsDelay() {
        SafetyEngine e = running(List.of(tempHigh(35, 40, 1, 2000, BadData.TRIP)));
        set(TEMP, 36);
        advance(100, e);
        assertFalse(e.alarms().get(0).state().isActive(), "the alarm waits for its delay");
        advance(2000, e);
        assertEquals(AlarmState.ACTIVE_UNACKED, e.alarms().get(0).state());
        assertEquals(Severity.ALARM, e.alarms().get(0).severity());
        assertTrue(e.outputDemand(0), "an alarm does not de-energize");

        set(TEMP, 41);
        advance(100, e);
        assertTrue(e.outputDemand(0), "the trip waits for its delay");
        advance(1999, e);
        assertTrue(e.outputDemand(0), "1.999 s after the limit was first seen crossed");
        advance(1, e);
        assertFalse(e.outputDemand(0));
        assertFalse(e.outputDemand(1));
        assertEquals(Severity.TRIP, e.alarms().get(0).severity());
        List<SafetyEvent> events = new ArrayList<>();
        e.drainEvents(events);
        assertTrue(events.stream().anyMatch(ev -> ev.type() == SafetyEvent.Type.TRIP_LATCHED
                && ev.message().contains("41.00")), events.toString());
    }

    @Test
    void aLatchedTripStaysLatchedWhenTheConditionClearsAndResetsOnlyWhenClear() {
        SafetyEngine e = running(List.of(tempHigh(35, 40, 1, 0, BadData.TRIP)));
        set(TEMP, 40.5);
        advance(100, e);
        assertFalse(e.outputDemand(0));

        set(TEMP, 39.5); // below the limit but inside the hysteresis band
        advance(100, e);
        ResetResult refused = e.remoteReset(null, "op");
        assertEquals(ReasonCode.CONDITION_ACTIVE, refused.code());
        assertTrue(refused.message().contains("supply-temp-high"), refused.message());
        assertFalse(e.outputDemand(0));

        set(TEMP, 30);
        for (int i = 0; i < 50; i++) {
            advance(100, e);
            assertFalse(e.outputDemand(0), "a trip never clears without a reset");
        }
        assertEquals(ReasonCode.ACCEPTED, e.remoteReset(null, "op").code());
        eval(e);
        assertTrue(e.outputDemand(0));
    }

    static Stream<Arguments> badDataActions() {
        return Stream.of(
                Arguments.of(Quality.COMM_FAIL, BadData.TRIP, true, true),
                Arguments.of(Quality.STALE, BadData.TRIP, true, true),
                Arguments.of(Quality.INVALID, BadData.TRIP, true, true),
                Arguments.of(Quality.OUT_OF_RANGE, BadData.TRIP, true, true),
                Arguments.of(Quality.DEVICE_EXCEPTION, BadData.ALARM, false, true),
                Arguments.of(Quality.COMM_FAIL, BadData.ALARM, false, true),
                Arguments.of(Quality.COMM_FAIL, BadData.IGNORE, false, false));
    }

    @ParameterizedTest(name = "{0} with onBadData {1}: trip={2}, alarm={3}")
    @MethodSource("badDataActions")
    void aBadSampleActsAsItsFailSafeActionAtOnceAndIsNeverUsedAsANumber(Quality q, BadData action, boolean trips,
                                                                        boolean alarms) {
        SafetyEngine e = running(List.of(tempHigh(35, 40, 1, 5000, action)));
        setQuality(TEMP, q);
        board.snapshot(now, snap);
        e.evaluate(snap, now, 0);
        assertEquals(!trips, e.outputDemand(0), "outputs after " + q);
        assertEquals(alarms, e.alarms().get(0).state().isActive(), "alarm after " + q);
        if (alarms) {
            assertTrue(e.alarms().get(0).message().contains(q.name()), e.alarms().get(0).message());
        }
    }

    @Test
    void aSilentDeviceGoesStaleByMonotonicAgeAndTrips() {
        SafetyEngine e = running(List.of(tempHigh(35, 40, 1, 0, BadData.TRIP)));
        // No new samples: the last GOOD value ages past its 1 s limit.
        now += 1001 * MS;
        eval(e);
        assertFalse(e.outputDemand(0));
        assertTrue(e.latchedTrips().stream().anyMatch(t -> t.cause().contains("STALE")));
    }

    @Test
    void lowLimitWithHysteresisClearsOnlyBeyondTheBand() {
        SafetyEngine e = running(List.of(flowLow()));
        set(FLOW, 240);
        advance(100, e);
        assertEquals(Severity.ALARM, e.alarms().get(0).severity());
        set(FLOW, 255); // above the 250 alarm limit, inside its 10 L/min hysteresis
        advance(100, e);
        assertTrue(e.alarms().get(0).state().isActive());
        set(FLOW, 261);
        advance(100, e);
        assertFalse(e.alarms().get(0).state().isActive());
        assertEquals(AlarmState.RETURNED_UNACKED, e.alarms().get(0).state());
    }

    @Test
    void aTripDeEnergizesOnlyItsOwnOutputs() {
        SafetyEngine e = running(List.of(tempHigh(35, 40, 1, 0, BadData.TRIP), flowLow()));
        set(FLOW, 100);
        advance(100, e);
        assertTrue(e.outputDemand(0), "flow-low de-energizes output 1 only");
        assertFalse(e.outputDemand(1));
    }

    @Test
    void outputsNoProtectionDeEnergizesAreNotRunPermissivesAndStaySafe() {
        SafetyEngine e = engine(List.of(flowLow()), 3, -1);
        set(FLOW, 330);
        eval(e);
        e.remoteReset(null, "op");
        eval(e);
        assertTrue(e.outputDemand(1));
        assertFalse(e.outputDemand(0));
        assertFalse(e.outputDemand(2));
    }

    @Test
    void aLocalOnlyTripRefusesRemoteResetAndResetsOnALocalRisingEdge() {
        SafetyEngine e = running(List.of(estopLike()));
        set(LEAK, 1);
        advance(100, e);
        assertFalse(e.outputDemand(0));
        set(LEAK, 0);
        advance(100, e);
        ResetResult remote = e.remoteReset(null, "op");
        assertEquals(ReasonCode.LOCAL_RESET_REQUIRED, remote.code());
        assertFalse(e.outputDemand(0));

        set(RESET, 1);
        advance(100, e);
        assertTrue(e.outputDemand(0), "local reset button resets the cleared E-stop");
        set(RESET, 0);
        advance(100, e);
        assertTrue(e.outputDemand(0));
    }

    @Test
    void aLocalResetIsIgnoredWhileTheConditionPersistsAndAHeldButtonIsNotAnEdge() {
        SafetyEngine e = running(List.of(estopLike()));
        set(LEAK, 1);
        advance(100, e);
        set(RESET, 1);
        advance(100, e);
        assertFalse(e.outputDemand(0), "E-stop still pressed");
        set(LEAK, 0);
        advance(100, e);
        assertFalse(e.outputDemand(0), "the button was already held: no new edge");
        set(RESET, 0);
        advance(100, e);
        set(RESET, 1);
        advance(100, e);
        assertTrue(e.outputDemand(0));
    }

    @Test
    void acknowledgeIsSeparateFromClearing() {
        SafetyEngine e = running(List.of(flowLow()));
        set(FLOW, 200);
        advance(100, e);
        assertEquals(AlarmState.ACTIVE_UNACKED, e.alarms().get(0).state());
        e.acknowledge(null, "op");
        assertEquals(AlarmState.ACTIVE_ACKED, e.alarms().get(0).state());
        set(FLOW, 330);
        advance(100, e);
        assertEquals(AlarmState.NORMAL, e.alarms().get(0).state());

        set(FLOW, 200);
        advance(100, e);
        set(FLOW, 330);
        advance(100, e);
        assertEquals(AlarmState.RETURNED_UNACKED, e.alarms().get(0).state());
        assertEquals(ReasonCode.ACCEPTED, e.acknowledge("flow-low", "op"));
        assertEquals(AlarmState.NORMAL, e.alarms().get(0).state());
        assertEquals(ReasonCode.INVALID_ARGS, e.acknowledge("no-such-alarm", "op"));
    }

    @Test
    void theFirstTripOfACascadeIsMarkedFirstOut() {
        SafetyEngine e = running(List.of(tempHigh(35, 40, 1, 0, BadData.TRIP), flowLow()));
        set(FLOW, 100);
        advance(100, e);
        set(TEMP, 45);
        advance(100, e);
        List<TripView> trips = e.latchedTrips();
        assertTrue(trips.stream().anyMatch(t -> t.id().equals("flow-low") && t.firstOut()), trips.toString());
        assertTrue(trips.stream().anyMatch(t -> t.id().equals("supply-temp-high") && !t.firstOut()), trips.toString());
    }

    @Test
    void restoredTripsComeBackLatchedAfterARestart() {
        SafetyEngine e = engine(List.of(estopLike()), 2, RESET);
        e.restore(new SafetyMemory(List.of(new TripView("estop", "estop active", 5, true, true, true)), List.of(),
                List.of(), List.of(), List.of(), "", Map.of()), now, 0);
        set(TEMP, 30);
        set(LEAK, 0);
        set(RESET, 0);
        set(FLOW, 330);
        eval(e);
        ResetResult r = e.remoteReset(null, "op");
        assertEquals(ReasonCode.LOCAL_RESET_REQUIRED, r.code(), r.message());
        set(RESET, 1);
        advance(100, e);
        assertTrue(e.outputDemand(0), "local reset clears both the E-stop and the start-up latch");
    }

    @Test
    void aLoopStallLatchDeEnergizesEverythingUntilReset() {
        SafetyEngine e = running(List.of(flowLow()));
        e.latchLoopStall("stalled", 0);
        assertFalse(e.outputDemand(1));
        advance(100, e);
        assertFalse(e.outputDemand(1));
        assertEquals(ReasonCode.ACCEPTED, e.remoteReset(SafetyEngine.LOOP_STALL_TRIP, "op").code());
        advance(100, e);
        assertTrue(e.outputDemand(1));
    }

    @Test
    void resetOfAnUnknownTripIsInvalid() {
        SafetyEngine e = running(List.of(flowLow()));
        assertEquals(ReasonCode.INVALID_ARGS, e.remoteReset("nope", "op").code());
    }
}
