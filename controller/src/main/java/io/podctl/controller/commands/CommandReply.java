package io.podctl.controller.commands;

import java.time.Instant;
import java.util.Objects;

/**
 * The one reply every command gets, published on {@code {root}/replies}. Immutable.
 *
 * @param id       the command's id, or empty when it could not be read
 * @param command  command name from the topic
 * @param identity the sender, or empty when unknown
 * @param code     reason code
 * @param message  explanation for people
 * @param time     when the decision was made
 */
public record CommandReply(String id, String command, String identity, ReasonCode code, String message,
                           Instant time) {
    public CommandReply {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
    }

    /** True only for {@link ReasonCode#ACCEPTED}. */
    public boolean ok() {
        return code == ReasonCode.ACCEPTED;
    }
}
