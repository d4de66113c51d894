package io.podctl.controller.safety;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Load shedding by rack priority: a pure, deterministic controller that decides which racks must be switched
 * off so that the pod stays within the power it may draw, and when they may come back. It only decides; the
 * caller maps {@link #isShed} onto the rack outputs (a shed rack's output is de-energized).
 *
 * <h2>Behaviour</h2>
 * <ul>
 *   <li><b>Budget.</b> {@code B = }{@link #availablePowerW()} {@code = min(budgetW, cooling capacity)}, where the
 *       cooling capacity is what the secondary loop can remove at the measured flow without exceeding the
 *       allowed temperature rise: {@code flow / 60 [kg/s] × 4186 [J/kg·K] × maxΔT [K]} (water: 1 kg/L, c_p 4.186
 *       kJ/kg·K; a 25 % glycol mix carries about 5 % less, so such a loop should configure a smaller maxΔT).</li>
 *   <li><b>Shed.</b> If the measured pod power {@code P > B} on every update for {@code shedDelay}, the next
 *       rack in priority order that is still running (the lowest index) is shed, and the shed timer restarts:
 *       at most one rack per {@code shedDelay}. Shedding one rack at a time, and waiting again before the next,
 *       lets the measurement show the effect of the last shed before deciding on another, so a pod is never
 *       stripped of more racks than the overload needs (shedDelay must exceed the power measurement's lag).</li>
 *   <li><b>Expected draw.</b> When a rack is shed, what it will draw when it returns is remembered: its own
 *       power sample of that update if GOOD; otherwise its last GOOD sample, or, if it never had one, an equal
 *       share {@code P / running racks}. If the rack's own sample is not GOOD and the rack is being shed right
 *       after it was itself restored (no other transition in between) — a restore that did not fit — the
 *       expected draw is at least the rise the restore caused, {@code P − P(at that restore)}. Without this a
 *       rack whose meter is dead and whose guess is too low would be restored and shed again forever; with it
 *       the second shed remembers at least the true draw, and a guess that is too high only keeps the rack off
 *       longer, which is visible and safe.</li>
 *   <li><b>Restore.</b> Only the shed rack with the highest priority (the highest index, i.e. the one shed
 *       last) is a candidate; it is restored when {@code P + expected draw <= B − hysteresis} on every update
 *       for {@code restoreDelay}, and the restore timer restarts: racks come back one at a time, in reverse
 *       shed order. A lower-priority shed rack that would fit is not restored ahead of it: that would invert the
 *       configured priority and could then keep the more important rack off. (With a hysteresis below
 *       1e-9 × B the restore keeps that much in reserve instead, so that floating-point rounding of the sum
 *       can never put a restored rack's measured power one ulp above B.)</li>
 *   <li><b>Bad data holds.</b> If {@code P} is not GOOD (NaN or infinite), or the cooling limit is configured
 *       and the flow is not GOOD (NaN, infinite or negative: the capacity is then unknown), nothing is shed and
 *       nothing is restored, and both timers stop: missing data is not evidence of an overload, and not evidence
 *       of room either. The safety engine trips on bad data where its configuration says so; shedding is not a
 *       protection against bad data. {@link Event.Type#DATA_BAD} is emitted once when the hold begins,
 *       {@link Event.Type#DATA_GOOD} when it ends. "Continuously" means on every update with good data since
 *       the condition began; a bad update restarts the count.</li>
 *   <li><b>Not a trip.</b> Shedding does not latch: racks come back automatically once the power allows. A
 *       protection that must latch belongs in the {@link SafetyEngine}.</li>
 * </ul>
 *
 * <h2>Why it never oscillates under a constant load</h2>
 * Take constant loads (each rack {@code i} draws {@code d_i} while running, plus a constant base), a constant
 * budget, and GOOD rack meters, so that every expected draw is the rack's true draw.
 * <ol>
 *   <li>After any restore the power is at most {@code B − h <= B}, because the restore required
 *       {@code P + d_k <= B − h} and the new power is exactly {@code P + d_k}. A further restore keeps it there
 *       by the same rule. So once a restore has happened, nothing is ever shed again: every shed precedes every
 *       restore.</li>
 *   <li>The sheds therefore run without restores in between, each taking the lowest-index running rack, so
 *       their indices increase; let {@code k} be the last one, shed at power {@code P_k > B}. From then on
 *       the power is at least {@code P_k − d_k} (only restores follow), so when {@code k} is the candidate,
 *       {@code P + d_k >= P_k > B}: it never fits, and it blocks every lower-index rack behind it. A rack shed
 *       by this controller is never restored; only racks that were already shed (see {@link #restore}) can
 *       come back, each once.</li>
 *   <li>So the shed set changes at most once per rack — at most {@code n} changes over any horizon — and then
 *       no transition is enabled, and with constant inputs none ever becomes enabled again.</li>
 * </ol>
 * With racks whose meters are not GOOD (or a persisted draw that is wrong) a guess may be too low. A restore of
 * such a rack that does not fit is followed by the shed of the lowest-index running rack, which is that same
 * rack whenever the racks below it are shed (always, unless a persisted shed set had gaps); that shed remembers
 * at least the rise the restore caused, i.e. the true draw, so the rack fails a restore at most once: at most
 * {@code 4n} changes (shed, failed restore, shed, restore per rack), then settled. The property test checks the
 * {@code 4n} bound also for persisted sets with gaps.
 *
 * <p>The transitions are also spaced: a shed comes at least {@code shedDelay} and a restore at least
 * {@code restoreDelay} after the previous transition of either kind, because the two conditions cannot hold on
 * the same update and each timer restarts on its own transition. LoadShedderPropertiesTest checks all of this on
 * a simulated plant.
 *
 * <p>Units: watts, litres per minute, kelvin; time is a monotonic nanosecond reading passed in by the caller
 * (only differences are used). No I/O, no clock, no threads. Threading: not thread-safe; owned by the control
 * loop thread. {@link #update} does not allocate unless it emits an event.
 */
public final class LoadShedder {
    /** Restores keep at least this fraction of B in reserve, so that rounding never lands a restored rack above B. */
    static final double ROUNDING_MARGIN = 1e-9;
    /** Events kept until {@link #drainEvents}; beyond it the oldest are dropped and counted. */
    static final int EVENT_CAPACITY = 256;
    /** Specific heat of water, J/(kg·K); 1 L of water is taken as 1 kg. */
    static final double WATER_CP_J_PER_KG_K = 4186.0;

    /**
     * Immutable parameters.
     *
     * @param rackIds           sheddable racks in shed order (first shed first); unique, not blank
     * @param budgetW           what the site feed allows, W; finite, {@code >= 0}
     * @param hysteresisW       a rack is restored only if the predicted power stays this far below the budget, W;
     *                          finite, {@code >= 0}
     * @param shedDelayNanos    power above the budget this long sheds the next rack, ns; {@code > 0}
     * @param restoreDelayNanos room for the next rack this long restores it, ns; {@code > 0}
     * @param coolingMaxDeltaT  largest allowed coolant temperature rise, K ({@code > 0}); NaN = no cooling limit
     */
    public record Spec(List<String> rackIds, double budgetW, double hysteresisW, long shedDelayNanos,
                       long restoreDelayNanos, double coolingMaxDeltaT) {
        public Spec {
            Objects.requireNonNull(rackIds, "rackIds");
            rackIds = List.copyOf(rackIds);
            Set<String> seen = new HashSet<>();
            for (String id : rackIds) {
                if (id.isBlank()) {
                    throw new IllegalArgumentException("rack id is blank");
                }
                if (!seen.add(id)) {
                    throw new IllegalArgumentException("rack '" + id + "' is listed twice");
                }
            }
            if (!(Double.isFinite(budgetW) && budgetW >= 0)) {
                throw new IllegalArgumentException("budgetW must be finite and >= 0: " + budgetW);
            }
            if (!(Double.isFinite(hysteresisW) && hysteresisW >= 0)) {
                throw new IllegalArgumentException("hysteresisW must be finite and >= 0: " + hysteresisW);
            }
            if (shedDelayNanos <= 0 || restoreDelayNanos <= 0) {
                throw new IllegalArgumentException("shed and restore delays must be > 0: " + shedDelayNanos + ", "
                        + restoreDelayNanos);
            }
            if (!Double.isNaN(coolingMaxDeltaT) && !(Double.isFinite(coolingMaxDeltaT) && coolingMaxDeltaT > 0)) {
                throw new IllegalArgumentException("coolingMaxDeltaT must be NaN (no limit) or finite and > 0: "
                        + coolingMaxDeltaT);
            }
        }

        /** @return whether the cooling capacity limits the budget */
        public boolean coolingLimited() {
            return !Double.isNaN(coolingMaxDeltaT);
        }
    }

    /**
     * Something the shedder did or noticed. Immutable.
     *
     * @param type    what happened
     * @param rackId  the rack shed or restored; null for {@link Type#DATA_BAD} and {@link Type#DATA_GOOD}
     * @param message human-readable explanation with the power, budget and expected draw involved
     */
    public record Event(Type type, String rackId, String message) {
        /** Kinds of events. */
        public enum Type {
            /** A rack was shed (its output must be de-energized). */
            SHED,
            /** A shed rack may run again. */
            RESTORED,
            /** Power or cooling data is not GOOD: holding the shed set as it is. */
            DATA_BAD,
            /** Data is GOOD again: shedding and restoring resume (their timers start afresh). */
            DATA_GOOD
        }

        public Event {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(message, "message");
        }
    }

    private final Spec spec;
    private final int n;
    private final boolean[] shed;
    private final double[] expectedW;
    private final double[] lastGoodW;
    private int shedCount;

    private double availableW;
    private boolean holding;
    private boolean over;
    private long overSince;
    private boolean room;
    private long roomSince;
    /** Rack restored by the latest transition, or -1; with the power just before that restore. */
    private int lastRestored = -1;
    private double powerBeforeLastRestoreW = Double.NaN;

    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long droppedEvents;

    /**
     * Starts with every rack running and no power data seen.
     *
     * @param spec parameters
     */
    public LoadShedder(Spec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.n = spec.rackIds().size();
        this.shed = new boolean[n];
        this.expectedW = new double[n];
        this.lastGoodW = new double[n];
        Arrays.fill(expectedW, Double.NaN);
        Arrays.fill(lastGoodW, Double.NaN);
        this.availableW = spec.coolingLimited() ? Double.NaN : spec.budgetW();
    }

    /** @return the parameters */
    public Spec spec() {
        return spec;
    }

    /**
     * One control cycle.
     *
     * @param nowNanos       monotonic time of this cycle, ns
     * @param totalPowerW    the pod's measured power, W; NaN when its sample is not GOOD
     * @param coolingFlowLpm secondary coolant flow, L/min; NaN when absent or not GOOD (ignored without a
     *                       cooling limit)
     * @param rackPowerW     each rack's measured power in spec order, W (NaN when not GOOD); used to remember
     *                       what a rack drew when it is shed. Not retained.
     * @throws IllegalArgumentException if {@code rackPowerW} does not have one entry per rack (a wiring bug)
     */
    public void update(long nowNanos, double totalPowerW, double coolingFlowLpm, double[] rackPowerW) {
        Objects.requireNonNull(rackPowerW, "rackPowerW");
        if (rackPowerW.length != n) {
            throw new IllegalArgumentException("rackPowerW has " + rackPowerW.length + " entries for " + n
                    + " racks");
        }
        availableW = available(coolingFlowLpm);
        for (int i = 0; i < n; i++) {
            // A shed rack reads ~0: that is not what it will draw when it returns.
            if (!shed[i] && Double.isFinite(rackPowerW[i])) {
                lastGoodW[i] = Math.max(0.0, rackPowerW[i]);
            }
        }

        boolean powerGood = Double.isFinite(totalPowerW);
        if (!powerGood || Double.isNaN(availableW)) {
            over = false;
            room = false;
            if (!holding) {
                holding = true;
                emit(new Event(Event.Type.DATA_BAD, null, badDataMessage(powerGood)));
            }
            return;
        }
        if (holding) {
            holding = false;
            emit(new Event(Event.Type.DATA_GOOD, null, "power and cooling data GOOD again: pod power "
                    + watts(totalPowerW) + ", available " + watts(availableW) + "; shedding and restoring resume"));
        }

        double p = totalPowerW;
        if (p > availableW) {
            room = false;
            if (!over) {
                over = true;
                overSince = nowNanos;
            }
            if (shedCount < n && nowNanos - overSince >= spec.shedDelayNanos()) {
                shedNext(p, rackPowerW, nowNanos - overSince);
                overSince = nowNanos;
            }
            return;
        }
        over = false;
        int k = nextToRestore();
        if (k < 0 || !(p + expectedW[k] <= restoreLimitW())) {
            room = false;
            return;
        }
        if (!room) {
            room = true;
            roomSince = nowNanos;
        }
        if (nowNanos - roomSince >= spec.restoreDelayNanos()) {
            restoreRack(k, p, nowNanos - roomSince);
            roomSince = nowNanos;
        }
    }

    /**
     * @param rack rack index in spec order
     * @return whether the rack is shed (its output must be de-energized)
     */
    public boolean isShed(int rack) {
        return shed[rack];
    }

    /** @return number of racks shed now */
    public int shedCount() {
        return shedCount;
    }

    /**
     * @return the power the pod may draw now, W: {@code min(budgetW, cooling capacity)} with the cooling capacity
     *         {@code flow/60 kg/s × 4.186 kJ/kg·K × maxΔT × 1000}; NaN while the cooling limit is configured and
     *         the latest flow was not GOOD (or before the first update), i.e. unknown. Never a made-up number.
     */
    public double availablePowerW() {
        return availableW;
    }

    /**
     * Cooling capacity at a flow, W.
     *
     * @param flowLpm   secondary coolant flow, L/min
     * @param maxDeltaT largest allowed temperature rise, K
     * @return heat the loop removes at that flow and rise, W
     */
    public static double coolingCapacityW(double flowLpm, double maxDeltaT) {
        return flowLpm / 60.0 * WATER_CP_J_PER_KG_K * maxDeltaT;
    }

    /**
     * Moves the events since the last call into {@code sink}, oldest first. At most {@value #EVENT_CAPACITY} are
     * kept between calls (the oldest are dropped beyond that and counted in {@link #droppedEventCount()}); one
     * call per control cycle never loses any, since a cycle emits at most two.
     *
     * @param sink receives the events
     */
    public void drainEvents(List<Event> sink) {
        Objects.requireNonNull(sink, "sink");
        Event e;
        while ((e = events.poll()) != null) { // not addAll: that copies the queue into a new array every cycle
            sink.add(e);
        }
    }

    /** @return events dropped because {@link #drainEvents} was not called often enough */
    public long droppedEventCount() {
        return droppedEvents;
    }

    /**
     * For persistence across restarts.
     *
     * @return shed rack id → its expected draw in W, in spec order; an unmodifiable snapshot
     */
    public Map<String, Double> shedRacks() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            if (shed[i]) {
                out.put(spec.rackIds().get(i), expectedW[i]);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Sets the shed racks to what {@link #shedRacks()} returned before a restart (the racks not named run), so
     * that a restarted controller does not switch racks back on that it had shed. Meant for start-up, before the
     * first {@link #update}; both timers start afresh and no events are emitted. Ids of racks that are no longer
     * sheddable are ignored (the configuration changed: those outputs are no longer ours).
     *
     * @param shed rack id → expected draw, W (finite, {@code >= 0})
     * @throws IllegalArgumentException if an expected draw is null, negative or not finite (nothing is changed)
     */
    public void restore(Map<String, Double> shed) {
        Objects.requireNonNull(shed, "shed");
        for (Map.Entry<String, Double> e : shed.entrySet()) {
            Double w = e.getValue();
            if (w == null || !Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("expected draw of rack '" + e.getKey() + "' is not a finite "
                        + "power >= 0: " + w);
            }
        }
        shedCount = 0;
        for (int i = 0; i < n; i++) {
            Double w = shed.get(spec.rackIds().get(i));
            this.shed[i] = w != null;
            expectedW[i] = w != null ? w : Double.NaN;
            if (w != null) {
                lastGoodW[i] = w;
                shedCount++;
            }
        }
        over = false;
        room = false;
        lastRestored = -1;
        powerBeforeLastRestoreW = Double.NaN;
    }

    private double available(double flowLpm) {
        if (!spec.coolingLimited()) {
            return spec.budgetW();
        }
        if (!(flowLpm >= 0) || flowLpm == Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        return Math.min(spec.budgetW(), coolingCapacityW(flowLpm, spec.coolingMaxDeltaT()));
    }

    private double restoreLimitW() {
        // Any real hysteresis dwarfs the rounding of a sum of a few dozen powers; only a hysteresis of (nearly)
        // zero needs the margin, or a restore predicted at exactly B could measure one ulp above B and shed.
        return Math.min(availableW - spec.hysteresisW(), availableW * (1 - ROUNDING_MARGIN));
    }

    private int nextToRestore() {
        for (int i = n - 1; i >= 0; i--) {
            if (shed[i]) {
                return i;
            }
        }
        return -1;
    }

    private void shedNext(double p, double[] rackPowerW, long heldNanos) {
        int k = 0;
        while (shed[k]) {
            k++;
        }
        double expected;
        String basis;
        if (Double.isFinite(rackPowerW[k])) {
            expected = Math.max(0.0, rackPowerW[k]);
            basis = "its measured power";
        } else {
            if (Double.isFinite(lastGoodW[k])) {
                expected = lastGoodW[k];
                basis = "its last GOOD power";
            } else {
                expected = Math.max(0.0, p / (n - shedCount));
                basis = "an equal share of the pod power (its own power unknown)";
            }
            if (lastRestored == k && p - powerBeforeLastRestoreW > expected) {
                expected = p - powerBeforeLastRestoreW;
                basis = "the rise its restore caused (its own power unknown)";
            }
        }
        shed[k] = true;
        expectedW[k] = expected;
        shedCount++;
        lastRestored = -1;
        powerBeforeLastRestoreW = Double.NaN;
        emit(new Event(Event.Type.SHED, spec.rackIds().get(k), String.format(Locale.ROOT,
                "pod power %s above the available %s%s for %.1f s: shed rack %s (priority %d of %d), expected "
                        + "draw %s from %s; %d of %d racks shed",
                watts(p), watts(availableW), budgetNote(), heldNanos / 1e9, spec.rackIds().get(k), k + 1, n,
                watts(expected), basis, shedCount, n)));
    }

    private void restoreRack(int k, double p, long heldNanos) {
        shed[k] = false;
        shedCount--;
        lastRestored = k;
        powerBeforeLastRestoreW = p;
        emit(new Event(Event.Type.RESTORED, spec.rackIds().get(k), String.format(Locale.ROOT,
                "pod power %s + rack %s expected %s stayed within the available %s%s less hysteresis %s for "
                        + "%.1f s: restored; %d of %d racks shed",
                watts(p), spec.rackIds().get(k), watts(expectedW[k]), watts(availableW), budgetNote(),
                watts(spec.hysteresisW()), heldNanos / 1e9, shedCount, n)));
        expectedW[k] = Double.NaN;
    }

    private String budgetNote() {
        return availableW < spec.budgetW() ? " (cooling-limited; feed budget " + watts(spec.budgetW()) + ")" : "";
    }

    private String badDataMessage(boolean powerGood) {
        String what = !powerGood ? "pod power not GOOD" : "";
        if (Double.isNaN(availableW)) {
            what += (what.isEmpty() ? "" : "; ") + "coolant flow not GOOD, cooling capacity unknown";
        }
        return what + ": holding " + shedCount + " of " + n + " racks shed; no shedding or restoring until it "
                + "returns";
    }

    private void emit(Event e) {
        if (events.size() == EVENT_CAPACITY) {
            events.removeFirst();
            droppedEvents++;
        }
        events.addLast(e);
    }

    private static String watts(double w) {
        return String.format(Locale.ROOT, "%.0f W", w);
    }
}
