package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.config.DataType;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.journal.JournalStatus;
import io.podctl.controller.testing.MosquittoBroker;
import io.podctl.controller.testing.TestMqttClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the broker does to the pod's messages: restarted (SIGTERM), crashed (SIGKILL), frozen (SIGSTOP) and away
 * long enough to overflow the telemetry queue. Events go through the production path (event log, journal,
 * link) and the consumer checks what any consumer can: the {@code seq} range it saw has no gap.
 */
class BrokerOutageIT {
    private static final Logger log = LoggerFactory.getLogger(BrokerOutageIT.class);
    private static final String EVENTS = SimPod.ROOT + "/events";

    private static MosquittoBroker broker;
    private SimPod pod;
    /**
     * The consumer under test: a persistent session on a broker with persistence, so that it loses nothing while
     * it reconnects after a restart (whoever reconnects first, it or the pod).
     */
    private TestMqttClient consumer;

    @BeforeAll
    static void startBroker() {
        broker = MosquittoBroker.start(0, true);
    }

    private SimPod startPod(UnaryOperator<PodConfig> customize, PodRuntime.Tuning tuning) {
        consumer = TestMqttClient.subscribePersistent(broker.uri(), EVENTS, "outage-consumer-" + UUID.randomUUID());
        return SimPod.start(broker.uri(), customize, tuning);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void stopPod() {
        if (pod != null) {
            pod.close();
        }
        if (consumer != null) {
            consumer.close();
        }
        broker.ensureRunning();
    }

    private void appendBurstEvents(int n) {
        for (int i = 0; i < n; i++) {
            pod.runtime().eventLog().append(Instant.now(), "TEST_BURST", "burst", "alarm", "burst event " + i,
                    Map.of("i", Integer.toString(i)));
        }
    }

    /** Seqs of TEST_BURST events the consumer received (duplicates collapse). */
    private TreeSet<Long> burstSeqs() {
        TreeSet<Long> seqs = new TreeSet<>();
        for (String p : consumer.payloads(EVENTS)) {
            JsonNode e = SimPod.json(p);
            if (e.path("type").asText().equals("TEST_BURST")) {
                seqs.add(e.path("seq").asLong());
            }
        }
        return seqs;
    }

    private long historicalBurstEvents() {
        return consumer.payloads(EVENTS).stream().map(SimPod::json)
                .filter(e -> e.path("type").asText().equals("TEST_BURST") && e.path("historical").asBoolean())
                .count();
    }

    private void awaitNoGap(int expected) {
        awaitNoGap(expected, List.of());
    }

    /**
     * Waits until every burst event is at the consumer, then checks the seq range for gaps. Only seqs inside a
     * {@code crashWindow} may be missing: events the broker had acknowledged to the pod but not yet handed to
     * the consumer when it died (no publisher can get those back from a broker without persistence).
     */
    private void awaitNoGap(int expected, List<long[]> crashWindows) {
        try {
            await("every burst event at the consumer").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> burstSeqs().size() + allowedMissing(
                            crashWindows) >= expected && pod.runtime().journal().status().pending() == 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("received " + burstSeqs().size() + " of " + expected + "; journal "
                    + pod.runtime().journal().status() + "; link " + pod.runtime().link().status(), e);
        }
        TreeSet<Long> seqs = burstSeqs();
        // The event log numbers every event, ours and the pod's own, from one counter: check the whole range.
        TreeSet<Long> all = new TreeSet<>();
        consumer.payloads(EVENTS).forEach(p -> all.add(SimPod.json(p).path("seq").asLong()));
        long journaledFirst = seqs.first();
        for (long s = journaledFirst; s <= seqs.last(); s++) {
            long seq = s;
            assertTrue(all.contains(s) || crashWindows.stream().anyMatch(w -> seq > w[0] && seq <= w[1]),
                    "seq " + s + " missing between " + seqs.first() + " and " + seqs.last()
                            + " and outside the brokers' crash windows");
        }
    }

    private long allowedMissing(List<long[]> windows) {
        TreeSet<Long> seen = burstSeqs();
        long n = 0;
        for (long[] w : windows) {
            if (w[1] > w[0]) {
                n += (w[1] - w[0]) - seen.subSet(w[0] + 1, true, w[1], true).size();
            }
        }
        return n;
    }

    private long consumerMaxSeq() {
        TreeSet<Long> seen = burstSeqs();
        return seen.isEmpty() ? 0 : seen.last();
    }

    @Test
    void aBurstOfEventsSurvivesABrokerRestartAndACrashWithoutAGap() throws Exception {
        pod = startPod(UnaryOperator.identity(), PodRuntime.Tuning.DEFAULT);
        await().atMost(Duration.ofSeconds(10)).until(() -> pod.runtime().link().status().connected());
        int n = 1500;
        AtomicBoolean done = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                pod.runtime().eventLog().append(Instant.now(), "TEST_BURST", "burst", "alarm", "burst event " + i,
                        Map.of("i", Integer.toString(i)));
                long until = System.nanoTime() + 4_000_000; // ~250 events/s, ~6 s in all
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            done.set(true);
        }, "burst");
        producer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> burstSeqs().size() > 100);
        List<long[]> windows = new ArrayList<>();
        windows.add(restartDuringBurst(false));
        await().atMost(Duration.ofSeconds(10)).until(() -> pod.runtime().link().status().connected());
        awaitConsumerCaughtUp();
        windows.add(restartDuringBurst(true));
        producer.join(30_000);
        assertTrue(done.get());
        awaitNoGap(n, windows);
        long lost = allowedMissing(windows);
        log.info("events the dying broker had acknowledged but not delivered: {} (windows {})", lost,
                windows.stream().map(w -> w[0] + ".." + w[1]).toList());
        JournalStatus j = pod.runtime().journal().status();
        log.info("burst of {} across SIGTERM and SIGKILL: {} replayed from the journal as historical, journal {}",
                n, historicalBurstEvents(), j);
        await("journal drained").atMost(Duration.ofSeconds(10))
                .until(() -> pod.runtime().journal().status().pending() == 0);
    }

    /**
     * Stops (SIGTERM) or crashes (SIGKILL) the broker while events flow and starts it again; returns the window
     * of seqs the broker may have taken with it: above what the consumer had seen, up to what the pod had been
     * acknowledged by the time the broker was gone.
     */
    private long[] restartDuringBurst(boolean crash) {
        long seen = consumerMaxSeq();
        if (crash) {
            broker.kill();
        } else {
            broker.stop();
        }
        long acked = pod.runtime().journal().status().acknowledgedSeq();
        broker.restart();
        consumer.reconnect(Duration.ofSeconds(10));
        pod.mqtt.reconnect(Duration.ofSeconds(10));
        return new long[] {seen, Math.max(seen, acked)};
    }

    private void awaitConsumerCaughtUp() {
        await("consumer caught up with what the broker acknowledged").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    long acked = pod.runtime().journal().status().acknowledgedSeq();
                    TreeSet<Long> seen = burstSeqs();
                    return pod.runtime().journal().status().backlog() == 0 && !seen.isEmpty()
                            && seen.last() >= acked - 5;
                });
    }

    @Test
    void aFrozenBrokerLeavesTheLoopPeriodAloneAndNothingIsLostAfterIt() {
        pod = startPod(c -> SimPod.withKeepAlive(c, Duration.ofSeconds(1)), PodRuntime.Tuning.DEFAULT);
        await().atMost(Duration.ofSeconds(10)).until(() -> pod.runtime().link().status().connected()
                && pod.state() != null);
        long overruns = pod.state().loop().overruns();
        long cycles = pod.state().loop().cycles();
        broker.pause();
        try {
            await("keepalive notices the frozen broker").atMost(Duration.ofSeconds(6))
                    .until(() -> !pod.runtime().link().status().connected());
            appendBurstEvents(200);
            await("1 s of loop cycles while frozen").atMost(Duration.ofSeconds(5))
                    .until(() -> pod.state().loop().cycles() >= cycles + 30);
        } finally {
            broker.resume();
        }
        long frozenOverruns = pod.state().loop().overruns() - overruns;
        log.info("broker frozen: loop overruns {}, p99 lateness {} us, max lateness {} us", frozenOverruns,
                pod.state().loop().p99LatenessMicros(), pod.state().loop().maxLatenessMicros());
        assertTrue(frozenOverruns <= 2, "the loop does not wait for MQTT: " + frozenOverruns + " overruns");
        await("reconnected after the freeze").atMost(Duration.ofSeconds(20))
                .until(() -> pod.runtime().link().status().connected());
        awaitNoGap(200);
        assertEquals(200, historicalBurstEvents(), "events journaled while the link was down are historical");
    }

    @Test
    void aLongOutageDropsCountedTelemetryKeepsEveryEventAndStaysBounded() {
        PodRuntime.Tuning small = new PodRuntime.Tuning(20, 64 * 1024, 4);
        pod = startPod(UnaryOperator.identity(), small);
        await().atMost(Duration.ofSeconds(10)).until(() -> pod.runtime().link().status().connected());
        broker.stop();
        await("telemetry dropped, oldest first, while the broker is away").atMost(Duration.ofSeconds(30))
                .until(() -> pod.runtime().link().status().telemetryDropped() > 0);
        appendBurstEvents(1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> pod.runtime().journal().status().appended() >= 1000);
        JournalStatus during = pod.runtime().journal().status();
        assertTrue(pod.runtime().link().status().telemetryQueued() <= 20, "telemetry queue bounded");
        assertTrue(during.bytes() <= 4L * 64 * 1024, "journal bounded on disk: " + during);
        assertTrue(during.backlog() >= 1000, "events wait on disk, not in memory: " + during);
        assertTrue(pod.runtime().link().status().reliablePending() <= 256 + 16,
                "in memory at most the journal's send window: " + pod.runtime().link().status());

        broker.restart();
        consumer.reconnect(Duration.ofSeconds(10));
        pod.mqtt.reconnect(Duration.ofSeconds(10));
        awaitNoGap(1000);
        assertEquals(1000, historicalBurstEvents());
        JsonNode state = SimPod.json(pod.mqtt.await(SimPod.ROOT + "/state", p -> SimPod.json(p).path("publisher")
                .path("telemetryDropped").asLong() > 0, Duration.ofSeconds(10)).payload());
        log.info("after the outage: publisher section {}", state.path("publisher"));
        assertEquals(0, state.path("publisher").path("journal").path("dropped").asLong());
        // The reconnect re-publishes every point as the latest value, whatever telemetry was dropped.
        await("every point current again").atMost(Duration.ofSeconds(10)).until(() -> pod.config.devices().stream()
                .flatMap(d -> d.points().stream().map(pt -> d.qualifiedPointId(pt)))
                .allMatch(id -> !pod.mqtt.payloads(SimPod.ROOT + "/points/" + id).isEmpty()));
    }
}
