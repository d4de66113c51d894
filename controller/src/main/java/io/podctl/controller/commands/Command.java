package io.podctl.controller.commands;

import java.time.Duration;
import java.util.Objects;

/**
 * A validated command, typed: the control loop never sees JSON. Each command names the authorization class
 * needed to issue it.
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

    /**
     * Shelve an alarm: not annunciated for {@code duration}; it still acts.
     *
     * @param alarmId  the alarm
     * @param reason   why (mandatory)
     * @param duration how long (mandatory, at most the configured maximum)
     */
    record Shelve(String alarmId, String reason, Duration duration) implements Command {
        public Shelve {
            Objects.requireNonNull(alarmId, "alarmId");
        }

        @Override
        public CommandClass commandClass() {
            return CommandClass.OPERATE;
        }
    }

    /** End the shelving of an alarm. */
    record Unshelve(String alarmId) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.OPERATE;
        }
    }

    /**
     * Enter or leave maintenance.
     *
     * @param maintenance true to enter, false to return to normal operation
     * @param reason      why (mandatory to enter)
     */
    record Mode(boolean maintenance, String reason) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.ENGINEER;
        }
    }

    /**
     * Write a configured setpoint, within its engineering bounds (never clamped).
     *
     * @param pointId the setpoint point
     * @param value   engineering value
     */
    record Setpoint(String pointId, double value) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.ENGINEER;
        }
    }

    /**
     * Bypass a bypassable trip for a limited time.
     *
     * @param protectionId the protection
     * @param reason       why (mandatory)
     * @param duration     how long (mandatory)
     */
    record Bypass(String protectionId, String reason, Duration duration) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.ENGINEER;
        }
    }

    /** Remove a bypass. */
    record RemoveBypass(String protectionId) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.ENGINEER;
        }
    }

    /**
     * Take an alarm-only protection out of service for a limited time.
     *
     * @param alarmId  the protection
     * @param reason   why
     * @param duration how long
     */
    record OutOfService(String alarmId, String reason, Duration duration) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.ENGINEER;
        }
    }

    /** Return an alarm to service. */
    record ReturnToService(String alarmId) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.ENGINEER;
        }
    }

    /**
     * Force an output in maintenance for a limited time.
     *
     * @param outputId  the output
     * @param energized the forced state
     * @param reason    why
     * @param duration  how long
     */
    record OverrideOutput(String outputId, boolean energized, String reason, Duration duration) implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.ENGINEER;
        }
    }

    /** Re-read the configuration file; the outcome follows as an event (and an alarm when refused). */
    record Reload() implements Command {
        @Override
        public CommandClass commandClass() {
            return CommandClass.ENGINEER;
        }
    }
}
