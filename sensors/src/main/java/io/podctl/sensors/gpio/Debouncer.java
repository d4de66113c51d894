package io.podctl.sensors.gpio;

/**
 * Time-based debouncing and chatter detection for one digital input. Pure: driven only by the levels and
 * monotonic times given to {@link #sample}; not thread-safe (one sampler thread owns it).
 *
 * <p>A new level is accepted once it has been read continuously for the debounce time. Before the first
 * level has held that long the input has <em>no</em> stable level ({@link #hasLevel()} is false) and its point
 * stays NO_DATA: the fail-safe choice, since the safety engine treats a point without a good sample as a
 * fault, whereas publishing an unconfirmed first reading could report "no leak" from a bouncing contact.
 * After a read failure the owner calls {@link #reset()}, so the level must be confirmed afresh.
 *
 * <p>Chatter: if more than {@code chatterLimit} level changes were accepted within the last
 * {@code chatterWindow}, the input is {@link #unstable()} until fewer remain in the window.
 */
public final class Debouncer {
    private final long debounceNanos;
    private final long chatterWindowNanos;
    /** Times of the last chatterLimit + 1 accepted changes, as a ring. */
    private final long[] changes;
    private int changeCount;
    private int changeHead;
    private boolean hasLevel;
    private boolean level;
    private boolean hasCandidate;
    private boolean candidate;
    private long candidateSince;
    private boolean unstable;

    /**
     * @param debounceNanos      how long a new level must hold before it is accepted, ≥ 0 ns
     * @param chatterLimit       most accepted changes allowed within the window, ≥ 1
     * @param chatterWindowNanos length of the chatter window, > 0 ns
     */
    public Debouncer(long debounceNanos, int chatterLimit, long chatterWindowNanos) {
        if (debounceNanos < 0 || chatterLimit < 1 || chatterWindowNanos <= 0) {
            throw new IllegalArgumentException("debounce " + debounceNanos + " ns, chatter " + chatterLimit + " in "
                    + chatterWindowNanos + " ns");
        }
        this.debounceNanos = debounceNanos;
        this.chatterWindowNanos = chatterWindowNanos;
        this.changes = new long[chatterLimit + 1];
    }

    /** Feeds the level read at {@code nowNanos} (true = active, polarity already applied). */
    public void sample(boolean active, long nowNanos) {
        if (!hasCandidate || active != candidate) {
            hasCandidate = true;
            candidate = active;
            candidateSince = nowNanos;
        }
        if ((!hasLevel || candidate != level) && nowNanos - candidateSince >= debounceNanos) {
            if (hasLevel) {
                changes[changeHead] = nowNanos;
                changeHead = (changeHead + 1) % changes.length;
                changeCount = Math.min(changeCount + 1, changes.length);
            }
            hasLevel = true;
            level = candidate;
        }
        // More than chatterLimit changes in the window <=> the oldest of the last limit+1 is inside it.
        unstable = changeCount == changes.length && nowNanos - changes[changeHead] < chatterWindowNanos;
    }

    /** Forgets the level (after a read failure): the next level must hold for the debounce time again. */
    public void reset() {
        hasLevel = false;
        hasCandidate = false;
    }

    /** Whether a level has been accepted since creation or the last {@link #reset()}. */
    public boolean hasLevel() {
        return hasLevel;
    }

    /** The accepted level; meaningful only when {@link #hasLevel()}. */
    public boolean active() {
        return level;
    }

    /** Whether the input changed more often than the chatter limit allows within the window. */
    public boolean unstable() {
        return unstable;
    }
}
