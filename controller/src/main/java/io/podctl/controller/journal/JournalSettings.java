package io.podctl.controller.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Bounds and policies of an {@link EventJournal}.
 *
 * @param directory        where the segment files live (created if missing)
 * @param segmentBytes     a segment is closed and a new one started once it holds this many bytes
 * @param maxSegments      segments kept at most; the disk bound is about {@code segmentBytes × maxSegments}
 * @param handoffCapacity  events waiting between the producers (loop, command intake) and the writer thread
 * @param sendWindow       journaled events handed to the link and not yet acknowledged, at most
 * @param fsync            force every batch to the device before it is sent (production: true; tests on a
 *                         throw-away directory may turn it off)
 */
public record JournalSettings(Path directory, int segmentBytes, int maxSegments, int handoffCapacity,
                              int sendWindow, boolean fsync) {

    /** Largest encoded event kept; longer messages are cut (the event stays). */
    public static final int MAX_RECORD_BYTES = 16 * 1024;

    public JournalSettings {
        Objects.requireNonNull(directory, "directory");
        if (segmentBytes < 4 * MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be at least " + 4 * MAX_RECORD_BYTES);
        }
        if (maxSegments < 2 || handoffCapacity < 1 || sendWindow < 1) {
            throw new IllegalArgumentException("maxSegments >= 2, handoffCapacity >= 1, sendWindow >= 1");
        }
    }

    /** These settings with segments of {@code bytes} each, at most {@code count} of them. */
    public JournalSettings withSegments(int bytes, int count) {
        return new JournalSettings(directory, bytes, count, handoffCapacity, sendWindow, fsync);
    }

    /**
     * Production defaults in {@code directory}: 1 MiB segments, at most 16 (16 MiB on disk, some 50 000
     * events), 4096 events in the hand-off, 256 in flight, fsync on.
     */
    public static JournalSettings defaults(Path directory) {
        return new JournalSettings(directory, 1 << 20, 16, 4096, 256, true);
    }
}
