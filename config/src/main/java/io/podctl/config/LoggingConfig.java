package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.OneOf;
import java.util.Optional;

/**
 * Log output.
 *
 * @param directory directory of the rolling log file, or null for none: {@code podctl run} then logs to standard
 *                  error only (under systemd, the journal)
 * @param level     minimum level: trace, debug, info, warn, error (default info)
 */
@Doc("Log output.")
public record LoggingConfig(
        @Doc("Directory of a rolling log file (podctl-N.log, 5 files of 10 MB). Without it podctl run logs to "
                + "standard error only (under systemd: the journal); podctl sim, whose live view owns the "
                + "terminal, then writes ./logs.") String directory,
        @Doc("Minimum level (default info).") @OneOf({"trace", "debug", "info", "warn", "error"}) String level) {
    public LoggingConfig {
        level = level != null ? level : "info";
    }

    /** @return the rolling log file's directory, if the pod file names one */
    public Optional<String> rollingFileDirectory() {
        return Optional.ofNullable(directory);
    }
}
