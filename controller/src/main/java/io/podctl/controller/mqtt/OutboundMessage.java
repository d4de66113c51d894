package io.podctl.controller.mqtt;

import java.util.Objects;

/**
 * A message to publish.
 *
 * @param topic    full topic
 * @param payload  bytes (UTF-8 JSON for the podctl profile)
 * @param qos      0 or 1
 * @param retained retain flag
 * @param delivery queueing class, see {@link MqttLink#publish}
 */
public record OutboundMessage(String topic, byte[] payload, int qos, boolean retained, Delivery delivery) {

    /** How the link queues a message while the broker is slow or away. */
    public enum Delivery {
        /** Only the newest message per topic matters (retained state, status, points). */
        LATEST,
        /** May be dropped, oldest first, when the bounded queue is full; drops are counted. */
        TELEMETRY,
        /** Must not be lost: kept until acknowledged (QoS 1), re-sent after reconnects. */
        RELIABLE
    }

    public OutboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(delivery, "delivery");
        if (qos < 0 || qos > 1) {
            throw new IllegalArgumentException("qos must be 0 or 1: " + qos);
        }
        if (delivery == Delivery.RELIABLE && qos != 1) {
            throw new IllegalArgumentException("reliable messages go out at QoS 1");
        }
    }
}
