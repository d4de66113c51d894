package io.podctl.controller.state;

/**
 * One output as published.
 *
 * @param id        output id
 * @param energized what the loop commands
 * @param readBack  what the pin reads back
 */
public record OutputView(String id, boolean energized, boolean readBack) {
}
