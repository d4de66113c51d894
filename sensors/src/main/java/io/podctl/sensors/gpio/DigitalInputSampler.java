package io.podctl.sensors.gpio;

import io.podctl.hal.Clock;
import io.podctl.sensors.Quality;
import io.podctl.sensors.SampleBoard;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples GPIO inputs at a fixed period, debounces them and publishes 1.0 (active) / 0.0 to the
 * {@link SampleBoard}.
 *
 * <p>Each pass publishes a point when its value or quality changed, and otherwise at least every
 * {@value #REPUBLISH_MILLIS} ms, so that the board's staleness check notices a stopped sampler. Qualities:
 * GOOD with the debounced level; NO_DATA before a level has held for the debounce time (see
 * {@link Debouncer}); COMM_FAIL while {@link io.podctl.hal.gpio.DigitalIn#readLevel()} throws (after which the
 * level must be confirmed afresh); INVALID while the input chatters (more than {@code chatterLimit} accepted
 * changes within {@code chatterWindow}), logged once as "input unstable".
 *
 * <p>Threading: {@link #start()} launches one daemon thread, {@code gpio-sampler}, which alone reads the pins
 * and publishes their points, on absolute deadlines {@code start + k × period}; slots missed because a pass
 * overran are skipped and counted ({@link #missedSlots()}). {@link #close()} may be called from any thread. The
 * channels' pins are not closed here: the caller owns them.
 */
public final class DigitalInputSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DigitalInputSampler.class);
    static final long REPUBLISH_MILLIS = 100;
    private static final long REPUBLISH_NANOS = REPUBLISH_MILLIS * 1_000_000;
    /** Default chatter limit: more than 10 accepted changes ... */
    public static final int DEFAULT_CHATTER_LIMIT = 10;
    /** ... within 1 s. */
    public static final Duration DEFAULT_CHATTER_WINDOW = Duration.ofSeconds(1);

    private final DigitalChannel[] channels;
    private final Debouncer[] debouncers;
    private final int[] indices;
    private final double[] lastValue;
    private final Quality[] lastQuality;
    private final long[] lastPublished;
    private final boolean[] failing;
    private final SampleBoard board;
    private final Clock clock;
    private final long periodNanos;
    private final AtomicLong missedSlots = new AtomicLong();
    private final boolean[] urgent;
    private volatile Runnable onUrgentChange = () -> { };
    private volatile boolean closed;
    private Thread thread;

    /** A sampler with the default chatter limit (more than 10 changes in 1 s). */
    public DigitalInputSampler(List<DigitalChannel> channels, SampleBoard board, Clock clock, Duration period) {
        this(channels, board, clock, period, DEFAULT_CHATTER_LIMIT, DEFAULT_CHATTER_WINDOW);
    }

    /**
     * @param period        sampling period, e.g. 5 ms; positive
     * @param chatterLimit  most accepted changes allowed within {@code chatterWindow}
     * @param chatterWindow window of the chatter check
     * @throws IllegalArgumentException if a point is not on the board or appears twice
     */
    public DigitalInputSampler(List<DigitalChannel> channels, SampleBoard board, Clock clock, Duration period,
                               int chatterLimit, Duration chatterWindow) {
        this.board = Objects.requireNonNull(board, "board");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("sampling period must be positive: " + period);
        }
        this.periodNanos = period.toNanos();
        int n = channels.size();
        this.channels = channels.toArray(DigitalChannel[]::new);
        this.debouncers = new Debouncer[n];
        this.indices = new int[n];
        this.lastValue = new double[n];
        this.lastQuality = new Quality[n];
        this.lastPublished = new long[n];
        this.failing = new boolean[n];
        this.urgent = new boolean[n];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            DigitalChannel c = this.channels[i];
            if (!seen.add(c.pointId())) {
                throw new IllegalArgumentException("input point " + c.pointId() + " listed twice");
            }
            if (board.indexOf(c.pointId()).isEmpty()) {
                throw new IllegalArgumentException("input point " + c.pointId() + " is not on the sample board");
            }
            indices[i] = board.requireIndex(c.pointId());
            debouncers[i] = new Debouncer(c.debounce().toNanos(), chatterLimit, chatterWindow.toNanos());
        }
    }

    /**
     * Names the inputs whose changes must not wait for the next loop cycle (the inputs of trips: a leak, the
     * E-stop) and who to tell: after a pass in which the published value or quality of one of them changed,
     * {@code wake} runs on the sampling thread. It must only hand off (e.g. wake the loop). Call before
     * {@link #start}.
     *
     * @throws IllegalArgumentException if a point is not one of this sampler's inputs
     */
    public void wakeOnChange(Set<String> pointIds, Runnable wake) {
        Objects.requireNonNull(wake, "wake");
        Set<String> unknown = new HashSet<>(pointIds);
        for (int i = 0; i < channels.length; i++) {
            urgent[i] = pointIds.contains(channels[i].pointId());
            unknown.remove(channels[i].pointId());
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("not inputs of this sampler: " + unknown);
        }
        this.onUrgentChange = wake;
    }

    /**
     * Starts the sampling thread.
     *
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (thread != null || closed) {
            throw new IllegalStateException("sampler already started or closed");
        }
        thread = new Thread(this::run, "gpio-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the sampling thread and waits for it (at most about one period). Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sampling slots skipped because a pass overran. Thread-safe. */
    public long missedSlots() {
        return missedSlots.get();
    }

    private void run() {
        try {
            loop();
        } catch (RuntimeException | Error e) {
            // A bug, not a pin fault (those become COMM_FAIL): stop, so that every input turns STALE.
            LOG.error("GPIO sampler failed and stopped; its inputs will turn stale", e);
            throw e;
        }
    }

    private void loop() {
        long next = clock.nanoTime();
        while (!closed) {
            sampleAll(clock.nanoTime());
            next += periodNanos;
            long now = clock.nanoTime();
            if (now - next > 0) {
                long missed = (now - next + periodNanos - 1) / periodNanos;
                next += missed * periodNanos;
                missedSlots.addAndGet(missed);
            }
            long wait = next - clock.nanoTime();
            if (wait > 0 && !closed) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /** One pass over every channel at {@code nowNanos}. Called by the sampling thread (or a test). */
    void sampleAll(long nowNanos) {
        long wall = 0;
        boolean urgentChanged = false;
        for (int i = 0; i < channels.length; i++) {
            DigitalChannel c = channels[i];
            Debouncer d = debouncers[i];
            double value;
            Quality quality;
            boolean level;
            try {
                level = c.input().readLevel();
                if (failing[i]) {
                    failing[i] = false;
                    LOG.info("input {} readable again", c.pointId());
                }
            } catch (RuntimeException e) {
                if (!failing[i]) {
                    failing[i] = true;
                    LOG.warn("input {} cannot be read: {}", c.pointId(), e.toString());
                }
                d.reset();
                value = Double.NaN;
                quality = Quality.COMM_FAIL;
                urgentChanged |= urgent[i] && changes(i, value, quality);
                wall = publishIfDue(i, value, quality, nowNanos, wall);
                continue;
            }
            boolean wasUnstable = d.unstable();
            d.sample(level != c.activeLow(), nowNanos);
            if (d.unstable() != wasUnstable) {
                if (d.unstable()) {
                    LOG.warn("input unstable: {} is chattering", c.pointId());
                } else {
                    LOG.info("input {} stable again", c.pointId());
                }
            }
            if (!d.hasLevel()) {
                value = Double.NaN;
                quality = Quality.NO_DATA;
            } else {
                value = d.active() ? 1.0 : 0.0;
                quality = d.unstable() ? Quality.INVALID : Quality.GOOD;
            }
            urgentChanged |= urgent[i] && changes(i, value, quality);
            wall = publishIfDue(i, value, quality, nowNanos, wall);
        }
        if (urgentChanged) {
            onUrgentChange.run();
        }
    }

    private boolean changes(int i, double value, Quality quality) {
        return quality != lastQuality[i] || Double.compare(value, lastValue[i]) != 0;
    }

    /** Publishes on change or when the last publication is too old; returns the wall time used (0 = none yet). */
    private long publishIfDue(int i, double value, Quality quality, long nowNanos, long wall) {
        boolean changed = changes(i, value, quality);
        if (!changed && nowNanos - lastPublished[i] < REPUBLISH_NANOS) {
            return wall;
        }
        if (wall == 0) {
            wall = clock.now().toEpochMilli();
        }
        board.publish(indices[i], value, quality, nowNanos, wall);
        lastValue[i] = value;
        lastQuality[i] = quality;
        lastPublished[i] = nowNanos;
        return wall;
    }
}
