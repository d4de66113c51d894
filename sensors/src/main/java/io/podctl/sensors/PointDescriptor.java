package io.podctl.sensors;

import java.time.Duration;
import java.util.Objects;

/**
 * What the board knows of one point: its id, its engineering unit, and when its last sample turns stale.
 *
 * @param id         unique point id, e.g. {@code cdu.supplyTemp} or {@code leak.rack1}
 * @param unit       engineering unit, e.g. {@code degC}, {@code L/min}, {@code W}; empty for dimensionless
 * @param staleAfter a sample older than this (monotonic age) is reported {@link Quality#STALE}
 * @param digital    true for boolean points (value 1.0 = active, 0.0 = inactive)
 */
public record PointDescriptor(String id, String unit, Duration staleAfter, boolean digital) {
    public PointDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(staleAfter, "staleAfter");
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive for " + id);
        }
    }

    /** The staleness rule of the reliability bounds: max(1 s, 3 poll periods). */
    public static Duration staleAfterForPollPeriod(Duration pollPeriod) {
        Duration threePolls = pollPeriod.multipliedBy(3);
        return threePolls.compareTo(Duration.ofSeconds(1)) > 0 ? threePolls : Duration.ofSeconds(1);
    }
}
