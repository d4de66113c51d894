package io.podctl.controller.commands;

import io.podctl.controller.mqtt.MqttLink;

/**
 * Test fixture, never used: a commands class that reaches up into the MQTT transport, which
 * {@code ControllerPackagesTest} must refuse.
 */
final class ArchFixtureCommandOverMqtt {
    private MqttLink link;

    void close() throws Exception {
        link.close();
    }
}
