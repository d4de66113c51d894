package io.podctl.controller.safety;

/**
 * The state of one alarm, for publishing and display. Immutable.
 *
 * @param id              protection id
 * @param description     what it protects against
 * @param pointId         watched point
 * @param state           ISA-18.2 state
 * @param severity        current (or last) severity
 * @param message         why it is (or was) active
 * @param sinceWallMillis when the state last changed, epoch ms
 */
public record AlarmView(String id, String description, String pointId, AlarmState state, Severity severity,
                        String message, long sinceWallMillis) {
}
