package io.podctl.controller.mqtt;

/**
 * The state of an {@link MqttLink}; an immutable snapshot.
 *
 * @param connected          whether a connection is up now
 * @param brokerUri          the broker in use (or last tried)
 * @param connects           successful connections since start
 * @param connectFailures    failed connection attempts since start
 * @param telemetryDropped   telemetry messages dropped because the queue was full
 * @param reliablePending    reliable messages queued or awaiting acknowledgement
 * @param reliableRefused    reliable messages refused because that queue was full
 * @param published          messages handed to the broker
 * @param lastError          last connection error, or empty
 */
public record LinkStatus(boolean connected, String brokerUri, long connects, long connectFailures,
                         long telemetryDropped, int reliablePending, long reliableRefused, long published,
                         String lastError) {
}
