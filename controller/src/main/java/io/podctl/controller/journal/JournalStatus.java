package io.podctl.controller.journal;

/**
 * Counters of an {@link EventJournal}; an immutable snapshot.
 *
 * @param lastSeq           highest event number journaled (also across restarts)
 * @param acknowledgedSeq   every journaled event up to this number was acknowledged by the broker
 * @param pending           journaled events not yet acknowledged (they will be sent or re-sent)
 * @param backlog           of those, events not yet handed to the link (waiting on disk: outage or restart)
 * @param segments          segment files on disk
 * @param bytes             bytes on disk
 * @param full              the journal reached its bound: oldest unsent events were dropped to keep the newest
 * @param dropped           events dropped because the journal was full (never sent)
 * @param handoffOverflow   events refused because the hand-off queue to the writer was full (never journaled)
 * @param recoveredTruncated bytes cut from a torn or corrupt tail when the journal was opened
 * @param appended          events written since start
 * @param replayed          events sent marked historical since start
 * @param fsyncs            forced writes since start
 * @param meanFsyncMicros   mean duration of a batch write plus its force, microseconds
 * @param maxFsyncMicros    longest batch write plus force, microseconds
 * @param writeFailures     batches that could not be written (disk full, I/O error): they were sent from memory
 *                          without the journal's protection
 * @param oldestPendingWallMillis when the oldest event not yet acknowledged by the broker happened, epoch ms; 0
 *                          when nothing is pending, or for events from before a restart until one of them is sent
 */
public record JournalStatus(long lastSeq, long acknowledgedSeq, long pending, long backlog, int segments,
                            long bytes, boolean full, long dropped, long handoffOverflow, long recoveredTruncated,
                            long appended, long replayed, long fsyncs, long meanFsyncMicros, long maxFsyncMicros,
                            long writeFailures, long oldestPendingWallMillis) {

    /** The shape before the oldest pending event's time: unknown (0). */
    public JournalStatus(long lastSeq, long acknowledgedSeq, long pending, long backlog, int segments, long bytes,
                         boolean full, long dropped, long handoffOverflow, long recoveredTruncated, long appended,
                         long replayed, long fsyncs, long meanFsyncMicros, long maxFsyncMicros, long writeFailures) {
        this(lastSeq, acknowledgedSeq, pending, backlog, segments, bytes, full, dropped, handoffOverflow,
                recoveredTruncated, appended, replayed, fsyncs, meanFsyncMicros, maxFsyncMicros, writeFailures, 0);
    }
}
