package io.podctl.controller.mqtt;

import io.podctl.controller.mqtt.paho.PahoMqttLink;
import io.podctl.controller.testing.ChildJvm;
import io.podctl.controller.testing.FreePorts;
import io.podctl.controller.testing.TestBroker;
import io.podctl.controller.testing.TestMqttClient;
import io.podctl.hal.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every broker podctl talks to must do with {@link PahoMqttLink}, through a real broker process on
 * loopback. Subclasses name the broker: Mosquitto (the reference) and the embedded broker of {@code podctl sim}.
 *
 * <p>Tests that do not disturb the broker share one per class; each uses its own topic prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MqttLinkContract {

    private static final Logger log = LoggerFactory.getLogger(MqttLinkContract.class);
    static final Duration KEEPALIVE = Duration.ofSeconds(2);
    static final Duration DELIVERY = Duration.ofSeconds(20);

    private TestBroker shared;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    /** Per test: topics of one test never meet another test's retained messages on the shared broker. */
    private String prefix;
    private final AtomicInteger clients = new AtomicInteger();

    /** The kind of broker under test. */
    abstract TestBroker.Factory brokers();

    @BeforeAll
    void startSharedBroker() {
        shared = brokers().start(0);
    }

    @AfterAll
    void stopSharedBroker() {
        if (shared != null) {
            shared.close();
        }
    }

    @BeforeEach
    void sharedBrokerIsUp() {
        prefix = "podctl-test/" + UUID.randomUUID().toString().substring(0, 8);
        shared.ensureRunning();
    }

    @AfterEach
    void closeTestResources() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
        cleanup.clear();
    }

    /** Short timeouts and backoffs so that the suite stays fast; keepalive 2 s. */
    static LinkSettings settings(String uri, String clientId, OutboundMessage will) {
        return settings(uri, clientId, will, 10_000, KEEPALIVE);
    }

    /** Connect deadline = keepalive: a frozen broker costs one keepalive per attempt. */
    static LinkSettings settings(String uri, String clientId, OutboundMessage will, int telemetryCapacity,
                                 Duration keepAlive) {
        return new LinkSettings(List.of(uri), clientId, keepAlive, keepAlive, Duration.ofMillis(200),
                Duration.ofSeconds(1), will, null, null, null, telemetryCapacity, 10_000);
    }

    private String topic(String name) {
        return prefix + "/" + name;
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        cleanup.add(resource);
        return resource;
    }

    private TestBroker ownBroker(int port) {
        return closeLater(brokers().start(port));
    }

    private PahoMqttLink link(LinkSettings settings, Consumer<PahoMqttLink> beforeStart) {
        PahoMqttLink link = new PahoMqttLink(settings, Clock.system());
        beforeStart.accept(link);
        cleanup.add(() -> link.close(null, Duration.ofMillis(200)));
        link.start();
        return link;
    }

    private PahoMqttLink link(String uri) {
        return link(settings(uri, clientId(), null), l -> { });
    }

    private String clientId() {
        return "link-" + brokers().name() + "-" + clients.incrementAndGet() + "-" + prefix.substring(13);
    }

    private TestMqttClient observe(TestBroker broker, String filter) {
        return closeLater(TestMqttClient.subscribe(broker.uri(), filter));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static OutboundMessage latest(String topic, String payload) {
        return new OutboundMessage(topic, utf8(payload), 1, true, OutboundMessage.Delivery.LATEST);
    }

    private static OutboundMessage reliable(String topic, String payload, boolean retained) {
        return new OutboundMessage(topic, utf8(payload), 1, retained, OutboundMessage.Delivery.RELIABLE);
    }

    private static OutboundMessage telemetry(String topic, String payload) {
        return new OutboundMessage(topic, utf8(payload), 1, true, OutboundMessage.Delivery.TELEMETRY);
    }

    private static void awaitConnected(MqttLink link, Duration timeout) {
        await("link connected").atMost(timeout).until(() -> link.status().connected());
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void latestStateIsRetainedForALateSubscriber() {
        String state = topic("state");
        TestMqttClient early = observe(shared, state);
        PahoMqttLink link = link(shared.uri());
        for (int i = 1; i <= 3; i++) {
            assertTrue(link.publish(latest(state, "{\"n\":" + i + "}")));
        }
        early.await(state, "{\"n\":3}", DELIVERY);

        TestMqttClient late = observe(shared, state);
        TestMqttClient.Received r = late.await(state, "{\"n\":3}", DELIVERY);
        assertTrue(r.retained(), "a late subscriber gets the state as a retained message");
        assertEquals(List.of("{\"n\":3}"), late.payloads(state));
    }

    @Test
    void willIsPublishedWhenTheLinkProcessIsKilled() throws Exception {
        String status = topic("status");
        TestMqttClient observer = observe(shared, status);
        Path log = Files.createTempFile("will-client", ".log");
        closeLater(() -> Files.deleteIfExists(log));
        Process child = new ProcessBuilder(ChildJvm.command(WillClientMain.class, List.of("-XX:TieredStopAtLevel=1"),
                List.of(shared.uri(), clientId(), status)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        closeLater(child::destroyForcibly);

        observer.await(status, "{\"online\":true}", DELIVERY);
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no DISCONNECT
        assertTrue(child.waitFor(10, TimeUnit.SECONDS));

        observer.await(status, "{\"online\":false}", DELIVERY);
        TestMqttClient late = observe(shared, status);
        assertTrue(late.await(status, "{\"online\":false}", DELIVERY).retained(), "the Will is retained");
    }

    @Test
    void aBurstOfReliableMessagesArrivesCompleteAndInOrder() {
        String events = topic("events");
        TestMqttClient observer = observe(shared, events);
        PahoMqttLink link = link(shared.uri());
        awaitConnected(link, DELIVERY);

        for (int i = 0; i < 2000; i++) {
            assertTrue(link.publish(reliable(events, Integer.toString(i), false)), "queued " + i);
        }
        try {
            // Each QoS 1 message waits for its PUBACK inside Paho's in-flight window: on a loaded machine the
            // round trips, not the link, set the pace, so the bound is for completeness, not speed.
            observer.awaitCount(2000, DELIVERY.multipliedBy(4));
        } finally {
            log.info("burst: link {}", link.status());
        }
        List<String> expected = IntStream.range(0, 2000).mapToObj(Integer::toString).toList();
        assertEquals(expected, observer.payloads(events));
        await().atMost(DELIVERY).until(() -> link.status().reliablePending() == 0);
        assertEquals(0, link.status().reliableRefused());
    }

    @Test
    void aMixedBurstNeverOverrunsPahosInFlightWindow() {
        String events = topic("mixed/events");
        TestMqttClient observer = observe(shared, events);
        PahoMqttLink link = link(shared.uri());
        awaitConnected(link, DELIVERY);
        for (int i = 0; i < 5000; i++) {
            link.publish(new OutboundMessage(topic("mixed/t"), utf8(Integer.toString(i)), 0, false,
                    OutboundMessage.Delivery.TELEMETRY));
            if (i % 5 == 0) {
                assertTrue(link.publish(reliable(events, Integer.toString(i / 5), false)));
            }
        }
        observer.awaitCount(1000, DELIVERY);
        await().atMost(DELIVERY).until(() -> link.status().telemetryQueued() == 0
                && link.status().reliablePending() == 0);
        LinkStatus status = link.status();
        assertEquals(1, status.connects(), "no reconnect: Paho never refused a publish; " + status);
        assertEquals("", status.lastError());
        assertEquals(IntStream.range(0, 1000).mapToObj(Integer::toString).toList(), observer.payloads(events));
    }

    @Test
    void theFirstConnectSucceedsOnceTheBrokerStartsAndDeliversTheNewestTelemetry() {
        int port = FreePorts.reserve();
        String state = topic("first");
        String samples = topic("telemetry");
        int capacity = 100;
        PahoMqttLink link = link(settings("tcp://127.0.0.1:" + port, clientId(), null, capacity, KEEPALIVE), l -> { });
        assertTrue(link.publish(latest(state, "hello")));
        // Each sample is retained on a topic of its own, so that a late subscriber sees exactly the survivors.
        for (int i = 0; i < 1000; i++) {
            assertTrue(link.publish(telemetry(samples + "/" + i, Integer.toString(i))));
            assertTrue(link.status().telemetryQueued() <= capacity, "queue bounded at " + i);
        }
        assertEquals(900, link.status().telemetryDropped());
        assertEquals(capacity, link.status().telemetryQueued());
        await("failed attempts while no broker runs").atMost(DELIVERY)
                .until(() -> link.status().connectFailures() >= 2);
        assertFalse(link.status().connected());

        TestBroker broker = ownBroker(port);
        awaitConnected(link, DELIVERY);
        await().atMost(DELIVERY).until(() -> link.status().telemetryQueued() == 0);
        observe(broker, state).await(state, "hello", DELIVERY);
        TestMqttClient observer = observe(broker, samples + "/#");
        await("the newest 100 samples arrived").atMost(DELIVERY).until(() -> observer.size() >= capacity);
        assertEquals(IntStream.range(900, 1000).boxed().collect(Collectors.toSet()), sequenceNumbers(observer));
        assertEquals(900, link.status().telemetryDropped());
    }

    /** Also proves re-subscription: the broker (persistence off) forgot the link's subscription. */
    @Test
    void reliableMessagesAndSubscriptionsSurviveABrokerRestartBySigterm() {
        String commands = topic("cmd");
        ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> connectedTo = new ConcurrentLinkedQueue<>();
        LinkSettings settings = settings(shared.uri(), clientId(), null, 10_000, Duration.ofSeconds(1));
        PahoMqttLink link = link(settings, l -> {
            l.subscribe(commands, 1, m -> received.add(new String(m.payload(), StandardCharsets.UTF_8)));
            l.addConnectionListener(new MqttLink.ConnectionListener() {
                @Override
                public void onConnected(String brokerUri) {
                    connectedTo.add(brokerUri);
                }
            });
        });
        TestMqttClient operator = observe(shared, topic("unused"));
        awaitConnected(link, DELIVERY);
        operator.publish(commands, "before", 1, false);
        await().atMost(DELIVERY).until(() -> received.contains("before"));

        // SIGTERM lets a broker process what is already in its sockets, acknowledge it and lose it while it shuts
        // down (HiveMQ does). Waiting until the link has given up on the frozen connection keeps those
        // acknowledgements from reaching the link, so the link must resend everything after the freeze.
        reliableMessagesSurviveABrokerRestart(link, broker -> {
            await("link gave up on the frozen broker").atMost(DELIVERY).until(() -> !link.status().connected());
            broker.stop();
        });

        operator.reconnect(DELIVERY);
        // The broker forgot every subscription; until the link has re-subscribed, a QoS 1 command reaches no one
        // and is rightly discarded. Under load the link may also lose and re-make the new connection once more, so
        // the operator repeats the command, as a console does, until the link receives one.
        await("the subscription works again").atMost(DELIVERY).pollInterval(Duration.ofMillis(250)).until(() -> {
            operator.publish(commands, "after", 1, false);
            return received.contains("after");
        });
        assertEquals(link.status().connects(), connectedTo.size(), "onConnected on every connection");
        assertEquals(List.of(shared.uri()), List.copyOf(Set.copyOf(connectedTo)));
    }

    @Test
    void reliableMessagesSurviveABrokerCrashBySigkill() {
        PahoMqttLink link = link(settings(shared.uri(), clientId(), null, 10_000, Duration.ofSeconds(1)), l -> { });
        awaitConnected(link, DELIVERY);
        reliableMessagesSurviveABrokerRestart(link, TestBroker::kill);
    }

    /**
     * The outage hits while the link has messages in flight and queued: after a quiet point (everything so far
     * delivered) the broker is frozen, 1000 more messages are published (the link hands up to its in-flight
     * window to the frozen broker's socket, unacknowledged), then the outage runs and the broker restarts.
     * Without the freeze the test would also measure the broker's own durability: a broker that dies after
     * acknowledging a message but before writing it to the subscriber loses it (seen with Mosquitto: PUBACK
     * sent, forward lost), which no client can prevent at QoS 1 and is not what this contract is about.
     *
     * <p>Each message goes retained to a topic of its own, so that the observer also gets the ones the link
     * delivered to the new broker before the observer had re-subscribed.
     */
    private void reliableMessagesSurviveABrokerRestart(PahoMqttLink link, Consumer<TestBroker> outage) {
        String burst = topic("burst");
        TestMqttClient observer = observe(shared, burst + "/#");
        Set<Integer> expected = new TreeSet<>();

        publishBurst(link, burst, 0, 500, expected);
        awaitAll(observer, expected, link);
        long connectsBefore = link.status().connects();
        shared.pause();
        publishBurst(link, burst, 500, 1500, expected);
        outage.accept(shared);
        shared.restart();
        observer.reconnect(DELIVERY);
        publishBurst(link, burst, 1500, 2000, expected);

        awaitAll(observer, expected, link);
        assertTrue(link.status().connects() > connectsBefore, "reconnected: " + link.status());
        assertEquals(0, link.status().reliableRefused());
        await().atMost(DELIVERY).until(() -> link.status().reliablePending() == 0);
    }

    private static void publishBurst(MqttLink link, String prefix, int from, int to, Set<Integer> sent) {
        for (int i = from; i < to; i++) {
            assertTrue(link.publish(reliable(prefix + "/" + i, Integer.toString(i), true)), "queued " + i);
            sent.add(i);
        }
    }

    private static void awaitAll(TestMqttClient observer, Set<Integer> expected, MqttLink link) {
        await("every sequence number arrived").atMost(DELIVERY).untilAsserted(() -> {
            Set<Integer> missing = new TreeSet<>(expected);
            missing.removeAll(sequenceNumbers(observer));
            assertTrue(missing.isEmpty(), missing.size() + " missing: " + missing + "; " + link.status());
        });
    }

    private static Set<Integer> sequenceNumbers(TestMqttClient observer) {
        return observer.messages().stream().map(r -> Integer.valueOf(r.payload()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aFrozenBrokerIsDetectedByKeepaliveAndPublishNeverBlocks() {
        Duration keepAlive = Duration.ofSeconds(1);
        String events = topic("frozen");
        TestMqttClient observer = observe(shared, events);
        PahoMqttLink link = link(settings(shared.uri(), clientId(), null, 10_000, keepAlive), l -> { });
        awaitConnected(link, DELIVERY);

        shared.pause();
        long frozenAt = System.nanoTime();
        AtomicInteger sent = new AtomicInteger();
        long[] slowestPublish = {0};
        await("link notices the frozen broker").atMost(keepAlive.multipliedBy(3)).pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    long t0 = System.nanoTime();
                    link.publish(reliable(events, Integer.toString(sent.getAndIncrement()), false));
                    link.publish(telemetry(topic("frozen-telemetry"), "x"));
                    slowestPublish[0] = Math.max(slowestPublish[0], System.nanoTime() - t0);
                    return !link.status().connected();
                });
        long detectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozenAt);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(slowestPublish[0]) < 50,
                "publish() returned within 50 ms, slowest " + slowestPublish[0] / 1_000 + " µs");
        // The kernel still accepts TCP connections for the frozen broker; only the deadline ends the attempt.
        long failures = link.status().connectFailures();
        await("a connect attempt to the frozen broker hits its deadline").atMost(DELIVERY)
                .until(() -> link.status().connectFailures() > failures);
        assertTrue(link.status().lastError().contains("32000"), link.status().lastError());
        assertFalse(link.status().connected());

        shared.resume();
        int total = sent.get();
        await("reconnected after SIGCONT").atMost(DELIVERY).until(() -> link.status().connects() >= 2);
        await("everything published during the freeze delivered").atMost(DELIVERY)
                .until(() -> Set.copyOf(observer.payloads(events)).size() == total);
        log.info("frozen broker ({}) detected after {} ms with keepalive {}; slowest publish() {} µs; {} reliable"
                + " messages published during the freeze, all delivered", brokers().name(), detectedMillis,
                keepAlive, slowestPublish[0] / 1_000, total);
    }

    @Test
    void closeSendsTheLastMessageAndNoWill() {
        String status = topic("close");
        TestMqttClient observer = observe(shared, status);
        OutboundMessage will = latest(status, "{\"online\":false,\"will\":true}");
        PahoMqttLink link = link(settings(shared.uri(), clientId(), will), l -> { });
        link.publish(latest(status, "{\"online\":true}"));
        observer.await(status, "{\"online\":true}", DELIVERY);

        link.close(latest(status, "{\"online\":false}"), Duration.ofSeconds(2));
        link.close(latest(status, "{\"online\":\"again\"}"), Duration.ofSeconds(2)); // idempotent, ignored
        observer.await(status, "{\"online\":false}", DELIVERY);
        assertFalse(link.publish(latest(status, "{\"online\":true}")), "a closed link refuses messages");

        // Round trip through the broker after the link's connection ended: a Will would have come before it.
        String marker = topic("marker");
        TestMqttClient markers = observe(shared, marker);
        markers.publish(marker, "m", 1, false);
        markers.await(marker, "m", DELIVERY);
        TestMqttClient late = observe(shared, status);
        late.await(status, "{\"online\":false}", DELIVERY);
        assertEquals(List.of("{\"online\":true}", "{\"online\":false}"), observer.payloads(status));
        assertEquals(List.of("{\"online\":false}"), late.payloads(status));
    }

    @Test
    void closeEndsEveryThreadTheLinkStarted() {
        String clientId = clientId();
        PahoMqttLink link = link(settings(shared.uri(), clientId, null), l -> { });
        awaitConnected(link, DELIVERY);
        // Paho names its threads after the client id, and so does the link's keepalive scheduler.
        assertTrue(threadsNamedFor(clientId).stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).contains("ping")),
                "a keepalive thread runs while connected: " + threadsNamedFor(clientId));

        link.close(null, Duration.ofSeconds(2));

        await("every thread of the closed link ended").atMost(DELIVERY)
                .until(() -> threadsNamedFor(clientId).isEmpty());
    }

    private static List<String> threadsNamedFor(String clientId) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.contains(clientId)).toList();
    }

    @Test
    void closeReturnsWithinItsTimeoutWhenNoBrokerIsReachable() {
        int port = FreePorts.reserve();
        PahoMqttLink link = link("tcp://127.0.0.1:" + port);
        link.publish(reliable(topic("nowhere"), "1", false));
        long t0 = System.nanoTime();
        link.close(latest(topic("nowhere"), "bye"), Duration.ofMillis(500));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(millis < 500 + 1_500, "close took " + millis + " ms");
        assertFalse(link.status().connected());
    }

}
