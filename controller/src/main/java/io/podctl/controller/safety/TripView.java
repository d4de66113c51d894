package io.podctl.controller.safety;

/**
 * One latched trip, for publishing, display and persistence. Immutable.
 *
 * @param id                trip id (a protection id, or {@code startup} / {@code controller.loop-stall})
 * @param cause             why it latched
 * @param latchedWallMillis when it latched, epoch ms
 * @param firstOut          true for the trip that started a cascade (no other trip was latched before it)
 * @param localResetOnly    true when only the local reset input can reset it
 * @param conditionActive   true while the condition behind it is still present (a reset would be refused)
 */
public record TripView(String id, String cause, long latchedWallMillis, boolean firstOut, boolean localResetOnly,
                       boolean conditionActive) {
}
