package io.podctl.controller.loop;

/**
 * A setpoint the {@code setpoint} command may write, with its engineering bounds (refused outside them, never
 * clamped).
 *
 * @param pointId writable point
 * @param min     lowest value, in the point's engineering unit
 * @param max     highest value, in the point's engineering unit
 */
public record SetpointBounds(String pointId, double min, double max) {
}
