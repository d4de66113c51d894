package io.podctl.controller.safety;

import io.podctl.controller.commands.ReasonCode;
import java.util.List;

/**
 * The answer to a reset request.
 *
 * @param code    ACCEPTED, CONDITION_ACTIVE, LOCAL_RESET_REQUIRED or INVALID_ARGS
 * @param message explanation naming the trips concerned
 * @param reset   ids of the trips that were reset (empty unless ACCEPTED)
 */
public record ResetResult(ReasonCode code, String message, List<String> reset) {
    public ResetResult {
        reset = List.copyOf(reset);
    }
}
