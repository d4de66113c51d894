package io.podctl.controller.commands;

/** Why a command was accepted or refused; the {@code code} field of every reply. */
public enum ReasonCode {
    /** Carried out. */
    ACCEPTED,
    /** Not valid JSON or UTF-8, too large, too deep, or not the command envelope. */
    MALFORMED,
    /** No such command. */
    UNKNOWN_COMMAND,
    /** The arguments are missing, of the wrong type, or name something that does not exist. */
    INVALID_ARGS,
    /** A value lies outside its configured engineering bounds; nothing was applied. */
    OUT_OF_RANGE,
    /** The command's {@code expiresAt} has passed (or {@code issuedAt} lies in the future). */
    EXPIRED,
    /** A command with this id was already received. */
    DUPLICATE,
    /** The sender is not authorized for this command class. */
    FORBIDDEN,
    /** A reset was refused because the condition behind the trip is still present. */
    CONDITION_ACTIVE,
    /** The trip can only be reset at the pod (E-stop), never over the network. */
    LOCAL_RESET_REQUIRED,
    /** The controller cannot take the command now (input queue full, rate limit). */
    BUSY,
    /** The command arrived as a retained message; commands are never retained or replayed. */
    RETAINED_NOT_ALLOWED,
    /**
     * A safety-reset or engineer command while the pod's clock is not synchronized: its expiry cannot be checked, so
     * a delayed or replayed command cannot be told from a fresh one.
     */
    CLOCK_UNSYNCHRONIZED
}
