package io.podctl.hil;

import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.TestBroker;

/** The whole MQTT contract against Mosquitto, the reference broker. */
class MosquittoContractIT extends MqttContractChecks {
    @Override
    TestBroker startBroker() {
        return MosquittoBroker.start();
    }
}
