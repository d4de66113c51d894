package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.config.MetricsConfig;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.state.PodMode;
import io.podctl.controller.testing.MosquittoBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A metrics endpoint whose port is taken does not stop the pod: the controller runs and protects, logs why, and
 * raises the controller alarm {@code controller.metrics} naming the address (the annunciated alarm holds the pod
 * DEGRADED until someone looks).
 */
class MetricsEndpointIT {

    @Test
    void aTakenPortRaisesTheMetricsAlarmAndThePodRunsOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             MosquittoBroker broker = MosquittoBroker.start()) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            try (SimPod pod = SimPod.start(broker.uri(), c -> c.withMetrics(new MetricsConfig(listen, null, null)),
                    PodRuntime.Tuning.DEFAULT)) {
                JsonNode alarm = SimPod.json(pod.mqtt.await(SimPod.ROOT + "/alarms/" + PodRuntime.METRICS_ALARM,
                        p -> SimPod.json(p).path("state").asText().equals("ACTIVE_UNACKED"), Duration.ofSeconds(30))
                        .payload());
                assertTrue(alarm.path("message").asText().contains("cannot listen on " + listen
                        + ": Address already in use"), alarm.toString());
                assertNull(pod.runtime().metricsUrl());

                await("all safety inputs GOOD after start-up").atMost(Duration.ofSeconds(30))
                        .until(() -> pod.state() != null && pod.state().mode() == PodMode.STARTING
                                && pod.state().safetyInputsGood());
                pod.pushLocalReset();
                await("every rack powered").atMost(Duration.ofSeconds(30)).until(pod::allRacksPowered);
                assertEquals(PodMode.DEGRADED, pod.state().mode(), pod.state().modeReason());
                assertTrue(pod.runtime().health().readiness().ok(), pod.runtime().health().readiness().reason());
            }
        }
    }
}
