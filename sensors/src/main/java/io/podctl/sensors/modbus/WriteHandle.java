package io.podctl.sensors.modbus;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A submitted {@link WriteRequest} and, once decided, its {@link WriteOutcome}. The submitter keeps it and looks
 * at {@link #outcome()} on a later cycle; nothing here blocks.
 *
 * <p>Threading: thread-safe. The outcome is set once, by the poller thread (or by the submitting thread when the
 * request is rejected at once); the optional callback runs on that thread right after, and must only hand off.
 */
public final class WriteHandle {
    private static final Logger LOG = LoggerFactory.getLogger(WriteHandle.class);

    private final WriteRequest request;
    private final long submittedNanos;
    private final Consumer<WriteOutcome> callback;
    private volatile WriteOutcome outcome;

    WriteHandle(WriteRequest request, long submittedNanos, Consumer<WriteOutcome> callback) {
        this.request = Objects.requireNonNull(request, "request");
        this.submittedNanos = submittedNanos;
        this.callback = callback;
    }

    /** The request. */
    public WriteRequest request() {
        return request;
    }

    /** Monotonic time of submission, in nanoseconds. */
    public long submittedNanos() {
        return submittedNanos;
    }

    /** Whether the outcome is known. */
    public boolean isDone() {
        return outcome != null;
    }

    /** The outcome, once known. */
    public Optional<WriteOutcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** Sets the outcome (first call wins) and runs the callback. */
    void complete(WriteOutcome result) {
        synchronized (this) {
            if (outcome != null) {
                return;
            }
            outcome = result;
        }
        if (callback != null) {
            try {
                callback.accept(result);
            } catch (RuntimeException e) {
                LOG.error("write outcome callback for {} failed", request.target().pointId(), e);
            }
        }
    }

    @Override
    public String toString() {
        WriteOutcome o = outcome;
        return "WriteHandle[" + request.deviceId() + "/" + request.target().pointId() + " := " + request.value()
                + ", " + (o == null ? "pending" : o.status() + ": " + o.detail()) + "]";
    }
}
