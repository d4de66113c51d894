package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Names;
import io.podctl.config.schema.Pattern;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import java.time.Duration;
import java.util.List;

/**
 * One protection: a condition on a point that raises an alarm and/or latches a trip.
 *
 * @param id          unique id; also the alarm id on MQTT
 * @param description what it protects against, for people
 * @param point       id of the point it watches
 * @param condition   {@code high}: value above the limits; {@code low}: below; {@code active}: a digital
 *                    point is 1
 * @param alarm       alarm limit (not latched); optional
 * @param trip        trip limit (latched, de-energizes {@code deenergize}); optional. For {@code active}
 *                    conditions there are no limits: set {@code severity}
 * @param severity    for {@code active} conditions: {@code alarm} or {@code trip} (default trip)
 * @param hysteresis  a limit is cleared only when the value is this far back inside it (default 0)
 * @param delay       the condition must hold this long before it acts (default 0)
 * @param onBadData   what a non-GOOD sample of the point means (default trip)
 * @param reset       who may reset the trip: {@code remote} (an authorized command) or {@code local} (the
 *                    reset input only); default remote
 * @param deenergize  ids of the outputs a trip de-energizes
 */
@Doc("A condition on a point that raises an alarm and/or latches a trip.")
public record ProtectionConfig(
        @Doc("Unique id; also the alarm id on MQTT.") @Required
        @Pattern(value = Names.DOTTED_ID, hint = Names.DOTTED_ID_HINT) String id,
        @Doc("What it protects against, for people.") String description,
        @Doc("The watched point: {device}.{point} or a GPIO input id.") @Required String point,
        @Doc("high: value above the limits; low: below; active: a digital point is 1.") @Required
        Condition condition,
        @Doc("Alarm limit in the point's unit (not latched); high/low only.") Double alarm,
        @Doc("Trip limit in the point's unit (latched, de-energizes 'deenergize'); high/low only.") Double trip,
        @Doc("For active conditions: alarm or trip (default trip).") Severity severity,
        @Doc("A limit clears only when the value is this far back inside it, >= 0 (default 0).")
        @Range(min = 0, rule = "negative-hysteresis") Double hysteresis,
        @Doc("The condition must hold this long before it acts (default 0s).") Duration delay,
        @Doc("What a sample that is not GOOD means: trip, alarm or ignore (default trip).")
        BadDataAction onBadData,
        @Doc("Who may reset the trip: remote (an authorized command) or local (the reset input only); "
                + "default remote.") ResetMode reset,
        @Doc("Ids of the GPIO outputs a trip de-energizes.") List<String> deenergize) {
    public ProtectionConfig {
        description = description != null ? description : "";
        severity = severity != null ? severity : Severity.TRIP;
        hysteresis = hysteresis != null ? hysteresis : 0.0;
        delay = delay != null ? delay : Duration.ZERO;
        onBadData = onBadData != null ? onBadData : BadDataAction.TRIP;
        reset = reset != null ? reset : ResetMode.REMOTE;
        deenergize = deenergize != null ? List.copyOf(deenergize) : List.of();
    }

    /** Which side of the limit is abnormal. */
    public enum Condition {
        @JsonProperty("high") HIGH,
        @JsonProperty("low") LOW,
        @JsonProperty("active") ACTIVE
    }

    /** Severity of an {@code active} condition. */
    public enum Severity {
        @JsonProperty("alarm") ALARM,
        @JsonProperty("trip") TRIP
    }

    /** The fail-safe action of a safety input whose sample is not GOOD. */
    public enum BadDataAction {
        /** Treat as the tripped condition (the default for safety inputs). */
        @JsonProperty("trip") TRIP,
        /** Raise the alarm but do not trip. */
        @JsonProperty("alarm") ALARM,
        /** For inputs that may legitimately be absent. */
        @JsonProperty("ignore") IGNORE
    }

    /** Who may reset a latched trip. */
    public enum ResetMode {
        @JsonProperty("remote") REMOTE,
        @JsonProperty("local") LOCAL
    }
}
