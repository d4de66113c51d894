package io.podctl.controller.safety;

import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.util.Locale;

/**
 * Judges each protection's condition on a snapshot: the quality of its input (a point, or a voting group and
 * its votes), the measure its kind compares (the value, a deviation, a rate, a spread), each level with its
 * hysteresis and on/off-delays, the inhibits after start-up and after a mode change, and the fail-safe action
 * on bad data. It decides which levels are active; what follows from them (latches, alarms, effects) is the
 * other parts' job.
 *
 * <p>Not thread-safe; loop thread. Preallocated per protection: evaluating allocates nothing, and only
 * {@link #describe} builds text.
 */
final class ProtectionEvaluator {
    private static final int WARNING = 0;
    private static final int ALARM = 1;
    private static final int TRIP = 2;

    private final Protections protections;
    private final VotingGroup[] groups;
    private final LimitMonitor[][] monitors; // [protection][WARNING, ALARM, TRIP]
    private final RateTracker[] rates;
    private final boolean[] badData;
    private final Quality[] quality; // as judged by the last evaluation, for describe()
    private final double[] measure;
    private final int[] tripVotes; // a voted trip level's votes at the last judgement, else -1: its text counts them
    private final boolean[] raw = new boolean[3];
    private long startNanos = Long.MIN_VALUE;
    private long lastModeChangeNanos;
    private boolean modeChanged;

    ProtectionEvaluator(Protections protections, VotingGroup[] groups) {
        this.protections = protections;
        this.groups = groups;
        int n = protections.count();
        this.monitors = new LimitMonitor[n][3];
        this.rates = new RateTracker[n];
        this.badData = new boolean[n];
        this.quality = new Quality[n];
        this.measure = new double[n];
        this.tripVotes = new int[n];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < 3; l++) {
                monitors[i][l] = new LimitMonitor();
            }
            ProtectionSpec s = protections.get(i);
            if (s.kind() == ProtectionSpec.Kind.RATE) {
                // Sized for a 10 ms loop over the whole window, capped: older samples are simply dropped.
                int capacity = (int) Math.min(65_536, s.rateWindowNanos() / 10_000_000L + 4);
                rates[i] = new RateTracker(s.rateWindowNanos(), capacity);
            }
        }
    }

    // ------------------------------------------------------------------------------------ time and inhibits

    /** Whether {@link #start} was called (the first evaluation happened). */
    boolean started() {
        return startNanos != Long.MIN_VALUE;
    }

    /** Notes the first evaluation, at monotonic {@code nowNanos}: the start-up inhibits run from here. */
    void start(long nowNanos) {
        startNanos = nowNanos;
    }

    /** Nanoseconds from the first evaluation to {@code nowNanos}. */
    long sinceStart(long nowNanos) {
        return nowNanos - startNanos;
    }

    /** Notes that the pod's mode changed at {@code nowNanos}: the mode-change inhibits restart. */
    void noteModeChange(long nowNanos) {
        lastModeChangeNanos = nowNanos;
        modeChanged = true;
    }

    // ---------------------------------------------------------------------------------------------- judging

    /**
     * Judges protection {@code i} on {@code snap} at {@code now} (ns): its input's quality and measure, the raw
     * condition of each level, and their delays.
     *
     * @return whether a level became active or inactive, or the input turned bad or good again (the alarm's
     *         text must then be rebuilt)
     */
    boolean judge(int i, Snapshot snap, long now) {
        ProtectionSpec s = protections.get(i);
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
        double m = v;
        switch (s.kind()) {
            case DEVIATION -> {
                double sp = s.setpointIndex() >= 0 ? snap.goodValue(s.setpointIndex()) : s.setpoint();
                if (q == Quality.GOOD && !Double.isFinite(sp)) {
                    q = snap.quality(s.setpointIndex()) == Quality.NO_DATA ? Quality.NO_DATA : Quality.INVALID;
                }
                m = Math.abs(v - sp);
            }
            case RATE -> {
                if (q == Quality.GOOD) {
                    m = rates[i].add(now, v);
                } else {
                    rates[i].reset();
                }
            }
            case DISAGREEMENT -> {
                m = group.spread();
                if (q == Quality.GOOD && Double.isNaN(m)) {
                    q = Quality.INVALID; // fewer than two usable channels: disagreement cannot be judged
                }
            }
            default -> {
            }
        }
        quality[i] = q;
        measure[i] = m;
        tripVotes[i] = -1;
        boolean noData = q == Quality.NO_DATA;
        boolean bad = !noData && q != Quality.GOOD;
        raw[WARNING] = false;
        raw[ALARM] = false;
        raw[TRIP] = false;
        // Fail-safe actions do not wait: the data that would justify waiting is missing.
        long levelDelay = bad ? 0 : s.delayNanos();
        long tripDelay = levelDelay;
        if (noData) {
            // Covered by the start-up trip: nothing to judge yet.
        } else if (bad) {
            switch (s.onBadData()) {
                case TRIP -> {
                    raw[TRIP] = true;
                    raw[ALARM] = true;
                }
                case ALARM -> raw[ALARM] = true;
                default -> {
                }
            }
        } else if (judgeLevels(i, s, group, m)) {
            tripDelay = 0; // the bad channels alone trip: fail-safe, no waiting
        }
        if (inhibited(s, now) && !bad) {
            raw[WARNING] = false;
            raw[ALARM] = false; // never the trip, never bad data: inhibits delay annunciation, not protection
        }
        boolean badChanged = bad != badData[i];
        badData[i] = bad;
        boolean levelChanged = false;
        for (int l = 0; l < 3; l++) {
            levelChanged |= monitors[i][l].update(raw[l], now, l == TRIP ? tripDelay : levelDelay,
                    s.clearDelayNanos());
        }
        return badChanged || levelChanged;
    }

    /**
     * Sets the raw condition of each level from a GOOD measure, with hysteresis on the levels already active; a
     * high or low trip on a voting group counts votes. Returns whether the group's bad channels alone are
     * enough to trip.
     */
    private boolean judgeLevels(int i, ProtectionSpec s, VotingGroup group, double m) {
        boolean badChannelsTrip = false;
        for (int l = 0; l < 3; l++) {
            double level = s.level(l == WARNING ? Severity.WARNING : l == ALARM ? Severity.ALARM : Severity.TRIP);
            if (Double.isNaN(level) || Double.isNaN(m)) {
                continue;
            }
            double h = monitors[i][l].active() ? s.hysteresis() : 0.0;
            if (l == TRIP && group != null && (s.kind() == ProtectionSpec.Kind.HIGH
                    || s.kind() == ProtectionSpec.Kind.LOW)) {
                boolean high = s.kind() == ProtectionSpec.Kind.HIGH;
                double bound = high ? level - h : level + h;
                tripVotes[i] = group.votes(high, bound, s.tripsOnBadData());
                raw[TRIP] = tripVotes[i] >= group.spec.votesToTrip();
                badChannelsTrip = s.tripsOnBadData() && group.badVotes() >= group.spec.votesToTrip();
            } else {
                raw[l] = beyond(s.kind(), m, level, h);
            }
        }
        return badChannelsTrip;
    }

    private boolean inhibited(ProtectionSpec s, long now) {
        return now - startNanos < s.inhibitAfterStartNanos()
                || modeChanged && now - lastModeChangeNanos < s.inhibitAfterModeChangeNanos();
    }

    private static Quality groupQuality(VotingGroup g, Snapshot snap) {
        if (g.usable() > 0) {
            return Quality.GOOD;
        }
        for (int ch : g.channels()) {
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

    // ------------------------------------------------------------------------------------------ conclusions

    /** Whether protection {@code i}'s trip level is active (delays elapsed). */
    boolean tripActive(int i) {
        return monitors[i][TRIP].active();
    }

    /** Whether its alarm level or its trip is active: what starts its on-alarm effects. */
    boolean alarmLevelActive(int i) {
        return monitors[i][ALARM].active() || monitors[i][TRIP].active();
    }

    /**
     * Whether the condition behind its trip is present, or its trip is still active within the off-delay: a
     * trip reset then would latch again at the next evaluation.
     */
    boolean tripConditionPresent(int i) {
        return monitors[i][TRIP].present() || monitors[i][TRIP].active();
    }

    /** The highest active level of protection {@code i}, NONE when none is. */
    Severity severity(int i) {
        return monitors[i][TRIP].active() ? Severity.TRIP : monitors[i][ALARM].active() ? Severity.ALARM
                : monitors[i][WARNING].active() ? Severity.WARNING : Severity.NONE;
    }

    /** Forgets every level's timing of protection {@code i} (it was taken out of service). */
    void forget(int i) {
        for (LimitMonitor m : monitors[i]) {
            m.clear();
        }
    }

    /**
     * What protection {@code i} saw at its last judgement, for people: the bad quality and its fail-safe action,
     * or the measure against the level of {@code severity} (or its first level when NONE). Allocates.
     */
    String describe(int i, Snapshot snap, Severity severity) {
        ProtectionSpec s = protections.get(i);
        Quality q = quality[i];
        double m = measure[i];
        if (q != Quality.GOOD) {
            return s.pointId() + " " + q + " (fail-safe: " + s.onBadData().name().toLowerCase(Locale.ROOT) + ")";
        }
        String unit = s.pointIndex() >= 0 ? snap.descriptor(s.pointIndex()).unit()
                : snap.descriptor(groups[s.groupIndex()].channels()[0]).unit();
        if (s.kind() == ProtectionSpec.Kind.ACTIVE) {
            return s.pointId() + (m >= 0.5 ? " active" : " inactive");
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
        if (Double.isNaN(m)) {
            return what + " (not measurable yet)";
        }
        if (severity == Severity.NONE) {
            return String.format(Locale.ROOT, "%s %.2f %s", what, m, u);
        }
        if (shown == Severity.TRIP && tripVotes[i] >= 0) {
            // A voted trip acts on votes, not on the median (one failed channel and one beyond the level trip
            // 2oo3 while the median is below it): say how many vote and which channels are out.
            return String.format(Locale.ROOT, "%s: %s; trip level %.2f %s, median %.2f %s", what,
                    groups[s.groupIndex()].describeTripVotes(tripVotes[i]), level, u, m, u);
        }
        return String.format(Locale.ROOT, "%s %.2f %s %s %s level %.2f", what, m, u, cmp,
                shown.name().toLowerCase(Locale.ROOT), level);
    }

    private static Severity firstLevel(ProtectionSpec s) {
        if (!Double.isNaN(s.level(Severity.WARNING))) {
            return Severity.WARNING;
        }
        return !Double.isNaN(s.level(Severity.ALARM)) ? Severity.ALARM : Severity.TRIP;
    }
}
