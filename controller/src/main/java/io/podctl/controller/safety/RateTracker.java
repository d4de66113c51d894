package io.podctl.controller.safety;

/**
 * Rate of change of one point over a sliding window, from the GOOD samples the loop sees each cycle. Holds
 * a fixed ring of (time, value) pairs sized for the window: no allocation after construction.
 * Not thread-safe; loop thread.
 */
final class RateTracker {
    private final long windowNanos;
    private final long[] times;
    private final double[] values;
    private int head;
    private int size;

    /**
     * @param windowNanos the window the rate is measured over
     * @param capacity    most samples kept (at least window / loop period + 2)
     */
    RateTracker(long windowNanos, int capacity) {
        this.windowNanos = windowNanos;
        this.times = new long[capacity];
        this.values = new double[capacity];
    }

    /** Forgets the history (after bad data: a rate across a gap would be invented). */
    void reset() {
        size = 0;
    }

    /**
     * Adds the sample of this cycle and returns the rate of rise in unit per minute over the window (negative
     * while the value falls), or NaN until the history covers at least 90 % of the window.
     */
    double add(long now, double value) {
        times[head] = now;
        values[head] = value;
        head = (head + 1) % times.length;
        if (size < times.length) {
            size++;
        }
        // Oldest sample still inside the window (or the oldest kept).
        int oldest = -1;
        for (int k = size - 1; k >= 0; k--) {
            int idx = Math.floorMod(head - 1 - k, times.length);
            if (now - times[idx] <= windowNanos) {
                oldest = idx;
                break;
            }
        }
        if (oldest < 0) {
            return Double.NaN;
        }
        long span = now - times[oldest];
        if (span < windowNanos * 0.9) {
            return Double.NaN;
        }
        return (value - values[oldest]) / (span / 60e9);
    }
}
