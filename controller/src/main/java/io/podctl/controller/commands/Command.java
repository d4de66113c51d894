package io.podctl.controller.commands;

/**
 * A validated command, typed: the control loop never sees JSON.
 */
public sealed interface Command {

    /** The authorization class needed to issue it. */
    CommandClass commandClass();

    /**
     * Acknowledge one alarm, or all unacknowledged alarms.
     *
     * @param alarmId the alarm, or null for all
     */
    record Ack(String alarmId) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.OPERATE;
        }
    }

    /**
     * Reset one latched trip, or all of them (all or nothing).
     *
     * @param tripId the trip, or null for all
     */
    record Reset(String tripId) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.SAFETY_RESET;
        }
    }

    /** Re-publish every retained topic. */
    record Rebirth() implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.VIEW;
        }
    }
}
