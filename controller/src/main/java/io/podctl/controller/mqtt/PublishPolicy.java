package io.podctl.controller.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * When a point's value is published again (report by exception).
 *
 * @param pointId         the point's pod-wide id
 * @param deadband        absolute deadband in engineering units: a GOOD value is re-published only when it
 *                        differs from the last published one by at least this much; 0 = every change
 * @param deadbandPercent relative deadband in percent of {@code span} (or, without a span, of the magnitude of
 *                        the last published value); 0 = none. With both deadbands set, a change must exceed both
 * @param span            the point's valid range {@code max − min}, or NaN when not configured
 * @param maxSilence      re-publish an unchanged value after this long; {@link Duration#ZERO} = never
 */
public record PublishPolicy(String pointId, double deadband, double deadbandPercent, double span,
                            Duration maxSilence) {

    public PublishPolicy {
        Objects.requireNonNull(pointId, "pointId");
        Objects.requireNonNull(maxSilence, "maxSilence");
        if (!(deadband >= 0) || !(deadbandPercent >= 0) || maxSilence.isNegative()) {
            throw new IllegalArgumentException("deadbands and maxSilence must not be negative: " + pointId);
        }
    }

    /** Every change is published, never re-sent unchanged. */
    public static PublishPolicy everyChange(String pointId) {
        return new PublishPolicy(pointId, 0, 0, Double.NaN, Duration.ZERO);
    }

    /**
     * Whether {@code value} differs enough from {@code lastPublished} (both GOOD values) to be published.
     */
    public boolean exceedsDeadband(double lastPublished, double value) {
        double delta = Math.abs(value - lastPublished);
        if (Double.compare(value, lastPublished) == 0) {
            return false;
        }
        if (deadband == 0 && deadbandPercent == 0) {
            return true;
        }
        boolean absolute = delta >= deadband;
        double reference = Double.isFinite(span) && span > 0 ? span : Math.abs(lastPublished);
        boolean relative = deadbandPercent == 0 || delta >= reference * deadbandPercent / 100.0;
        return absolute && relative;
    }
}
