package io.podctl.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podctl.config.schema.Doc;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.IdKind;
import io.podctl.config.schema.DurationRange;
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
 * @param warning     warning limit (annunciated, acts on nothing); high/low/deviation/rate/disagreement
 * @param setpoint    for {@code deviation}: the fixed setpoint the value is compared with
 * @param setpointPoint for {@code deviation}: a point holding the setpoint (instead of {@code setpoint})
 * @param rateWindow  for {@code rate}: the window over which the rate is measured (levels in unit per minute)
 * @param clearDelay  the condition must be gone this long before the alarm clears (off-delay, default 0)
 * @param inhibitAfterStart  alarm and warning levels are inhibited this long after start-up (never trips)
 * @param inhibitAfterModeChange alarm and warning levels are inhibited this long after a mode change
 * @param onAlarm     effects that act while the alarm level (or higher) is active
 * @param onTrip      effects that act while the trip is latched (in addition to {@code deenergize})
 * @param bypassable  whether an engineer may bypass the trip (with a reason and an expiry)
 */
@Doc("A condition on a point that raises an alarm and/or latches a trip.")
public record ProtectionConfig(
        @Doc("Unique id; also the alarm id on MQTT.") @Required
        @Identifier(IdKind.DOTTED) String id,
        @Doc("What it protects against, for people.") String description,
        @Doc("The watched point: {device}.{point}, a GPIO input id, or a voting group id.") @Required
        @Identifier(IdKind.REF) String point,
        @Doc("high: value at or above the levels; low: at or below; active: a digital point is 1; deviation: "
                + "|value - setpoint|; rate: rise per minute over rateWindow; disagreement: spread of a "
                + "voting group.") @Required
        Condition condition,
        @Doc("Alarm limit in the point's unit (not latched); high/low only.") Double alarm,
        @Doc("Trip limit in the point's unit (latched, de-energizes 'deenergize'); high/low only.") Double trip,
        @Doc("For active conditions: warning, alarm or trip (default trip).") Severity severity,
        @Doc("A limit clears only when the value is this far back inside it, >= 0 (default 0).")
        @Range(min = 0, rule = "negative-hysteresis") Double hysteresis,
        @Doc("The condition must hold this long before it acts (default 0s).") Duration delay,
        @Doc("What a sample that is not GOOD means: trip, alarm or ignore (default trip).")
        BadDataAction onBadData,
        @Doc("Who may reset the trip: remote (an authorized command) or local (the reset input only); "
                + "default remote.") ResetMode reset,
        @Doc("Ids of the GPIO outputs a trip de-energizes.") @Identifier(IdKind.REF) List<String> deenergize,
        @Doc("Warning limit in the point's unit: annunciated, acts on nothing.") Double warning,
        @Doc("deviation: the setpoint the value is compared with.") Double setpoint,
        @Doc("deviation: a point holding the setpoint (instead of a fixed setpoint).")
        @Identifier(IdKind.REF) String setpointPoint,
        @Doc("rate: the window the rate of change is measured over (levels are in unit per minute; default 60s).")
        @DurationRange(positive = true, min = "1s", max = "1h") Duration rateWindow,
        @Doc("The condition must be gone this long before the alarm clears (off-delay; default 0s).")
        Duration clearDelay,
        @Doc("Warning and alarm levels are inhibited this long after start-up (trips never are).")
        Duration inhibitAfterStart,
        @Doc("Warning and alarm levels are inhibited this long after a mode change (trips never are).")
        Duration inhibitAfterModeChange,
        @Doc("Ids of effects that act while the alarm level (or the trip) is active.")
        @Identifier(IdKind.REF) List<String> onAlarm,
        @Doc("Ids of effects that act while the trip is latched, besides deenergize.")
        @Identifier(IdKind.REF) List<String> onTrip,
        @Doc("Whether an engineer may bypass the trip, with a reason and an expiry (default false).")
        Boolean bypassable) {

    /** The shape before warning levels, deviation, rate, effects and bypasses existed. */
    public ProtectionConfig(String id, String description, String point, Condition condition, Double alarm,
                            Double trip, Severity severity, Double hysteresis, Duration delay,
                            BadDataAction onBadData, ResetMode reset, List<String> deenergize) {
        this(id, description, point, condition, alarm, trip, severity, hysteresis, delay, onBadData, reset,
                deenergize, null, null, null, null, null, null, null, null, null, null);
    }

    public ProtectionConfig {
        description = description != null ? description : "";
        severity = severity != null ? severity : Severity.TRIP;
        hysteresis = hysteresis != null ? hysteresis : 0.0;
        delay = delay != null ? delay : Duration.ZERO;
        onBadData = onBadData != null ? onBadData : BadDataAction.TRIP;
        reset = reset != null ? reset : ResetMode.REMOTE;
        deenergize = deenergize != null ? List.copyOf(deenergize) : List.of();
        rateWindow = rateWindow != null ? rateWindow : Duration.ofSeconds(60);
        clearDelay = clearDelay != null ? clearDelay : Duration.ZERO;
        inhibitAfterStart = inhibitAfterStart != null ? inhibitAfterStart : Duration.ZERO;
        inhibitAfterModeChange = inhibitAfterModeChange != null ? inhibitAfterModeChange : Duration.ZERO;
        onAlarm = onAlarm != null ? List.copyOf(onAlarm) : List.of();
        onTrip = onTrip != null ? List.copyOf(onTrip) : List.of();
        bypassable = bypassable != null ? bypassable : Boolean.FALSE;
    }

    /** Whether this protection can latch a trip from its value (not counting bad data). */
    public boolean hasTripLevel() {
        return condition == Condition.ACTIVE ? severity == Severity.TRIP : trip != null;
    }

    /** Which side of the limit is abnormal. */
    public enum Condition {
        /** Value at or above a level (high, high-high: warning, alarm, trip). */
        @JsonProperty("high") HIGH,
        /** Value at or below a level (low, low-low). */
        @JsonProperty("low") LOW,
        /** A digital point is 1. */
        @JsonProperty("active") ACTIVE,
        /** |value − setpoint| at or above a level. */
        @JsonProperty("deviation") DEVIATION,
        /** Rate of rise over rateWindow, in unit per minute, at or above a level (a fall never alarms). */
        @JsonProperty("rate") RATE,
        /** The spread (max − min) of a voting group's channels at or above a level. */
        @JsonProperty("disagreement") DISAGREEMENT
    }

    /** Severity of an {@code active} condition. */
    public enum Severity {
        @JsonProperty("warning") WARNING,
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
