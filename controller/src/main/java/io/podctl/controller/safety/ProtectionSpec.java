package io.podctl.controller.safety;

import java.util.Arrays;
import java.util.Objects;

/**
 * One protection, compiled from configuration against the sample board and the output bank: point and
 * outputs are referenced by index so that evaluation needs no lookups.
 *
 * @param id              protection id, also its alarm and trip id
 * @param description     for people
 * @param pointId         the watched point
 * @param pointIndex      the point's index on the sample board
 * @param kind            which side of the limits is abnormal
 * @param alarmLimit      alarm limit in the point's unit, NaN for none
 * @param tripLimit       trip limit in the point's unit, NaN for none ({@link Kind#ACTIVE}: see {@code activeTrips})
 * @param activeTrips     for {@link Kind#ACTIVE}: true when the active condition trips, false when it only alarms
 * @param hysteresis      how far inside a limit the value must come back before the limit clears, point's unit
 * @param delayNanos      how long a condition must persist before it acts, ns
 * @param onBadData       what a non-GOOD sample means
 * @param localResetOnly  true when only the local reset input may reset the trip (E-stop)
 * @param outputIndexes   outputs a latched trip de-energizes
 */
public record ProtectionSpec(String id, String description, String pointId, int pointIndex, Kind kind,
                             double alarmLimit, double tripLimit, boolean activeTrips, double hysteresis,
                             long delayNanos, BadData onBadData, boolean localResetOnly, int[] outputIndexes) {

    /** Which side of the limits is abnormal. */
    public enum Kind {
        /** Value at or above a limit. */
        HIGH,
        /** Value at or below a limit. */
        LOW,
        /** A digital point is 1. */
        ACTIVE
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
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(onBadData, "onBadData");
        outputIndexes = outputIndexes.clone();
        if (hysteresis < 0) {
            throw new IllegalArgumentException(id + ": negative hysteresis");
        }
        if (delayNanos < 0) {
            throw new IllegalArgumentException(id + ": negative delay");
        }
    }

    /** Whether this protection can latch a trip. */
    public boolean canTrip() {
        return kind == Kind.ACTIVE ? activeTrips : !Double.isNaN(tripLimit);
    }

    /** Whether this protection has an alarm level separate from its trip. */
    public boolean hasAlarmLevel() {
        return kind != Kind.ACTIVE ? !Double.isNaN(alarmLimit) : !activeTrips;
    }

    @Override
    public int[] outputIndexes() {
        return outputIndexes.clone();
    }

    /** Whether a latched trip of this protection de-energizes output {@code outputIndex}. */
    public boolean deenergizes(int outputIndex) {
        for (int i : outputIndexes) {
            if (i == outputIndex) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectionSpec p && id.equals(p.id) && pointIndex == p.pointIndex && kind == p.kind
                && Double.compare(alarmLimit, p.alarmLimit) == 0 && Double.compare(tripLimit, p.tripLimit) == 0
                && activeTrips == p.activeTrips && Double.compare(hysteresis, p.hysteresis) == 0
                && delayNanos == p.delayNanos && onBadData == p.onBadData && localResetOnly == p.localResetOnly
                && Arrays.equals(outputIndexes, p.outputIndexes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, pointIndex, kind, alarmLimit, tripLimit, activeTrips, hysteresis, delayNanos,
                onBadData, localResetOnly, Arrays.hashCode(outputIndexes));
    }
}
