package io.podctl.controller.metrics;

import io.podctl.controller.loop.LoopStats;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The loop's timing as Prometheus histograms and counters, recorded by the loop and read by scrapes.
 *
 * <p>Why not a copy of {@link LoopStats}' HdrHistograms, nor the client's {@code Histogram}: a copy would be taken
 * under the lock the loop records with, so a scrape would hold up a cycle, and it would allocate; the client's
 * histogram would have to be fed from the loop thread too (through its own striped buffers) or through a queue
 * and a feeder thread that can fall behind. Fixed buckets in seconds are what Prometheus aggregates anyway, so
 * the loop counts into them directly: one array slot, a sum and a count per figure, each a plain ordered write
 * by the single writer. A scrape reads them without any lock, and every observation is counted (nothing drops).
 * The HdrHistograms stay for the percentiles of the MQTT state.
 *
 * <p>Threading: the {@link LoopStats.TimingSink} methods are called on the loop thread only (single writer: no
 * read-modify-write atomics needed, no allocation); {@link #cycles}, {@link #lateness} and the counters may be
 * read from any thread.
 */
final class LoopTiming implements LoopStats.TimingSink {
    /** Upper bounds of the buckets, seconds: 50 us to 10 s, then +Inf. */
    static final double[] BOUNDS_SECONDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};

    private final Buckets cycles = new Buckets();
    private final Buckets lateness = new Buckets();
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong extraCycles = new AtomicLong();
    private final AtomicLong maxCycleNanos = new AtomicLong();

    @Override
    public void lateness(long nanos) {
        lateness.record(nanos);
    }

    @Override
    public void cycle(long nanos) {
        cycles.record(nanos);
        if (nanos > maxCycleNanos.get()) {
            maxCycleNanos.lazySet(nanos);
        }
    }

    @Override
    public void overrun(long missed) {
        overruns.lazySet(overruns.get() + missed);
    }

    @Override
    public void extraCycle() {
        extraCycles.lazySet(extraCycles.get() + 1);
    }

    /** Cycle durations. Any thread. */
    Distribution cycles() {
        return cycles.read();
    }

    /** How late cycles started after their deadlines (0 when on time). Any thread. */
    Distribution lateness() {
        return lateness.read();
    }

    /** Deadlines missed since start. Any thread. */
    long overruns() {
        return overruns.get();
    }

    /** Extra cycles run between deadlines since start. Any thread. */
    long extraCycles() {
        return extraCycles.get();
    }

    /** The longest cycle since start, ns. Any thread. */
    long maxCycleNanos() {
        return maxCycleNanos.get();
    }

    /**
     * What a scrape reads.
     *
     * @param counts     observations per bucket (not cumulative), in {@link #BOUNDS_SECONDS} order
     * @param count      all observations: the sum of {@code counts}, so that the +Inf bucket and the count agree
     * @param sumSeconds sum of the observations, seconds
     */
    record Distribution(long[] counts, long count, double sumSeconds) {
    }

    /** One figure's buckets: written by one thread, read by any. */
    private static final class Buckets {
        private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length - 1];

        static {
            for (int i = 0; i < BOUNDS_NANOS.length; i++) {
                BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
            }
        }

        private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_SECONDS.length);
        private final AtomicLong sumNanos = new AtomicLong();

        void record(long nanos) {
            int i = 0;
            while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
                i++;
            }
            counts.lazySet(i, counts.get(i) + 1);
            sumNanos.lazySet(sumNanos.get() + nanos);
        }

        Distribution read() {
            long[] c = new long[counts.length()];
            long total = 0;
            for (int i = 0; i < c.length; i++) {
                c[i] = counts.get(i);
                total += c[i];
            }
            return new Distribution(c, total, sumNanos.get() / 1e9);
        }
    }
}
