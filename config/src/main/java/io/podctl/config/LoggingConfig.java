package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.OneOf;

/**
 * Log output.
 *
 * @param directory directory of the rolling log file (default {@code ./logs})
 * @param level     minimum level: trace, debug, info, warn, error (default info)
 */
@Doc("Log output.")
public record LoggingConfig(
        @Doc("Directory of the rolling log file (default logs).") String directory,
        @Doc("Minimum level (default info).") @OneOf({"trace", "debug", "info", "warn", "error"}) String level) {
    public LoggingConfig {
        directory = directory != null ? directory : "logs";
        level = level != null ? level : "info";
    }
}
