package io.podctl.sensors;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latest reading of every text point (Modbus {@code STRING} points: serial numbers, firmware versions,
 * models), written by pollers and read by whoever shows them (the MQTT publisher, the status view). Text never
 * reaches the {@link SampleBoard}, the loop or the safety engine: it has no value to judge.
 *
 * <p>The set of points is fixed at construction. Each slot holds an immutable {@link TextSample}; a reader sees a
 * sample whole or not at all. {@link #changeCount()} moves whenever a point's text or quality changes, so readers
 * can skip work when nothing did.
 *
 * <p>Threading: {@link #publish} from any thread, one writer per point (its poller); reads from any thread.
 */
public final class TextBoard {
    private final PointIndex points;
    private final AtomicReferenceArray<TextSample> slots;
    private final AtomicLong changes = new AtomicLong();

    /** A board for exactly these text points, in this order; ids unique. */
    public TextBoard(List<PointDescriptor> pointList) {
        this.points = new PointIndex(pointList, "text point");
        this.slots = new AtomicReferenceArray<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            slots.set(i, TextSample.NO_DATA);
        }
    }

    /** A board with no points. */
    public static TextBoard empty() {
        return new TextBoard(List.of());
    }

    /** Number of points. */
    public int size() {
        return points.size();
    }

    /** The descriptor of point {@code index}. */
    public PointDescriptor descriptor(int index) {
        return points.descriptor(index);
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
     * Records a new reading of point {@code index}.
     *
     * @param text           the decoded text; ignored unless {@code quality} is GOOD
     * @param quality        quality of this reading
     * @param sampledAtNanos monotonic time of the acquisition
     * @param wallMillis     wall-clock time of the acquisition, epoch milliseconds, for display
     */
    public void publish(int index, String text, Quality quality, long sampledAtNanos, long wallMillis) {
        TextSample next = new TextSample(quality == Quality.GOOD ? Objects.requireNonNull(text, "text") : null,
                quality, sampledAtNanos, wallMillis, true);
        TextSample previous = slots.getAndSet(index, next);
        if (previous.quality() != quality || !Objects.equals(previous.text(), next.text())) {
            changes.incrementAndGet();
        }
    }

    /**
     * The reading of point {@code index} at {@code nowNanos}: STALE (without text) when older than the point's
     * limit, judged by monotonic age.
     */
    public TextSample read(int index, long nowNanos) {
        TextSample s = slots.get(index);
        return s.received() && nowNanos - s.sampledAtNanos() > points.descriptor(index).staleAfter().toNanos()
                ? s.stale() : s;
    }

    /** Increments whenever a point's text or quality changes (staleness is judged on reading, not counted). */
    public long changeCount() {
        return changes.get();
    }
}
