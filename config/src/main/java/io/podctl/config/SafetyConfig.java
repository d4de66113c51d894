package io.podctl.config;

import io.podctl.config.schema.Doc;
import java.time.Duration;

/**
 * Pod-wide safety settings.
 *
 * @param localResetInput id of the GPIO input wired to the local reset push-button; trips with
 *                        {@code reset: local} (E-stop) are reset only by a rising edge on it
 * @param inputSettleTime outputs stay safe after start-up until every safety input is GOOD, and at least
 *                        this long (default 0)
 */
@Doc("Pod-wide safety settings.")
public record SafetyConfig(
        @Doc("Id of the GPIO input wired to the local reset push-button; trips with reset: local are reset "
                + "only by it.") String localResetInput,
        @Doc("Outputs stay safe after start-up until every safety input is GOOD, and at least this long "
                + "(default 0s).") Duration inputSettleTime) {
    public SafetyConfig {
        inputSettleTime = inputSettleTime != null ? inputSettleTime : Duration.ZERO;
    }
}
