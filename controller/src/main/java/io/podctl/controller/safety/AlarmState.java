package io.podctl.controller.safety;

/** The ISA-18.2 alarm states: acknowledging is separate from the condition clearing. */
public enum AlarmState {
    /** Condition absent, nothing to acknowledge. */
    NORMAL,
    /** Condition present, not yet acknowledged. */
    ACTIVE_UNACKED,
    /** Condition present, acknowledged by an operator. */
    ACTIVE_ACKED,
    /** Condition gone, but the operator has not acknowledged the alarm yet. */
    RETURNED_UNACKED;

    /** The next state when the condition becomes (or stays) {@code active}. */
    AlarmState onCondition(boolean active) {
        return switch (this) {
            case NORMAL -> active ? ACTIVE_UNACKED : NORMAL;
            case ACTIVE_UNACKED -> active ? ACTIVE_UNACKED : RETURNED_UNACKED;
            case ACTIVE_ACKED -> active ? ACTIVE_ACKED : NORMAL;
            case RETURNED_UNACKED -> active ? ACTIVE_UNACKED : RETURNED_UNACKED;
        };
    }

    /** The next state when an operator acknowledges. */
    AlarmState onAcknowledge() {
        return switch (this) {
            case ACTIVE_UNACKED -> ACTIVE_ACKED;
            case RETURNED_UNACKED -> NORMAL;
            default -> this;
        };
    }

    /** Whether the condition is present. */
    public boolean isActive() {
        return this == ACTIVE_UNACKED || this == ACTIVE_ACKED;
    }

    /** Whether an acknowledgement is outstanding. */
    public boolean isUnacknowledged() {
        return this == ACTIVE_UNACKED || this == RETURNED_UNACKED;
    }
}
