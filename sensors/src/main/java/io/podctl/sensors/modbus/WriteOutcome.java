package io.podctl.sensors.modbus;

import java.util.Objects;

/**
 * How a {@link WriteRequest} ended; immutable.
 *
 * @param status         the result
 * @param detail         why, in words (for logs, events and the operator)
 * @param exceptionCode  the Modbus exception code when the device refused the write, else 0
 * @param readBack       the last value read back (engineering units), NaN if none was read
 * @param completedNanos monotonic time at which the outcome was decided
 */
public record WriteOutcome(Status status, String detail, int exceptionCode, double readBack, long completedNanos) {

    /** The result of a write. */
    public enum Status {
        /** Acknowledged, and the read-back showed the expected value in time. */
        CONFIRMED,
        /** Acknowledged, read back, but the expected value never showed before the deadline: "command not followed". */
        NOT_FOLLOWED,
        /** The write itself failed: an exception response ({@code exceptionCode}), or no usable reply within the retries; or nothing could be read back. */
        FAILED,
        /** Never sent: invalid value, unknown device, queue full, or the poller is closed. */
        REJECTED,
        /** The poller closed before the outcome was known; the write may or may not have been applied. */
        CANCELLED
    }

    public WriteOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    /** Whether the device did what it was told. */
    public boolean confirmed() {
        return status == Status.CONFIRMED;
    }
}
