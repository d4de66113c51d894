package io.podctl.controller.safety;

import java.util.Arrays;
import java.util.Objects;

/**
 * One protection (a cause of the cause-and-effect matrix), compiled from configuration against the sample
 * board, the voting groups, the outputs and the effects: everything is referenced by index so that evaluation
 * needs no lookups. Immutable; build with {@link #builder}.
 *
 * @param id                        protection id, also its alarm and trip id
 * @param description               for people
 * @param pointId                   the watched point or voting group id
 * @param pointIndex                the point's board index, or -1 when it watches a group
 * @param groupIndex                the voting group's index, or -1 when it watches a point
 * @param kind                      the condition
 * @param warning                   warning level, NaN for none
 * @param alarm                     alarm level, NaN for none
 * @param trip                      trip level, NaN for none
 * @param activeSeverity            for {@link Kind#ACTIVE}: what an active point means
 * @param setpoint                  for {@link Kind#DEVIATION}: fixed setpoint, NaN when a point holds it
 * @param setpointIndex             for {@link Kind#DEVIATION}: board index of the setpoint point, or -1
 * @param rateWindowNanos           for {@link Kind#RATE}: measurement window
 * @param hysteresis                how far back inside a level the value must come before it clears
 * @param delayNanos                on-delay of every level
 * @param clearDelayNanos           off-delay of every level
 * @param inhibitAfterStartNanos    warning and alarm levels are inhibited this long after start-up
 * @param inhibitAfterModeChangeNanos warning and alarm levels are inhibited this long after a mode change
 * @param onBadData                 what a non-GOOD sample means
 * @param localResetOnly            only the local reset input may reset the trip (E-stop)
 * @param bypassable                an engineer may bypass the trip
 * @param outputIndexes             outputs a latched trip de-energizes
 * @param onAlarmEffects            effects active while the alarm level or the trip is active
 * @param onTripEffects             effects active while the trip is latched
 */
public record ProtectionSpec(String id, String description, String pointId, int pointIndex, int groupIndex,
                             Kind kind, double warning, double alarm, double trip, Severity activeSeverity,
                             double setpoint, int setpointIndex, long rateWindowNanos, double hysteresis,
                             long delayNanos, long clearDelayNanos, long inhibitAfterStartNanos,
                             long inhibitAfterModeChangeNanos, BadData onBadData, boolean localResetOnly,
                             boolean bypassable, int[] outputIndexes, int[] onAlarmEffects, int[] onTripEffects) {

    /** The condition a protection watches for. */
    public enum Kind {
        /** Value at or above a level. */
        HIGH,
        /** Value at or below a level. */
        LOW,
        /** A digital point is 1. */
        ACTIVE,
        /** |value − setpoint| at or above a level. */
        DEVIATION,
        /** Rate of rise in unit per minute at or above a level (a fall never alarms). */
        RATE,
        /** The spread of a voting group's usable channels at or above a level. */
        DISAGREEMENT
    }

    /** Fail-safe action on a non-GOOD sample. */
    public enum BadData {
        /** As if the trip condition were present. */
        TRIP,
        /** As if the alarm condition were present. */
        ALARM,
        /** As if the value were normal (inputs that may legitimately be absent). */
        IGNORE
    }

    public ProtectionSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(pointId, "pointId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(activeSeverity, "activeSeverity");
        Objects.requireNonNull(onBadData, "onBadData");
        outputIndexes = outputIndexes.clone();
        onAlarmEffects = onAlarmEffects.clone();
        onTripEffects = onTripEffects.clone();
        if ((pointIndex < 0) == (groupIndex < 0)) {
            throw new IllegalArgumentException(id + ": watches exactly one point or one group");
        }
        if (hysteresis < 0 || delayNanos < 0 || clearDelayNanos < 0) {
            throw new IllegalArgumentException(id + ": negative hysteresis or delay");
        }
        if (kind == Kind.DISAGREEMENT && groupIndex < 0) {
            throw new IllegalArgumentException(id + ": disagreement needs a voting group");
        }
        if (kind == Kind.DEVIATION && Double.isNaN(setpoint) == (setpointIndex < 0)) {
            throw new IllegalArgumentException(id + ": deviation needs exactly one setpoint");
        }
    }

    /** A builder for a protection watching {@code pointId} at board index {@code pointIndex}. */
    public static Builder builder(String id, String pointId, int pointIndex) {
        return new Builder(id, pointId, pointIndex, -1);
    }

    /** A builder for a protection watching voting group {@code groupId} (index {@code groupIndex}). */
    public static Builder onGroup(String id, String groupId, int groupIndex) {
        return new Builder(id, groupId, -1, groupIndex);
    }

    /** Whether this protection can latch a trip from its value (bad data aside). */
    public boolean canTrip() {
        return kind == Kind.ACTIVE ? activeSeverity == Severity.TRIP : !Double.isNaN(trip);
    }

    /** Whether a bad sample of its input can latch a trip. */
    public boolean tripsOnBadData() {
        return onBadData == BadData.TRIP;
    }

    /** Whether it ever latches a trip. */
    public boolean latches() {
        return canTrip() || tripsOnBadData();
    }

    /** The level of {@code severity}, NaN when there is none ({@link Kind#ACTIVE}: 0.5 for its severity). */
    public double level(Severity severity) {
        if (kind == Kind.ACTIVE) {
            return activeSeverity == severity ? 0.5 : Double.NaN;
        }
        return switch (severity) {
            case WARNING -> warning;
            case ALARM -> alarm;
            case TRIP -> trip;
            case NONE -> Double.NaN;
        };
    }

    /** Whether a latched trip de-energizes output {@code outputIndex}. */
    public boolean deenergizes(int outputIndex) {
        return contains(outputIndexes, outputIndex);
    }

    /** Whether effect {@code effect} acts while this protection's alarm level (or trip) is active. */
    boolean actsOnAlarm(int effect) {
        return contains(onAlarmEffects, effect);
    }

    /** Whether effect {@code effect} acts while this protection's trip is latched. */
    boolean actsOnTrip(int effect) {
        return contains(onTripEffects, effect);
    }

    static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int[] outputIndexes() {
        return outputIndexes.clone();
    }

    @Override
    public int[] onAlarmEffects() {
        return onAlarmEffects.clone();
    }

    @Override
    public int[] onTripEffects() {
        return onTripEffects.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectionSpec p && id.equals(p.id) && pointIndex == p.pointIndex
                && groupIndex == p.groupIndex && kind == p.kind && Double.compare(warning, p.warning) == 0
                && Double.compare(alarm, p.alarm) == 0 && Double.compare(trip, p.trip) == 0
                && activeSeverity == p.activeSeverity && Double.compare(setpoint, p.setpoint) == 0
                && setpointIndex == p.setpointIndex && rateWindowNanos == p.rateWindowNanos
                && Double.compare(hysteresis, p.hysteresis) == 0 && delayNanos == p.delayNanos
                && clearDelayNanos == p.clearDelayNanos && inhibitAfterStartNanos == p.inhibitAfterStartNanos
                && inhibitAfterModeChangeNanos == p.inhibitAfterModeChangeNanos && onBadData == p.onBadData
                && localResetOnly == p.localResetOnly && bypassable == p.bypassable
                && Arrays.equals(outputIndexes, p.outputIndexes) && Arrays.equals(onAlarmEffects, p.onAlarmEffects)
                && Arrays.equals(onTripEffects, p.onTripEffects);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, pointIndex, groupIndex, kind, warning, alarm, trip, delayNanos);
    }

    /** Builds a {@link ProtectionSpec}; every level is optional, durations in nanoseconds. */
    public static final class Builder {
        private final String id;
        private final String pointId;
        private final int pointIndex;
        private final int groupIndex;
        private String description = "";
        private Kind kind = Kind.HIGH;
        private double warning = Double.NaN;
        private double alarm = Double.NaN;
        private double trip = Double.NaN;
        private Severity activeSeverity = Severity.TRIP;
        private double setpoint = Double.NaN;
        private int setpointIndex = -1;
        private long rateWindowNanos = 60_000_000_000L;
        private double hysteresis;
        private long delayNanos;
        private long clearDelayNanos;
        private long inhibitAfterStartNanos;
        private long inhibitAfterModeChangeNanos;
        private BadData onBadData = BadData.TRIP;
        private boolean localResetOnly;
        private boolean bypassable;
        private int[] outputs = new int[0];
        private int[] onAlarm = new int[0];
        private int[] onTrip = new int[0];

        private Builder(String id, String pointId, int pointIndex, int groupIndex) {
            this.id = id;
            this.pointId = pointId;
            this.pointIndex = pointIndex;
            this.groupIndex = groupIndex;
        }

        public Builder description(String d) {
            description = d;
            return this;
        }

        public Builder kind(Kind k) {
            kind = k;
            return this;
        }

        /** Warning, alarm and trip levels (NaN for absent ones). */
        public Builder levels(double warningLevel, double alarmLevel, double tripLevel) {
            warning = warningLevel;
            alarm = alarmLevel;
            trip = tripLevel;
            return this;
        }

        /** A digital condition with the given severity. */
        public Builder active(Severity severity) {
            kind = Kind.ACTIVE;
            activeSeverity = severity;
            return this;
        }

        public Builder setpoint(double value) {
            setpoint = value;
            return this;
        }

        public Builder setpointPoint(int boardIndex) {
            setpointIndex = boardIndex;
            return this;
        }

        public Builder rateWindow(long nanos) {
            rateWindowNanos = nanos;
            return this;
        }

        public Builder hysteresis(double h) {
            hysteresis = h;
            return this;
        }

        public Builder delay(long onNanos, long offNanos) {
            delayNanos = onNanos;
            clearDelayNanos = offNanos;
            return this;
        }

        public Builder inhibits(long afterStartNanos, long afterModeChangeNanos) {
            inhibitAfterStartNanos = afterStartNanos;
            inhibitAfterModeChangeNanos = afterModeChangeNanos;
            return this;
        }

        public Builder onBadData(BadData action) {
            onBadData = action;
            return this;
        }

        public Builder localReset(boolean only) {
            localResetOnly = only;
            return this;
        }

        public Builder bypassable(boolean b) {
            bypassable = b;
            return this;
        }

        public Builder deenergize(int... outputIndexes) {
            outputs = outputIndexes.clone();
            return this;
        }

        public Builder onAlarm(int... effectIndexes) {
            onAlarm = effectIndexes.clone();
            return this;
        }

        public Builder onTrip(int... effectIndexes) {
            onTrip = effectIndexes.clone();
            return this;
        }

        public ProtectionSpec build() {
            return new ProtectionSpec(id, description, pointId, pointIndex, groupIndex, kind, warning, alarm, trip,
                    activeSeverity, setpoint, setpointIndex, rateWindowNanos, hysteresis, delayNanos, clearDelayNanos,
                    inhibitAfterStartNanos, inhibitAfterModeChangeNanos, onBadData, localResetOnly, bypassable,
                    outputs, onAlarm, onTrip);
        }
    }
}
