package io.podctl.controller.mqtt;

import io.podctl.controller.testing.EmbeddedBrokerProcess;
import io.podctl.controller.testing.TestBroker;

/** The MQTT link contract against the embedded broker of {@code podctl sim}: the same tests as for Mosquitto. */
class EmbeddedBrokerLinkContractIT extends MqttLinkContract {
    @Override
    TestBroker.Factory brokers() {
        return EmbeddedBrokerProcess.FACTORY;
    }
}
