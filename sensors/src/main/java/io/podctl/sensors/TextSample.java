package io.podctl.sensors;

/**
 * The latest reading of a text point (a serial number, a firmware version), as a {@link TextBoard} reports it;
 * immutable.
 *
 * @param text           the text, or null whenever {@code quality} is not GOOD: bad data never becomes text
 * @param quality        how far it can be trusted; STALE when older than the point's limit at the time of reading
 * @param sampledAtNanos monotonic time at which it was acquired (0 before anything was received)
 * @param wallMillis     wall-clock time of the acquisition in epoch milliseconds, for display only
 * @param received       whether anything was received since start
 */
public record TextSample(String text, Quality quality, long sampledAtNanos, long wallMillis, boolean received) {
    /** Nothing received yet. */
    public static final TextSample NO_DATA = new TextSample(null, Quality.NO_DATA, 0, 0, false);

    public TextSample {
        if (quality != Quality.GOOD) {
            text = null;
        } else if (text == null) {
            throw new IllegalArgumentException("a GOOD text sample needs its text");
        }
    }

    /** The same reading, judged stale. */
    TextSample stale() {
        return new TextSample(null, Quality.STALE, sampledAtNanos, wallMillis, received);
    }
}
