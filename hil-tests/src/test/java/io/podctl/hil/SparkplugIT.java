package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.config.DataType;
import io.podctl.config.DeviceConfig;
import io.podctl.config.MqttConfig;
import io.podctl.config.PodConfig;
import io.podctl.config.PointConfig;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.SparkplugSchema;
import io.podctl.controller.testing.TestMqttClient;
import io.podctl.hal.sim.OfflineMode;
import io.podctl.hal.sim.SimulatedPod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Sparkplug B profile of a whole simulated pod against Mosquitto, every payload decoded by protobuf-java
 * over the Sparkplug B schema ({@link SparkplugSchema}), not by the controller's own code.
 */
class SparkplugIT {
    private static final String NS = "spBv1.0/lab/";

    private MosquittoBroker broker;
    private SimPod pod;
    private TestMqttClient host;

    static PodConfig sparkplug(PodConfig c) {
        MqttConfig m = c.mqtt();
        return SimPod.withMqtt(c, new MqttConfig(m.brokers(), m.clientId(), m.topicRoot(), m.keepAlive(),
                m.stateInterval(), m.credentialsFile(), m.tls(), MqttConfig.Profile.SPARKPLUG, "lab", "operator"));
    }

    @BeforeEach
    void start() {
        // Persistence and a persistent host session: the host misses nothing while it reconnects after a restart.
        broker = MosquittoBroker.start(0, true);
        host = TestMqttClient.subscribePersistent(broker.uri(), "spBv1.0/#", "host-" + UUID.randomUUID());
        pod = SimPod.start(broker.uri(), SparkplugIT::sparkplug, PodRuntime.Tuning.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (pod != null) {
            pod.close();
        }
        host.close();
        broker.close();
    }

    private List<TestMqttClient.Received> on(String topic) {
        return host.messages(topic);
    }

    private SparkplugSchema.Payload decode(TestMqttClient.Received r) {
        return SparkplugSchema.decode(r.raw());
    }

    private SparkplugSchema.Payload awaitLast(String topic, int count) {
        await(topic).atMost(Duration.ofSeconds(15)).until(() -> on(topic).size() >= count);
        return decode(on(topic).get(count - 1));
    }

    @Test
    void birthsListEveryMetricThenDataFollowsBySeqAndRebirthWorks() {
        SparkplugSchema.Payload nbirth = awaitLast(NS + "NBIRTH/pod1", 1);
        assertEquals(0, nbirth.seq(), "NBIRTH starts the sequence");
        long bdSeq = (Long) nbirth.metric("bdSeq").value();
        assertEquals(false, nbirth.metric("Node Control/Rebirth").value());
        for (String m : List.of("Pod/Mode", "Pod/Safety Inputs Good", "Loop/Overruns", "Publisher/Journal Full",
                "Event", "Command Reply", "Inputs/leak.rack1", "Inputs/estop", "Alarms/cdu.supplyTemp.high")) {
            assertTrue(nbirth.has(m), "NBIRTH lists " + m);
        }
        assertFalse(on(NS + "NBIRTH/pod1").get(0).retained(), "Sparkplug births are not retained");

        // One DBIRTH per device, each listing every point of that device (text points too), with its quality.
        for (DeviceConfig d : pod.config.devices()) {
            SparkplugSchema.Payload dbirth = awaitLast(NS + "DBIRTH/pod1/" + d.id(), 1);
            Set<String> names = dbirth.metrics().stream().map(SparkplugSchema.Metric::name).collect(Collectors.toSet());
            Set<String> points = d.points().stream().map(PointConfig::id).collect(Collectors.toSet());
            assertEquals(points, names, "DBIRTH of " + d.id() + " lists every point");
        }
        await("the CDU's serial number as a String metric").atMost(Duration.ofSeconds(15)).until(() -> host.messages()
                .stream()
                .filter(r -> r.topic().equals(NS + "DDATA/pod1/cdu") || r.topic().equals(NS + "DBIRTH/pod1/cdu"))
                .map(this::decode).flatMap(p -> p.metrics().stream())
                .anyMatch(m -> m.name().equals("serialNumber") && Integer.valueOf(192).equals(m.properties()
                        .get("Quality")) && SimulatedPod.CDU_SERIAL_NUMBER.equals(m.value())));
        await("the CDU delivers GOOD values").atMost(Duration.ofSeconds(15)).until(() -> host.messages().stream()
                .filter(r -> r.topic().equals(NS + "DDATA/pod1/cdu") || r.topic().equals(NS + "DBIRTH/pod1/cdu"))
                .map(this::decode).flatMap(p -> p.metrics().stream())
                .anyMatch(m -> m.name().equals("supplyTemp") && Integer.valueOf(192).equals(m.properties()
                        .get("Quality")) && m.value() instanceof Double));

        // Many events: each is one NDATA, so seq must wrap from 255 to 0, with no gap in between.
        for (int i = 0; i < 300; i++) {
            pod.runtime().eventLog().append(Instant.now(), "TEST_BURST", "burst", "info", "e" + i, Map.of());
        }
        await("more than 256 messages after the births").atMost(Duration.ofSeconds(20))
                .until(() -> nodeMessagesSinceLastBirth().size() > 300);
        List<Long> seqs = nodeMessagesSinceLastBirth().stream().map(r -> decode(r).seq()).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals((seqs.get(i - 1) + 1) % 256, (long) seqs.get(i), "seq runs 0..255 and wraps: " + seqs);
        }
        assertTrue(seqs.contains(255L) && seqs.indexOf(255L) < seqs.size() - 1, "it did wrap");

        // Rebirth on request, written by an independent encoder.
        int births = on(NS + "NBIRTH/pod1").size();
        host.publish(NS + "NCMD/pod1", SparkplugSchema.command(Instant.now().toEpochMilli(), "Node Control/Rebirth",
                true), 0, false);
        SparkplugSchema.Payload again = awaitLast(NS + "NBIRTH/pod1", births + 1);
        assertEquals(0, again.seq());
        assertEquals(bdSeq, (Long) again.metric("bdSeq").value(), "same session, same bdSeq");
        await("DBIRTHs again").atMost(Duration.ofSeconds(5)).until(() -> on(NS + "DBIRTH/pod1/cdu").size() >= 2);
        await("the rebirth command is answered and audited").atMost(Duration.ofSeconds(5)).until(() ->
                nodeMessagesSinceLastBirth().stream().map(this::decode).flatMap(p -> p.metrics().stream())
                        .anyMatch(m -> m.name().equals("Command Reply") && String.valueOf(m.value())
                                .contains("\"code\":\"ACCEPTED\"")));
    }

    @Test
    void aDeviceThatGoesOfflineGetsADdeathAndADbirthWhenItReturns() {
        awaitLast(NS + "DBIRTH/pod1/pdu2", 1);
        pod.plant.setDeviceOffline(SimulatedPod.pdu(2), true, OfflineMode.NO_REPLY);
        SparkplugSchema.Payload death = awaitLast(NS + "DDEATH/pod1/pdu2", 1);
        assertTrue(death.seq() >= 0 && death.seq() <= 255);
        pod.plant.setDeviceOffline(SimulatedPod.pdu(2), false);
        awaitLast(NS + "DBIRTH/pod1/pdu2", 2);
    }

    @Test
    void eventsFromAnOutageAreReplayedAfterTheNewBirthMarkedHistorical() {
        awaitLast(NS + "NBIRTH/pod1", 1);
        broker.stop();
        // Events raised once the pod knows the broker is away wait in the journal; one raised in the moment before
        // it noticed is already the link's (sent live, and re-sent by the link after the reconnect).
        await("the pod sees the broker gone").atMost(Duration.ofSeconds(10))
                .until(() -> !pod.runtime().link().status().connected());
        for (int i = 0; i < 20; i++) {
            pod.runtime().eventLog().append(Instant.now(), "TEST_BURST", "burst", "alarm", "during " + i, Map.of());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> pod.runtime().journal().status().backlog() >= 20);
        broker.restart();
        host.reconnect(Duration.ofSeconds(10));
        await("historical events after the new NBIRTH").atMost(Duration.ofSeconds(20)).until(() ->
                nodeMessagesSinceLastBirth().stream().map(this::decode).flatMap(p -> p.metrics().stream())
                        .filter(m -> m.name().equals("Event") && m.historical()
                                && String.valueOf(m.value()).contains("during ")).count() >= 20);
        List<TestMqttClient.Received> all = host.messages();
        int birth = lastIndexOf(all, NS + "NBIRTH/pod1");
        assertTrue(birth >= 0, "a new NBIRTH after the outage");
    }

    /** Node-level messages (NDATA and the like) after the last NBIRTH, in arrival order, births included. */
    private List<TestMqttClient.Received> nodeMessagesSinceLastBirth() {
        List<TestMqttClient.Received> all = host.messages().stream()
                .filter(r -> r.topic().startsWith(NS) && !r.topic().contains("/NDEATH/")
                        && !r.topic().contains("/NCMD/") && !r.topic().contains("/DCMD/")).toList();
        int birth = lastIndexOf(all, NS + "NBIRTH/pod1");
        return birth < 0 ? List.of() : all.subList(birth, all.size());
    }

    private static int lastIndexOf(List<TestMqttClient.Received> list, String topic) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).topic().equals(topic)) {
                return i;
            }
        }
        return -1;
    }
}
