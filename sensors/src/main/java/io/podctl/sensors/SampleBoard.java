package io.podctl.sensors;

import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.locks.StampedLock;

/**
 * The latest sample of every point, written by pollers and read by the control loop as one consistent
 * snapshot.
 *
 * <p>The set of points is fixed at construction; a point is addressed by its index. Each slot is guarded by
 * its own {@link StampedLock}: a writer holds it for a few stores, the reader takes an optimistic read and
 * only falls back to a read lock when a write raced with it, so the loop never waits on a poller and neither
 * side allocates.
 *
 * <p>A board can tell one listener that a point changed ({@link #onChange}), so that telemetry can follow the
 * pollers instead of the control loop's period. A writer that records the samples of one reading together (a
 * poll of a device) may {@link #update} them without telling, and then call {@link #batchChanged()} once; that
 * tells the batch listener ({@link #onBatchChange}) on the writer's thread.
 *
 * <p>Threading: {@link #publish} may be called from any thread, but each point should have exactly one
 * writer (its poller). {@link #snapshot} is called by the control loop thread, and may also be called by other
 * readers (each with its own {@link Snapshot}): reads never block writers.
 */
public final class SampleBoard {
    private final PointIndex points;
    private final long[] staleAfterNanos;
    private final Slot[] slots;
    private volatile Runnable changeSignal = () -> {
    };
    private volatile Runnable batchSignal;

    private static final class Slot {
        final StampedLock lock = new StampedLock();
        double value = Double.NaN;
        int quality = Quality.NO_DATA.ordinal();
        long sampledAtNanos;
        long wallMillis;
        boolean received;
    }

    /** A board for exactly these points, in this order. Point ids must be unique. */
    public SampleBoard(List<PointDescriptor> pointList) {
        this.points = new PointIndex(pointList, "point");
        this.staleAfterNanos = new long[points.size()];
        this.slots = new Slot[points.size()];
        for (int i = 0; i < slots.length; i++) {
            staleAfterNanos[i] = points.descriptor(i).staleAfter().toNanos();
            slots[i] = new Slot();
        }
    }

    /** Number of points. */
    public int size() {
        return points.size();
    }

    /** The descriptor of point {@code index}. */
    public PointDescriptor descriptor(int index) {
        return points.descriptor(index);
    }

    /** All descriptors, in index order. */
    public List<PointDescriptor> descriptors() {
        return points.descriptors();
    }

    /** The index of a point id, if it is on the board. */
    public OptionalInt indexOf(String pointId) {
        return points.indexOf(pointId);
    }

    /** The index of a point id; throws {@link IllegalArgumentException} if unknown. */
    public int requireIndex(String pointId) {
        return points.requireIndex(pointId);
    }

    /**
     * Sets what {@link #publish} calls, on the publishing thread after the slot is written, when a sample
     * differs from the previous one of its point in value or quality (or is the first). Staleness is not a
     * change here: it is judged by each reader at its snapshot time. The signal must only hand off (it runs on a
     * poller's thread); set it before the pollers start.
     */
    public void onChange(Runnable signal) {
        this.changeSignal = signal;
    }

    /**
     * Sets what {@link #batchChanged()} calls, on the writer's thread. It may do more than hand off (a writer
     * that batches accepts that its thread does the listener's work); without one, {@link #batchChanged()}
     * calls the {@link #onChange} signal. Set it before the pollers start.
     */
    public void onBatchChange(Runnable signal) {
        this.batchSignal = signal;
    }

    /**
     * Records a new sample of point {@code index} and, when it differs from the previous one in value or
     * quality (or is the first), calls the {@link #onChange} signal.
     *
     * @param value          engineering value; meaningful only when {@code quality} is GOOD (may be NaN)
     * @param quality        quality of this sample
     * @param sampledAtNanos monotonic time ({@code Clock.nanoTime()}) at which the value was acquired
     * @param wallMillis     wall-clock time of the acquisition in epoch milliseconds, for display only
     */
    public void publish(int index, double value, Quality quality, long sampledAtNanos, long wallMillis) {
        if (update(index, value, quality, sampledAtNanos, wallMillis)) {
            changeSignal.run();
        }
    }

    /**
     * As {@link #publish}, without calling any signal: the writer calls {@link #batchChanged()} after the last
     * sample of its batch if any of them changed.
     *
     * @return whether the sample differs from the previous one of its point in value or quality (or is the first)
     */
    public boolean update(int index, double value, Quality quality, long sampledAtNanos, long wallMillis) {
        Slot s = slots[index];
        boolean changed;
        long stamp = s.lock.writeLock();
        try {
            changed = !s.received || s.quality != quality.ordinal() || Double.compare(s.value, value) != 0;
            s.value = value;
            s.quality = quality.ordinal();
            s.sampledAtNanos = sampledAtNanos;
            s.wallMillis = wallMillis;
            s.received = true;
        } finally {
            s.lock.unlockWrite(stamp);
        }
        return changed;
    }

    /**
     * A writer's batch of {@link #update}s changed at least one point: calls the {@link #onBatchChange} signal
     * (or, without one, the {@link #onChange} signal) on this thread.
     */
    public void batchChanged() {
        Runnable batch = batchSignal;
        (batch != null ? batch : changeSignal).run();
    }

    /**
     * Copies every slot into {@code into}, judging staleness at {@code nowNanos}: a sample whose monotonic
     * age exceeds its point's limit is reported {@link Quality#STALE} whatever it said when it was taken.
     * Allocation-free.
     *
     * @throws IllegalArgumentException if {@code into} was made for another board size
     */
    public void snapshot(long nowNanos, Snapshot into) {
        if (into.size() != points.size()) {
            throw new IllegalArgumentException("snapshot has " + into.size() + " slots, board " + points.size());
        }
        for (int i = 0; i < slots.length; i++) {
            Slot s = slots[i];
            double value;
            int quality;
            long at;
            long wall;
            boolean received;
            long stamp = s.lock.tryOptimisticRead();
            value = s.value;
            quality = s.quality;
            at = s.sampledAtNanos;
            wall = s.wallMillis;
            received = s.received;
            if (!s.lock.validate(stamp)) {
                stamp = s.lock.readLock();
                try {
                    value = s.value;
                    quality = s.quality;
                    at = s.sampledAtNanos;
                    wall = s.wallMillis;
                    received = s.received;
                } finally {
                    s.lock.unlockRead(stamp);
                }
            }
            if (received && nowNanos - at > staleAfterNanos[i]) {
                quality = Quality.STALE.ordinal();
            }
            into.set(i, value, quality, at, wall, received);
        }
        into.takenAtNanos = nowNanos;
    }

    /** A new snapshot sized for this board, to be reused cycle after cycle. */
    public Snapshot newSnapshot() {
        return new Snapshot(this);
    }
}
