package io.podctl.controller.safety;

import io.podctl.controller.commands.ReasonCode;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The protections of the pod as a function of (snapshot, time, engine state): levels with delays and
 * hysteresis, the ISA-18.2 alarm lifecycle with shelving and out-of-service, latching trips with authorized
 * edge-triggered resets, voting, bypasses, declared effects, permissives, load shedding, and the resulting
 * output demands.
 *
 * <p>Rules the engine enforces by construction:
 * <ul>
 *   <li>A trip latches; only a reset clears it, and only when the condition behind it has cleared (with
 *       hysteresis and off-delay) or the trip is bypassed. Local-only trips (E-stop) are reset by a rising
 *       edge of the local reset input, never by {@link #remoteReset}.</li>
 *   <li>A non-GOOD sample acts as its protection's fail-safe action at once (no on-delay): the value is
 *       never used. {@link Quality#NO_DATA} before the first sample is covered by the start-up trip.</li>
 *   <li>The engine starts with the {@value #STARTUP_TRIP} trip latched: outputs stay de-energized until every
 *       safety input (a point whose bad data trips) has delivered a GOOD sample and someone resets, so nothing
 *       restarts on its own after a power-up or a process restart.</li>
 *   <li>A run permissive output (one that a protection, an effect or load shedding de-energizes) is energized
 *       only when nothing holds it off, and it starts only when its permissives are proven, one output per
 *       start stagger. Indicator outputs (energized by effects) follow their effects. Any other output stays
 *       de-energized.</li>
 *   <li>Inhibits, shelving and bypasses never hide a trip from the state: a bypass stops the trip from
 *       latching, for a limited time, and is always listed.</li>
 * </ul>
 *
 * <p>Threading: not thread-safe; owned by the control loop thread. {@link #evaluate} allocates only when
 * something changes (events, messages).
 */
public final class SafetyEngine {
    /** Id of the trip latched at start-up until a reset with every safety input GOOD. */
    public static final String STARTUP_TRIP = "startup";
    /** Id of the trip latched when the loop stopped feeding the outputs in time. */
    public static final String LOOP_STALL_TRIP = "controller.loop-stall";
    /** A bypass raises its expiry alarm this long before it ends (or halfway, for short ones). */
    static final long BYPASS_WARNING_NANOS = 300_000_000_000L;

    private EngineSpec spec;
    private final ProtectionSpec[] specs;
    private final VotingGroup[] groups;
    private final EffectSpec[] effects;
    private final PermissiveSpec[] permissives;
    private final int outputCount;
    private final boolean[] runPermissive;
    private final boolean[] indicator;
    private final int[] safetyInputs;
    private final int[] safetyGroups;
    private final Map<String, Integer> protectionIndex = new HashMap<>();

    // Per protection.
    private final LimitMonitor[][] monitors; // [protection][0 warning, 1 alarm, 2 trip]
    private final RateTracker[] rates;
    private final AlarmRecord[] alarms;
    private final boolean[] latched;
    private final boolean[] firstOut;
    private final long[] latchedAt;
    private final String[] latchCause;
    private final boolean[] badData;
    private final Exemption[] bypasses;
    private final boolean[] bypassWarned;

    // Controller alarms (voting groups, bypass expiry, state file, effects not followed, ...).
    private final Map<String, AlarmRecord> systemAlarms = new LinkedHashMap<>();
    private final Map<String, String> systemDescriptions = new HashMap<>();

    // Effects, permissives, outputs.
    private final boolean[] effectActive;
    private final boolean[] writePending;
    private final boolean[] writeWaitingReported;
    private final LimitMonitor[] permissiveMonitors;
    private final boolean[] permissiveProven;
    private final boolean[] outputDemand;
    private final Exemption[] overrides;
    private final boolean[] overrideEnergize;
    private long lastStartNanos;
    private boolean anyStarted; // monotonic time may start anywhere: no sentinel value is safe to subtract
    private final LoadShedder shedder;
    private final double[] rackPower;
    private final List<LoadShedder.Event> shedEvents = new ArrayList<>();

    // Pod-wide state.
    private boolean startupLatched = true;
    private long startupLatchedAt;
    private final String startupCause = "controller started: waiting for every safety input and a reset";
    private boolean stallLatched;
    private long stallLatchedAt;
    private String stallCause = "";
    private String maintenance = "";
    private boolean safetyInputsGood;
    private boolean localResetWasActive = true; // a button held at start-up is not an edge
    private long startNanos = Long.MIN_VALUE;
    private long lastModeChangeNanos;
    private boolean modeChanged;
    private long lastNanos;
    private long lastWallMillis;

    private final List<SafetyEvent> events = new ArrayList<>();
    private final List<WriteIntent> writes = new ArrayList<>();
    private final boolean[] raw = new boolean[3];
    private long changeCount;

    /** An engine for {@code spec}, with the start-up trip latched. */
    public SafetyEngine(EngineSpec spec) {
        this.spec = spec;
        this.specs = spec.protections().toArray(ProtectionSpec[]::new);
        this.groups = spec.groups().stream().map(VotingGroup::new).toArray(VotingGroup[]::new);
        this.effects = spec.effects().toArray(EffectSpec[]::new);
        this.permissives = spec.permissives().toArray(PermissiveSpec[]::new);
        this.outputCount = spec.outputIds().size();
        this.runPermissive = new boolean[outputCount];
        this.indicator = new boolean[outputCount];
        Set<Integer> inputs = new LinkedHashSet<>();
        Set<Integer> groupInputs = new LinkedHashSet<>();
        int n = specs.length;
        for (int i = 0; i < n; i++) {
            ProtectionSpec s = specs[i];
            if (protectionIndex.put(s.id(), i) != null) {
                throw new IllegalArgumentException("duplicate protection " + s.id());
            }
            for (int o : s.outputIndexes()) {
                checkOutput(s.id(), o);
                runPermissive[o] = true;
            }
            if (s.tripsOnBadData()) {
                if (s.groupIndex() >= 0) {
                    groupInputs.add(s.groupIndex());
                } else {
                    inputs.add(s.pointIndex());
                }
                if (s.setpointIndex() >= 0) {
                    // A deviation cannot be judged before its setpoint point has delivered (NO_DATA is not bad
                    // data): without this the start-up reset would leave the protection blind.
                    inputs.add(s.setpointIndex());
                }
            }
        }
        for (EffectSpec e : effects) {
            for (int o : e.outputs()) {
                checkOutput(e.id(), o);
                if (e.kind() == EffectSpec.Kind.DEENERGIZE) {
                    runPermissive[o] = true;
                } else if (e.kind() == EffectSpec.Kind.ENERGIZE) {
                    indicator[o] = true;
                }
            }
        }
        if (spec.loadShedding() != null) {
            for (int o : spec.loadShedding().rackOutputs()) {
                checkOutput("loadShedding", o);
                runPermissive[o] = true;
            }
        }
        for (int o = 0; o < outputCount; o++) {
            if (runPermissive[o] && indicator[o]) {
                throw new IllegalArgumentException("output " + spec.outputIds().get(o)
                        + " is both a run permissive and an indicator");
            }
        }
        this.safetyInputs = inputs.stream().mapToInt(Integer::intValue).toArray();
        this.safetyGroups = groupInputs.stream().mapToInt(Integer::intValue).toArray();
        this.monitors = new LimitMonitor[n][3];
        this.rates = new RateTracker[n];
        this.alarms = new AlarmRecord[n];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < 3; l++) {
                monitors[i][l] = new LimitMonitor();
            }
            alarms[i] = new AlarmRecord();
            if (specs[i].kind() == ProtectionSpec.Kind.RATE) {
                // Sized for a 10 ms loop over the whole window, capped: older samples are simply dropped.
                int capacity = (int) Math.min(65_536, specs[i].rateWindowNanos() / 10_000_000L + 4);
                rates[i] = new RateTracker(specs[i].rateWindowNanos(), capacity);
            }
        }
        this.latched = new boolean[n];
        this.firstOut = new boolean[n];
        this.latchedAt = new long[n];
        this.latchCause = new String[n];
        Arrays.fill(latchCause, "");
        this.badData = new boolean[n];
        this.bypasses = new Exemption[n];
        this.bypassWarned = new boolean[n];
        this.effectActive = new boolean[effects.length];
        this.writePending = new boolean[effects.length];
        this.writeWaitingReported = new boolean[effects.length];
        this.permissiveMonitors = new LimitMonitor[permissives.length];
        for (int p = 0; p < permissives.length; p++) {
            permissiveMonitors[p] = new LimitMonitor();
        }
        this.permissiveProven = new boolean[permissives.length];
        this.outputDemand = new boolean[outputCount];
        this.overrides = new Exemption[outputCount];
        this.overrideEnergize = new boolean[outputCount];
        if (spec.loadShedding() != null) {
            this.shedder = new LoadShedder(spec.loadShedding().shedder());
            this.rackPower = new double[spec.loadShedding().rackOutputs().length];
        } else {
            this.shedder = null;
            this.rackPower = new double[0];
        }
    }

    private void checkOutput(String who, int o) {
        if (o < 0 || o >= outputCount) {
            throw new IllegalArgumentException(who + ": output index " + o + " out of range");
        }
    }

    // ------------------------------------------------------------------------------------------ restore

    /**
     * Restores what was remembered before a restart. Call once, before the first {@link #evaluate}.
     * Exemptions whose wall-clock expiry has passed are dropped; the others keep their remaining time.
     *
     * @return ids of the trips restored
     */
    public List<String> restore(SafetyMemory memory, long nowNanos, long nowWallMillis) {
        List<String> restored = new ArrayList<>();
        for (TripView t : memory.trips()) {
            if (LOOP_STALL_TRIP.equals(t.id())) {
                stallLatched = true;
                stallLatchedAt = t.latchedWallMillis();
                stallCause = t.cause();
                restored.add(t.id());
                continue;
            }
            Integer i = protectionIndex.get(t.id());
            if (i != null) {
                latched[i] = true;
                latchedAt[i] = t.latchedWallMillis();
                latchCause[i] = t.cause();
                firstOut[i] = t.firstOut();
                restored.add(t.id());
            }
        }
        for (SafetyMemory.AlarmMemory a : memory.alarms()) {
            AlarmRecord r = alarmRecord(a.id());
            if (r != null) {
                r.state = a.state();
                r.severity = a.severity();
                r.message = a.message();
                r.sinceWallMillis = a.sinceWallMillis();
            }
        }
        for (SafetyMemory.ExemptionMemory e : memory.shelved()) {
            AlarmRecord r = alarmRecord(e.target());
            if (r != null && e.untilWallMillis() > nowWallMillis) {
                r.shelved = toExemption(e, nowNanos, nowWallMillis);
            }
        }
        for (SafetyMemory.ExemptionMemory e : memory.outOfService()) {
            Integer i = protectionIndex.get(e.target());
            if (i != null && e.untilWallMillis() > nowWallMillis) {
                alarms[i].outOfService = toExemption(e, nowNanos, nowWallMillis);
            }
        }
        for (SafetyMemory.ExemptionMemory e : memory.bypasses()) {
            Integer i = protectionIndex.get(e.target());
            if (i != null && specs[i].bypassable() && e.untilWallMillis() > nowWallMillis) {
                bypasses[i] = toExemption(e, nowNanos, nowWallMillis);
            }
        }
        maintenance = memory.maintenance();
        if (shedder != null && !memory.shed().isEmpty()) {
            shedder.restore(memory.shed());
        }
        changeCount++;
        return restored;
    }

    private static Exemption toExemption(SafetyMemory.ExemptionMemory e, long nowNanos, long nowWallMillis) {
        long remaining = (e.untilWallMillis() - nowWallMillis) * 1_000_000L;
        return new Exemption(e.target(), e.reason(), e.by(), nowNanos + remaining, e.untilWallMillis());
    }

    /** What must survive a restart. Allocates; call when {@link #changeCount()} moved. */
    public SafetyMemory memory() {
        List<TripView> trips = new ArrayList<>();
        for (TripView t : latchedTrips()) {
            if (!STARTUP_TRIP.equals(t.id())) {
                trips.add(t);
            }
        }
        List<SafetyMemory.AlarmMemory> am = new ArrayList<>();
        List<SafetyMemory.ExemptionMemory> shelved = new ArrayList<>();
        forEachAlarm((id, r) -> {
            if (r.state != AlarmState.NORMAL) {
                am.add(new SafetyMemory.AlarmMemory(id, r.state, r.severity, r.message, r.sinceWallMillis));
            }
            if (r.shelved != null) {
                shelved.add(memoryOf(r.shelved));
            }
        });
        List<SafetyMemory.ExemptionMemory> oos = new ArrayList<>();
        List<SafetyMemory.ExemptionMemory> bp = new ArrayList<>();
        for (int i = 0; i < specs.length; i++) {
            if (alarms[i].outOfService != null) {
                oos.add(memoryOf(alarms[i].outOfService));
            }
            if (bypasses[i] != null) {
                bp.add(memoryOf(bypasses[i]));
            }
        }
        return new SafetyMemory(trips, am, shelved, oos, bp, maintenance,
                shedder != null ? shedder.shedRacks() : Map.of());
    }

    private static SafetyMemory.ExemptionMemory memoryOf(Exemption e) {
        return new SafetyMemory.ExemptionMemory(e.target(), e.reason(), e.by(), e.untilWallMillis());
    }

    // ------------------------------------------------------------------------------------------ evaluate

    /**
     * Evaluates every protection against {@code snap} at monotonic time {@code nowNanos}, updates alarms,
     * latches, effects, permissives, load shedding and output demands, and records events (read them with
     * {@link #drainEvents}) and writes to perform ({@link #drainWrites}). Called once per loop cycle on the
     * loop thread.
     *
     * @param wallMillis wall-clock time for event timestamps, epoch ms
     */
    public void evaluate(Snapshot snap, long nowNanos, long wallMillis) {
        lastWallMillis = wallMillis;
        lastNanos = nowNanos;
        if (startNanos == Long.MIN_VALUE) {
            startNanos = nowNanos;
            startupLatchedAt = wallMillis;
        }
        expireExemptions(nowNanos, wallMillis);
        for (int g = 0; g < groups.length; g++) {
            if (groups[g].update(snap, nowNanos)) {
                String reason = groups[g].degradedReason();
                String id = "group." + groups[g].spec.id();
                if (reason.isEmpty()) {
                    clearSystemAlarm(id);
                } else {
                    raiseSystemAlarm(id, "voting group " + groups[g].spec.id() + " (" + groups[g].spec.architecture()
                            + ")", Severity.ALARM, "voting group " + groups[g].spec.id() + " degraded: " + reason);
                }
            }
        }
        for (int i = 0; i < specs.length; i++) {
            if (alarms[i].outOfService == null) {
                evaluateProtection(i, snap, nowNanos, wallMillis);
            }
        }
        boolean inputsGood = allSafetyInputsGood(snap);
        if (inputsGood != safetyInputsGood) {
            safetyInputsGood = inputsGood;
            changeCount++; // published at once: people wait for this before they reset after a start
        }
        evaluateLocalReset(snap, wallMillis);
        evaluatePermissives(snap, nowNanos, wallMillis);
        evaluateEffects(wallMillis);
        evaluateLoadShedding(snap, nowNanos, wallMillis);
        computeOutputs(nowNanos);
    }

    private void evaluateProtection(int i, Snapshot snap, long now, long wallMillis) {
        ProtectionSpec s = specs[i];
        VotingGroup group = s.groupIndex() >= 0 ? groups[s.groupIndex()] : null;
        Quality q;
        double v;
        if (group != null) {
            q = groupQuality(group, snap);
            v = group.representative();
        } else {
            q = snap.quality(s.pointIndex());
            v = snap.goodValue(s.pointIndex());
            if (q == Quality.GOOD && !Double.isFinite(v)) {
                q = Quality.INVALID;
            }
        }
        double measure = v;
        switch (s.kind()) {
            case DEVIATION -> {
                double sp = s.setpointIndex() >= 0 ? snap.goodValue(s.setpointIndex()) : s.setpoint();
                if (q == Quality.GOOD && !Double.isFinite(sp)) {
                    q = snap.quality(s.setpointIndex()) == Quality.NO_DATA ? Quality.NO_DATA : Quality.INVALID;
                }
                measure = Math.abs(v - sp);
            }
            case RATE -> {
                if (q == Quality.GOOD) {
                    measure = rates[i].add(now, v);
                } else {
                    rates[i].reset();
                }
            }
            case DISAGREEMENT -> {
                measure = group.spread();
                if (q == Quality.GOOD && Double.isNaN(measure)) {
                    q = Quality.INVALID; // fewer than two usable channels: disagreement cannot be judged
                }
            }
            default -> {
            }
        }
        boolean noData = q == Quality.NO_DATA;
        boolean bad = !noData && q != Quality.GOOD;
        boolean[] raw = this.raw;
        raw[0] = false;
        raw[1] = false;
        raw[2] = false;
        // Fail-safe actions do not wait: the data that would justify waiting is missing.
        long levelDelay = bad ? 0 : s.delayNanos();
        long tripDelay = levelDelay;
        if (noData) {
            // Covered by the start-up trip: nothing to judge yet.
        } else if (bad) {
            switch (s.onBadData()) {
                case TRIP -> {
                    raw[2] = true;
                    raw[1] = true;
                }
                case ALARM -> raw[1] = true;
                default -> {
                }
            }
        } else {
            for (int l = 0; l < 3; l++) {
                Severity sev = l == 0 ? Severity.WARNING : l == 1 ? Severity.ALARM : Severity.TRIP;
                double level = s.level(sev);
                if (Double.isNaN(level) || Double.isNaN(measure)) {
                    continue;
                }
                double h = monitors[i][l].active() ? s.hysteresis() : 0.0;
                if (l == 2 && group != null && (s.kind() == ProtectionSpec.Kind.HIGH
                        || s.kind() == ProtectionSpec.Kind.LOW)) {
                    boolean high = s.kind() == ProtectionSpec.Kind.HIGH;
                    double bound = high ? level - h : level + h;
                    int votes = group.votes(x -> high ? x >= bound : x <= bound, s.tripsOnBadData());
                    raw[2] = votes >= group.spec.votesToTrip();
                    if (s.tripsOnBadData() && group.badVotes() >= group.spec.votesToTrip()) {
                        tripDelay = 0; // the bad channels alone trip: fail-safe, no waiting
                    }
                } else {
                    raw[l] = beyond(s.kind(), measure, level, h);
                }
            }
        }
        boolean inhibited = now - startNanos < s.inhibitAfterStartNanos()
                || modeChanged && now - lastModeChangeNanos < s.inhibitAfterModeChangeNanos();
        if (inhibited && !bad) {
            raw[0] = false;
            raw[1] = false; // never the trip, never bad data: inhibits delay annunciation, not protection
        }
        boolean badChanged = bad != badData[i];
        badData[i] = bad;
        boolean levelChanged = false;
        for (int l = 0; l < 3; l++) {
            levelChanged |= monitors[i][l].update(raw[l], now, l == 2 ? tripDelay : levelDelay, s.clearDelayNanos());
        }
        boolean tripActive = monitors[i][2].active();
        boolean bypassed = bypasses[i] != null;
        if (tripActive && !latched[i] && !bypassed) {
            boolean anyOtherLatched = anyProtectionLatched();
            latched[i] = true;
            firstOut[i] = !anyOtherLatched;
            latchedAt[i] = wallMillis;
            latchCause[i] = describe(s, snap, q, measure, Severity.TRIP);
            changeCount++;
            events.add(new SafetyEvent(SafetyEvent.Type.TRIP_LATCHED, s.id(), Severity.TRIP,
                    latchCause[i] + (firstOut[i] ? " (first out)" : ""), wallMillis));
        }
        Severity severity = tripActive ? Severity.TRIP : monitors[i][1].active() ? Severity.ALARM
                : monitors[i][0].active() ? Severity.WARNING : Severity.NONE;
        Quality quality = q;
        double measured = measure;
        updateAlarm(alarms[i], s.id(), severity, () -> describe(s, snap, quality, measured, severity)
                + (bypassed && severity == Severity.TRIP ? " (trip bypassed)" : ""), badChanged || levelChanged,
                wallMillis);
    }

    private Quality groupQuality(VotingGroup g, Snapshot snap) {
        if (g.usable() > 0) {
            return Quality.GOOD;
        }
        for (int ch : g.spec.channels()) {
            if (snap.received(ch)) {
                return Quality.INVALID;
            }
        }
        return Quality.NO_DATA;
    }

    private static boolean beyond(ProtectionSpec.Kind kind, double m, double level, double h) {
        return switch (kind) {
            case LOW -> m <= level + h;
            case ACTIVE -> m >= level;
            default -> m >= level - h;
        };
    }

    /**
     * Moves an alarm through its lifecycle for a new severity; records events. {@code message} is built only
     * when something changes.
     */
    private void updateAlarm(AlarmRecord r, String id, Severity severity, java.util.function.Supplier<String> message,
                             boolean detailChanged, long wallMillis) {
        boolean active = severity != Severity.NONE;
        AlarmState before = r.state;
        AlarmState after = before.onCondition(active);
        boolean rose = active && severity.compareTo(r.severity) > 0;
        boolean fell = active && severity.compareTo(r.severity) < 0;
        if (after == before && !rose && !fell && !(active && detailChanged)) {
            return;
        }
        String text = message.get();
        if (active) {
            r.severity = severity;
            r.message = text;
        }
        if (after != before) {
            r.sinceWallMillis = wallMillis;
        }
        r.state = after;
        changeCount++;
        if (after != before || rose) {
            SafetyEvent.Type type = switch (after) {
                case ACTIVE_UNACKED, ACTIVE_ACKED -> SafetyEvent.Type.ALARM_RAISED;
                case RETURNED_UNACKED -> SafetyEvent.Type.ALARM_RETURNED;
                case NORMAL -> SafetyEvent.Type.ALARM_NORMAL;
            };
            events.add(new SafetyEvent(type, id, r.severity, after.isActive() ? r.message
                    : "condition cleared (" + text + ")", wallMillis));
            if (after == AlarmState.NORMAL) {
                r.severity = Severity.NONE;
            }
        }
    }

    private String describe(ProtectionSpec s, Snapshot snap, Quality q, double measure, Severity severity) {
        if (q != Quality.GOOD) {
            return s.pointId() + " " + q + " (fail-safe: " + s.onBadData().name().toLowerCase(Locale.ROOT) + ")";
        }
        String unit = s.pointIndex() >= 0 ? snap.descriptor(s.pointIndex()).unit()
                : snap.descriptor(groups[s.groupIndex()].spec.channels()[0]).unit();
        if (s.kind() == ProtectionSpec.Kind.ACTIVE) {
            return s.pointId() + (measure >= 0.5 ? " active" : " inactive");
        }
        Severity shown = severity == Severity.NONE ? firstLevel(s) : severity;
        double level = s.level(shown);
        String what = switch (s.kind()) {
            case DEVIATION -> s.pointId() + " deviates by";
            case RATE -> s.pointId() + " changes at";
            case DISAGREEMENT -> s.pointId() + " channels spread";
            default -> s.pointId();
        };
        String u = s.kind() == ProtectionSpec.Kind.RATE ? unit + "/min" : unit;
        String cmp = s.kind() == ProtectionSpec.Kind.LOW ? "<=" : ">=";
        if (Double.isNaN(measure)) {
            return what + " (not measurable yet)";
        }
        if (severity == Severity.NONE) {
            return String.format(Locale.ROOT, "%s %.2f %s", what, measure, u);
        }
        return String.format(Locale.ROOT, "%s %.2f %s %s %s level %.2f", what, measure, u, cmp,
                shown.name().toLowerCase(Locale.ROOT), level);
    }

    private static Severity firstLevel(ProtectionSpec s) {
        if (!Double.isNaN(s.level(Severity.WARNING))) {
            return Severity.WARNING;
        }
        return !Double.isNaN(s.level(Severity.ALARM)) ? Severity.ALARM : Severity.TRIP;
    }

    private boolean allSafetyInputsGood(Snapshot snap) {
        for (int idx : safetyInputs) {
            if (!snap.isGood(idx)) {
                return false;
            }
        }
        for (int g : safetyGroups) {
            for (int ch : groups[g].spec.channels()) {
                if (!snap.isGood(ch)) {
                    return false;
                }
            }
        }
        return true;
    }

    private void evaluateLocalReset(Snapshot snap, long wallMillis) {
        if (spec.localResetIndex() < 0) {
            return;
        }
        int idx = spec.localResetIndex();
        boolean active = snap.isGood(idx) && snap.goodValue(idx) >= 0.5;
        boolean risingEdge = active && !localResetWasActive;
        localResetWasActive = active;
        if (risingEdge) {
            for (int i = 0; i < specs.length; i++) {
                if (latched[i] && !conditionActive(i)) {
                    unlatch(i, "local reset", wallMillis);
                }
            }
            if (stallLatched) {
                unlatchStall("local reset", wallMillis);
            }
            if (startupLatched && startupResettable()) {
                unlatchStartup("local reset", wallMillis);
            }
        }
    }

    /**
     * Whether the condition behind protection {@code i}'s trip is present or its trip still active within the
     * off-delay (a bypass makes it not matter). A trip reset inside its off-delay would latch again at the next
     * evaluation: the outputs would pulse on for one cycle.
     */
    private boolean conditionActive(int i) {
        return bypasses[i] == null && (monitors[i][2].present() || monitors[i][2].active());
    }

    private boolean startupResettable() {
        return safetyInputsGood && lastNanos - startNanos >= spec.inputSettleNanos();
    }

    private void evaluatePermissives(Snapshot snap, long now, long wallMillis) {
        for (int p = 0; p < permissives.length; p++) {
            PermissiveSpec ps = permissives[p];
            boolean ok;
            if (ps.groupIndex() >= 0) {
                VotingGroup g = groups[ps.groupIndex()];
                ok = g.usable() > 0 && ps.satisfiedBy(g.representative());
            } else {
                ok = snap.isGood(ps.pointIndex()) && ps.satisfiedBy(snap.goodValue(ps.pointIndex()));
            }
            permissiveMonitors[p].update(ok, now, ps.provenForNanos(), 0);
            boolean proven = permissiveMonitors[p].active();
            if (proven != permissiveProven[p]) {
                permissiveProven[p] = proven;
                changeCount++;
                events.add(new SafetyEvent(proven ? SafetyEvent.Type.PERMISSIVE_PROVEN : SafetyEvent.Type.PERMISSIVE_LOST,
                        ps.id(), Severity.NONE, ps.id() + (proven ? " proven" : " lost") + " (" + ps.pointId() + ")",
                        wallMillis));
            }
        }
    }

    private void evaluateEffects(long wallMillis) {
        for (int e = 0; e < effects.length; e++) {
            boolean active = false;
            for (int i = 0; i < specs.length && !active; i++) {
                if (alarms[i].outOfService != null) {
                    continue;
                }
                boolean alarmLevel = monitors[i][1].active() || monitors[i][2].active();
                active = alarmLevel && ProtectionSpec.contains(specs[i].onAlarmEffects(), e)
                        || latched[i] && ProtectionSpec.contains(specs[i].onTripEffects(), e);
            }
            if (active != effectActive[e]) {
                effectActive[e] = active;
                changeCount++;
                events.add(new SafetyEvent(active ? SafetyEvent.Type.EFFECT_STARTED : SafetyEvent.Type.EFFECT_ENDED,
                        effects[e].id(), Severity.NONE, effects[e].id() + (active ? " started: " : " ended: ")
                        + effects[e].description(), wallMillis));
                writePending[e] = active && effects[e].kind() == EffectSpec.Kind.WRITE;
                writeWaitingReported[e] = false;
            }
            if (writePending[e]) {
                if (gatedEffectPermitted(e)) {
                    writes.add(new WriteIntent(effects[e].id(), effects[e].write()));
                    writePending[e] = false;
                } else if (!writeWaitingReported[e]) {
                    writeWaitingReported[e] = true;
                    events.add(new SafetyEvent(SafetyEvent.Type.EFFECT_WAITING, effects[e].id(), Severity.ALARM,
                            effects[e].id() + " waits for its permissive: " + blockingPermissives(e), wallMillis));
                }
            }
        }
    }

    private boolean gatedEffectPermitted(int e) {
        for (int p = 0; p < permissives.length; p++) {
            if (ProtectionSpec.contains(permissives[p].gatedEffects(), e) && !permissiveProven[p]) {
                return false;
            }
        }
        return true;
    }

    private String blockingPermissives(int e) {
        List<String> ids = new ArrayList<>();
        for (int p = 0; p < permissives.length; p++) {
            if (ProtectionSpec.contains(permissives[p].gatedEffects(), e) && !permissiveProven[p]) {
                ids.add(permissives[p].id());
            }
        }
        return String.join(", ", ids);
    }

    private void evaluateLoadShedding(Snapshot snap, long now, long wallMillis) {
        if (shedder == null) {
            return;
        }
        EngineSpec.LoadShedSpec ls = spec.loadShedding();
        double power = snap.goodValue(ls.powerIndex());
        double flow = ls.flowIndex() >= 0 ? snap.goodValue(ls.flowIndex()) : Double.NaN;
        int[] rp = ls.rackPowerIndexes();
        for (int r = 0; r < rackPower.length; r++) {
            rackPower[r] = snap.goodValue(rp[r]);
        }
        int before = shedder.shedCount();
        shedder.update(now, power, flow, rackPower);
        shedder.drainEvents(shedEvents);
        for (LoadShedder.Event e : shedEvents) {
            SafetyEvent.Type type = switch (e.type()) {
                case SHED -> SafetyEvent.Type.LOAD_SHED;
                case RESTORED -> SafetyEvent.Type.LOAD_RESTORED;
                default -> SafetyEvent.Type.POWER_DATA;
            };
            events.add(new SafetyEvent(type, e.rackId() == null ? "loadShedding" : e.rackId(),
                    e.type() == LoadShedder.Event.Type.SHED ? Severity.ALARM : Severity.NONE, e.message(), wallMillis));
        }
        if (!shedEvents.isEmpty() || before != shedder.shedCount()) {
            changeCount++;
        }
        shedEvents.clear();
    }

    private void computeOutputs(long now) {
        for (int o = 0; o < outputCount; o++) {
            boolean energize;
            if (indicator[o]) {
                energize = false;
                for (int e = 0; e < effects.length; e++) {
                    if (effectActive[e] && effects[e].energizes(o)) {
                        energize = true;
                        break;
                    }
                }
            } else if (runPermissive[o]) {
                energize = !startupLatched && !stallLatched && maintenance.isEmpty() && !heldOff(o) && !shed(o);
                if (energize && !outputDemand[o]) {
                    // Starting: permissives proven, and one run permissive output per start stagger.
                    energize = outputPermitted(o) && (!anyStarted || now - lastStartNanos >= spec.startStaggerNanos());
                    if (energize) {
                        lastStartNanos = now;
                        anyStarted = true;
                    }
                }
            } else {
                energize = false;
            }
            if (overrides[o] != null) {
                // Maintenance only: a technician's test of one output. A latched trip still wins.
                energize = overrideEnergize[o] && !heldOff(o);
            }
            if (outputDemand[o] != energize) {
                outputDemand[o] = energize;
                changeCount++;
            }
        }
    }

    /**
     * Whether a latched trip (the start-up and loop-stall trips included, for run permissive outputs) or an acting
     * de-energize effect holds output {@code o} off.
     */
    private boolean heldOff(int o) {
        if (runPermissive[o] && (startupLatched || stallLatched)) {
            return true;
        }
        for (int i = 0; i < specs.length; i++) {
            if (latched[i] && specs[i].deenergizes(o)) {
                return true;
            }
        }
        for (int e = 0; e < effects.length; e++) {
            if (effectActive[e] && effects[e].deenergizes(o)) {
                return true;
            }
        }
        return false;
    }

    private boolean shed(int o) {
        if (shedder == null) {
            return false;
        }
        int[] racks = spec.loadShedding().rackOutputs();
        for (int r = 0; r < racks.length; r++) {
            if (racks[r] == o && shedder.isShed(r)) {
                return true;
            }
        }
        return false;
    }

    private boolean outputPermitted(int o) {
        for (int p = 0; p < permissives.length; p++) {
            if (ProtectionSpec.contains(permissives[p].gatedOutputs(), o) && !permissiveProven[p]) {
                return false;
            }
        }
        return true;
    }

    private void expireExemptions(long now, long wallMillis) {
        for (int i = 0; i < specs.length; i++) {
            Exemption b = bypasses[i];
            if (b != null) {
                long left = b.untilNanos() - now;
                if (b.expired(now)) {
                    bypasses[i] = null;
                    bypassWarned[i] = false;
                    clearSystemAlarm("bypass." + specs[i].id());
                    changeCount++;
                    events.add(new SafetyEvent(SafetyEvent.Type.BYPASS_REMOVED, specs[i].id(), Severity.ALARM,
                            "bypass of " + specs[i].id() + " expired; the trip is armed again", wallMillis));
                } else if (!bypassWarned[i] && left <= BYPASS_WARNING_NANOS) {
                    bypassWarned[i] = true;
                    raiseSystemAlarm("bypass." + specs[i].id(), "bypass of " + specs[i].id(), Severity.WARNING,
                            "bypass of " + specs[i].id() + " expires in " + Math.max(1, left / 60_000_000_000L)
                                    + " min (set by " + b.by() + ": " + b.reason() + ")");
                }
            }
            AlarmRecord r = alarms[i];
            if (r.shelved != null && r.shelved.expired(now)) {
                r.shelved = null;
                changeCount++;
                events.add(new SafetyEvent(SafetyEvent.Type.UNSHELVED, specs[i].id(), r.severity,
                        specs[i].id() + " shelving expired", wallMillis));
            }
            if (r.outOfService != null && r.outOfService.expired(now)) {
                r.outOfService = null;
                changeCount++;
                events.add(new SafetyEvent(SafetyEvent.Type.RETURNED_TO_SERVICE, specs[i].id(), Severity.NONE,
                        specs[i].id() + " back in service (expiry)", wallMillis));
            }
        }
        for (Map.Entry<String, AlarmRecord> e : systemAlarms.entrySet()) {
            AlarmRecord r = e.getValue();
            if (r.shelved != null && r.shelved.expired(now)) {
                r.shelved = null;
                changeCount++;
                events.add(new SafetyEvent(SafetyEvent.Type.UNSHELVED, e.getKey(), r.severity,
                        e.getKey() + " shelving expired", wallMillis));
            }
        }
        for (int o = 0; o < outputCount; o++) {
            if (overrides[o] != null && (overrides[o].expired(now) || maintenance.isEmpty())) {
                overrides[o] = null;
                changeCount++;
                events.add(new SafetyEvent(SafetyEvent.Type.OVERRIDE_ENDED, spec.outputIds().get(o), Severity.NONE,
                        "override of " + spec.outputIds().get(o) + " ended", wallMillis));
            }
        }
    }

    // ------------------------------------------------------------------------------------------ commands

    /**
     * A reset requested over the network by an authorized identity (authorization is checked by the
     * caller). Edge-triggered by nature: one request, one attempt. Resets {@code tripId}, or every latched
     * trip when it is null, all or nothing: refused with LOCAL_RESET_REQUIRED if any of them is local-only,
     * or CONDITION_ACTIVE if the condition behind any of them is still present (and not bypassed).
     */
    public ResetResult remoteReset(String tripId, String by) {
        List<String> targets = new ArrayList<>();
        if (tripId != null) {
            if (STARTUP_TRIP.equals(tripId)) {
                if (startupLatched) {
                    targets.add(STARTUP_TRIP);
                }
            } else if (LOOP_STALL_TRIP.equals(tripId)) {
                if (stallLatched) {
                    targets.add(LOOP_STALL_TRIP);
                }
            } else {
                Integer i = protectionIndex.get(tripId);
                if (i == null) {
                    return new ResetResult(ReasonCode.INVALID_ARGS, "no trip named '" + tripId + "'", List.of());
                }
                if (latched[i]) {
                    targets.add(tripId);
                }
            }
        } else {
            for (int i = 0; i < specs.length; i++) {
                if (latched[i]) {
                    targets.add(specs[i].id());
                }
            }
            if (stallLatched) {
                targets.add(LOOP_STALL_TRIP);
            }
            if (startupLatched) {
                targets.add(STARTUP_TRIP);
            }
        }
        if (targets.isEmpty()) {
            return new ResetResult(ReasonCode.ACCEPTED, "nothing latched", List.of());
        }
        List<String> local = new ArrayList<>();
        List<String> active = new ArrayList<>();
        for (String t : targets) {
            Integer i = protectionIndex.get(t);
            if (i != null && specs[i].localResetOnly()) {
                local.add(t);
            } else if (i != null && conditionActive(i)) {
                active.add(t + " (" + alarms[i].message + ")");
            } else if (STARTUP_TRIP.equals(t) && !startupResettable()) {
                active.add(STARTUP_TRIP + " (safety inputs not all GOOD yet)");
            }
        }
        if (!local.isEmpty()) {
            return new ResetResult(ReasonCode.LOCAL_RESET_REQUIRED,
                    "reset at the pod with the local reset button: " + String.join(", ", local), List.of());
        }
        if (!active.isEmpty()) {
            return new ResetResult(ReasonCode.CONDITION_ACTIVE,
                    "condition still present: " + String.join(", ", active), List.of());
        }
        String reason = "reset by " + by;
        for (String t : targets) {
            if (STARTUP_TRIP.equals(t)) {
                unlatchStartup(reason, lastWallMillis);
            } else if (LOOP_STALL_TRIP.equals(t)) {
                unlatchStall(reason, lastWallMillis);
            } else {
                unlatch(protectionIndex.get(t), reason, lastWallMillis);
            }
        }
        computeOutputs(lastNanos);
        return new ResetResult(ReasonCode.ACCEPTED, "reset " + String.join(", ", targets), targets);
    }

    /**
     * Acknowledges {@code alarmId}, or every unacknowledged alarm when it is null.
     *
     * @return ACCEPTED, or INVALID_ARGS for an unknown alarm id
     */
    public ReasonCode acknowledge(String alarmId, String by) {
        if (alarmId != null && alarmRecord(alarmId) == null) {
            return ReasonCode.INVALID_ARGS;
        }
        forEachAlarm((id, r) -> {
            if ((alarmId == null || id.equals(alarmId)) && r.state.isUnacknowledged()) {
                AlarmState after = r.state.onAcknowledge();
                r.state = after;
                r.sinceWallMillis = lastWallMillis;
                changeCount++;
                events.add(new SafetyEvent(SafetyEvent.Type.ALARM_ACKNOWLEDGED, id, r.severity,
                        "acknowledged by " + by, lastWallMillis));
                if (after == AlarmState.NORMAL) {
                    r.severity = Severity.NONE;
                }
            }
        });
        return ReasonCode.ACCEPTED;
    }

    /**
     * Shelves an alarm: it is not annunciated until {@code durationNanos} from now (or until unshelved); its
     * trip and effects still act. Operate class.
     */
    public CommandResult shelve(String alarmId, String reason, long durationNanos, String by) {
        AlarmRecord r = alarmRecord(alarmId);
        if (r == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "no alarm named '" + alarmId + "'");
        }
        CommandResult bad = checkExemption(reason, durationNanos, spec.maxShelveNanos(), "shelving");
        if (bad != null) {
            return bad;
        }
        r.shelved = exemption(alarmId, reason, by, durationNanos);
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.SHELVED, alarmId, r.severity, alarmId + " shelved by " + by
                + " until " + java.time.Instant.ofEpochMilli(r.shelved.untilWallMillis()) + ": " + reason,
                lastWallMillis));
        return CommandResult.ok("shelved " + alarmId + " until " + java.time.Instant.ofEpochMilli(
                r.shelved.untilWallMillis()));
    }

    /** Ends the shelving of an alarm. Operate class. */
    public CommandResult unshelve(String alarmId, String by) {
        AlarmRecord r = alarmRecord(alarmId);
        if (r == null || r.shelved == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "'" + alarmId + "' is not shelved");
        }
        r.shelved = null;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.UNSHELVED, alarmId, r.severity, alarmId + " unshelved by " + by,
                lastWallMillis));
        return CommandResult.ok("unshelved " + alarmId);
    }

    /**
     * Takes an alarm-only protection out of service: it is not evaluated (no annunciation, no effects) until
     * the expiry. Protections that can trip are refused: bypass them instead. Engineer class.
     */
    public CommandResult outOfService(String alarmId, String reason, long durationNanos, String by) {
        Integer i = protectionIndex.get(alarmId);
        if (i == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "no protection named '" + alarmId + "'");
        }
        if (specs[i].latches()) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, alarmId + " can trip: it cannot be taken out of "
                    + "service; bypass it if it is bypassable");
        }
        CommandResult bad = checkExemption(reason, durationNanos, spec.maxShelveNanos(), "out of service");
        if (bad != null) {
            return bad;
        }
        alarms[i].outOfService = exemption(alarmId, reason, by, durationNanos);
        for (LimitMonitor m : monitors[i]) {
            m.clear();
        }
        updateAlarm(alarms[i], alarmId, Severity.NONE, () -> "out of service", true, lastWallMillis);
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.OUT_OF_SERVICE, alarmId, Severity.NONE, alarmId
                + " out of service by " + by + ": " + reason, lastWallMillis));
        return CommandResult.ok(alarmId + " out of service");
    }

    /** Returns an alarm to service. Engineer class. */
    public CommandResult returnToService(String alarmId, String by) {
        Integer i = protectionIndex.get(alarmId);
        if (i == null || alarms[i].outOfService == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "'" + alarmId + "' is not out of service");
        }
        alarms[i].outOfService = null;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.RETURNED_TO_SERVICE, alarmId, Severity.NONE, alarmId
                + " returned to service by " + by, lastWallMillis));
        return CommandResult.ok(alarmId + " back in service");
    }

    /**
     * Bypasses a bypassable protection's trip for a limited time, with a reason: its condition no longer
     * latches, and a latched trip may be reset while the condition persists. Always visible; an alarm warns
     * before it expires. Engineer class.
     */
    public CommandResult bypass(String protectionId, String reason, long durationNanos, String by) {
        Integer i = protectionIndex.get(protectionId);
        if (i == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "no protection named '" + protectionId + "'");
        }
        if (!specs[i].bypassable()) {
            return CommandResult.refuse(ReasonCode.FORBIDDEN, protectionId + " is not bypassable");
        }
        CommandResult bad = checkExemption(reason, durationNanos, spec.maxBypassNanos(), "a bypass");
        if (bad != null) {
            return bad;
        }
        bypasses[i] = exemption(protectionId, reason, by, durationNanos);
        bypassWarned[i] = false;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.BYPASSED, protectionId, Severity.ALARM, protectionId
                + " bypassed by " + by + " until " + java.time.Instant.ofEpochMilli(bypasses[i].untilWallMillis())
                + ": " + reason, lastWallMillis));
        return CommandResult.ok(protectionId + " bypassed until "
                + java.time.Instant.ofEpochMilli(bypasses[i].untilWallMillis()));
    }

    /** Removes a bypass. Engineer class. */
    public CommandResult removeBypass(String protectionId, String by) {
        Integer i = protectionIndex.get(protectionId);
        if (i == null || bypasses[i] == null) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "'" + protectionId + "' is not bypassed");
        }
        bypasses[i] = null;
        bypassWarned[i] = false;
        clearSystemAlarm("bypass." + protectionId);
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.BYPASS_REMOVED, protectionId, Severity.NONE, "bypass of "
                + protectionId + " removed by " + by, lastWallMillis));
        return CommandResult.ok("bypass of " + protectionId + " removed");
    }

    /**
     * Enters or leaves maintenance. In maintenance every run permissive output is held de-energized and
     * outputs may be overridden for tests; leaving it latches the start-up trip again, so racks restart only
     * after a reset. Engineer class.
     */
    public CommandResult maintenance(boolean on, String reason, String by) {
        if (on) {
            if (reason == null || reason.isBlank()) {
                return CommandResult.refuse(ReasonCode.INVALID_ARGS, "maintenance needs a reason");
            }
            if (!maintenance.isEmpty()) {
                return CommandResult.ok("already in maintenance");
            }
            maintenance = reason + " (" + by + ")";
            events.add(new SafetyEvent(SafetyEvent.Type.MAINTENANCE_ON, "pod", Severity.NONE,
                    "maintenance started by " + by + ": " + reason, lastWallMillis));
        } else {
            if (maintenance.isEmpty()) {
                return CommandResult.ok("not in maintenance");
            }
            maintenance = "";
            startupLatched = true;
            startupLatchedAt = lastWallMillis;
            events.add(new SafetyEvent(SafetyEvent.Type.MAINTENANCE_OFF, "pod", Severity.NONE,
                    "maintenance ended by " + by + "; outputs restart after a reset", lastWallMillis));
        }
        changeCount++;
        computeOutputs(lastNanos);
        return CommandResult.ok(on ? "maintenance on" : "maintenance off; reset to restart");
    }

    /**
     * Overrides an output in maintenance, for at most the configured time. A latched trip still holds a run
     * permissive output off. Engineer class.
     */
    public CommandResult override(String outputId, boolean energize, long durationNanos, String reason, String by) {
        int o = spec.outputIds().indexOf(outputId);
        if (o < 0) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, "no output named '" + outputId + "'");
        }
        if (maintenance.isEmpty()) {
            return CommandResult.refuse(ReasonCode.CONDITION_ACTIVE, "outputs may be overridden in maintenance only");
        }
        CommandResult bad = checkExemption(reason, durationNanos, spec.maxOverrideNanos(), "an override");
        if (bad != null) {
            return bad;
        }
        if (energize && heldOff(o)) {
            return CommandResult.refuse(ReasonCode.CONDITION_ACTIVE, outputId + " is held off by a trip or an effect");
        }
        overrides[o] = exemption(outputId, reason, by, durationNanos);
        overrideEnergize[o] = energize;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.OVERRIDE_SET, outputId, Severity.WARNING, outputId + " forced "
                + (energize ? "energized" : "de-energized") + " by " + by + " until "
                + java.time.Instant.ofEpochMilli(overrides[o].untilWallMillis()) + ": " + reason, lastWallMillis));
        computeOutputs(lastNanos);
        return CommandResult.ok(outputId + (energize ? " energized" : " de-energized") + " until "
                + java.time.Instant.ofEpochMilli(overrides[o].untilWallMillis()));
    }

    private CommandResult checkExemption(String reason, long durationNanos, long maxNanos, String what) {
        if (reason == null || reason.isBlank()) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, what + " needs a reason");
        }
        if (durationNanos <= 0) {
            return CommandResult.refuse(ReasonCode.INVALID_ARGS, what + " needs an expiry");
        }
        if (durationNanos > maxNanos) {
            return CommandResult.refuse(ReasonCode.OUT_OF_RANGE, what + " may last at most " + maxNanos / 60_000_000_000L
                    + " min");
        }
        return null;
    }

    private Exemption exemption(String target, String reason, String by, long durationNanos) {
        return new Exemption(target, reason, by, lastNanos + durationNanos, lastWallMillis + durationNanos / 1_000_000);
    }

    /**
     * Latches the controller's own trip: the loop stalled or failed and the outputs were forced safe. It
     * de-energizes every run permissive output until reset.
     */
    public void latchLoopStall(String cause, long wallMillis) {
        if (!stallLatched) {
            stallLatched = true;
            stallLatchedAt = wallMillis;
            stallCause = cause;
            changeCount++;
            events.add(new SafetyEvent(SafetyEvent.Type.TRIP_LATCHED, LOOP_STALL_TRIP, Severity.TRIP, cause,
                    wallMillis));
            computeOutputs(lastNanos);
        }
    }

    /**
     * Applies a reloaded configuration whose protections differ only in levels, hysteresis, delays and
     * descriptions: the new values take effect from the next evaluation, every latch, alarm state, timer and
     * exemption is kept. Loop thread, between two cycles.
     *
     * @return empty when applied, otherwise why the new spec cannot be applied live (a restart is needed)
     */
    public String replaceLevels(EngineSpec next) {
        List<ProtectionSpec> now = spec.protections();
        List<ProtectionSpec> then = next.protections();
        if (now.size() != then.size()) {
            return "protections were added or removed";
        }
        for (int i = 0; i < now.size(); i++) {
            ProtectionSpec a = now.get(i);
            ProtectionSpec b = then.get(i);
            if (!a.id().equals(b.id()) || a.kind() != b.kind() || a.pointIndex() != b.pointIndex()
                    || a.groupIndex() != b.groupIndex() || a.onBadData() != b.onBadData()
                    || a.localResetOnly() != b.localResetOnly() || a.bypassable() != b.bypassable()
                    || !Arrays.equals(a.outputIndexes(), b.outputIndexes())
                    || !Arrays.equals(a.onAlarmEffects(), b.onAlarmEffects())
                    || !Arrays.equals(a.onTripEffects(), b.onTripEffects())
                    || a.activeSeverity() != b.activeSeverity() || a.setpointIndex() != b.setpointIndex()
                    || a.rateWindowNanos() != b.rateWindowNanos()) {
                return "protection " + a.id() + " changed beyond its levels, hysteresis and delays";
            }
        }
        if (next.groups().size() != spec.groups().size() || !next.outputIds().equals(spec.outputIds()) || next.effects().size() != spec.effects().size()
                || next.permissives().size() != spec.permissives().size()) {
            return "outputs, effects, permissives or voting groups changed";
        }
        for (int i = 0; i < specs.length; i++) {
            specs[i] = then.get(i);
        }
        spec = new EngineSpec(then, spec.groups(), spec.effects(), spec.permissives(), spec.outputIds(),
                spec.localResetIndex(), spec.inputSettleNanos(), spec.startStaggerNanos(), spec.maxBypassNanos(),
                spec.maxShelveNanos(), spec.maxOverrideNanos(), spec.loadShedding());
        changeCount++;
        return "";
    }

    /** Tells the engine that the pod's mode changed at {@code nowNanos} (inhibits restart). */
    public void noteModeChange(long nowNanos) {
        lastModeChangeNanos = nowNanos;
        modeChanged = true;
    }

    /** Reports the outcome of a write the engine asked for (an effect); a failure raises an alarm. */
    public void writeOutcome(String source, boolean ok, String detail) {
        String id = "effect." + source;
        if (ok) {
            clearSystemAlarm(id);
        } else {
            raiseSystemAlarm(id, "effect " + source, Severity.ALARM, "command not followed: " + detail);
        }
    }

    /**
     * Raises (or updates) a controller alarm: voting groups, bypass expiry, the state file, effects not
     * followed, a configuration reload refused. Loop thread.
     */
    public void raiseSystemAlarm(String id, String description, Severity severity, String message) {
        AlarmRecord r = systemAlarms.computeIfAbsent(id, k -> new AlarmRecord());
        systemDescriptions.put(id, description);
        boolean changed = !message.equals(r.message);
        updateAlarm(r, id, severity, () -> message, changed, lastWallMillis);
    }

    /** Clears a controller alarm's condition (it still needs an acknowledgement if unacknowledged). */
    public void clearSystemAlarm(String id) {
        AlarmRecord r = systemAlarms.get(id);
        if (r != null && r.state.isActive()) {
            updateAlarm(r, id, Severity.NONE, () -> r.message, false, lastWallMillis);
        }
    }

    private void unlatch(int i, String reason, long wallMillis) {
        latched[i] = false;
        firstOut[i] = false;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.TRIP_RESET, specs[i].id(), Severity.TRIP,
                specs[i].id() + " reset (" + reason + ")", wallMillis));
    }

    private void unlatchStartup(String reason, long wallMillis) {
        startupLatched = false;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.TRIP_RESET, STARTUP_TRIP, Severity.TRIP,
                STARTUP_TRIP + " reset (" + reason + ")", wallMillis));
    }

    private void unlatchStall(String reason, long wallMillis) {
        stallLatched = false;
        changeCount++;
        events.add(new SafetyEvent(SafetyEvent.Type.TRIP_RESET, LOOP_STALL_TRIP, Severity.TRIP,
                LOOP_STALL_TRIP + " reset (" + reason + ")", wallMillis));
    }

    private boolean anyProtectionLatched() {
        for (boolean l : latched) {
            if (l) {
                return true;
            }
        }
        return stallLatched;
    }

    private AlarmRecord alarmRecord(String id) {
        Integer i = protectionIndex.get(id);
        return i != null ? alarms[i] : systemAlarms.get(id);
    }

    private void forEachAlarm(java.util.function.BiConsumer<String, AlarmRecord> action) {
        for (int i = 0; i < specs.length; i++) {
            action.accept(specs[i].id(), alarms[i]);
        }
        new ArrayList<>(systemAlarms.entrySet()).forEach(e -> action.accept(e.getKey(), e.getValue()));
    }

    // --------------------------------------------------------------------------------------------- views

    /** Whether output {@code o} may be energized after the last evaluation. */
    public boolean outputDemand(int o) {
        return outputDemand[o];
    }

    /** True while any trip (including start-up and loop stall) is latched. */
    public boolean anyTripLatched() {
        return startupLatched || anyProtectionLatched();
    }

    /** True while the start-up latch holds. */
    public boolean isStarting() {
        return startupLatched;
    }

    /** Why the pod is in maintenance, or empty when it is not. */
    public String maintenanceReason() {
        return maintenance;
    }

    /** True when some annunciated alarm (warning or above) is active. */
    public boolean anyAlarmActive() {
        boolean[] any = {false};
        forEachAlarm((id, r) -> any[0] |= r.state.isActive() && r.annunciated());
        return any[0];
    }

    /** True when every safety input was GOOD at the last evaluation. */
    public boolean safetyInputsGood() {
        return safetyInputsGood;
    }

    /** Moves events produced since the last call into {@code sink} and forgets them. */
    public void drainEvents(List<SafetyEvent> sink) {
        sink.addAll(events);
        events.clear();
    }

    /** Moves the writes to perform into {@code sink} and forgets them. */
    public void drainWrites(List<WriteIntent> sink) {
        sink.addAll(writes);
        writes.clear();
    }

    /** Increments whenever anything visible (alarms, trips, outputs, exemptions) changes. */
    public long changeCount() {
        return changeCount;
    }

    /** The compiled specification. */
    public EngineSpec spec() {
        return spec;
    }

    /** Every alarm (NORMAL ones included), protections first, then controller alarms. Allocates. */
    public List<AlarmView> alarms() {
        List<AlarmView> out = new ArrayList<>(specs.length + systemAlarms.size());
        for (int i = 0; i < specs.length; i++) {
            ProtectionSpec s = specs[i];
            out.add(view(s.id(), s.description(), s.pointId(), alarms[i]));
        }
        systemAlarms.forEach((id, r) -> out.add(view(id, systemDescriptions.getOrDefault(id, ""), "", r)));
        return out;
    }

    private static AlarmView view(String id, String description, String point, AlarmRecord r) {
        String suppression = r.outOfService != null
                ? "out of service until " + java.time.Instant.ofEpochMilli(r.outOfService.untilWallMillis())
                + " (" + r.outOfService.by() + ": " + r.outOfService.reason() + ")"
                : r.shelved != null ? "shelved until " + java.time.Instant.ofEpochMilli(r.shelved.untilWallMillis())
                + " (" + r.shelved.by() + ": " + r.shelved.reason() + ")" : "";
        return new AlarmView(id, description, point, r.state, r.severity, r.message, r.sinceWallMillis, suppression,
                r.shelved, r.outOfService);
    }

    /** The latched trips, start-up and loop stall first. Allocates. */
    public List<TripView> latchedTrips() {
        List<TripView> out = new ArrayList<>();
        if (startupLatched) {
            out.add(new TripView(STARTUP_TRIP, startupCause, startupLatchedAt, false, false, !startupResettable()));
        }
        if (stallLatched) {
            out.add(new TripView(LOOP_STALL_TRIP, stallCause, stallLatchedAt, false, false, false));
        }
        for (int i = 0; i < specs.length; i++) {
            if (latched[i]) {
                out.add(new TripView(specs[i].id(), latchCause[i], latchedAt[i], firstOut[i],
                        specs[i].localResetOnly(), conditionActive(i)));
            }
        }
        return out;
    }

    /** Active bypasses. Allocates. */
    public List<Exemption> bypasses() {
        List<Exemption> out = new ArrayList<>();
        for (Exemption b : bypasses) {
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    /** Active output overrides, with the forced state ("energized"/"de-energized") as part of the reason. */
    public List<Exemption> overrides() {
        List<Exemption> out = new ArrayList<>();
        for (int o = 0; o < outputCount; o++) {
            if (overrides[o] != null) {
                Exemption e = overrides[o];
                out.add(new Exemption(e.target(), (overrideEnergize[o] ? "energized: " : "de-energized: ")
                        + e.reason(), e.by(), e.untilNanos(), e.untilWallMillis()));
            }
        }
        return out;
    }

    /** Ids of the permissives proven now. */
    public List<String> provenPermissives() {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < permissives.length; p++) {
            if (permissiveProven[p]) {
                out.add(permissives[p].id());
            }
        }
        return out;
    }

    /** Ids of the effects acting now. */
    public List<String> activeEffects() {
        List<String> out = new ArrayList<>();
        for (int e = 0; e < effects.length; e++) {
            if (effectActive[e]) {
                out.add(effects[e].id());
            }
        }
        return out;
    }

    /**
     * The power the pod can carry now, W: the load-shedding budget (site feed, cooling) and every acting
     * derate effect, the lowest wins; +infinity when nothing limits it.
     */
    public double availablePowerW() {
        double w = shedder != null ? shedder.availablePowerW() : Double.POSITIVE_INFINITY;
        if (Double.isNaN(w)) {
            w = Double.POSITIVE_INFINITY;
        }
        for (int e = 0; e < effects.length; e++) {
            if (effectActive[e] && effects[e].kind() == EffectSpec.Kind.DERATE) {
                w = Math.min(w, effects[e].derateW());
            }
        }
        return w;
    }

    /** Ids of the racks shed now. */
    public List<String> shedRacks() {
        return shedder == null ? List.of() : List.copyOf(shedder.shedRacks().keySet());
    }
}
