package io.podctl.controller.safety;

/**
 * The state of one alarm, for publishing and display. Immutable.
 *
 * @param id              alarm id (a protection id, or a controller alarm such as {@code group.supply-temps})
 * @param description     what it protects against
 * @param pointId         watched point, or empty for controller alarms
 * @param state           ISA-18.2 state
 * @param severity        current (or last) severity
 * @param message         why it is (or was) active
 * @param sinceWallMillis when the state last changed, epoch ms
 * @param suppression     empty when annunciated; otherwise why not ("shelved until …", "out of service until …")
 * @param shelved         the shelving, or null
 * @param outOfService    the out-of-service, or null
 */
public record AlarmView(String id, String description, String pointId, AlarmState state, Severity severity,
                        String message, long sinceWallMillis, String suppression, Exemption shelved,
                        Exemption outOfService) {

    /** Without the exemptions themselves. */
    public AlarmView(String id, String description, String pointId, AlarmState state, Severity severity,
                     String message, long sinceWallMillis, String suppression) {
        this(id, description, pointId, state, severity, message, sinceWallMillis, suppression, null, null);
    }

    /** An annunciated alarm. */
    public AlarmView(String id, String description, String pointId, AlarmState state, Severity severity,
                     String message, long sinceWallMillis) {
        this(id, description, pointId, state, severity, message, sinceWallMillis, "");
    }

    /** How {@link #suppression} starts while the alarm is shelved. */
    public static final String SHELVED = "shelved until ";
    /** How {@link #suppression} starts while the alarm is out of service. */
    public static final String OUT_OF_SERVICE = "out of service until ";

    /** Whether an operator shelved it (it still acts). */
    public boolean isShelved() {
        return shelved != null || suppression.startsWith(SHELVED);
    }

    /** Whether an engineer took it out of service. */
    public boolean isOutOfService() {
        return outOfService != null || suppression.startsWith(OUT_OF_SERVICE);
    }

    /** Whether operators are told about it (not shelved, not out of service). */
    public boolean annunciated() {
        return suppression.isEmpty();
    }
}
