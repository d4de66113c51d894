package io.podctl.controller.safety;

import io.podctl.controller.commands.ReasonCode;
import java.util.Objects;

/**
 * The engine's answer to a command.
 *
 * @param code    reason code
 * @param message explanation for people
 */
public record CommandResult(ReasonCode code, String message) {
    public CommandResult {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    static CommandResult ok(String message) {
        return new CommandResult(ReasonCode.ACCEPTED, message);
    }

    static CommandResult refuse(ReasonCode code, String message) {
        return new CommandResult(code, message);
    }
}
