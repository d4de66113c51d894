package io.podctl.config;

import io.podctl.config.schema.Doc;

/**
 * Where state survives restarts.
 *
 * @param directory directory for the latched-trip state file and journals (default {@code ./state})
 */
@Doc("Where state survives restarts.")
public record PersistenceConfig(
        @Doc("Directory of the latched-trip state file and the journals (default state).") String directory) {
    public PersistenceConfig {
        directory = directory != null ? directory : "state";
    }
}
