package io.podctl.controller.mqtt;

import io.podctl.controller.mqtt.paho.PahoMqttLink;
import io.podctl.hal.Clock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A process that holds a {@link PahoMqttLink} with a Last Will until it is killed: arguments broker URI, client
 * id, status topic. It publishes {@code {"online":true}} retained on the status topic; its Will is
 * {@code {"online":false}} on the same topic.
 */
public final class WillClientMain {

    private WillClientMain() {
    }

    public static void main(String[] args) throws IOException {
        String uri = args[0];
        String clientId = args[1];
        String topic = args[2];
        OutboundMessage will = status(topic, false);
        PahoMqttLink link = new PahoMqttLink(MqttLinkContract.settings(uri, clientId, will), Clock.system());
        link.publish(status(topic, true));
        link.start();
        // Held open until the test kills this process; returns only if the parent is gone (stdin closed).
        while (System.in.read() >= 0) {
            // ignore input
        }
        link.close();
    }

    static OutboundMessage status(String topic, boolean online) {
        return new OutboundMessage(topic, ("{\"online\":" + online + "}").getBytes(StandardCharsets.UTF_8), 1, true,
                OutboundMessage.Delivery.LATEST);
    }
}
