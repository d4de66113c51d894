package io.podctl.hil;

import io.podctl.controller.testing.EmbeddedBrokerProcess;
import io.podctl.controller.testing.TestBroker;

/** The whole MQTT contract against the embedded broker of {@code podctl sim} (in a child JVM). */
class EmbeddedBrokerContractIT extends MqttContractChecks {
    @Override
    TestBroker startBroker() {
        return EmbeddedBrokerProcess.start(0);
    }
}
