package io.podctl.controller.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the pod's event stream (published on {@code {root}/events}): an alarm or trip transition, a
 * mode change, a device health change, or a command audit record. Immutable.
 *
 * @param seq      strictly increasing sequence number; gaps tell a consumer that it missed events
 * @param time     wall-clock time (UTC)
 * @param type     event type, e.g. {@code ALARM_RAISED}, {@code TRIP_LATCHED}, {@code MODE}, {@code DEVICE},
 *                 {@code COMMAND}
 * @param source   the alarm, trip, device or command the event is about
 * @param severity {@code info}, {@code alarm} or {@code trip}
 * @param message  what happened, for people
 * @param details  extra machine-readable fields (strings), may be empty
 */
public record PodEvent(long seq, Instant time, String type, String source, String severity, String message,
                       Map<String, String> details) {
    public PodEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        details = Map.copyOf(details);
    }
}
