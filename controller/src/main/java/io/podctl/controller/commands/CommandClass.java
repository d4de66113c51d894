package io.podctl.controller.commands;

/** Authorization classes; each maps to the identities allowed to issue its commands. */
public enum CommandClass {
    /** Harmless requests (rebirth). */
    VIEW,
    /** Alarm handling by operators (ack, shelve, mode). */
    OPERATE,
    /** Engineering changes (setpoints, bypasses, output overrides). */
    ENGINEER,
    /** Resetting latched trips. */
    SAFETY_RESET
}
