package io.podctl.controller.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.controller.safety.ProtectionSpec.BadData;
import io.podctl.controller.safety.ProtectionSpec.Kind;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import io.podctl.sensors.Snapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invariants of the {@link SafetyEngine}, checked after every step of generated pods on generated timelines.
 *
 * <p>A pod has 1–6 protections of random kinds (high, low, active, deviation from a fixed or a measured setpoint,
 * rate, and disagreement), each on a point or on a 1oo2/2oo3 voting group, with random levels in consistent order,
 * hysteresis, on- and off-delays, inhibits, bad-data actions, local or remote reset, bypassable or not; 1–4 run
 * permissive outputs each de-energized by some of them; optionally a de-energize effect, a beacon, permissives
 * and a start stagger. A timeline runs 100–600 cycles of 100 ms on a clock that may start anywhere (also just
 * before it wraps): values random-walk (with drift, so rates move too), devices fail (COMM_FAIL, DEVICE_EXCEPTION,
 * OUT_OF_RANGE, INVALID, FROZEN, a GOOD NaN, samples withheld until they go STALE, a device silent from the start),
 * and commands arrive between cycles (remote resets, the local reset button, acknowledges, bypasses with and
 * without expiry, maintenance, overrides, a loop stall). The board, the snapshot and the engine are the real ones.
 *
 * <p>The oracles here are deliberately independent of the engine's internals: what a snapshot says for certain
 * (a value beyond its trip level, a bad sample whose action is trip), what the engine shows (latched trips,
 * alarm states, bypasses, permissives, effects) and what commands it accepted.
 *
 * <p>Each property runs {@link #TRIES} scenarios from {@link Scenarios#SEED}; a failure is shrunk (timeline cut
 * at the failing cycle, commands, faults, protections, permissives, effects, delays removed) and reported with
 * the seed, the scenario and the last steps before it.
 */
class SafetyEnginePropertiesTest {
    private static final Logger LOG = LoggerFactory.getLogger(SafetyEnginePropertiesTest.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final int TRIES = Scenarios.tries(400);
    private static final int MAX_SHRINK_RUNS = 600;
    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;
    private static final long PERIOD = 100 * MS;
    private static final long MAX_OVERRIDE = 60 * S;
    private static final long WALL0 = 1_750_000_000_000L;
    private static final int LOG_STEPS = 10;

    // ================================================================================================ properties

    /**
     * (1) A latched trip never clears without a reset: an id latched before a step and gone after it was reset by
     * an accepted remote reset naming it, or by a rising edge of the local reset input in that evaluation; and at
     * that moment it was bypassed, or its condition had cleared: no bad sample whose action is trip, no value at or
     * beyond its trip level, and its trip no longer active (hysteresis and off-delay elapsed). The start-up trip
     * clears only with every safety input GOOD (setpoint points of tripping deviations included) and the settle
     * time elapsed.
     */
    @Test
    void aLatchedTripNeverClearsWithoutAResetAfterItsConditionCleared() {
        Coverage cov = new Coverage("latches clear only by a reset");
        forAll(cov, r -> generate(r, false), sc -> simulate(sc, new LatchChecks(), false, cov));
        cov.require("scenarios latching a protection trip", cov.tripLatched, 0.5);
        cov.require("scenarios with a remote reset of a protection trip", cov.remoteResetOfTrip, 0.2);
        cov.require("scenarios with a local reset of a protection trip", cov.localResetOfTrip, 0.05);
        cov.require("scenarios with a reset refused for CONDITION_ACTIVE", cov.conditionActive, 0.2);
    }

    /**
     * (2) A run permissive output is never energized while a latched trip that de-energizes it, the start-up trip,
     * the loop-stall trip, or an acting de-energize effect holds it off, nor in maintenance unless it is overridden
     * there; and it starts (off to on, not by an override) only with every permissive that gates it proven, and at
     * least the start stagger after the previous start.
     */
    @Test
    void outputsAreNeverEnergizedWhileSomethingHoldsThemOff() {
        Coverage cov = new Coverage("outputs held off");
        forAll(cov, r -> generate(r, false), sc -> simulate(sc, new OutputChecks(), false, cov));
        cov.require("scenarios energizing an output", cov.energized, 0.5);
        cov.require("scenarios energizing an output by an override in maintenance", cov.overrideEnergized, 0.05);
        cov.require("scenarios latching the loop-stall trip while energized", cov.stallWhileEnergized, 0.02);
    }

    /**
     * (3) A non-GOOD sample of a safety input whose action is trip leaves no output its protection de-energizes
     * energized after that cycle's evaluation, which is when the loop applies the outputs (unless the protection is
     * bypassed; and an input that never delivered a sample holds them off too), and its alarm is active at once; with
     * alarm the alarm is active in that cycle; with ignore the bad sample neither latches the trip nor raises the
     * alarm. A bad channel of a voting group raises the group's alarm at once. For a protection on a voting group
     * "bad" means enough bad channels to trip on their own at its trip level (1oo2: one, 2oo3: two), otherwise no
     * usable channel left.
     */
    @Test
    void aBadSampleActsAsItsFailSafeActionInTheSameCycle() {
        Coverage cov = new Coverage("bad data fail-safe");
        forAll(cov, r -> generate(r, false), sc -> simulate(sc, new BadDataChecks(), false, cov));
        cov.require("scenarios where bad data de-energized a running output", cov.badTripActed, 0.2);
        cov.require("scenarios with bad data on an alarm-action input", cov.badAlarm, 0.1);
        cov.require("scenarios with bad data on an ignore-action input", cov.badIgnore, 0.05);
        cov.require("scenarios with a bad voting channel", cov.badChannel, 0.1);
    }

    /**
     * (4) A local-only trip is never reset by a remote reset; the reply is LOCAL_RESET_REQUIRED whenever one is a
     * target.
     */
    @Test
    void localOnlyTripsAreNeverResetRemotely() {
        Coverage cov = new Coverage("local-only trips");
        forAll(cov, r -> generate(r, false), sc -> simulate(sc, new LocalOnlyChecks(), false, cov));
        cov.require("scenarios with a remote reset refused for LOCAL_RESET_REQUIRED", cov.localRequired, 0.05);
        cov.require("scenarios with a local reset of a protection trip", cov.localResetOfTrip, 0.05);
    }

    /**
     * (5) A refused reset changes no output, no latch and resets nothing; an accepted one resets every target (all
     * or nothing).
     */
    @Test
    void aRefusedResetChangesNothing() {
        Coverage cov = new Coverage("refused resets");
        forAll(cov, r -> generate(r, false), sc -> simulate(sc, new RefusedResetChecks(), false, cov));
        cov.require("scenarios with a reset refused for CONDITION_ACTIVE", cov.conditionActive, 0.2);
        cov.require("scenarios with a remote reset of a protection trip", cov.remoteResetOfTrip, 0.2);
    }

    /**
     * (6) The engine is a function of (snapshot, time, state): a twin that evaluates every snapshot twice at the same
     * time shows exactly the same outputs, trips, alarms, exemptions, permissives, effects, events, change count and
     * command replies at every step, and its second evaluation emits nothing and changes nothing. Voting groups
     * here never exclude a disagreeing channel: see the known issue below.
     */
    @Test
    void evaluatingTheSameSnapshotTwiceChangesNothing() {
        Coverage cov = new Coverage("idempotence");
        forAll(cov, r -> generate(r, false), sc -> simulate(sc, new Checks() { }, true, cov));
        cov.require("scenarios latching a protection trip", cov.tripLatched, 0.5);
        cov.require("scenarios energizing an output", cov.energized, 0.5);
        cov.require("scenarios with a bad voting channel", cov.badChannel, 0.1);
    }

    /**
     * Found by property 6 (seed 20250917, try 91): voting-group exclusion once depended on how often a snapshot
     * was evaluated (a channel re-included in the same update in which another started to disagree). Channels
     * are now judged against the median of every GOOD channel, which does not depend on the exclusions.
     */
    @Test
    void votingExclusionDoesNotDependOnHowOftenASnapshotIsEvaluated() {
        List<PointDescriptor> points = List.of(
                new PointDescriptor("t1", "degC", Duration.ofSeconds(1), false),
                new PointDescriptor("t2", "degC", Duration.ofSeconds(1), false),
                new PointDescriptor("t3", "degC", Duration.ofSeconds(1), false));
        GroupSpec group = new GroupSpec("temps", "", new int[] {0, 1, 2}, new String[] {"t1", "t2", "t3"}, 2, 2.0,
                1 * S);
        ProtectionSpec high = ProtectionSpec.onGroup("temps-high", "temps", 0).levels(Double.NaN, Double.NaN, 40)
                .deenergize(0).build();
        EngineSpec spec = new EngineSpec(List.of(high), List.of(group), List.of(), List.of(), List.of("rack"), -1, 0,
                0, 3_600 * S, 3_600 * S, 60 * S, null);
        SafetyEngine once = new SafetyEngine(spec);
        SafetyEngine twice = new SafetyEngine(spec);
        SampleBoard board = new SampleBoard(points);
        Snapshot snap = board.newSnapshot();
        for (int k = 0; k <= 50; k++) {
            long now = k * PERIOD;
            // t3 disagrees for 1.5 s (excluded after 1 s), is back from 1.5 s (re-included at 2.5 s), and at 2.5 s
            // t1 starts to disagree: it must be excluded 1 s later whichever way the engine is driven.
            double[] v = {k >= 25 ? 6 : 10, 10, k < 15 ? 15 : 10};
            for (int ch = 0; ch < 3; ch++) {
                board.publish(ch, v[ch], Quality.GOOD, now, 0);
            }
            board.snapshot(now, snap);
            once.evaluate(snap, now, k);
            twice.evaluate(snap, now, k);
            twice.evaluate(snap, now, k);
            assertEquals(twice.alarms(), once.alarms(), "cycle " + k);
        }
    }

    /**
     * (7) Under a constant load with no faults, with resets of every kind arriving periodically, the outputs stop
     * changing once the delays, inhibits, exclusions, rate windows, proving times, the settle time, one reset
     * period and the start stagger have elapsed; and they settle where nothing holds them: a run permissive output
     * is then energized exactly when no latched trip, start-up, maintenance, effect or unproven permissive holds it
     * off.
     */
    @Test
    void underAConstantLoadTheOutputsSettleAndNeverChangeAgain() {
        Coverage cov = new Coverage("settling");
        forAll(cov, r -> generate(r, true), sc -> simulate(sc, new SettleChecks(), false, cov));
        cov.require("scenarios ending with an output energized", cov.endEnergized, 0.3);
        cov.require("scenarios ending with an output held off", cov.endHeldOff, 0.2);
        cov.require("scenarios where an output changed after the start", cov.lateChange, 0.1);
    }

    private static void forAll(Coverage cov, Function<SplittableRandom, Scenario> generator,
                               Consumer<Scenario> check) {
        Scenarios.forAll(cov.name, TRIES, MAX_SHRINK_RUNS, generator, SafetyEnginePropertiesTest::simpler,
                SafetyEnginePropertiesTest::signature, sc -> {
            cov.begin();
            check.accept(sc);
            cov.commit();
        });
        cov.log();
    }

    /** What a failure says with ids, values and details left out: shrinking keeps to one kind of failure. */
    static String signature(Throwable t) {
        if (!(t instanceof PropertyFailure)) {
            return t.getClass().getName();
        }
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf(System.lineSeparator());
        m = (nl >= 0 ? m.substring(0, nl) : m).replaceFirst("^cycle \\d+: ", "");
        int paren = m.indexOf('(');
        m = paren >= 0 ? m.substring(0, paren) : m;
        return m.replaceAll("\\b[a-z]+\\d+(\\.[a-z]+\\d+)?\\b", "#").replaceAll("[-+]?\\d+(\\.\\d+)?", "#");
    }

    // ================================================================================================ checks

    /** Hooks called by the simulation; they throw {@link PropertyFailure} through {@link Run#fail}. */
    interface Checks {
        default void afterEvaluate(Run run, Obs before, Obs after, List<SafetyEvent> events) {
        }

        default void afterCommand(Run run, Cmd cmd, Object result, Obs before, Obs after) {
        }

        default void endOfCycle(Run run, Obs obs) {
        }

        default void end(Run run, Obs obs) {
        }
    }

    /** Property 1. */
    static final class LatchChecks implements Checks {
        @Override
        public void afterEvaluate(Run run, Obs before, Obs after, List<SafetyEvent> events) {
            for (String id : before.trips().keySet()) {
                if (after.trips().containsKey(id)) {
                    continue;
                }
                if (!run.localEdge) {
                    run.fail("trip " + id + " cleared in an evaluation without a reset (no local reset edge)");
                }
                String why = run.whyNotClearable(id, after);
                if (why != null) {
                    run.fail("trip " + id + " was reset by the local reset button although " + why);
                }
            }
        }

        @Override
        public void afterCommand(Run run, Cmd cmd, Object result, Obs before, Obs after) {
            for (String id : before.trips().keySet()) {
                if (after.trips().containsKey(id)) {
                    continue;
                }
                boolean resetIt = result instanceof ResetResult rr && rr.code() == ReasonCode.ACCEPTED
                        && rr.reset().contains(id);
                if (!resetIt) {
                    run.fail("trip " + id + " cleared by " + cmd + " -> " + result + " (not a reset of it)");
                }
                String why = run.whyNotClearable(id, before);
                if (why != null) {
                    run.fail("trip " + id + " was reset remotely (" + result + ") although " + why);
                }
            }
        }
    }

    /** Property 2. */
    static final class OutputChecks implements Checks {
        private long lastStart;
        private boolean started;

        @Override
        public void afterEvaluate(Run run, Obs before, Obs after, List<SafetyEvent> events) {
            check(run, before, after);
        }

        @Override
        public void afterCommand(Run run, Cmd cmd, Object result, Obs before, Obs after) {
            check(run, before, after);
        }

        private void check(Run run, Obs before, Obs after) {
            Pod pod = run.sc.pod();
            for (int o = 0; o < pod.outputIds().size(); o++) {
                if (!pod.runPermissive(o) || !after.out()[o]) {
                    continue;
                }
                String out = pod.outputIds().get(o);
                boolean overridden = after.overridden().contains(out);
                if (after.trips().containsKey(SafetyEngine.STARTUP_TRIP)) {
                    run.fail(out + " energized while the start-up trip is latched"
                            + (overridden ? " (overridden)" : ""));
                }
                if (after.trips().containsKey(SafetyEngine.LOOP_STALL_TRIP)) {
                    run.fail(out + " energized while the loop-stall trip is latched" + (overridden ? " (overridden)"
                            : ""));
                }
                for (String id : after.trips().keySet()) {
                    ProtectionSpec p = pod.protection(id);
                    if (p != null && p.deenergizes(o)) {
                        run.fail(out + " energized while trip " + id + ", which de-energizes it, is latched");
                    }
                }
                for (EffectSpec e : pod.effects()) {
                    if (e.deenergizes(o) && after.effects().contains(e.id())) {
                        run.fail(out + " energized while effect " + e.id() + " holds it off");
                    }
                }
                if (!after.maintenance().isEmpty() && !overridden) {
                    run.fail(out + " energized in maintenance without an override");
                }
                if (!before.out()[o] && !overridden) {
                    for (PermissiveSpec p : pod.permissives()) {
                        if (ProtectionSpec.contains(p.gatedOutputs(), o) && !after.proven().contains(p.id())) {
                            run.fail(out + " started although permissive " + p.id() + " is not proven");
                        }
                    }
                    if (started && pod.staggerNanos() > 0 && run.now - lastStart < pod.staggerNanos()) {
                        run.fail(out + " started " + (run.now - lastStart) / MS + " ms after the previous start "
                                + "(stagger " + pod.staggerNanos() / MS + " ms)");
                    }
                    started = true;
                    lastStart = run.now;
                }
            }
        }
    }

    /** Property 3. */
    static final class BadDataChecks implements Checks {
        @Override
        public void afterEvaluate(Run run, Obs before, Obs after, List<SafetyEvent> events) {
            Pod pod = run.sc.pod();
            for (ProtectionSpec p : pod.protections()) {
                boolean bad = run.badActs(p);
                switch (p.onBadData()) {
                    case TRIP -> {
                        if (bad) {
                            AlarmView a = after.alarms().get(p.id());
                            if (!a.state().isActive()) {
                                run.fail("bad data on " + run.inputOf(p) + " (action trip) but alarm " + p.id()
                                        + " is " + a.state());
                            }
                        }
                        if (bad || run.noData(p)) {
                            checkOutputsOff(run, p, after, before);
                        }
                    }
                    case ALARM -> {
                        if (bad) {
                            run.cov.mark(Coverage.BAD_ALARM);
                            AlarmView a = after.alarms().get(p.id());
                            if (!a.state().isActive()) {
                                run.fail("bad data on " + run.inputOf(p) + " (action alarm) but alarm " + p.id()
                                        + " is " + a.state());
                            }
                        }
                    }
                    case IGNORE -> {
                        if (bad) {
                            run.cov.mark(Coverage.BAD_IGNORE);
                            boolean tripWasActive = Run.tripActive(before, p);
                            for (SafetyEvent e : events) {
                                if (!e.id().equals(p.id())) {
                                    continue;
                                }
                                if (e.type() == SafetyEvent.Type.ALARM_RAISED
                                        || e.type() == SafetyEvent.Type.TRIP_LATCHED && !tripWasActive) {
                                    run.fail("bad data on " + run.inputOf(p) + " (action ignore) caused " + e);
                                }
                            }
                        }
                    }
                }
            }
            for (GroupSpec g : pod.groups()) {
                for (int ch : g.channels()) {
                    if (run.quality(ch) == Q.BAD) {
                        AlarmView a = after.alarms().get("group." + g.id());
                        if (a == null || !a.state().isActive()) {
                            run.fail("channel " + run.pointName(ch) + " of voting group " + g.id() + " is "
                                    + run.snap.quality(ch) + " but the group alarm is " + a);
                        }
                    }
                }
            }
        }

        private static void checkOutputsOff(Run run, ProtectionSpec p, Obs obs, Obs before) {
            boolean noData = run.noData(p);
            if (!noData && obs.bypassed().contains(p.id())) {
                return;
            }
            for (int o : p.outputIndexes()) {
                if (obs.out()[o]) {
                    run.fail((noData ? "no data yet on " : "bad data on ") + run.inputOf(p) + " (action trip) but "
                            + run.sc.pod().outputIds().get(o) + ", which " + p.id() + " de-energizes, is energized");
                }
                if (before.out()[o]) {
                    run.cov.mark(Coverage.BAD_TRIP_ACTED);
                }
            }
        }
    }

    /** Property 4. */
    static final class LocalOnlyChecks implements Checks {
        @Override
        public void afterCommand(Run run, Cmd cmd, Object result, Obs before, Obs after) {
            if (cmd.kind() != CmdKind.RESET) {
                return;
            }
            ResetResult rr = (ResetResult) result;
            Pod pod = run.sc.pod();
            List<String> local = new ArrayList<>();
            for (String id : Run.targets(cmd, before)) {
                ProtectionSpec p = pod.protection(id);
                if (p != null && p.localResetOnly()) {
                    local.add(id);
                }
            }
            if (!local.isEmpty() && rr.code() != ReasonCode.LOCAL_RESET_REQUIRED) {
                run.fail("remote reset " + cmd.targetText() + " with local-only " + local + " among its targets got "
                        + rr);
            }
            for (String id : before.trips().keySet()) {
                ProtectionSpec p = pod.protection(id);
                if (p != null && p.localResetOnly() && !after.trips().containsKey(id)) {
                    run.fail("local-only trip " + id + " cleared by remote reset " + cmd.targetText() + ": " + rr);
                }
            }
        }
    }

    /** Property 5. */
    static final class RefusedResetChecks implements Checks {
        @Override
        public void afterCommand(Run run, Cmd cmd, Object result, Obs before, Obs after) {
            if (cmd.kind() != CmdKind.RESET) {
                return;
            }
            ResetResult rr = (ResetResult) result;
            if (rr.code() != ReasonCode.ACCEPTED) {
                if (!rr.reset().isEmpty()) {
                    run.fail("refused reset " + cmd.targetText() + " lists trips as reset: " + rr);
                }
                if (!Arrays.equals(before.out(), after.out())) {
                    run.fail("refused reset " + cmd.targetText() + " (" + rr.code() + ") changed the outputs from "
                            + Run.bits(before.out()) + " to " + Run.bits(after.out()));
                }
                if (!before.trips().equals(after.trips())) {
                    run.fail("refused reset " + cmd.targetText() + " (" + rr.code() + ") changed the latches from "
                            + before.trips().keySet() + " to " + after.trips().keySet());
                }
            } else {
                List<String> targets = Run.targets(cmd, before);
                if (!new TreeSet<>(targets).equals(new TreeSet<>(rr.reset()))) {
                    run.fail("accepted reset " + cmd.targetText() + " reset " + rr.reset() + ", targets were "
                            + targets);
                }
                for (String id : targets) {
                    if (after.trips().containsKey(id)) {
                        run.fail("accepted reset " + cmd.targetText() + " left " + id + " latched");
                    }
                }
            }
        }
    }

    /** Property 7. */
    static final class SettleChecks implements Checks {
        private boolean[] last;
        private int lastChange = -1;
        private String lastChangeText = "";

        @Override
        public void endOfCycle(Run run, Obs obs) {
            if (last != null && !Arrays.equals(last, obs.out())) {
                lastChange = run.cycle;
                lastChangeText = Run.bits(last) + " -> " + Run.bits(obs.out());
                if (run.cycle >= run.sc.settleCycle()) {
                    run.fail("outputs changed " + lastChangeText + " at cycle " + run.cycle + ", after the settle "
                            + "horizon (cycle " + run.sc.settleCycle() + ")");
                }
            }
            last = obs.out().clone();
        }

        @Override
        public void end(Run run, Obs obs) {
            Pod pod = run.sc.pod();
            if (run.sc.cycles() <= run.sc.settleCycle()) {
                return; // not settled yet: nothing to say about where it settles
            }
            if (lastChange > 5) {
                run.cov.mark(Coverage.LATE_CHANGE);
            }
            if (obs.trips().containsKey(SafetyEngine.STARTUP_TRIP)) {
                run.fail("the start-up trip is still latched after periodic resets with every input GOOD");
            }
            for (int o = 0; o < pod.outputIds().size(); o++) {
                if (!pod.runPermissive(o)) {
                    continue;
                }
                List<String> holders = new ArrayList<>();
                for (String id : obs.trips().keySet()) {
                    ProtectionSpec p = pod.protection(id);
                    if (p == null || p.deenergizes(o)) {
                        holders.add("trip " + id);
                    }
                }
                for (EffectSpec e : pod.effects()) {
                    if (e.deenergizes(o) && obs.effects().contains(e.id())) {
                        holders.add("effect " + e.id());
                    }
                }
                for (PermissiveSpec p : pod.permissives()) {
                    if (ProtectionSpec.contains(p.gatedOutputs(), o) && !obs.proven().contains(p.id())) {
                        holders.add("permissive " + p.id());
                    }
                }
                boolean expected = holders.isEmpty();
                if (obs.out()[o] != expected) {
                    run.fail(pod.outputIds().get(o) + " settled " + (obs.out()[o] ? "energized" : "de-energized")
                            + " but " + (holders.isEmpty() ? "nothing holds it off" : "held off by " + holders));
                }
                run.cov.mark(expected ? Coverage.END_ENERGIZED : Coverage.END_HELD_OFF);
            }
        }
    }

    // ================================================================================================ simulation

    /** What the engine shows after a step. */
    record Obs(boolean[] out, Map<String, TripView> trips, Map<String, AlarmView> alarms, List<Exemption> bypasses,
               Set<String> bypassed, String maintenance, List<Exemption> overrides, Set<String> overridden,
               Set<String> proven, Set<String> effects, long changeCount) {

        static Obs of(SafetyEngine e, int outputs) {
            boolean[] out = new boolean[outputs];
            for (int o = 0; o < outputs; o++) {
                out[o] = e.outputDemand(o);
            }
            Map<String, TripView> trips = new LinkedHashMap<>();
            for (TripView t : e.latchedTrips()) {
                trips.put(t.id(), t);
            }
            Map<String, AlarmView> alarms = new LinkedHashMap<>();
            for (AlarmView a : e.alarms()) {
                alarms.put(a.id(), a);
            }
            List<Exemption> bypasses = e.bypasses();
            List<Exemption> overrides = e.overrides();
            return new Obs(out, trips, alarms, bypasses,
                    bypasses.stream().map(Exemption::target).collect(Collectors.toSet()), e.maintenanceReason(),
                    overrides, overrides.stream().map(Exemption::target).collect(Collectors.toSet()),
                    new HashSet<>(e.provenPermissives()), new HashSet<>(e.activeEffects()), e.changeCount());
        }

        /** Everything visible, for the twin comparison; null when equal. */
        String difference(Obs o) {
            if (!Arrays.equals(out, o.out)) {
                return "outputs " + Run.bits(out) + " vs " + Run.bits(o.out);
            }
            if (!trips.equals(o.trips)) {
                return "trips " + trips.values() + " vs " + o.trips.values();
            }
            if (!alarms.equals(o.alarms)) {
                for (Map.Entry<String, AlarmView> e : alarms.entrySet()) {
                    if (!e.getValue().equals(o.alarms.get(e.getKey()))) {
                        return "alarm " + e.getValue() + " vs " + o.alarms.get(e.getKey());
                    }
                }
                return "alarms " + alarms.keySet() + " vs " + o.alarms.keySet();
            }
            if (!bypasses.equals(o.bypasses) || !overrides.equals(o.overrides) || !maintenance.equals(o.maintenance)) {
                return "exemptions " + bypasses + overrides + maintenance + " vs " + o.bypasses + o.overrides
                        + o.maintenance;
            }
            if (!proven.equals(o.proven) || !effects.equals(o.effects)) {
                return "permissives/effects " + proven + effects + " vs " + o.proven + o.effects;
            }
            if (changeCount != o.changeCount) {
                return "change count " + changeCount + " vs " + o.changeCount;
            }
            return null;
        }

        String brief() {
            List<String> al = new ArrayList<>();
            for (AlarmView a : alarms.values()) {
                if (a.state() != AlarmState.NORMAL) {
                    al.add(a.id() + ":" + a.state() + "/" + a.severity());
                }
            }
            return "out=" + Run.bits(out) + " trips=" + trips.values().stream()
                    .map(t -> t.id() + (t.conditionActive() ? "(active)" : "")).toList() + " alarms=" + al
                    + (bypassed.isEmpty() ? "" : " bypassed=" + bypassed)
                    + (maintenance.isEmpty() ? "" : " maintenance") + (overrides.isEmpty() ? "" : " overrides="
                    + overrides.stream().map(Exemption::reason).toList())
                    + (proven.isEmpty() ? "" : " proven=" + proven)
                    + (effects.isEmpty() ? "" : " effects=" + effects);
        }
    }

    /** One step of a run, for the failure report. */
    record Step(int cycle, Object step, Object result, Obs obs, Snapshot snap) {
    }

    /** A property violation at a cycle (so that shrinking can cut the timeline there). */
    static final class PropertyFailure extends AssertionError {
        private static final long serialVersionUID = 1L;
        final int cycle;

        PropertyFailure(int cycle, String message) {
            super(message);
            this.cycle = cycle;
        }
    }

    /** Quality as the oracles see it. */
    enum Q { GOOD, NO_DATA, BAD }

    /** One simulated timeline of one pod. */
    static final class Run {
        final Scenario sc;
        final Checks checks;
        final Coverage cov;
        final SampleBoard board;
        final Snapshot snap;
        final SafetyEngine engine;
        final SafetyEngine twin;
        final int outputs;
        final List<List<Cmd>> commandsAt;
        final boolean[] pressed;
        final List<SafetyEvent> events = new ArrayList<>();
        final List<SafetyEvent> twinEvents = new ArrayList<>();
        final Deque<Step> log = new ArrayDeque<>();
        int cycle;
        long now;
        long wall;
        boolean localEdge;
        private boolean buttonWasActive = true;
        Obs obs;

        Run(Scenario sc, Checks checks, boolean withTwin, Coverage cov) {
            this.sc = sc;
            this.checks = checks;
            this.cov = cov;
            Pod pod = sc.pod();
            this.board = new SampleBoard(pod.points());
            this.snap = board.newSnapshot();
            this.engine = new SafetyEngine(pod.spec());
            this.twin = withTwin ? new SafetyEngine(pod.spec()) : null;
            this.outputs = pod.outputIds().size();
            this.commandsAt = new ArrayList<>();
            this.pressed = new boolean[sc.cycles()];
            for (int k = 0; k < sc.cycles(); k++) {
                commandsAt.add(new ArrayList<>());
            }
            for (Cmd c : sc.commands()) {
                if (c.cycle() >= sc.cycles()) {
                    continue;
                }
                if (c.kind() == CmdKind.PRESS) {
                    for (int k = c.cycle(); k < Math.min(sc.cycles(), c.cycle() + c.length()); k++) {
                        pressed[k] = true;
                    }
                } else {
                    commandsAt.get(c.cycle()).add(c);
                }
            }
            this.obs = Obs.of(engine, outputs);
        }

        void run() {
            for (int k = 0; k < sc.cycles(); k++) {
                step(k);
            }
            checks.end(this, obs);
        }

        private void step(int k) {
            cycle = k;
            now = sc.startNanos() + k * PERIOD;
            wall = WALL0 + k * (PERIOD / MS);
            publish(k);
            board.snapshot(now, snap);
            boolean active = sc.pod().resetIndex() >= 0 && pressed[k];
            localEdge = active && !buttonWasActive;
            buttonWasActive = active;

            Obs before = obs;
            engine.evaluate(snap, now, wall);
            events.clear();
            engine.drainEvents(events);
            obs = Obs.of(engine, outputs);
            record(localEdge ? "evaluate (local reset edge)" : "evaluate", null, obs);
            cov.observe(this, before, obs, events);
            if (twin != null) {
                twinEvaluate();
            }
            checks.afterEvaluate(this, before, obs, events);
            for (Cmd c : commandsAt.get(k)) {
                Obs b = obs;
                Object result = apply(engine, c);
                obs = Obs.of(engine, outputs);
                record(c, result, obs);
                cov.command(this, c, result, b, obs);
                if (twin != null) {
                    Object twinResult = apply(twin, c);
                    if (!String.valueOf(result).equals(String.valueOf(twinResult))) {
                        fail("the twin answered " + c + " with " + twinResult + ", the engine with " + result);
                    }
                    compareTwin("after " + c);
                }
                checks.afterCommand(this, c, result, b, obs);
            }
            checks.endOfCycle(this, obs);
        }

        private void twinEvaluate() {
            twin.evaluate(snap, now, wall);
            twinEvents.clear();
            twin.drainEvents(twinEvents);
            long count = twin.changeCount();
            Obs first = Obs.of(twin, outputs);
            twin.evaluate(snap, now, wall);
            List<SafetyEvent> again = new ArrayList<>();
            twin.drainEvents(again);
            if (!again.isEmpty()) {
                fail("evaluating the same snapshot again at the same time emitted " + again);
            }
            if (twin.changeCount() != count) {
                fail("evaluating the same snapshot again at the same time moved the change count");
            }
            String diff = first.difference(Obs.of(twin, outputs));
            if (diff != null) {
                fail("evaluating the same snapshot again at the same time changed " + diff);
            }
            if (!events.equals(twinEvents)) {
                fail("the twin (evaluating twice) emitted " + twinEvents + ", the engine " + events);
            }
            compareTwin("after the evaluation");
        }

        private void compareTwin(String when) {
            String diff = obs.difference(Obs.of(twin, outputs));
            if (diff != null) {
                fail("the twin (evaluating twice per cycle) differs " + when + ": engine vs twin " + diff);
            }
        }

        private Object apply(SafetyEngine e, Cmd c) {
            return switch (c.kind()) {
                case RESET -> e.remoteReset(c.target(), "op");
                case ACK -> e.acknowledge(c.target(), "op");
                case BYPASS -> e.bypass(c.target(), "test", c.nanos(), "eng");
                case REMOVE_BYPASS -> e.removeBypass(c.target(), "eng");
                case MAINTENANCE_ON -> e.maintenance(true, c.flag() ? " " : "test", "eng");
                case MAINTENANCE_OFF -> e.maintenance(false, null, "eng");
                case OVERRIDE -> e.override(c.target(), c.flag(), c.nanos(), "test", "eng");
                case LOOP_STALL -> {
                    e.latchLoopStall("loop stalled (test)", wall);
                    yield "latched";
                }
                case PRESS -> throw new IllegalStateException("a press is an input, not a command");
            };
        }

        private void publish(int k) {
            Pod pod = sc.pod();
            for (int p = 0; p < pod.points().size(); p++) {
                if (p == pod.resetIndex()) {
                    board.publish(p, pressed[k] ? 1 : 0, Quality.GOOD, now, wall);
                    continue;
                }
                Fault f = null;
                for (Fault x : sc.faults()) {
                    if (x.point() == p && x.covers(k)) {
                        f = x;
                        break;
                    }
                }
                double v = sc.values()[p][k];
                if (f == null) {
                    board.publish(p, v, Quality.GOOD, now, wall);
                } else {
                    switch (f.kind()) {
                        case WITHHOLD -> {
                        }
                        case GOOD_NAN -> board.publish(p, (f.from() & 1) == 0 ? Double.NaN : Double.POSITIVE_INFINITY,
                                Quality.GOOD, now, wall);
                        default -> board.publish(p, Double.NaN, Quality.valueOf(f.kind().name()), now, wall);
                    }
                }
            }
        }

        // ---------------------------------------------------------------- oracles on the snapshot

        Q quality(int idx) {
            if (!snap.received(idx)) {
                return Q.NO_DATA;
            }
            return snap.isGood(idx) && Double.isFinite(snap.goodValue(idx)) ? Q.GOOD : Q.BAD;
        }

        /** For a protection on a point: its point's quality, and then its setpoint point's. */
        Q pointQuality(ProtectionSpec p) {
            Q q = quality(p.pointIndex());
            if (q == Q.GOOD && p.kind() == Kind.DEVIATION && p.setpointIndex() >= 0) {
                q = quality(p.setpointIndex());
            }
            return q;
        }

        /** Whether bad data alone makes protection {@code p}'s fail-safe action due now. */
        boolean badActs(ProtectionSpec p) {
            if (p.groupIndex() < 0) {
                return pointQuality(p) == Q.BAD;
            }
            GroupSpec g = sc.pod().groups().get(p.groupIndex());
            int n = g.channels().length;
            int bad = 0;
            boolean received = false;
            for (int ch : g.channels()) {
                Q q = quality(ch);
                bad += q == Q.GOOD ? 0 : 1;
                received |= q != Q.NO_DATA;
            }
            if (!received) {
                return false;
            }
            return switch (p.kind()) {
                // Bad channels are trip votes at the trip level; without one only a group with no usable channel acts.
                case HIGH, LOW -> p.onBadData() == BadData.TRIP && p.canTrip() ? bad >= g.votesToTrip() : bad == n;
                case DISAGREEMENT -> bad >= n - 1;
                case DEVIATION -> bad == n || p.setpointIndex() >= 0 && quality(p.setpointIndex()) == Q.BAD;
                default -> bad == n;
            };
        }

        /** Whether an input of a protection on a point has never delivered a sample. */
        boolean noData(ProtectionSpec p) {
            if (p.groupIndex() >= 0) {
                return false; // every channel votes: a silent channel is a bad one
            }
            return quality(p.pointIndex()) == Q.NO_DATA
                    || p.kind() == Kind.DEVIATION && p.setpointIndex() >= 0 && quality(p.setpointIndex()) == Q.NO_DATA;
        }

        /** Whether the snapshot alone proves protection {@code p}'s trip condition present (hysteresis aside). */
        boolean tripPresent(ProtectionSpec p) {
            if (p.onBadData() == BadData.TRIP && badActs(p)) {
                return true;
            }
            if (!p.canTrip()) {
                return false;
            }
            double trip = p.level(Severity.TRIP);
            if (p.groupIndex() < 0) {
                if (pointQuality(p) != Q.GOOD) {
                    return false;
                }
                double v = snap.goodValue(p.pointIndex());
                return switch (p.kind()) {
                    case HIGH -> v >= trip;
                    case LOW -> v <= trip;
                    case ACTIVE -> v >= 0.5;
                    case DEVIATION -> Math.abs(v - (p.setpointIndex() >= 0 ? snap.goodValue(p.setpointIndex())
                            : p.setpoint())) >= trip;
                    default -> false;
                };
            }
            if (p.onBadData() == BadData.TRIP && (p.kind() == Kind.HIGH || p.kind() == Kind.LOW)) {
                GroupSpec g = sc.pod().groups().get(p.groupIndex());
                int votes = 0;
                boolean received = false;
                for (int ch : g.channels()) {
                    Q q = quality(ch);
                    received |= q != Q.NO_DATA;
                    double v = snap.goodValue(ch);
                    if (q != Q.GOOD || (p.kind() == Kind.HIGH ? v >= trip : v <= trip)) {
                        votes++;
                    }
                }
                return received && votes >= g.votesToTrip();
            }
            return false;
        }

        static boolean tripActive(Obs obs, ProtectionSpec p) {
            AlarmView a = obs.alarms().get(p.id());
            return a != null && a.state().isActive() && a.severity() == Severity.TRIP;
        }

        /**
         * Why trip {@code id} may not be reset with the engine showing {@code at} and the current snapshot; null if
         * it may.
         */
        String whyNotClearable(String id, Obs at) {
            Pod pod = sc.pod();
            if (SafetyEngine.STARTUP_TRIP.equals(id)) {
                List<String> notGood = new ArrayList<>();
                for (int idx : pod.safetyInputs()) {
                    if (!snap.isGood(idx)) {
                        notGood.add(pointName(idx) + " " + snap.quality(idx));
                    }
                }
                if (!notGood.isEmpty()) {
                    return "safety inputs were not GOOD: " + notGood;
                }
                if (cycle * PERIOD < pod.settleNanos()) {
                    return "the settle time had not elapsed";
                }
                return null;
            }
            ProtectionSpec p = pod.protection(id);
            if (p == null || at.bypassed().contains(id)) {
                return null;
            }
            if (tripPresent(p)) {
                return "its trip condition was present (" + inputOf(p) + ")";
            }
            if (tripActive(at, p)) {
                return "its trip was still active (" + at.alarms().get(id).message() + "; off-delay "
                        + p.clearDelayNanos() / MS + " ms)";
            }
            return null;
        }

        /** The targets of a remote reset given what was latched before it. */
        static List<String> targets(Cmd cmd, Obs before) {
            if (cmd.target() == null) {
                return new ArrayList<>(before.trips().keySet());
            }
            return before.trips().containsKey(cmd.target()) ? List.of(cmd.target()) : List.of();
        }

        String pointName(int idx) {
            return sc.pod().points().get(idx).id();
        }

        String inputOf(ProtectionSpec p) {
            StringBuilder b = new StringBuilder();
            int[] idxs = p.groupIndex() >= 0 ? sc.pod().groups().get(p.groupIndex()).channels()
                    : new int[] {p.pointIndex()};
            for (int idx : idxs) {
                b.append(b.isEmpty() ? "" : ", ").append(sample(idx));
            }
            if (p.kind() == Kind.DEVIATION && p.setpointIndex() >= 0) {
                b.append(", setpoint ").append(sample(p.setpointIndex()));
            }
            return b.toString();
        }

        private String sample(int idx) {
            return sample(snap, idx);
        }

        private String sample(Snapshot sn, int idx) {
            return pointName(idx) + "=" + (sn.received(idx) ? sn.isGood(idx)
                    ? String.format(Locale.ROOT, "%.2f", sn.goodValue(idx)) : sn.quality(idx).name() : "NO_DATA");
        }

        static String bits(boolean[] a) {
            StringBuilder b = new StringBuilder();
            for (boolean x : a) {
                b.append(x ? '1' : '0');
            }
            return b.toString();
        }

        /** Remembers a step for the failure report; formatted only when something fails. */
        private void record(Object step, Object result, Obs o) {
            if (log.size() == LOG_STEPS) {
                log.removeFirst();
            }
            log.addLast(new Step(cycle, step, result, o, snap.copy()));
        }

        void fail(String message) {
            StringBuilder b = new StringBuilder("cycle ").append(cycle).append(": ").append(message)
                    .append(System.lineSeparator()).append("last steps:");
            Set<Integer> used = sc.pod().usedPoints();
            for (Step s : log) {
                StringBuilder in = new StringBuilder();
                for (int i : used) {
                    in.append(in.isEmpty() ? "" : " ").append(sample(s.snap(), i));
                }
                b.append(System.lineSeparator()).append(String.format(Locale.ROOT,
                        "  cycle %d (t0%+d ms) %s%s%n      inputs: %s%n      engine: %s", s.cycle(),
                        s.cycle() * PERIOD / MS, s.step(), s.result() == null ? "" : " -> " + s.result(), in,
                        s.obs().brief()));
            }
            throw new PropertyFailure(cycle, b.toString());
        }
    }

    static Run simulate(Scenario sc, Checks checks, boolean twin, Coverage cov) {
        Run run = new Run(sc, checks, twin, cov);
        run.run();
        return run;
    }

    // ================================================================================================ scenarios

    /**
     * A pod, compiled as the engine sees it.
     *
     * @param runOutputs number of rack outputs (the first ones); a beacon, if any, comes after them
     */
    record Pod(List<PointDescriptor> points, List<GroupSpec> groups, List<ProtectionSpec> protections,
               List<EffectSpec> effects, List<PermissiveSpec> permissives, List<String> outputIds, int runOutputs,
               int resetIndex, long settleNanos, long staggerNanos, long maxBypassNanos) {

        EngineSpec spec() {
            return new EngineSpec(protections, groups, effects, permissives, outputIds, resetIndex, settleNanos,
                    staggerNanos, maxBypassNanos, 8 * 3_600 * S, MAX_OVERRIDE, null);
        }

        ProtectionSpec protection(String id) {
            for (ProtectionSpec p : protections) {
                if (p.id().equals(id)) {
                    return p;
                }
            }
            return null;
        }

        boolean runPermissive(int o) {
            for (ProtectionSpec p : protections) {
                if (p.deenergizes(o)) {
                    return true;
                }
            }
            for (EffectSpec e : effects) {
                if (e.deenergizes(o)) {
                    return true;
                }
            }
            return false;
        }

        /** Points the protections, voting groups, permissives and the reset input use, in board order. */
        Set<Integer> usedPoints() {
            Set<Integer> out = new TreeSet<>();
            for (GroupSpec g : groups) {
                for (int ch : g.channels()) {
                    out.add(ch); // every group is evaluated (and alarms), used or not
                }
            }
            for (ProtectionSpec p : protections) {
                if (p.groupIndex() < 0) {
                    out.add(p.pointIndex());
                }
                if (p.setpointIndex() >= 0) {
                    out.add(p.setpointIndex());
                }
            }
            for (PermissiveSpec p : permissives) {
                if (p.groupIndex() < 0) {
                    out.add(p.pointIndex());
                }
            }
            if (resetIndex >= 0) {
                out.add(resetIndex);
            }
            return out;
        }

        /** Points whose bad data trips: inputs of protections with action trip, their setpoint points included. */
        Set<Integer> safetyInputs() {
            Set<Integer> out = new TreeSet<>();
            for (ProtectionSpec p : protections) {
                if (p.onBadData() != BadData.TRIP) {
                    continue;
                }
                if (p.groupIndex() >= 0) {
                    for (int ch : groups.get(p.groupIndex()).channels()) {
                        out.add(ch);
                    }
                } else {
                    out.add(p.pointIndex());
                }
                if (p.kind() == Kind.DEVIATION && p.setpointIndex() >= 0) {
                    out.add(p.setpointIndex());
                }
            }
            return out;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            String nl = System.lineSeparator() + "    ";
            b.append("outputs ").append(outputIds).append(", reset input ")
                    .append(resetIndex >= 0 ? points.get(resetIndex).id() : "none").append(", settle ")
                    .append(settleNanos / MS).append(" ms, stagger ").append(staggerNanos / MS)
                    .append(" ms, max bypass ")
                    .append(maxBypassNanos / MS).append(" ms");
            for (GroupSpec g : groups) {
                b.append(nl).append("group ").append(g.id()).append(' ').append(g.architecture()).append(' ')
                        .append(Arrays.toString(g.channelIds()))
                        .append(String.format(Locale.ROOT, " band %.2f", g.band()))
                        .append(" exclusion ").append(g.exclusionNanos() / MS).append(" ms");
            }
            for (ProtectionSpec p : protections) {
                b.append(nl).append(describe(p));
            }
            for (EffectSpec e : effects) {
                b.append(nl).append("effect ").append(e.id()).append(' ').append(e.kind()).append(" outputs ")
                        .append(Arrays.toString(e.outputs()));
            }
            for (PermissiveSpec p : permissives) {
                b.append(nl).append("permissive ").append(p.id()).append(" on ").append(p.pointId())
                        .append(String.format(Locale.ROOT, " min %.2f max %.2f active %d", p.min(), p.max(),
                                p.active()))
                        .append(" proven for ").append(p.provenForNanos() / MS).append(" ms gates ")
                        .append(Arrays.toString(p.gatedOutputs()));
            }
            return b.toString();
        }

        private String describe(ProtectionSpec p) {
            String levels = p.kind() == Kind.ACTIVE ? p.activeSeverity().name()
                    : String.format(Locale.ROOT, "w=%.2f a=%.2f t=%.2f", p.warning(), p.alarm(), p.trip());
            String extra = switch (p.kind()) {
                case DEVIATION -> p.setpointIndex() >= 0 ? " from " + points.get(p.setpointIndex()).id()
                        : String.format(Locale.ROOT, " from %.2f", p.setpoint());
                case RATE -> " window " + p.rateWindowNanos() / MS + " ms";
                default -> "";
            };
            return String.format(Locale.ROOT, "%s %s on %s%s: %s hyst %.2f delay %d/%d ms inhibit %d ms bad=%s%s%s "
                            + "-> outputs %s onAlarm %s onTrip %s",
                    p.id(), p.kind(), p.pointId(), extra, levels, p.hysteresis(), p.delayNanos() / MS,
                    p.clearDelayNanos() / MS, p.inhibitAfterStartNanos() / MS, p.onBadData(),
                    p.localResetOnly() ? " local-reset-only" : "", p.bypassable() ? " bypassable" : "",
                    Arrays.toString(p.outputIndexes()), Arrays.toString(p.onAlarmEffects()),
                    Arrays.toString(p.onTripEffects()));
        }
    }

    enum FaultKind { COMM_FAIL, DEVICE_EXCEPTION, OUT_OF_RANGE, INVALID, FROZEN, GOOD_NAN, WITHHOLD }

    /** A device fault on one point for {@code length} cycles from {@code from}. */
    record Fault(int point, int from, int length, FaultKind kind) {
        boolean covers(int k) {
            return k >= from && k < from + length;
        }
    }

    enum CmdKind { RESET, PRESS, ACK, BYPASS, REMOVE_BYPASS, MAINTENANCE_ON, MAINTENANCE_OFF, OVERRIDE, LOOP_STALL }

    /**
     * A command after the evaluation of {@code cycle}, or a press of the local reset button held for
     * {@code length} cycles from {@code cycle}.
     */
    record Cmd(int cycle, CmdKind kind, String target, long nanos, boolean flag, int length) {
        String targetText() {
            return target == null ? "(all)" : target;
        }

        @Override
        public String toString() {
            String args = switch (kind) {
                case RESET, ACK -> targetText();
                case PRESS -> length + " cycles";
                case BYPASS -> target + " for " + nanos / MS + " ms";
                case REMOVE_BYPASS -> target;
                case MAINTENANCE_ON -> flag ? "without a reason" : "";
                case OVERRIDE -> target + (flag ? " energized" : " de-energized") + " for " + nanos / MS + " ms";
                default -> "";
            };
            return "@" + cycle + " " + kind + (args.isEmpty() ? "" : " " + args);
        }
    }

    /**
     * A pod and its timeline.
     *
     * @param values     per point, per cycle: the value a healthy device delivers
     * @param settleCycle for constant-load scenarios, the cycle after which the outputs must not change
     */
    record Scenario(Pod pod, int cycles, long startNanos, double[][] values, List<Fault> faults, List<Cmd> commands,
                    int settleCycle) {
        @Override
        public String toString() {
            String nl = System.lineSeparator() + "  ";
            return "Scenario[" + cycles + " cycles of 100 ms from t0=" + startNanos + " ns"
                    + (settleCycle < cycles ? ", settled from cycle " + settleCycle : "") + nl + "pod: " + pod + nl
                    + "faults: " + faults.stream().map(f -> pod.points().get(f.point()).id() + " " + f.kind() + " @"
                    + f.from() + "+" + f.length()).toList() + nl + "commands: " + commands + nl
                    + "values: random walks (see the last steps of the failure)]";
        }

        Scenario with(Pod p, int c, long t0, List<Fault> f, List<Cmd> cmds) {
            return new Scenario(p, c, t0, values, f, cmds, settleCycle);
        }
    }

    // ---------------------------------------------------------------------------------------------- generation

    /** Builds one pod and its timeline. */
    private static final class Gen {
        final SplittableRandom r;
        final boolean constant;
        final int cycles;
        final List<PointDescriptor> points = new ArrayList<>();
        final List<double[]> values = new ArrayList<>();
        final List<GroupSpec> groups = new ArrayList<>();
        final List<Integer> analog = new ArrayList<>();
        final List<Integer> digital = new ArrayList<>();
        final List<Integer> setpoints = new ArrayList<>();

        Gen(SplittableRandom r, boolean constant, int cycles) {
            this.r = r;
            this.constant = constant;
            this.cycles = cycles;
        }

        int point(String id, boolean isDigital, double[] v) {
            long stale = r.nextInt(3) == 0 ? 300 * MS + r.nextLong(1_700 * MS) : 1_000 * MS;
            points.add(new PointDescriptor(id, isDigital ? "" : "u", Duration.ofNanos(stale), isDigital));
            values.add(v);
            return points.size() - 1;
        }

        /** A random walk in [0, 100] with drifting phases (rates) and rare jumps; constant for a constant load. */
        double[] walk() {
            double[] v = new double[cycles];
            double x = 20 + 60 * r.nextDouble();
            if (constant) {
                Arrays.fill(v, r.nextInt(4) == 0 ? Math.rint(x) : x);
                return v;
            }
            double sigma = 0.2 + 2.5 * r.nextDouble();
            double slope = 0;
            for (int k = 0; k < cycles; k++) {
                if (r.nextInt(30) == 0) {
                    slope = r.nextInt(3) == 0 ? 0 : (r.nextDouble() * 2 - 1) * 1.5;
                }
                if (r.nextInt(300) == 0) {
                    x = 100 * r.nextDouble();
                }
                x += slope + r.nextGaussian() * sigma;
                if (x < 0) {
                    x = -x;
                    slope = Math.abs(slope);
                } else if (x > 100) {
                    x = 200 - x;
                    slope = -Math.abs(slope);
                }
                v[k] = x;
            }
            return v;
        }

        double[] bits(double pOne) {
            double[] v = new double[cycles];
            double x = r.nextDouble() < pOne ? 1 : 0;
            double toggle = constant ? 0 : 0.003 + 0.05 * r.nextDouble();
            for (int k = 0; k < cycles; k++) {
                if (r.nextDouble() < toggle) {
                    x = r.nextDouble() < pOne ? 1 : 0;
                }
                v[k] = x;
            }
            return v;
        }

        int analogPoint() {
            if (!analog.isEmpty() && r.nextInt(10) < 3) {
                return analog.get(r.nextInt(analog.size()));
            }
            int idx = point("a" + points.size(), false, walk());
            analog.add(idx);
            return idx;
        }

        int digitalPoint() {
            if (!digital.isEmpty() && r.nextInt(10) < 3) {
                return digital.get(r.nextInt(digital.size()));
            }
            int idx = point("d" + points.size(), true, bits(0.3));
            digital.add(idx);
            return idx;
        }

        int setpointPoint() {
            if (!setpoints.isEmpty() && r.nextBoolean()) {
                return setpoints.get(r.nextInt(setpoints.size()));
            }
            double[] v = new double[cycles];
            double x = 40 + 20 * r.nextDouble();
            for (int k = 0; k < cycles; k++) {
                if (!constant && r.nextInt(150) == 0) {
                    x = 40 + 20 * r.nextDouble();
                }
                v[k] = x;
            }
            int idx = point("sp" + points.size(), false, v);
            setpoints.add(idx);
            return idx;
        }

        int group() {
            if (!groups.isEmpty() && r.nextInt(10) < 3) {
                return r.nextInt(groups.size());
            }
            int n = r.nextInt(10) < 6 ? 3 : 2;
            int gi = groups.size();
            double band = 1 + 7 * r.nextDouble();
            double[] base = walk();
            int[] channels = new int[n];
            String[] ids = new String[n];
            for (int c = 0; c < n; c++) {
                double[] v = new double[cycles];
                double offset = constant && r.nextInt(4) == 0
                        ? (r.nextBoolean() ? 1 : -1) * band * (1 + 2 * r.nextDouble()) : 0;
                int from = r.nextInt(cycles);
                int to = from + r.nextInt(cycles);
                double episode = (r.nextBoolean() ? 1 : -1) * band * (0.5 + 3 * r.nextDouble());
                boolean drifts = !constant && r.nextInt(3) == 0;
                for (int k = 0; k < cycles; k++) {
                    double noise = constant ? 0 : r.nextGaussian() * 0.2;
                    v[k] = base[k] + offset + noise + (drifts && k >= from && k < to ? episode : 0);
                }
                ids[c] = "g" + gi + ".c" + c;
                channels[c] = point(ids[c], false, v);
            }
            groups.add(new GroupSpec("g" + gi, "", channels, ids, n == 3 ? 2 : 1, band,
                    500 * MS + r.nextLong(2_500 * MS)));
            return gi;
        }

        long delay() {
            return r.nextBoolean() ? 0 : 100 * MS + r.nextLong(2_900 * MS);
        }

        double maybe(double level, int percentNaN) {
            return r.nextInt(100) < percentNaN ? Double.NaN : level;
        }

        ProtectionSpec protection(int i) {
            String id = "p" + i;
            int roll = r.nextInt(100);
            Kind kind = roll < 28 ? Kind.HIGH : roll < 46 ? Kind.LOW : roll < 64 ? Kind.ACTIVE : roll < 80
                    ? Kind.DEVIATION : roll < 95 ? Kind.RATE : Kind.DISAGREEMENT;
            boolean onGroup = kind == Kind.DISAGREEMENT || kind != Kind.ACTIVE && r.nextInt(4) == 0;
            ProtectionSpec.Builder b;
            int g = -1;
            if (onGroup) {
                g = group();
                b = ProtectionSpec.onGroup(id, groups.get(g).id(), g);
            } else if (kind == Kind.ACTIVE) {
                int d = digitalPoint();
                b = ProtectionSpec.builder(id, points.get(d).id(), d);
            } else {
                int a = analogPoint();
                b = ProtectionSpec.builder(id, points.get(a).id(), a);
            }
            b.kind(kind);
            double u = r.nextDouble();
            switch (kind) {
                case HIGH -> {
                    double trip = 60 + 35 * u;
                    double alarm = trip - 15 * r.nextDouble();
                    b.levels(maybe(alarm - 15 * r.nextDouble(), 50), maybe(alarm, 40), maybe(trip, 20));
                }
                case LOW -> {
                    double trip = 40 - 35 * u;
                    double alarm = trip + 15 * r.nextDouble();
                    b.levels(maybe(alarm + 15 * r.nextDouble(), 50), maybe(alarm, 40), maybe(trip, 20));
                }
                case ACTIVE -> b.active(roll % 5 < 3 ? Severity.TRIP : roll % 5 == 3 ? Severity.ALARM
                        : Severity.WARNING);
                case DEVIATION -> {
                    double warning = 5 + 15 * u;
                    double alarm = warning + 10 * r.nextDouble();
                    b.levels(maybe(warning, 50), maybe(alarm, 40), maybe(alarm + 10 * r.nextDouble(), 20));
                    if (r.nextBoolean()) {
                        b.setpointPoint(setpointPoint());
                    } else {
                        b.setpoint(40 + 20 * r.nextDouble());
                    }
                }
                case RATE -> {
                    double trip = 60 + 500 * u;
                    double alarm = trip * (0.4 + 0.6 * r.nextDouble());
                    b.levels(maybe(alarm * (0.4 + 0.6 * r.nextDouble()), 50), maybe(alarm, 40), maybe(trip, 20));
                    b.rateWindow(1_000 * MS + r.nextLong(4_000 * MS));
                }
                case DISAGREEMENT -> {
                    double band = groups.get(g).band();
                    b.levels(maybe(band, 50), maybe(band * 1.5, 40), maybe(band * (2 + u), 20));
                }
            }
            ProtectionSpec p = b.build();
            if (kind != Kind.ACTIVE && Double.isNaN(p.warning()) && Double.isNaN(p.alarm()) && Double.isNaN(p.trip())) {
                b.levels(p.warning(), kind == Kind.LOW ? 30 : kind == Kind.RATE ? 200 : kind == Kind.HIGH ? 70 : 15,
                        Double.NaN);
            }
            double hScale = kind == Kind.RATE ? 50 : 5;
            b.hysteresis(r.nextBoolean() ? 0 : hScale * r.nextDouble());
            b.delay(delay(), delay());
            if (r.nextInt(10) == 0) {
                b.inhibits(500 * MS + r.nextLong(2_500 * MS), 0);
            }
            int bad = r.nextInt(10);
            b.onBadData(bad < 5 ? BadData.TRIP : bad < 8 ? BadData.ALARM : BadData.IGNORE);
            boolean local = r.nextInt(10) < (kind == Kind.ACTIVE ? 4 : 1);
            boolean bypassable = r.nextInt(10) < 4;
            b.localReset(local);
            b.bypassable(bypassable && !local); // the configuration refuses bypassable local-reset protections
            return b.build();
        }
    }

    static Scenario generate(SplittableRandom r, boolean constant) {
        int cycles = 100 + r.nextInt(501);
        Gen g = new Gen(r, constant, constant ? 600 : cycles);
        int n = 1 + r.nextInt(6);
        List<ProtectionSpec> protections = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            protections.add(g.protection(i));
        }
        int m = 1 + r.nextInt(4);
        List<String> outputIds = new ArrayList<>();
        for (int o = 0; o < m; o++) {
            outputIds.add("rack" + o);
        }
        List<EffectSpec> effects = new ArrayList<>();
        if (r.nextInt(10) < 3) {
            effects.add(new EffectSpec("hold", "hold racks off", EffectSpec.Kind.DEENERGIZE, subset(r, m), null,
                    Double.NaN));
        }
        if (r.nextInt(10) < 3) {
            effects.add(new EffectSpec("beacon", "sound the beacon", EffectSpec.Kind.ENERGIZE, new int[] {m}, null,
                    Double.NaN));
            outputIds.add("beacon");
        }
        // Outputs: each protection de-energizes some racks; every rack is de-energized by a protection that latches.
        List<List<Integer>> outs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> l = new ArrayList<>();
            for (int o = 0; o < m; o++) {
                if (r.nextBoolean()) {
                    l.add(o);
                }
            }
            outs.add(l);
        }
        if (protections.stream().noneMatch(ProtectionSpec::latches)) {
            protections.set(0, with(protections.get(0), x -> x.onBadData = BadData.TRIP));
        }
        List<Integer> latching = IntStream.range(0, n).filter(i -> protections.get(i).latches()).boxed().toList();
        for (int o = 0; o < m; o++) {
            int oo = o;
            if (IntStream.range(0, n).noneMatch(i -> protections.get(i).latches() && outs.get(i).contains(oo))) {
                outs.get(latching.get(r.nextInt(latching.size()))).add(o);
            }
        }
        for (int i = 0; i < n; i++) {
            int ii = i;
            int[] onAlarm = IntStream.range(0, effects.size()).filter(e -> r.nextInt(100) < 35).toArray();
            int[] onTrip = IntStream.range(0, effects.size()).filter(e -> r.nextInt(100) < 20).toArray();
            protections.set(i, with(protections.get(i), x -> {
                x.outputs = outs.get(ii).stream().sorted().mapToInt(Integer::intValue).toArray();
                x.onAlarm = onAlarm;
                x.onTrip = onTrip;
            }));
        }
        List<PermissiveSpec> permissives = new ArrayList<>();
        int np = r.nextInt(10) < 5 ? 0 : r.nextInt(10) < 7 ? 1 : 2;
        for (int p = 0; p < np; p++) {
            long proven = r.nextInt(10) < 3 ? 0 : 100 * MS + r.nextLong(2_900 * MS);
            int kind = r.nextInt(10);
            if (kind < 5) {
                int idx = g.point("flow" + g.points.size(), false, g.walk());
                permissives.add(new PermissiveSpec("perm" + p, "", g.points.get(idx).id(), idx, -1,
                        5 + 30 * r.nextDouble(), r.nextBoolean() ? Double.NaN : 85 + 15 * r.nextDouble(), -1, proven,
                        subset(r, m), new int[0]));
            } else if (kind < 8 || g.groups.isEmpty()) {
                int idx = g.point("ok" + g.points.size(), true, g.bits(0.85));
                permissives.add(new PermissiveSpec("perm" + p, "", g.points.get(idx).id(), idx, -1, Double.NaN,
                        Double.NaN, 1, proven, subset(r, m), new int[0]));
            } else {
                int gi = r.nextInt(g.groups.size());
                permissives.add(new PermissiveSpec("perm" + p, "", g.groups.get(gi).id(), -1, gi,
                        5 + 30 * r.nextDouble(), Double.NaN, -1, proven, subset(r, m), new int[0]));
            }
        }
        int resetIndex = r.nextInt(10) < 8 ? g.point("reset.button", true, new double[g.cycles]) : -1;
        long settle = r.nextBoolean() ? 0 : 100 * MS + r.nextLong(1_900 * MS);
        long stagger = r.nextBoolean() ? 0 : 100 * MS + r.nextLong(900 * MS);
        long maxBypass = r.nextBoolean() ? 8 * 3_600 * S : 5 * S + r.nextLong(30 * S);
        Pod pod = new Pod(List.copyOf(g.points), List.copyOf(g.groups), List.copyOf(protections), List.copyOf(effects),
                List.copyOf(permissives), List.copyOf(outputIds), m, resetIndex, settle, stagger, maxBypass);

        long t0 = switch (r.nextInt(10)) {
            case 0 -> Long.MAX_VALUE - r.nextLong(g.cycles * PERIOD); // the clock wraps during the run
            case 1 -> -r.nextLong(Long.MAX_VALUE / 4);
            case 2 -> 0;
            default -> r.nextLong(Long.MAX_VALUE / 4);
        };
        double[][] values = g.values.toArray(double[][]::new);
        if (constant) {
            return constantTimeline(r, pod, t0, values);
        }
        List<Fault> faults = new ArrayList<>();
        FaultKind[] kinds = FaultKind.values();
        for (int p = 0; p < pod.points().size(); p++) {
            if (p == resetIndex) {
                continue;
            }
            int roll = r.nextInt(100);
            int nf = roll < 40 ? 0 : roll < 65 ? 1 : roll < 85 ? 2 : 3 + r.nextInt(3);
            for (int f = 0; f < nf; f++) {
                FaultKind k = kinds[r.nextInt(kinds.length)];
                int length = k == FaultKind.WITHHOLD ? 5 + r.nextInt(36) : 1 + r.nextInt(25);
                faults.add(new Fault(p, r.nextInt(cycles), length, k));
            }
        }
        if (r.nextInt(10) == 0) {
            int p = r.nextInt(pod.points().size());
            if (p != resetIndex) {
                faults.add(new Fault(p, 0, 10 + r.nextInt(140), FaultKind.WITHHOLD)); // silent from the start
            }
        }
        List<Cmd> commands = new ArrayList<>();
        commands.add(new Cmd(1 + r.nextInt(15), CmdKind.RESET, null, 0, false, 0));
        double rate = 0.06 + 0.1 * r.nextDouble();
        for (int k = 0; k < cycles; k++) {
            while (r.nextDouble() < rate) {
                commands.add(command(r, pod, k));
                if (r.nextInt(10) < 8) {
                    break;
                }
            }
        }
        commands.sort((a, b) -> Integer.compare(a.cycle(), b.cycle()));
        return new Scenario(pod, cycles, t0, values, List.copyOf(faults), List.copyOf(commands), cycles);
    }

    private static Cmd command(SplittableRandom r, Pod pod, int k) {
        List<ProtectionSpec> ps = pod.protections();
        String anyProtection = ps.get(r.nextInt(ps.size())).id();
        int roll = r.nextInt(100);
        if (roll < 30) {
            int t = r.nextInt(100);
            String target = t < 50 ? null : t < 85 ? anyProtection : t < 90 ? SafetyEngine.STARTUP_TRIP : t < 95
                    ? SafetyEngine.LOOP_STALL_TRIP : "no-such-trip";
            return new Cmd(k, CmdKind.RESET, target, 0, false, 0);
        }
        if (roll < 42) {
            return pod.resetIndex() >= 0 ? new Cmd(k, CmdKind.PRESS, null, 0, false, 1 + r.nextInt(3))
                    : new Cmd(k, CmdKind.RESET, null, 0, false, 0);
        }
        if (roll < 50) {
            int t = r.nextInt(10);
            return new Cmd(k, CmdKind.ACK, t < 6 ? null : t < 9 ? anyProtection : "no-such-alarm", 0, false, 0);
        }
        if (roll < 63) {
            int t = r.nextInt(100);
            long d = t < 10 ? 0 : t < 15 ? pod.maxBypassNanos() + 1 : 300 * MS + r.nextLong(40 * S);
            return new Cmd(k, CmdKind.BYPASS, anyProtection, d, false, 0);
        }
        if (roll < 67) {
            return new Cmd(k, CmdKind.REMOVE_BYPASS, anyProtection, 0, false, 0);
        }
        if (roll < 72) {
            return new Cmd(k, CmdKind.MAINTENANCE_ON, null, 0, r.nextInt(10) == 0, 0);
        }
        if (roll < 78) {
            return new Cmd(k, CmdKind.MAINTENANCE_OFF, null, 0, false, 0);
        }
        if (roll < 97) {
            int t = r.nextInt(100);
            long d = t < 10 ? 0 : t < 15 ? MAX_OVERRIDE + 1 : 300 * MS + r.nextLong(30 * S);
            String out = pod.outputIds().get(r.nextInt(pod.outputIds().size()));
            return new Cmd(k, CmdKind.OVERRIDE, out, d, r.nextInt(10) < 7, 0);
        }
        return new Cmd(k, CmdKind.LOOP_STALL, null, 0, false, 0);
    }

    /**
     * No faults; every few seconds a reset of everything, of the start-up trip and of each protection (a reset of
     * everything is all or nothing), and presses of the local reset button; acknowledgements now and then. The
     * cycle count leaves at least 100 quiet cycles after the horizon.
     */
    private static Scenario constantTimeline(SplittableRandom r, Pod pod, long t0, double[][] values) {
        int resetEvery = 10 + r.nextInt(31);
        long horizon = pod.settleNanos() + (pod.runOutputs() + 1) * pod.staggerNanos() + resetEvery * PERIOD + 2 * S;
        long maxOn = 0;
        long maxOff = 0;
        long maxInhibit = 0;
        long maxWindow = 0;
        for (ProtectionSpec p : pod.protections()) {
            maxOn = Math.max(maxOn, p.delayNanos());
            maxOff = Math.max(maxOff, p.clearDelayNanos());
            maxInhibit = Math.max(maxInhibit, p.inhibitAfterStartNanos());
            maxWindow = Math.max(maxWindow, p.kind() == Kind.RATE ? p.rateWindowNanos() : 0);
        }
        long maxExclusion = pod.groups().stream().mapToLong(GroupSpec::exclusionNanos).max().orElse(0);
        long maxProven = pod.permissives().stream().mapToLong(PermissiveSpec::provenForNanos).max().orElse(0);
        horizon += maxOn + maxOff + maxInhibit + maxWindow + 2 * maxExclusion + maxProven;
        int settleCycle = (int) (horizon / PERIOD) + 1;
        int cycles = Math.min(600, settleCycle + 100 + r.nextInt(100));
        List<Cmd> commands = new ArrayList<>();
        for (int k = 1; k < cycles; k += resetEvery) {
            commands.add(new Cmd(k, CmdKind.RESET, null, 0, false, 0));
            commands.add(new Cmd(k, CmdKind.RESET, SafetyEngine.STARTUP_TRIP, 0, false, 0));
            for (ProtectionSpec p : pod.protections()) {
                commands.add(new Cmd(k, CmdKind.RESET, p.id(), 0, false, 0));
            }
            if (pod.resetIndex() >= 0 && r.nextBoolean()) {
                commands.add(new Cmd(k + resetEvery / 2, CmdKind.PRESS, null, 0, false, 1 + r.nextInt(3)));
            }
            if (r.nextInt(3) == 0) {
                commands.add(new Cmd(k, CmdKind.ACK, null, 0, false, 0));
            }
        }
        commands.sort((a, b) -> Integer.compare(a.cycle(), b.cycle()));
        return new Scenario(pod, cycles, t0, values, List.of(), List.copyOf(commands), settleCycle);
    }

    private static int[] subset(SplittableRandom r, int m) {
        int[] s = IntStream.range(0, m).filter(o -> r.nextBoolean()).toArray();
        return s.length > 0 ? s : new int[] {r.nextInt(m)};
    }

    // ---------------------------------------------------------------------------------------------- shrinking

    /** Mutable copy of a protection, for building variants. */
    private static final class PB {
        Kind kind;
        double warning;
        double alarm;
        double trip;
        double hysteresis;
        long delay;
        long clearDelay;
        long inhibit;
        BadData onBadData;
        boolean localOnly;
        boolean bypassable;
        int[] outputs;
        int[] onAlarm;
        int[] onTrip;
    }

    static ProtectionSpec with(ProtectionSpec p, Consumer<PB> change) {
        PB b = new PB();
        b.kind = p.kind();
        b.warning = p.warning();
        b.alarm = p.alarm();
        b.trip = p.trip();
        b.hysteresis = p.hysteresis();
        b.delay = p.delayNanos();
        b.clearDelay = p.clearDelayNanos();
        b.inhibit = p.inhibitAfterStartNanos();
        b.onBadData = p.onBadData();
        b.localOnly = p.localResetOnly();
        b.bypassable = p.bypassable();
        b.outputs = p.outputIndexes();
        b.onAlarm = p.onAlarmEffects();
        b.onTrip = p.onTripEffects();
        change.accept(b);
        return new ProtectionSpec(p.id(), p.description(), p.pointId(), p.pointIndex(), p.groupIndex(), b.kind,
                b.warning, b.alarm, b.trip, p.activeSeverity(), p.setpoint(), p.setpointIndex(), p.rateWindowNanos(),
                b.hysteresis, b.delay, b.clearDelay, b.inhibit, p.inhibitAfterModeChangeNanos(), b.onBadData,
                b.localOnly, b.bypassable, b.outputs, b.onAlarm, b.onTrip);
    }

    private static Pod withPod(Pod p, List<ProtectionSpec> protections, List<EffectSpec> effects,
                               List<PermissiveSpec> permissives, List<String> outputIds, long settle, long stagger) {
        return new Pod(p.points(), p.groups(), protections, effects, permissives, outputIds, p.runOutputs(),
                p.resetIndex(), settle, stagger, p.maxBypassNanos());
    }

    /** Smaller or simpler variants of a failing scenario, most promising first. */
    static List<Scenario> simpler(Scenario s, Throwable failure) {
        List<Scenario> out = new ArrayList<>();
        Pod pod = s.pod();
        if (failure instanceof PropertyFailure pf && pf.cycle + 1 < s.cycles() && s.settleCycle() >= s.cycles()) {
            int c = pf.cycle + 1;
            out.add(s.with(pod, c, s.startNanos(), s.faults().stream().filter(f -> f.from() < c).toList(),
                    s.commands().stream().filter(x -> x.cycle() < c).toList()));
        }
        addRemovals(out, s.commands(), cmds -> s.with(pod, s.cycles(), s.startNanos(), s.faults(), cmds));
        addRemovals(out, s.faults(), faults -> s.with(pod, s.cycles(), s.startNanos(), faults, s.commands()));
        List<ProtectionSpec> ps = pod.protections();
        for (int i = 0; i < ps.size() && ps.size() > 1; i++) {
            List<ProtectionSpec> fewer = new ArrayList<>(ps);
            fewer.remove(i);
            out.add(s.with(withPod(pod, fewer, pod.effects(), pod.permissives(), pod.outputIds(), pod.settleNanos(),
                    pod.staggerNanos()), s.cycles(), s.startNanos(), s.faults(), s.commands()));
        }
        for (int i = 0; i < pod.permissives().size(); i++) {
            List<PermissiveSpec> fewer = new ArrayList<>(pod.permissives());
            fewer.remove(i);
            out.add(s.with(withPod(pod, ps, pod.effects(), fewer, pod.outputIds(), pod.settleNanos(),
                    pod.staggerNanos()), s.cycles(), s.startNanos(), s.faults(), s.commands()));
        }
        if (!pod.effects().isEmpty()) {
            List<ProtectionSpec> noEffects = ps.stream().map(p -> with(p, x -> {
                x.onAlarm = new int[0];
                x.onTrip = new int[0];
            })).toList();
            out.add(s.with(withPod(pod, noEffects, List.of(), pod.permissives(), pod.outputIds().subList(0,
                    pod.runOutputs()), pod.settleNanos(), pod.staggerNanos()), s.cycles(), s.startNanos(), s.faults(),
                    s.commands()));
        }
        if (pod.staggerNanos() != 0 || pod.settleNanos() != 0) {
            out.add(s.with(withPod(pod, ps, pod.effects(), pod.permissives(), pod.outputIds(), 0, 0), s.cycles(),
                    s.startNanos(), s.faults(), s.commands()));
        }
        if (s.startNanos() != 0) {
            out.add(s.with(pod, s.cycles(), 0, s.faults(), s.commands()));
        }
        for (int i = 0; i < ps.size(); i++) {
            ProtectionSpec p = ps.get(i);
            List<Consumer<PB>> simplifications = List.of(
                    x -> {
                        x.delay = 0;
                        x.clearDelay = 0;
                    },
                    x -> x.hysteresis = 0,
                    x -> x.inhibit = 0,
                    x -> {
                        if (!Double.isNaN(x.trip)) {
                            x.warning = Double.NaN;
                            x.alarm = Double.NaN;
                        }
                    },
                    x -> x.outputs = new int[0]);
            for (Consumer<PB> simplification : simplifications) {
                ProtectionSpec q = with(p, simplification);
                if (!q.equals(p)) {
                    List<ProtectionSpec> changed = new ArrayList<>(ps);
                    changed.set(i, q);
                    out.add(s.with(withPod(pod, changed, pod.effects(), pod.permissives(), pod.outputIds(),
                            pod.settleNanos(), pod.staggerNanos()), s.cycles(), s.startNanos(), s.faults(),
                            s.commands()));
                }
            }
        }
        return out;
    }

    /** Variants without the second half, the first half, then each single element of {@code list}. */
    private static <T> void addRemovals(List<Scenario> out, List<T> list,
                                        Function<List<T>, Scenario> make) {
        int n = list.size();
        if (n == 0) {
            return;
        }
        out.add(make.apply(List.of()));
        if (n > 3) {
            out.add(make.apply(list.subList(0, n / 2)));
            out.add(make.apply(list.subList(n / 2, n)));
        }
        if (n <= 40) {
            for (int i = 0; i < n; i++) {
                List<T> fewer = new ArrayList<>(list);
                fewer.remove(i);
                out.add(make.apply(fewer));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- coverage

    /** What the scenarios of one property exercised: a property that never sees its situation proves nothing. */
    static final class Coverage {
        static final int TRIP_LATCHED = 0;
        static final int REMOTE_RESET_OF_TRIP = 1;
        static final int LOCAL_RESET_OF_TRIP = 2;
        static final int CONDITION_ACTIVE = 3;
        static final int LOCAL_REQUIRED = 4;
        static final int ENERGIZED = 5;
        static final int OVERRIDE_ENERGIZED = 6;
        static final int STALL_WHILE_ENERGIZED = 7;
        static final int BAD_TRIP_ACTED = 8;
        static final int BAD_ALARM = 9;
        static final int BAD_IGNORE = 10;
        static final int BAD_CHANNEL = 11;
        static final int END_ENERGIZED = 12;
        static final int END_HELD_OFF = 13;
        static final int LATE_CHANGE = 14;
        private static final int N = 15;

        final String name;
        private final boolean[] current = new boolean[N];
        private final int[] counts = new int[N];
        private final long cpuStart = THREADS.getCurrentThreadCpuTime();
        private final long wallStart = System.nanoTime();
        int scenarios;
        long cycles;
        int tripLatched;
        int remoteResetOfTrip;
        int localResetOfTrip;
        int conditionActive;
        int localRequired;
        int energized;
        int overrideEnergized;
        int stallWhileEnergized;
        int badTripActed;
        int badAlarm;
        int badIgnore;
        int badChannel;
        int endEnergized;
        int endHeldOff;
        int lateChange;

        Coverage(String name) {
            this.name = name;
        }

        void begin() {
            Arrays.fill(current, false);
        }

        void mark(int what) {
            current[what] = true;
        }

        void observe(Run run, Obs before, Obs after, List<SafetyEvent> events) {
            cycles++;
            for (SafetyEvent e : events) {
                if (e.type() == SafetyEvent.Type.TRIP_LATCHED && run.sc.pod().protection(e.id()) != null) {
                    mark(TRIP_LATCHED);
                }
            }
            for (String id : before.trips().keySet()) {
                if (!after.trips().containsKey(id) && run.sc.pod().protection(id) != null) {
                    mark(LOCAL_RESET_OF_TRIP);
                }
            }
            for (int o = 0; o < after.out().length; o++) {
                if (after.out()[o] && run.sc.pod().runPermissive(o)) {
                    mark(ENERGIZED);
                }
            }
            for (GroupSpec g : run.sc.pod().groups()) {
                for (int ch : g.channels()) {
                    if (run.quality(ch) == Q.BAD) {
                        mark(BAD_CHANNEL);
                    }
                }
            }
        }

        void command(Run run, Cmd c, Object result, Obs before, Obs after) {
            if (result instanceof ResetResult rr) {
                if (rr.code() == ReasonCode.CONDITION_ACTIVE) {
                    mark(CONDITION_ACTIVE);
                } else if (rr.code() == ReasonCode.LOCAL_RESET_REQUIRED) {
                    mark(LOCAL_REQUIRED);
                } else if (rr.reset().stream().anyMatch(id -> run.sc.pod().protection(id) != null)) {
                    mark(REMOTE_RESET_OF_TRIP);
                }
            }
            if (c.kind() == CmdKind.OVERRIDE && c.flag() && result instanceof CommandResult cr
                    && cr.code() == ReasonCode.ACCEPTED) {
                int o = run.sc.pod().outputIds().indexOf(c.target());
                if (run.sc.pod().runPermissive(o) && after.out()[o]) {
                    mark(OVERRIDE_ENERGIZED);
                }
            }
            if (c.kind() == CmdKind.LOOP_STALL) {
                for (int o = 0; o < before.out().length; o++) {
                    if (before.out()[o] && run.sc.pod().runPermissive(o)) {
                        mark(STALL_WHILE_ENERGIZED);
                    }
                }
            }
        }

        void commit() {
            scenarios++;
            for (int i = 0; i < N; i++) {
                counts[i] += current[i] ? 1 : 0;
            }
            tripLatched = counts[TRIP_LATCHED];
            remoteResetOfTrip = counts[REMOTE_RESET_OF_TRIP];
            localResetOfTrip = counts[LOCAL_RESET_OF_TRIP];
            conditionActive = counts[CONDITION_ACTIVE];
            localRequired = counts[LOCAL_REQUIRED];
            energized = counts[ENERGIZED];
            overrideEnergized = counts[OVERRIDE_ENERGIZED];
            stallWhileEnergized = counts[STALL_WHILE_ENERGIZED];
            badTripActed = counts[BAD_TRIP_ACTED];
            badAlarm = counts[BAD_ALARM];
            badIgnore = counts[BAD_IGNORE];
            badChannel = counts[BAD_CHANNEL];
            endEnergized = counts[END_ENERGIZED];
            endHeldOff = counts[END_HELD_OFF];
            lateChange = counts[LATE_CHANGE];
        }

        void require(String what, int count, double fraction) {
            assertTrue(count >= fraction * scenarios, () -> name + ": too few " + what + ": " + count + " of "
                    + scenarios);
        }

        void log() {
            LOG.info("{}: {} scenarios, {} cycles (seed {}); latched {}, remote resets {}, local resets {}, "
                            + "CONDITION_ACTIVE {}, LOCAL_RESET_REQUIRED {}, energized {}, override-energized {}, "
                            + "bad data acted {}/alarm {}/ignore {}/channel {}; settled on {}/off {}/late change {}; "
                            + "{} ms CPU, {} ms wall",
                    name, scenarios, cycles, Scenarios.SEED, tripLatched, remoteResetOfTrip, localResetOfTrip,
                    conditionActive, localRequired, energized, overrideEnergized, badTripActed, badAlarm, badIgnore,
                    badChannel, endEnergized, endHeldOff, lateChange,
                    (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000_000,
                    (System.nanoTime() - wallStart) / 1_000_000);
        }
    }
}
