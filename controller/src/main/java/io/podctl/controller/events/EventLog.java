package io.podctl.controller.events;

import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where every event enters the stream: it is numbered and handed to the sink in one step, so that sequence
 * numbers reach the sink in increasing order even when the loop thread and the command intake append at the
 * same time.
 *
 * <p>Threading: thread-safe; {@link #append} holds a lock only while numbering and handing off (the sink must
 * not block).
 */
public final class EventLog {
    private final EventSequencer sequencer;
    private final Consumer<PodEvent> sink;

    /** Events are numbered by {@code sequencer} and handed to {@code sink}. */
    public EventLog(EventSequencer sequencer, Consumer<PodEvent> sink) {
        this.sequencer = sequencer;
        this.sink = sink;
    }

    /** Numbers a new event and hands it to the sink; returns it. */
    public synchronized PodEvent append(Instant time, String type, String source, String severity, String message,
                                        Map<String, String> details) {
        PodEvent e = sequencer.next(time, type, source, severity, message, details);
        sink.accept(e);
        return e;
    }

    /** The number the next event will get. */
    public long nextSeq() {
        return sequencer.peek();
    }
}
