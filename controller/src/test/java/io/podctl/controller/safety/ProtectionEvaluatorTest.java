package io.podctl.controller.safety;

import static io.podctl.controller.safety.PartBench.MS;
import static io.podctl.controller.safety.PartBench.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.safety.ProtectionSpec.BadData;
import io.podctl.controller.safety.ProtectionSpec.Kind;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import org.junit.jupiter.api.Test;

/** Judging one protection's levels from a snapshot: quality, hysteresis, delays, inhibits, votes. */
class ProtectionEvaluatorTest {
    private static final int TEMP = 0;
    private static final int SETPOINT = 1;
    private static final int C1 = 2;
    private static final int C2 = 3;
    private static final int C3 = 4;

    private final PartBench bench = new PartBench("temp", "setpoint", "c1", "c2", "c3");

    private static ProtectionSpec.Builder high() {
        return ProtectionSpec.builder("temp-high", "temp", TEMP).kind(Kind.HIGH).levels(30, 35, 40);
    }

    private ProtectionEvaluator evaluator(ProtectionSpec spec, VotingGroup... groups) {
        ProtectionEvaluator e = new ProtectionEvaluator(PartBench.protections(0, spec), groups);
        e.start(bench.now);
        return e;
    }

    private boolean judge(ProtectionEvaluator e) {
        return e.judge(0, bench.snapshot(), bench.now);
    }

    @Test
    void theHighestLevelReachedIsTheSeverityAndLevelsClearOnlyPastTheirHysteresis() {
        ProtectionEvaluator e = evaluator(high().hysteresis(2).build());
        bench.set(TEMP, 36);
        assertTrue(judge(e), "a level became active");
        assertEquals(Severity.ALARM, e.severity(0));
        assertTrue(e.alarmLevelActive(0));
        assertFalse(e.tripActive(0));
        bench.set(TEMP, 34);
        assertFalse(judge(e), "34 is within the hysteresis of the alarm level 35");
        assertEquals(Severity.ALARM, e.severity(0));
        bench.set(TEMP, 32.9);
        assertTrue(judge(e));
        assertEquals(Severity.WARNING, e.severity(0));
        bench.set(TEMP, 41);
        judge(e);
        assertEquals(Severity.TRIP, e.severity(0));
        assertTrue(e.tripActive(0));
        assertTrue(e.tripConditionPresent(0));
    }

    @Test
    void aLevelWaitsForItsOnDelayAndItsTripStaysPresentThroughItsOffDelay() {
        ProtectionEvaluator e = evaluator(high().delay(500 * MS, 300 * MS).build());
        bench.set(TEMP, 41);
        judge(e);
        assertEquals(Severity.NONE, e.severity(0));
        assertTrue(e.tripConditionPresent(0), "present while the on-delay runs");
        bench.advance(500);
        judge(e);
        assertTrue(e.tripActive(0));
        bench.set(TEMP, 20);
        judge(e);
        assertTrue(e.tripActive(0), "the off-delay has not elapsed");
        assertTrue(e.tripConditionPresent(0), "a reset now would latch again");
        bench.advance(300);
        judge(e);
        assertFalse(e.tripActive(0));
        assertFalse(e.tripConditionPresent(0));
    }

    @Test
    void badDataActsAtOnceAsItsFailSafeActionAndNoDataWaitsForTheStartupTrip() {
        ProtectionEvaluator trips = evaluator(high().delay(10 * S, 0).onBadData(BadData.TRIP).build());
        judge(trips);
        assertEquals(Severity.NONE, trips.severity(0), "NO_DATA is covered by the start-up trip");
        bench.bad(TEMP, Quality.COMM_FAIL);
        assertTrue(judge(trips));
        assertTrue(trips.tripActive(0), "no on-delay on bad data");
        assertEquals("temp COMM_FAIL (fail-safe: trip)", trips.describe(0, bench.snapshot(), Severity.TRIP));

        ProtectionEvaluator alarms = evaluator(high().onBadData(BadData.ALARM).build());
        judge(alarms);
        assertEquals(Severity.ALARM, alarms.severity(0));
        ProtectionEvaluator ignores = evaluator(high().onBadData(BadData.IGNORE).build());
        judge(ignores);
        assertEquals(Severity.NONE, ignores.severity(0));
    }

    @Test
    void aGoodSampleThatIsNotAFiniteNumberIsInvalid() {
        ProtectionEvaluator e = evaluator(high().build());
        bench.set(TEMP, Double.POSITIVE_INFINITY);
        judge(e);
        assertTrue(e.tripActive(0));
        assertEquals("temp INVALID (fail-safe: trip)", e.describe(0, bench.snapshot(), Severity.TRIP));
    }

    @Test
    void inhibitsAfterStartAndAfterAModeChangeHoldBackWarningAndAlarmButNeverTheTrip() {
        ProtectionEvaluator e = evaluator(high().inhibits(2 * S, 1 * S).build());
        bench.set(TEMP, 36);
        judge(e);
        assertEquals(Severity.NONE, e.severity(0), "inhibited after start");
        bench.set(TEMP, 41);
        judge(e);
        assertEquals(Severity.TRIP, e.severity(0), "a trip is never inhibited");
        bench.set(TEMP, 36);
        bench.advance(2_000);
        judge(e);
        assertEquals(Severity.ALARM, e.severity(0));
        e.noteModeChange(bench.now);
        bench.set(TEMP, 36);
        judge(e);
        assertEquals(Severity.NONE, e.severity(0), "inhibited after the mode change");
        bench.advance(1_000);
        judge(e);
        assertEquals(Severity.ALARM, e.severity(0));
    }

    @Test
    void aDeviationIsJudgedAgainstItsSetpointPointAndWaitsForIt() {
        ProtectionEvaluator e = evaluator(ProtectionSpec.builder("dev", "temp", TEMP).kind(Kind.DEVIATION)
                .setpointPoint(SETPOINT).levels(Double.NaN, 2, 5).build());
        bench.set(TEMP, 33);
        judge(e);
        assertEquals(Severity.NONE, e.severity(0), "no setpoint yet: nothing to judge");
        bench.set(SETPOINT, 30);
        judge(e);
        assertEquals(Severity.ALARM, e.severity(0));
        assertEquals("temp deviates by 3.00 degC >= alarm level 2.00", e.describe(0, bench.snapshot(), Severity.ALARM));
    }

    @Test
    void aRateIsNotMeasurableUntilItsWindowIsCoveredAndForgetsItsHistoryOnBadData() {
        ProtectionEvaluator e = evaluator(ProtectionSpec.builder("rise", "temp", TEMP).kind(Kind.RATE)
                .rateWindow(10 * S).levels(Double.NaN, 6, Double.NaN).build());
        double v = 20;
        bench.set(TEMP, v);
        judge(e);
        assertEquals("temp changes at (not measurable yet)", e.describe(0, bench.snapshot(), Severity.NONE));
        for (int k = 0; k < 10; k++) {
            bench.advance(1_000);
            bench.set(TEMP, v += 1.5); // 1.5 degC/s = 90 degC/min
            judge(e);
        }
        assertEquals(Severity.ALARM, e.severity(0));
        bench.bad(TEMP, Quality.COMM_FAIL);
        judge(e);
        bench.set(TEMP, v);
        bench.advance(100);
        judge(e);
        assertEquals("temp changes at (not measurable yet)", e.describe(0, bench.snapshot(), Severity.NONE));
    }

    @Test
    void aTwoOutOfThreeGroupTripsOnTwoVotesAndItsBadChannelsVoteWithoutWaiting() {
        VotingGroup g = new VotingGroup(new GroupSpec("temps", "", new int[] {C1, C2, C3},
                new String[] {"c1", "c2", "c3"}, 2, 1.0, 30 * S));
        ProtectionEvaluator e = evaluator(ProtectionSpec.onGroup("temps-high", "temps", 0).kind(Kind.HIGH)
                .levels(Double.NaN, Double.NaN, 40).delay(2 * S, 0).build(), g);
        bench.set(C1, 41).set(C2, 30).set(C3, 30);
        Snapshot s = bench.snapshot();
        g.update(s, bench.now);
        e.judge(0, s, bench.now);
        bench.advance(2_000);
        g.update(bench.snap, bench.now);
        e.judge(0, bench.snap, bench.now);
        assertFalse(e.tripActive(0), "one vote of two");
        bench.bad(C2, Quality.COMM_FAIL).bad(C3, Quality.COMM_FAIL);
        s = bench.snapshot();
        g.update(s, bench.now);
        e.judge(0, s, bench.now);
        assertTrue(e.tripActive(0), "two bad channels trip at once, without the on-delay");
    }

    @Test
    void aProtectionTakenOutOfServiceForgetsItsTiming() {
        ProtectionEvaluator e = evaluator(high().delay(1 * S, 0).build());
        bench.set(TEMP, 41);
        judge(e);
        bench.advance(1_000);
        judge(e);
        assertTrue(e.tripActive(0));
        e.forget(0);
        assertEquals(Severity.NONE, e.severity(0));
        assertFalse(e.tripConditionPresent(0));
        judge(e);
        assertFalse(e.tripActive(0), "the on-delay starts again");
    }
}
