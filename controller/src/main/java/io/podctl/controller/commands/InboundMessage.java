package io.podctl.controller.commands;

import java.util.Objects;

/**
 * A message received on the command channel, as the transport delivered it (the MQTT link today): the input of
 * {@link CommandIntake}. It lives with the commands so that the layer defining commands needs nothing from the
 * transport; the transport depends on it, not the other way round. The record does not copy the payload: whoever
 * receives the message owns it.
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
