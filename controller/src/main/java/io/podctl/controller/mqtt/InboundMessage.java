package io.podctl.controller.mqtt;

import java.util.Objects;

/**
 * A message received from the broker.
 *
 * @param topic    the topic it was published on
 * @param payload  raw bytes, unvalidated
 * @param qos      QoS it was delivered with
 * @param retained whether it was a retained message (commands must never be)
 */
public record InboundMessage(String topic, byte[] payload, int qos, boolean retained) {
    public InboundMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
