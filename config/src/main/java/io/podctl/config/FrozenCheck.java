package io.podctl.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Which points have a frozen-value check, and after how many unchanged samples. A sensor stuck at a healthy
 * value is the classic unsafe failure of an analog input: its protection sees nothing wrong while the process
 * runs away. So an analog point a protection watches (directly, or as a channel of a voting group it watches)
 * is checked by default: its value must change within {@link #DEFAULT_WINDOW}, counted in samples at its
 * device's poll period (at least {@link #MIN_DEFAULT_SAMPLES}). A point's {@code frozenAfter} overrides the
 * window; {@code frozenCheckOff} (with the reason) turns the check off for a value that legitimately holds still.
 * Counters and setpoints are not measurements with noise and get no default check.
 *
 * <p>Pure and thread-safe.
 */
public final class FrozenCheck {
    /** How long an analog safety input may read exactly the same value before it is judged frozen. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);
    /** Fewest samples of the default window, for devices polled slowly. */
    public static final int MIN_DEFAULT_SAMPLES = 10;
    /** Most samples of the default window, for devices polled very fast. */
    public static final int MAX_SAMPLES = 100_000;

    private FrozenCheck() {
    }

    /**
     * After how many consecutive unchanged samples {@code point} of {@code device} is frozen in {@code pod}; 0
     * for no check.
     */
    public static int samples(PodConfig pod, DeviceConfig device, PointConfig point) {
        if (point.frozenAfter() != null) {
            return point.frozenAfter();
        }
        if (point.frozenCheckOff() != null || !isAnalog(point) || point.counter()
                || !watchedByProtections(pod).contains(device.qualifiedPointId(point))) {
            return 0;
        }
        return defaultSamples(device.pollPeriod());
    }

    /** The samples of {@link #DEFAULT_WINDOW} at {@code pollPeriod}, rounded up, within [10, 100000]. */
    public static int defaultSamples(Duration pollPeriod) {
        long window = DEFAULT_WINDOW.toNanos();
        long period = Math.max(1, pollPeriod.toNanos());
        long samples = (window + period - 1) / period;
        return (int) Math.max(MIN_DEFAULT_SAMPLES, Math.min(MAX_SAMPLES, samples));
    }

    /** Whether the point is a number a sensor measures: not a bit, not text. */
    public static boolean isAnalog(PointConfig point) {
        return point.type() != DataType.BOOL && point.type() != DataType.STRING;
    }

    /**
     * The point ids protections watch: their {@code point}, or the channels of the voting group it names. A
     * deviation's {@code setpointPoint} is a setpoint, not a measurement, and is not included.
     */
    public static Set<String> watchedByProtections(PodConfig pod) {
        Set<String> watched = new HashSet<>();
        for (ProtectionConfig p : pod.protections()) {
            watched.add(p.point());
            for (VotingGroupConfig g : pod.votingGroups()) {
                if (g.id().equals(p.point())) {
                    watched.addAll(g.points());
                }
            }
        }
        return watched;
    }
}
