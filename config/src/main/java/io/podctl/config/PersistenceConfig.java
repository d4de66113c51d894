package io.podctl.config;

/**
 * Where state survives restarts.
 *
 * @param directory directory for the latched-trip state file and journals (default {@code ./state})
 */
public record PersistenceConfig(String directory) {
    public PersistenceConfig {
        directory = directory != null ? directory : "state";
    }
}
