package io.podctl.controller.testing;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/**
 * An MQTT client for tests (Paho's blocking client): subscribes to one filter and collects every message it
 * receives into a thread-safe list, with helpers that wait for a topic or payload with Awaitility. After a
 * broker restart, {@link #reconnect(Duration)} connects and subscribes again.
 */
public final class TestMqttClient implements AutoCloseable {

    /** A received message; the payload decoded as UTF-8, and as it came ({@code raw}, for binary payloads). */
    public record Received(String topic, String payload, int qos, boolean retained, byte[] raw) {
    }

    private final MqttClient client;
    private final String filter;
    private final int qos;
    private final List<Received> received = new ArrayList<>();
    private final boolean cleanSession;

    private TestMqttClient(String uri, String filter, int qos, String clientId, boolean cleanSession) {
        try {
            this.client = new MqttClient(uri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
        this.filter = filter;
        this.qos = qos;
        this.cleanSession = cleanSession;
    }

    /** Connects to {@code uri} and subscribes to {@code filter} at QoS 1. */
    public static TestMqttClient subscribe(String uri, String filter) {
        return subscribe(uri, filter, 1);
    }

    /** Connects to {@code uri} and subscribes to {@code filter} at {@code qos}. */
    public static TestMqttClient subscribe(String uri, String filter, int qos) {
        return connect(new TestMqttClient(uri, filter, qos, "test-" + UUID.randomUUID(), true));
    }

    /**
     * A consumer with a persistent session (clean session off, QoS 1, a fixed client id): while it is away, the
     * broker queues its messages, and a broker with persistence keeps its subscription across a restart.
     */
    public static TestMqttClient subscribePersistent(String uri, String filter, String clientId) {
        return connect(new TestMqttClient(uri, filter, 1, clientId, false));
    }

    private static TestMqttClient connect(TestMqttClient c) {
        String uri = c.client.getServerURI();
        try {
            c.connectAndSubscribe();
        } catch (MqttException e) {
            c.close();
            throw new IllegalStateException("test client cannot connect to " + uri + ": " + e, e);
        }
        return c;
    }

    private void connectAndSubscribe() throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setConnectionTimeout(3);
        o.setKeepAliveInterval(30);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setMaxInflight(1000);
        client.setTimeToWait(5_000);
        client.connect(o);
        client.subscribe(filter, qos, (topic, message) -> add(topic, message));
    }

    private void add(String topic, MqttMessage m) {
        Received r = new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), m.getQos(),
                m.isRetained(), m.getPayload());
        synchronized (received) {
            received.add(r);
        }
    }

    /** After the broker came back: connects and subscribes again, retrying until {@code deadline}. */
    public void reconnect(Duration deadline) {
        Awaitility.await("test client reconnected").atMost(deadline).pollInterval(Duration.ofMillis(20))
                .ignoreExceptions().until(() -> {
                    if (!client.isConnected()) {
                        try {
                            connectAndSubscribe();
                        } catch (MqttException e) {
                            // A failed attempt can leave Paho "connecting" (32110): reset it for the next one.
                            client.disconnectForcibly(0, 0, false);
                            throw e;
                        }
                    }
                    return true;
                });
    }

    /** Whether the connection is up. */
    public boolean isConnected() {
        return client.isConnected();
    }

    /** Publishes from the test side. */
    public void publish(String topic, String payload, int qos, boolean retained) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retained);
    }

    /** Publishes bytes from the test side. */
    public void publish(String topic, byte[] payload, int qos, boolean retained) {
        try {
            client.publish(topic, payload, qos, retained);
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of everything received so far, in arrival order. */
    /** Forgets what was received so far (a test that shares a broker starts from here). */
    public void clear() {
        synchronized (received) {
            received.clear();
        }
    }

    public List<Received> messages() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** A copy of what was received on {@code topic}, in arrival order. */
    public List<Received> messages(String topic) {
        return messages().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    /** Payloads received on {@code topic}, in arrival order. */
    public List<String> payloads(String topic) {
        return messages(topic).stream().map(Received::payload).toList();
    }

    /** Waits up to {@code timeout} for a message on {@code topic} whose payload matches; returns the first. */
    public Received await(String topic, Predicate<String> payload, Duration timeout) {
        Predicate<Received> match = r -> r.topic().equals(topic) && payload.test(r.payload());
        Awaitility.await("message on " + topic).atMost(timeout).pollInterval(Duration.ofMillis(10))
                .until(() -> messages().stream().anyMatch(match));
        return messages().stream().filter(match).findFirst().orElseThrow();
    }

    /** Waits up to {@code timeout} for {@code payload} on {@code topic}. */
    public Received await(String topic, String payload, Duration timeout) {
        return await(topic, payload::equals, timeout);
    }

    /** Waits up to {@code timeout} until at least {@code count} messages were received. */
    public void awaitCount(int count, Duration timeout) {
        Awaitility.await("at least " + count + " messages").atMost(timeout).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    int n = size();
                    if (n < count) {
                        throw new AssertionError("received " + n + " of " + count);
                    }
                });
    }

    /** Number of messages received so far. */
    public int size() {
        synchronized (received) {
            return received.size();
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1_000);
            }
        } catch (MqttException e) {
            // already gone
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to release
        }
    }
}
