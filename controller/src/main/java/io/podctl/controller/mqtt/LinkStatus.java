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
 * @param telemetryQueued    telemetry messages waiting now (never above the configured capacity)
 * @param latestRefused      {@code LATEST} messages refused because the per-topic map was at its topic cap
 */
public record LinkStatus(boolean connected, String brokerUri, long connects, long connectFailures,
                         long telemetryDropped, int reliablePending, long reliableRefused, long published,
                         String lastError, int telemetryQueued, long latestRefused) {

    /** The original nine-value form; the two later counters are zero. */
    public LinkStatus(boolean connected, String brokerUri, long connects, long connectFailures,
                      long telemetryDropped, int reliablePending, long reliableRefused, long published,
                      String lastError) {
        this(connected, brokerUri, connects, connectFailures, telemetryDropped, reliablePending, reliableRefused,
                published, lastError, 0, 0);
    }
}
