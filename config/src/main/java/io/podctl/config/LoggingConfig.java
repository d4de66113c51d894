package io.podctl.config;

/**
 * Log output.
 *
 * @param directory directory of the rolling log file (default {@code ./logs})
 * @param level     minimum level: trace, debug, info, warn, error (default info)
 */
public record LoggingConfig(String directory, String level) {
    public LoggingConfig {
        directory = directory != null ? directory : "logs";
        level = level != null ? level : "info";
    }
}
