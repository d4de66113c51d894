package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.controller.safety.ProtectionSpec.Kind;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deviation, rate, voting, off-delays, inhibits, shelving, out-of-service, bypasses, effects, permissives,
 * start staggering, maintenance and overrides — each on a manual time axis, as a function of the snapshot.
 */
class SafetyEngineFeaturesTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final int T1 = 0;
    private static final int T2 = 1;
    private static final int T3 = 2;
    private static final int FLOW = 3;
    private static final int LEVEL = 4;
    private static final int SETPOINT = 5;
    private static final int PUMP2_RUNNING = 6;
    private static final List<String> OUTPUTS = List.of("rack1.power", "rack2.power", "beacon");

    private SampleBoard board;
    private Snapshot snap;
    private long now;
    private final List<SafetyEvent> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        board = new SampleBoard(List.of(
                new PointDescriptor("cdu.supplyTemp1", "degC", Duration.ofSeconds(1), false),
                new PointDescriptor("cdu.supplyTemp2", "degC", Duration.ofSeconds(1), false),
                new PointDescriptor("cdu.supplyTemp3", "degC", Duration.ofSeconds(1), false),
                new PointDescriptor("cdu.flow", "L/min", Duration.ofSeconds(1), false),
                new PointDescriptor("cdu.reservoirLevel", "%", Duration.ofSeconds(1), false),
                new PointDescriptor("cdu.supplyTempSetpoint", "degC", Duration.ofSeconds(1), false),
                new PointDescriptor("cdu.pump2Running", "", Duration.ofSeconds(1), true)));
        snap = board.newSnapshot();
        now = 1_000 * MS;
        set(T1, 30);
        set(T2, 30);
        set(T3, 30);
        set(FLOW, 330);
        set(LEVEL, 80);
        set(SETPOINT, 30);
    }

    private void set(int point, double value) {
        board.publish(point, value, Quality.GOOD, now, 0);
    }

    private void eval(SafetyEngine e) {
        board.snapshot(now, snap);
        e.evaluate(snap, now, now / MS);
        e.drainEvents(events);
    }

    /** Moves time on while a healthy poller keeps re-delivering every point's current sample. */
    private void advance(long nanos, SafetyEngine e) {
        long step = 100 * MS;
        long end = now + nanos;
        while (now < end) {
            board.snapshot(now, snap);
            now = Math.min(end, now + step);
            for (int i = 0; i < board.size(); i++) {
                board.publish(i, snap.lastValue(i), snap.quality(i) == Quality.STALE ? Quality.GOOD : snap.quality(i),
                        now, 0);
            }
            eval(e);
        }
    }

    private SafetyEngine engine(List<ProtectionSpec> protections, List<GroupSpec> groups, List<EffectSpec> effects,
                                List<PermissiveSpec> permissives, long staggerNanos) {
        long hour = 3_600 * S;
        return new SafetyEngine(new EngineSpec(protections, groups, effects, permissives, OUTPUTS, -1, 0,
                staggerNanos, 8 * hour, 8 * hour, 600 * S, null));
    }

    private SafetyEngine running(SafetyEngine e) {
        eval(e);
        assertEquals(ReasonCode.ACCEPTED, e.remoteReset(null, "test").code());
        advance(1 * S, e);
        return e;
    }

    private static GroupSpec supplyTemps(int votes) {
        return new GroupSpec("supply-temps", "", new int[] {T1, T2, T3},
                new String[] {"cdu.supplyTemp1", "cdu.supplyTemp2", "cdu.supplyTemp3"}, votes, 1.0, 30 * S);
    }

    private static ProtectionSpec votedHigh(Consumer<ProtectionSpec.Builder> more) {
        ProtectionSpec.Builder b = ProtectionSpec.onGroup("supply-high", "supply-temps", 0)
                .levels(Double.NaN, 35, 40).hysteresis(1).deenergize(0, 1);
        more.accept(b);
        return b.build();
    }

    @Test
    void twoOutOfThreeNeedsTwoChannelsBeyondTheTrip() {
        SafetyEngine e = running(engine(List.of(votedHigh(b -> { })), List.of(supplyTemps(2)), List.of(), List.of(), 0));
        set(T1, 45);
        advance(200 * MS, e);
        assertTrue(e.outputDemand(0), "one channel of three is not a trip");
        set(T2, 44);
        advance(200 * MS, e);
        assertFalse(e.outputDemand(0), "two of three trip");
    }

    @Test
    void aBadChannelCountsAsATripVoteAndDegrades2oo3To1oo2WithAnAlarm() {
        SafetyEngine e = running(engine(List.of(votedHigh(b -> { })), List.of(supplyTemps(2)), List.of(), List.of(), 0));
        board.publish(T3, Double.NaN, Quality.COMM_FAIL, now, 0);
        eval(e);
        assertTrue(e.outputDemand(0), "one bad channel alone does not trip 2oo3");
        AlarmView degraded = alarm(e, "group.supply-temps");
        assertTrue(degraded.state().isActive(), degraded.toString());
        assertTrue(degraded.message().contains("cdu.supplyTemp3 not GOOD"), degraded.message());
        assertTrue(degraded.message().contains("1 more vote"), degraded.message());

        set(T1, 41);
        board.publish(T3, Double.NaN, Quality.COMM_FAIL, now, 0);
        eval(e);
        assertFalse(e.outputDemand(0), "the bad channel plus one channel beyond the trip: 1oo2 of the others");
    }

    @Test
    void aChannelThatDisagreesForTheDelayIsExcludedWithAnAlarm() {
        SafetyEngine e = running(engine(List.of(votedHigh(b -> { })), List.of(supplyTemps(2)), List.of(), List.of(), 0));
        set(T2, 32.5); // 2.5 degC from the others: beyond the 1.0 band
        advance(29 * S, e);
        assertFalse(e.alarms().stream().anyMatch(a -> a.id().equals("group.supply-temps") && a.state().isActive()),
                "not yet: the exclusion delay is 30 s");
        advance(2 * S, e);
        AlarmView a = alarm(e, "group.supply-temps");
        assertTrue(a.state().isActive() && a.message().contains("cdu.supplyTemp2 excluded"), a.toString());
        assertTrue(e.outputDemand(0), () -> "an excluded channel is one trip vote, not a trip in 2oo3: "
                + e.latchedTrips() + " " + events);
    }

    /**
     * Two channels drifting apart from the median leave no majority once both are excluded: their two trip votes
     * trip 2oo3 at once, though the remaining channel (the median) is far below the trip level, and the cause
     * says so rather than comparing that median with the level.
     */
    @Test
    void twoExcludedChannelsLeaveNoMajorityAndTheTripSaysWhichVoted() {
        SafetyEngine e = running(engine(List.of(votedHigh(b -> { })), List.of(supplyTemps(2)), List.of(), List.of(), 0));
        set(T2, 32.5);
        set(T3, 27.5);
        advance(29 * S, e);
        assertTrue(e.outputDemand(0), "suspect channels still vote on their values until they are excluded");
        advance(2 * S, e);
        assertFalse(e.outputDemand(0), "two excluded channels of three: no majority, fail-safe trip");
        TripView trip = e.latchedTrips().stream().filter(t -> t.id().equals("supply-high")).findFirst().orElseThrow();
        assertEquals("supply-temps: 2 of 3 channels vote trip: cdu.supplyTemp2 excluded (disagrees by more than 1.00), "
                + "cdu.supplyTemp3 excluded (disagrees by more than 1.00); trip level 40.00 degC, median 30.00 degC",
                trip.cause());
    }

    @Test
    void warningAlarmAndTripLevelsRaiseTheSeverityStepByStep() {
        ProtectionSpec p = ProtectionSpec.builder("flow-low", "cdu.flow", FLOW).kind(Kind.LOW).levels(300, 250, 150)
                .hysteresis(10).deenergize(0).build();
        SafetyEngine e = running(engine(List.of(p), List.of(), List.of(), List.of(), 0));
        set(FLOW, 290);
        advance(100 * MS, e);
        assertEquals(Severity.WARNING, alarm(e, "flow-low").severity());
        set(FLOW, 240);
        advance(100 * MS, e);
        assertEquals(Severity.ALARM, alarm(e, "flow-low").severity());
        set(FLOW, 100);
        advance(100 * MS, e);
        assertEquals(Severity.TRIP, alarm(e, "flow-low").severity());
        assertFalse(e.outputDemand(0));
    }

    @Test
    void deviationFromASetpointPointWarnsWithHysteresis() {
        // Coolcentric: +/-2 degC warning after 2 min with 1 degC hysteresis.
        ProtectionSpec p = ProtectionSpec.builder("supply-deviation", "cdu.supplyTemp1", T1).kind(Kind.DEVIATION)
                .setpointPoint(SETPOINT).levels(2, Double.NaN, Double.NaN).hysteresis(1).delay(120 * S, 0).build();
        SafetyEngine e = running(engine(List.of(p), List.of(), List.of(), List.of(), 0));
        set(T1, 27.5);
        advance(119 * S, e);
        assertFalse(alarm(e, "supply-deviation").state().isActive());
        advance(2 * S, e);
        assertEquals(Severity.WARNING, alarm(e, "supply-deviation").severity());
        set(T1, 28.5); // 1.5 from the setpoint: inside the 1 degC hysteresis of the 2 degC level
        advance(1 * S, e);
        assertTrue(alarm(e, "supply-deviation").state().isActive());
        set(T1, 29.2);
        advance(1 * S, e);
        assertFalse(alarm(e, "supply-deviation").state().isActive());
    }

    @Test
    void rateOfChangeIsMeasuredOverItsWindow() {
        ProtectionSpec p = ProtectionSpec.builder("supply-rise", "cdu.supplyTemp1", T1).kind(Kind.RATE)
                .rateWindow(10 * S).levels(Double.NaN, 3, Double.NaN).onBadData(ProtectionSpec.BadData.ALARM).build();
        SafetyEngine e = running(engine(List.of(p), List.of(), List.of(), List.of(), 0));
        for (int i = 0; i < 100; i++) { // +0.1 degC per second = 6 degC/min
            set(T1, 30 + i * 0.01);
            advance(100 * MS, e);
        }
        AlarmView a = alarm(e, "supply-rise");
        assertEquals(Severity.ALARM, a.severity(), a.toString());
        assertTrue(a.message().contains("degC/min"), a.message());
    }

    @Test
    void anOffDelayKeepsTheAlarmUntilTheConditionHasBeenGoneLongEnough() {
        ProtectionSpec p = ProtectionSpec.builder("flow-low", "cdu.flow", FLOW).kind(Kind.LOW)
                .levels(Double.NaN, 250, Double.NaN).delay(0, 5 * S).onBadData(ProtectionSpec.BadData.ALARM).build();
        SafetyEngine e = running(engine(List.of(p), List.of(), List.of(), List.of(), 0));
        set(FLOW, 200);
        advance(100 * MS, e);
        set(FLOW, 330);
        advance(4 * S, e);
        assertTrue(alarm(e, "flow-low").state().isActive(), "off-delay still running");
        advance(2 * S, e);
        assertFalse(alarm(e, "flow-low").state().isActive());
    }

    @Test
    void inhibitsAfterStartDelayAlarmsButNeverTrips() {
        ProtectionSpec p = ProtectionSpec.builder("supply-high", "cdu.supplyTemp1", T1).levels(Double.NaN, 35, 40)
                .inhibits(20 * 60 * S, 0).deenergize(0).build();
        SafetyEngine e = running(engine(List.of(p), List.of(), List.of(), List.of(), 0));
        set(T1, 37);
        advance(1 * S, e);
        assertFalse(alarm(e, "supply-high").state().isActive(), "alarm inhibited 20 min after start");
        set(T1, 41);
        advance(200 * MS, e);
        assertFalse(e.outputDemand(0), "a trip is never inhibited");
    }

    @Test
    void shelvingHidesTheAlarmForALimitedTimeButItStillTrips() {
        ProtectionSpec p = ProtectionSpec.builder("supply-high", "cdu.supplyTemp1", T1).levels(Double.NaN, 35, 40)
                .deenergize(0).build();
        SafetyEngine e = running(engine(List.of(p), List.of(), List.of(), List.of(), 0));
        assertEquals(ReasonCode.INVALID_ARGS, e.shelve("supply-high", "", 60 * S, "op").code(), "a reason is mandatory");
        assertEquals(ReasonCode.INVALID_ARGS, e.shelve("supply-high", "why", 0, "op").code(), "an expiry is mandatory");
        assertEquals(ReasonCode.OUT_OF_RANGE, e.shelve("supply-high", "why", 9 * 3600 * S, "op").code());
        assertEquals(ReasonCode.ACCEPTED, e.shelve("supply-high", "sensor being replaced", 60 * S, "op").code());
        set(T1, 37);
        advance(1 * S, e);
        assertFalse(alarm(e, "supply-high").annunciated());
        assertFalse(e.anyAlarmActive(), "a shelved alarm does not degrade the pod");
        set(T1, 41);
        advance(200 * MS, e);
        assertFalse(e.outputDemand(0), "shelving never stops a trip");
        advance(60 * S, e);
        assertTrue(alarm(e, "supply-high").annunciated(), "shelving expired");
    }

    @Test
    void aProtectionThatCanTripCannotBeTakenOutOfServiceButAnAlarmOnlyOneCan() {
        ProtectionSpec trips = ProtectionSpec.builder("supply-high", "cdu.supplyTemp1", T1).levels(Double.NaN, 35, 40)
                .deenergize(0).build();
        ProtectionSpec alarmOnly = ProtectionSpec.builder("level-low", "cdu.reservoirLevel", LEVEL).kind(Kind.LOW)
                .levels(Double.NaN, 50, Double.NaN).onBadData(ProtectionSpec.BadData.ALARM).build();
        SafetyEngine e = running(engine(List.of(trips, alarmOnly), List.of(), List.of(), List.of(), 0));
        assertEquals(ReasonCode.INVALID_ARGS, e.outOfService("supply-high", "x", 60 * S, "eng").code());
        assertEquals(ReasonCode.ACCEPTED, e.outOfService("level-low", "refilling", 60 * S, "eng").code());
        set(LEVEL, 20);
        advance(1 * S, e);
        assertEquals(AlarmState.NORMAL, alarm(e, "level-low").state());
        advance(60 * S, e);
        assertTrue(alarm(e, "level-low").state().isActive(), "back in service after the expiry");
    }

    @Test
    void aBypassStopsTheTripFromLatchingForALimitedTimeAndWarnsBeforeItEnds() {
        ProtectionSpec p = ProtectionSpec.builder("flow-low", "cdu.flow", FLOW).kind(Kind.LOW)
                .levels(Double.NaN, 250, 150).deenergize(0).bypassable(true).build();
        ProtectionSpec fixed = ProtectionSpec.builder("supply-high", "cdu.supplyTemp1", T1).levels(Double.NaN, 35, 40)
                .deenergize(0).build();
        SafetyEngine e = running(engine(List.of(p, fixed), List.of(), List.of(), List.of(), 0));
        assertEquals(ReasonCode.FORBIDDEN, e.bypass("supply-high", "x", 60 * S, "eng").code());
        assertEquals(ReasonCode.INVALID_ARGS, e.bypass("flow-low", "x", 0, "eng").code(), "no expiry, no bypass");
        assertEquals(ReasonCode.ACCEPTED, e.bypass("flow-low", "flow meter replaced", 10 * 60 * S, "eng").code());
        assertEquals(1, e.bypasses().size());
        set(FLOW, 100);
        advance(1 * S, e);
        assertTrue(e.outputDemand(0), "bypassed: no trip");
        assertTrue(alarm(e, "flow-low").message().contains("bypassed"), alarm(e, "flow-low").message());
        advance(5 * 60 * S, e);
        assertTrue(alarm(e, "bypass.flow-low").state().isActive(), "the bypass warns before it expires");
        advance(5 * 60 * S, e);
        assertTrue(e.bypasses().isEmpty());
        assertFalse(e.outputDemand(0), "expired: the condition still present trips at once");
    }

    @Test
    void effectsActOnAlarmAndOnTripAndWritesAreGatedByTheirPermissive() {
        EffectSpec beacon = new EffectSpec("beacon", "sound the beacon", EffectSpec.Kind.ENERGIZE, new int[] {2}, null,
                Double.NaN);
        EffectSpec standby = new EffectSpec("standby-pump", "start pump 2", EffectSpec.Kind.WRITE, new int[0],
                new EffectSpec.WriteSpec("cdu.pump2Command", 1, 5 * S, null), Double.NaN);
        EffectSpec derate = new EffectSpec("derate", "limit load", EffectSpec.Kind.DERATE, new int[0], null, 160_000);
        ProtectionSpec flow = ProtectionSpec.builder("flow-low", "cdu.flow", FLOW).kind(Kind.LOW)
                .levels(Double.NaN, 250, 150).deenergize(0, 1).onAlarm(0, 1, 2).build();
        PermissiveSpec level = new PermissiveSpec("reservoir-level", "", "cdu.reservoirLevel", LEVEL, -1, 30, Double.NaN,
                -1, 0, new int[0], new int[] {1});
        SafetyEngine e = running(engine(List.of(flow), List.of(), List.of(beacon, standby, derate), List.of(level), 0));
        assertFalse(e.outputDemand(2), "beacon off");
        set(LEVEL, 10);
        set(FLOW, 240);
        advance(100 * MS, e);
        assertTrue(e.outputDemand(2), "the alarm sounds the beacon");
        assertEquals(160_000, e.availablePowerW());
        List<WriteIntent> writes = new ArrayList<>();
        e.drainWrites(writes);
        assertTrue(writes.isEmpty(), "pumps only with reservoir level");
        assertTrue(events.stream().anyMatch(ev -> ev.type() == SafetyEvent.Type.EFFECT_WAITING), events.toString());
        set(LEVEL, 60);
        set(FLOW, 240);
        advance(100 * MS, e);
        e.drainWrites(writes);
        assertEquals(1, writes.size());
        assertEquals("cdu.pump2Command", writes.get(0).write().pointId());
        e.writeOutcome("standby-pump", false, "pump 2 did not start within 5 s");
        assertTrue(alarm(e, "effect.standby-pump").state().isActive());
    }

    /**
     * The standby pump's start is not followed within its time (it was stuck, or a technician had it locked out):
     * the effect's alarm stays active while the pump stays stopped, and returns as soon as its running feedback
     * shows it runs after all, without waiting for the next low-flow event to command it again.
     */
    @Test
    void anEffectWhoseEquipmentFollowsLateReturnsItsNotFollowedAlarm() {
        EffectSpec standby = new EffectSpec("standby-pump", "start pump 2", EffectSpec.Kind.WRITE, new int[0],
                new EffectSpec.WriteSpec("cdu.pump2Command", 1, 3 * S,
                        new EffectSpec.Confirmation("cdu.pump2Running", PUMP2_RUNNING, 1, 0)), Double.NaN);
        ProtectionSpec flow = ProtectionSpec.builder("flow-standby", "cdu.flow", FLOW).kind(Kind.LOW)
                .levels(Double.NaN, 250, Double.NaN).onAlarm(0).build();
        SafetyEngine e = running(engine(List.of(flow), List.of(), List.of(standby), List.of(), 0));
        set(PUMP2_RUNNING, 0);
        set(FLOW, 200);
        advance(100 * MS, e);
        List<WriteIntent> writes = new ArrayList<>();
        e.drainWrites(writes);
        assertEquals(1, writes.size());
        e.writeOutcome("standby-pump", false, "cdu.pump2Running read 0.0 (expected 1.0) after 3000 ms");
        set(FLOW, 330);
        set(PUMP2_RUNNING, 0);
        advance(10 * S, e);
        assertEquals(AlarmState.ACTIVE_UNACKED, alarm(e, "effect.standby-pump").state(),
                "the flow is back, but pump 2 was never seen running");

        set(PUMP2_RUNNING, 1);
        advance(100 * MS, e);
        assertEquals(AlarmState.RETURNED_UNACKED, alarm(e, "effect.standby-pump").state(),
                "pump 2 runs: returned, still to be acknowledged");
        set(PUMP2_RUNNING, 0);
        advance(10 * S, e);
        assertEquals(AlarmState.RETURNED_UNACKED, alarm(e, "effect.standby-pump").state(),
                "watched only until it followed: stopping pump 2 later is not a new failure");
    }

    @Test
    void runPermissiveOutputsStartOnlyAfterFlowIsProvenAndOneAtATime() {
        ProtectionSpec flow = ProtectionSpec.builder("flow-low", "cdu.flow", FLOW).kind(Kind.LOW)
                .levels(Double.NaN, Double.NaN, 150).deenergize(0, 1).build();
        PermissiveSpec proven = new PermissiveSpec("flow-proven", "", "cdu.flow", FLOW, -1, 200, Double.NaN, -1, 10 * S,
                new int[] {0, 1}, new int[0]);
        SafetyEngine e = engine(List.of(flow), List.of(), List.of(), List.of(proven), 2 * S);
        eval(e);
        e.remoteReset(null, "op");
        advance(9 * S, e);
        assertFalse(e.outputDemand(0), "flow not yet proven for 10 s");
        advance(1 * S, e);
        assertTrue(e.outputDemand(0) ^ e.outputDemand(1), "one rack first");
        advance(1 * S, e);
        assertFalse(e.outputDemand(0) && e.outputDemand(1), "the second waits for the stagger");
        advance(1 * S, e);
        assertTrue(e.outputDemand(0) && e.outputDemand(1));
    }

    @Test
    void maintenanceHoldsRacksOffAllowsBoundedOverridesAndNeedsAResetAfterwards() {
        ProtectionSpec flow = ProtectionSpec.builder("flow-low", "cdu.flow", FLOW).kind(Kind.LOW)
                .levels(Double.NaN, Double.NaN, 150).deenergize(0, 1).build();
        SafetyEngine e = running(engine(List.of(flow), List.of(), List.of(), List.of(), 0));
        assertTrue(e.outputDemand(0));
        assertEquals(ReasonCode.CONDITION_ACTIVE, e.override("rack1.power", true, 60 * S, "test", "eng").code(),
                "overrides in maintenance only");
        assertEquals(ReasonCode.INVALID_ARGS, e.maintenance(true, " ", "eng").code());
        assertEquals(ReasonCode.ACCEPTED, e.maintenance(true, "contactor test", "eng").code());
        advance(100 * MS, e);
        assertFalse(e.outputDemand(0), "maintenance holds racks off");
        assertEquals(ReasonCode.OUT_OF_RANGE, e.override("rack1.power", true, 3600 * S, "test", "eng").code());
        assertEquals(ReasonCode.ACCEPTED, e.override("rack1.power", true, 60 * S, "contactor test", "eng").code());
        advance(100 * MS, e);
        assertTrue(e.outputDemand(0), "overridden on");
        set(FLOW, 100);
        advance(100 * MS, e);
        assertFalse(e.outputDemand(0), "a trip beats an override");
        set(FLOW, 330);
        advance(100 * MS, e);
        e.remoteReset("flow-low", "op");
        e.maintenance(false, null, "eng");
        advance(100 * MS, e);
        assertFalse(e.outputDemand(0), "leaving maintenance needs a reset");
        assertTrue(e.isStarting());
        assertEquals(ReasonCode.ACCEPTED, e.remoteReset(null, "op").code());
        advance(100 * MS, e);
        assertTrue(e.outputDemand(0));
    }

    @Test
    void memoryRoundTripsShelvesBypassesAndAcknowledgements() {
        ProtectionSpec p = ProtectionSpec.builder("flow-low", "cdu.flow", FLOW).kind(Kind.LOW)
                .levels(Double.NaN, 250, 150).deenergize(0).bypassable(true).build();
        SafetyEngine e = running(engine(List.of(p), List.of(), List.of(), List.of(), 0));
        set(FLOW, 200);
        advance(100 * MS, e);
        e.acknowledge("flow-low", "op");
        e.bypass("flow-low", "meter", 600 * S, "eng");
        SafetyMemory m = e.memory();
        SafetyEngine restarted = engine(List.of(p), List.of(), List.of(), List.of(), 0);
        restarted.restore(m, now, now / MS);
        assertEquals(1, restarted.bypasses().size());
        assertEquals(AlarmState.ACTIVE_ACKED, alarm(restarted, "flow-low").state());
    }

    private static AlarmView alarm(SafetyEngine e, String id) {
        return e.alarms().stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no alarm " + id + " in " + e.alarms()));
    }
}
