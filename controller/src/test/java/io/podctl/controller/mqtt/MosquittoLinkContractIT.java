package io.podctl.controller.mqtt;

import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.TestBroker;

/** The MQTT link contract against Mosquitto, the reference broker. */
class MosquittoLinkContractIT extends MqttLinkContract {
    @Override
    TestBroker.Factory brokers() {
        return MosquittoBroker.FACTORY;
    }
}
