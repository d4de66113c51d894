package io.podctl.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one kind (e.g. one fault class's detection-to-safe-state), kept both in an HdrHistogram (for the
 * percentiles in the tables, microsecond resolution, 3 significant digits) and as the raw list (for the CDF
 * plots and counting values over a bound).
 *
 * <p>Threading: confined to the bench thread.
 */
final class LatencySample {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
    private final List<Long> nanos = new ArrayList<>();

    /** Records one latency, in nanoseconds (negative values are recorded as 0). */
    void record(long latencyNanos) {
        long v = Math.max(0, latencyNanos);
        nanos.add(v);
        histogram.recordValue(Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(v)));
    }

    int count() {
        return nanos.size();
    }

    /**
     * The value at {@code percentile} (0..100), in milliseconds; NaN when empty. Never above the exact maximum
     * (the histogram reports the top of a value's bucket).
     */
    double percentileMillis(double percentile) {
        return nanos.isEmpty() ? Double.NaN : Math.min(histogram.getValueAtPercentile(percentile) / 1000.0, maxMillis());
    }

    /** The largest value exactly, in milliseconds; NaN when empty. */
    double maxMillis() {
        return nanos.isEmpty() ? Double.NaN : Collections.max(nanos) / 1e6;
    }

    /** The smallest value exactly, in milliseconds; NaN when empty. */
    double minMillis() {
        return nanos.isEmpty() ? Double.NaN : Collections.min(nanos) / 1e6;
    }

    /** How many values exceed {@code boundNanos}. */
    long countAbove(long boundNanos) {
        return nanos.stream().filter(v -> v > boundNanos).count();
    }

    /** The values in milliseconds, ascending. */
    double[] sortedMillis() {
        return nanos.stream().sorted().mapToDouble(v -> v / 1e6).toArray();
    }
}
