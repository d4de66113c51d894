package io.podctl.controller.commands;

import java.util.Objects;

/**
 * A command that passed every check of the intake and waits for the loop. Immutable.
 *
 * @param id            the sender's command id
 * @param name          command name, as in the topic
 * @param command       the typed command
 * @param identity      the authenticated sender
 * @param receivedNanos monotonic arrival time
 */
public record CommandRequest(String id, String name, Command command, String identity, long receivedNanos) {
    public CommandRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(identity, "identity");
    }
}
