package io.podctl.controller.outputs;

import io.podctl.controller.safety.WriteIntent;
import java.util.function.Consumer;

/**
 * Where the loop sends device writes (effects, setpoint commands): the field I/O layer performs them on the
 * thread of the point's bus, verifies them by read-back, and reports the outcome.
 *
 * <p>Threading: {@link #submit} is called by the loop thread and never blocks; {@code onDone} is called later
 * on an I/O thread and must only hand the outcome off.
 */
public interface ActuatorPort {

    /**
     * Hands a write over.
     *
     * @return false when it cannot be taken (unknown or read-only point, queue full); {@code onDone} is then
     *     not called
     */
    boolean submit(WriteIntent intent, Consumer<WriteOutcome> onDone);

    /** Whether {@code pointId} is a point this port can write. */
    boolean canWrite(String pointId);

    /**
     * What became of a write.
     *
     * @param source  the effect id or "setpoint"
     * @param pointId the point written
     * @param ok      whether the device reached the value (and the confirmation) in time
     * @param detail  what happened, e.g. "read back 1 after 120 ms" or "command not followed: still 0 after 5 s"
     */
    record WriteOutcome(String source, String pointId, boolean ok, String detail) {
    }

    /** A port for pods without writable points: refuses everything. */
    ActuatorPort NONE = new ActuatorPort() {
        @Override
        public boolean submit(WriteIntent intent, Consumer<WriteOutcome> onDone) {
            return false;
        }

        @Override
        public boolean canWrite(String pointId) {
            return false;
        }
    };
}
