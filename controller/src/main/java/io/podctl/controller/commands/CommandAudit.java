package io.podctl.controller.commands;

import io.podctl.controller.events.EventLog;
import io.podctl.controller.events.PodEvent;
import java.util.Map;

/** Turns command replies into audit records on the event stream. */
public final class CommandAudit {
    private CommandAudit() {
    }

    /** Appends the audit record of {@code reply} to {@code log}. Any thread. */
    public static PodEvent record(EventLog log, CommandReply reply) {
        String who = reply.identity().isEmpty() ? "unknown" : reply.identity();
        String name = reply.command().isEmpty() ? "?" : reply.command();
        return log.append(reply.time(), "COMMAND", name, reply.ok() ? "info" : "warning",
                name + " by " + who + ": " + reply.code() + (reply.message().isEmpty() ? "" : " - " + reply.message()),
                Map.of("id", reply.id(), "identity", reply.identity(), "code", reply.code().name()));
    }
}
