package io.podctl.sensors;

import java.util.Arrays;
import java.util.List;

/**
 * One consistent view of every point at one instant, filled by {@link SampleBoard#snapshot}. Mutable and
 * reused by its owner (the control loop) from cycle to cycle; copy it with {@link #copy()} before handing it
 * to another thread.
 */
public final class Snapshot {
    private final List<PointDescriptor> points;
    private final double[] values;
    private final byte[] qualities;
    private final long[] sampledAtNanos;
    private final long[] wallMillis;
    private final boolean[] received;
    long takenAtNanos;

    Snapshot(SampleBoard board) {
        this(board.descriptors());
    }

    private Snapshot(List<PointDescriptor> points) {
        int n = points.size();
        this.points = points;
        this.values = new double[n];
        this.qualities = new byte[n];
        this.sampledAtNanos = new long[n];
        this.wallMillis = new long[n];
        this.received = new boolean[n];
        Arrays.fill(values, Double.NaN);
        Arrays.fill(qualities, (byte) Quality.NO_DATA.ordinal());
    }

    void set(int i, double value, int quality, long at, long wall, boolean wasReceived) {
        values[i] = value;
        qualities[i] = (byte) quality;
        sampledAtNanos[i] = at;
        wallMillis[i] = wall;
        received[i] = wasReceived;
    }

    /** Number of points. */
    public int size() {
        return values.length;
    }

    /** The descriptor of point {@code i}. */
    public PointDescriptor descriptor(int i) {
        return points.get(i);
    }

    /** Quality of point {@code i} at the snapshot instant (staleness already applied). */
    public Quality quality(int i) {
        return Quality.ofOrdinal(qualities[i]);
    }

    /** True when point {@code i} is GOOD. */
    public boolean isGood(int i) {
        return qualities[i] == Quality.GOOD.ordinal();
    }

    /** The value of point {@code i} if it is GOOD, otherwise NaN: a bad sample never becomes a number. */
    public double goodValue(int i) {
        return isGood(i) ? values[i] : Double.NaN;
    }

    /**
     * The last value recorded for point {@code i}, whatever its quality; for display next to the quality
     * only, never for decisions.
     */
    public double lastValue(int i) {
        return values[i];
    }

    /** Monotonic time (ns) at which point {@code i} was sampled; meaningless before the first sample. */
    public long sampledAtNanos(int i) {
        return sampledAtNanos[i];
    }

    /** Wall-clock epoch milliseconds at which point {@code i} was sampled; 0 before the first sample. */
    public long wallMillis(int i) {
        return wallMillis[i];
    }

    /** Whether point {@code i} has ever been sampled. */
    public boolean received(int i) {
        return received[i];
    }

    /** The monotonic time (ns) at which this snapshot was taken. */
    public long takenAtNanos() {
        return takenAtNanos;
    }

    /** An independent copy, safe to hand to another thread. */
    public Snapshot copy() {
        Snapshot c = new Snapshot(points);
        System.arraycopy(values, 0, c.values, 0, values.length);
        System.arraycopy(qualities, 0, c.qualities, 0, qualities.length);
        System.arraycopy(sampledAtNanos, 0, c.sampledAtNanos, 0, sampledAtNanos.length);
        System.arraycopy(wallMillis, 0, c.wallMillis, 0, wallMillis.length);
        System.arraycopy(received, 0, c.received, 0, received.length);
        c.takenAtNanos = takenAtNanos;
        return c;
    }

    /** Copies another snapshot of the same board into this one, without allocating. */
    public void copyFrom(Snapshot other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("snapshot sizes differ");
        }
        System.arraycopy(other.values, 0, values, 0, values.length);
        System.arraycopy(other.qualities, 0, qualities, 0, qualities.length);
        System.arraycopy(other.sampledAtNanos, 0, sampledAtNanos, 0, sampledAtNanos.length);
        System.arraycopy(other.wallMillis, 0, wallMillis, 0, wallMillis.length);
        System.arraycopy(other.received, 0, received, 0, received.length);
        takenAtNanos = other.takenAtNanos;
    }
}
