package io.podctl.controller.safety;

import java.util.Objects;

/**
 * A device write the engine wants done (an effect starting, a setpoint command). The loop hands it to the
 * field I/O layer, which performs it off the loop thread and reports the outcome back. Immutable.
 *
 * @param source         the effect id, or {@code setpoint} for a command
 * @param write          what to write and how to verify it
 */
public record WriteIntent(String source, EffectSpec.WriteSpec write) {
    public WriteIntent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(write, "write");
    }
}
