package io.podctl.config;

import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.Pattern;
import io.podctl.config.schema.DurationRange;
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
                + "only by it.") @Identifier(IdKind.REF) String localResetInput,
        @Doc("Outputs stay safe after start-up until every safety input is GOOD, and at least this long "
                + "(default 0s).") Duration inputSettleTime,
        @Doc("Longest bypass an engineer may set (default 8h).") @DurationRange(positive = true, max = "168h")
        Duration maxBypass,
        @Doc("Longest an operator may shelve an alarm (default 8h).") @DurationRange(positive = true, max = "168h")
        Duration maxShelve,
        @Doc("Longest an output override in maintenance may last (default 10min).")
        @DurationRange(positive = true, max = "8h") Duration maxOverride,
        @Doc("Run permissive outputs (racks) energize one after another, this far apart (default 0s).")
        @DurationRange(max = "1min") Duration startStagger,
        @Doc("Hardware watchdog device, e.g. /dev/watchdog; without it only a software watchdog runs.")
        @Pattern(value = "\\S+", hint = "a device path", maxLength = 255) String watchdogDevice) {

    /** The shape before bypasses, shelving, overrides and start staggering were configurable. */
    public SafetyConfig(String localResetInput, Duration inputSettleTime) {
        this(localResetInput, inputSettleTime, null, null, null, null, null);
    }

    /** A copy with another start stagger. */
    public SafetyConfig withStartStagger(Duration stagger) {
        return new SafetyConfig(localResetInput, inputSettleTime, maxBypass, maxShelve, maxOverride, stagger,
                watchdogDevice);
    }

    public SafetyConfig {
        inputSettleTime = inputSettleTime != null ? inputSettleTime : Duration.ZERO;
        maxBypass = maxBypass != null ? maxBypass : Duration.ofHours(8);
        maxShelve = maxShelve != null ? maxShelve : Duration.ofHours(8);
        maxOverride = maxOverride != null ? maxOverride : Duration.ofMinutes(10);
        startStagger = startStagger != null ? startStagger : Duration.ZERO;
    }
}
