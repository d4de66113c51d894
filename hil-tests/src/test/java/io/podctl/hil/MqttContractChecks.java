package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.controller.bootstrap.PodRuntime;
import io.podctl.controller.testing.TestBroker;
import io.podctl.controller.testing.TestMqttClient;
import io.podctl.hal.sim.SimulatedPod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT contract of docs/mqtt.md, topic by topic, and every command reason code over MQTT, against one
 * broker kind (see the subclasses): a whole simulated pod, commissioned once, observed only through MQTT.
 * Reason codes that need a tripped pod (CONDITION_ACTIVE, LOCAL_RESET_REQUIRED) are proved in
 * {@link PodProtectionIT}; OUT_OF_RANGE belongs to the setpoint commands, which are not part of this contract yet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MqttContractChecks {
    private static final Logger log = LoggerFactory.getLogger(MqttContractChecks.class);
    private static final String ROOT = SimPod.ROOT;

    private TestBroker broker;
    private SimPod pod;
    private Instant podStarting;

    /** The broker under test, started on a free port. */
    abstract TestBroker startBroker();

    /** A retained command left on the broker before the pod starts: delivered with the retain flag on subscribe. */
    private final String retainedId = "retained-" + UUID.randomUUID();

    @BeforeAll
    void startPod() {
        broker = startBroker();
        // The embedded broker may accept TCP a moment before it accepts MQTT connections.
        await("broker accepting MQTT clients").atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (TestMqttClient operator = TestMqttClient.subscribe(broker.uri(), "nothing/here")) {
                operator.publish(ROOT + "/cmd/ack/operator", SimPod.envelope(retainedId, Instant.now(),
                        Duration.ofSeconds(5), null), 1, true);
            }
            return true;
        });
        // Not commissioned: the contract does not depend on the mode, and the start-up wait is the slowest part.
        podStarting = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        pod = SimPod.start(broker.uri());
        await("first state").atMost(Duration.ofSeconds(10)).until(() -> pod.state() != null);
        // Subscribed: the retained command left above has been answered.
        pod.mqtt.await(ROOT + "/replies", p -> p.contains(retainedId), Duration.ofSeconds(15));
    }

    @AfterAll
    void stop() {
        if (pod != null) {
            pod.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void retainedTopicsDescribeThePodToALateSubscriber() {
        await("state published after commissioning").atMost(Duration.ofSeconds(10))
                .until(() -> !pod.mqtt.payloads(ROOT + "/state").isEmpty());
        try (TestMqttClient late = TestMqttClient.subscribe(broker.uri(), ROOT + "/#")) {
            TestMqttClient.Received status = late.await(ROOT + "/status", p -> p.contains("\"online\":true"),
                    Duration.ofSeconds(5));
            assertTrue(status.retained());
            JsonNode s = SimPod.json(status.payload());
            assertEquals(3, s.path("contract").asInt(), status.payload());
            assertEquals(pod.configHash, s.path("configHash").asText());
            assertEquals(5000, s.path("stateIntervalMs").asInt(), "the default state interval: " + status.payload());
            TestMqttClient.Received state = late.await(ROOT + "/state", p -> true, Duration.ofSeconds(5));
            assertTrue(state.retained());
            JsonNode st = SimPod.json(state.payload());
            for (String section : List.of("mode", "trips", "alarms", "outputs", "devices", "loop", "clock",
                    "publisher")) {
                assertTrue(st.has(section), "state has " + section + ": " + st);
            }
            assertTrue(st.path("clock").path("synchronized").asBoolean(), "the simulated clock is synchronized: " + st);
            assertEquals("simulated", st.path("clock").path("source").asText(), st.toString());
            JsonNode journal = st.path("publisher").path("journal");
            assertFalse(journal.path("full").asBoolean(true), st.toString());
            assertTrue(st.path("publisher").has("telemetryDropped"));
            TestMqttClient.Received point = late.await(ROOT + "/points/cdu.supplyTemp", p -> true,
                    Duration.ofSeconds(5));
            assertTrue(point.retained());
            JsonNode p = SimPod.json(point.payload());
            assertEquals("degC", p.path("u").asText());
            assertEquals("GOOD", p.path("q").asText());
            assertTrue(p.path("v").isNumber() && p.has("ts"), point.payload());
            TestMqttClient.Received alarm = late.await(ROOT + "/alarms/cdu.supplyTemp.high", x -> true,
                    Duration.ofSeconds(5));
            assertTrue(alarm.retained());
            JsonNode a = SimPod.json(alarm.payload());
            assertEquals("NORMAL", a.path("state").asText());
            assertTrue(a.has("shelved") && a.get("shelved").isNull() && a.get("outOfService").isNull(),
                    alarm.payload());
        }
    }

    /** What the alarm list of a console needs: who shelved an alarm, why, and until when, on its own topic. */
    @Test
    void aShelvedAlarmCarriesItsShelvingOnItsTopic() {
        String topic = ROOT + "/alarms/cdu.supplyTemp.high";
        assertCode("ACCEPTED", pod.command("shelve", "operator",
                "{\"alarm\":\"cdu.supplyTemp.high\",\"reason\":\"sensor being replaced\",\"duration\":\"15min\"}"));
        JsonNode shelved = SimPod.json(pod.mqtt.await(topic, p -> !SimPod.json(p).path("shelved").isNull(),
                Duration.ofSeconds(5)).payload()).path("shelved");
        assertEquals("operator", shelved.path("by").asText(), shelved.toString());
        assertEquals("sensor being replaced", shelved.path("reason").asText(), shelved.toString());
        Instant until = Instant.parse(shelved.path("until").asText());
        assertTrue(until.isAfter(Instant.now().plusSeconds(13 * 60)) && until.isBefore(Instant.now().plusSeconds(16 * 60)),
                shelved.toString());
        assertCode("ACCEPTED", pod.command("unshelve", "operator", "{\"alarm\":\"cdu.supplyTemp.high\"}"));
        await("the shelving ends on the topic").atMost(Duration.ofSeconds(5)).until(() -> {
            List<String> all = pod.mqtt.payloads(topic);
            return SimPod.json(all.get(all.size() - 1)).path("shelved").isNull();
        });
    }

    @Test
    void textPointsCarryTheDevicesTextRetained() {
        try (TestMqttClient late = TestMqttClient.subscribe(broker.uri(), ROOT + "/points/#")) {
            for (Map.Entry<String, String> e : Map.of("cdu.serialNumber", SimulatedPod.CDU_SERIAL_NUMBER,
                    "cdu.firmwareVersion", SimulatedPod.CDU_FIRMWARE_VERSION, "cdu.model", SimulatedPod.CDU_MODEL)
                    .entrySet()) {
                TestMqttClient.Received text = late.await(ROOT + "/points/" + e.getKey(),
                        p -> p.contains("\"GOOD\""), Duration.ofSeconds(15));
                assertTrue(text.retained(), e.getKey());
                JsonNode p = SimPod.json(text.payload());
                assertTrue(p.path("v").isTextual(), text.payload());
                assertEquals(e.getValue(), p.path("v").asText(), "the simulated CDU's text");
                assertEquals("", p.path("u").asText());
                assertTrue(p.has("ts"), text.payload());
            }
        }
        assertTrue(pod.state().devices().stream().anyMatch(d -> d.deviceId().equals("cdu")));
    }

    @Test
    void anUnchangedPointIsNotRepublishedEveryCycle() {
        String topic = ROOT + "/points/leak.rack1";
        await().atMost(Duration.ofSeconds(5)).until(() -> !pod.mqtt.payloads(topic).isEmpty());
        int before = pod.mqtt.payloads(topic).size();
        long cycles = pod.state().loop().cycles();
        await("20 loop cycles").atMost(Duration.ofSeconds(10)).until(() -> pod.state().loop().cycles() >= cycles + 20);
        assertTrue(pod.mqtt.payloads(topic).size() - before <= 1, "report by exception: a steady input is not "
                + "re-sent each cycle: " + pod.mqtt.payloads(topic));
    }

    @Test
    void eventsCarryIncreasingSeqAndAreLiveNotHistorical() {
        pod.command("ack", "operator", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> pod.mqtt.payloads(ROOT + "/events").size() >= 2);
        List<JsonNode> events = pod.mqtt.payloads(ROOT + "/events").stream().map(SimPod::json).toList();
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).path("seq").asLong() > events.get(i - 1).path("seq").asLong(),
                    "strictly increasing: " + events);
        }
        JsonNode last = events.getLast();
        assertTrue(last.has("historical") && !last.path("historical").asBoolean(), last.toString());
        for (String f : List.of("time", "type", "source", "severity", "message")) {
            assertTrue(last.has(f), f + " in " + last);
        }
    }

    /**
     * The pod starts without a state file, so its first events (the {@code controller.state-file} alarm, raised
     * and returned at once) are made before the loop's first cycle: they, and every other timestamp, carry the
     * real wall time.
     */
    @Test
    void firstStartEventsCarryTheWallTime() {
        String alarmTopic = ROOT + "/alarms/" + PodRuntime.STATE_FILE_ALARM;
        JsonNode raised = SimPod.json(pod.mqtt.await(ROOT + "/events", p -> SimPod.json(p).path("source").asText()
                .equals(PodRuntime.STATE_FILE_ALARM), Duration.ofSeconds(10)).payload());
        JsonNode alarm = SimPod.json(pod.mqtt.await(alarmTopic, p -> true, Duration.ofSeconds(10)).payload());
        Instant now = Instant.now();
        List<String> stamps = new ArrayList<>();
        stamps.add(raised.path("time").asText());
        stamps.add(alarm.path("since").asText());
        pod.mqtt.payloads(ROOT + "/events").forEach(e -> stamps.add(SimPod.json(e).path("time").asText()));
        for (String stamp : stamps) {
            Instant t = Instant.parse(stamp);
            assertFalse(t.isBefore(podStarting) || t.isAfter(now), stamp + " is not within this run (" + podStarting
                    + " .. " + now + "): " + raised + " " + alarm);
        }
    }

    @Test
    void rebirthRepublishesEveryRetainedTopic() {
        int statuses = pod.mqtt.payloads(ROOT + "/status").size();
        int alarms = pod.mqtt.payloads(ROOT + "/alarms/leak.rack1").size();
        int points = pod.mqtt.payloads(ROOT + "/points/leak.rack1").size();
        assertEquals("ACCEPTED", pod.command("rebirth", "viewer", null).path("code").asText());
        await("status, alarms and points again").atMost(Duration.ofSeconds(5))
                .until(() -> pod.mqtt.payloads(ROOT + "/status").size() > statuses
                        && pod.mqtt.payloads(ROOT + "/alarms/leak.rack1").size() > alarms
                        && pod.mqtt.payloads(ROOT + "/points/leak.rack1").size() > points);
    }

    @Test
    void everyReasonCodeOverMqttWithAnAuditEvent() {
        Instant now = Instant.now();
        assertCode("ACCEPTED", pod.command("ack", "operator", null));
        assertCode("MALFORMED", pod.rawCommand("ack", "operator", "{not json", false, null));
        assertCode("MALFORMED", raw("ack", "operator", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
        assertCode("MALFORMED", pod.rawCommand("ack", "operator", "{\"id\":\"big\",\"pad\":\"" + "x".repeat(5000)
                + "\"}", false, null));
        assertCode("MALFORMED", pod.rawCommand("ack", "operator", "{\"id\":\"deep\",\"args\":"
                + "{\"a\":".repeat(10) + "1" + "}".repeat(10) + "}", false, null));
        String id = "u-" + UUID.randomUUID();
        assertCode("MALFORMED", pod.rawCommand("ack", "operator", "{\"id\":\"" + id + "\",\"issuedAt\":\"" + now
                + "\",\"expiresAt\":\"" + now.plusSeconds(4) + "\",\"extra\":1}", false, id));
        id = "u-" + UUID.randomUUID();
        assertCode("UNKNOWN_COMMAND", pod.rawCommand("frobnicate", "operator",
                SimPod.envelope(id, now, Duration.ofSeconds(4), null), false, id));
        id = "u-" + UUID.randomUUID();
        assertCode("INVALID_ARGS", pod.rawCommand("ack", "operator",
                SimPod.envelope(id, now, Duration.ofSeconds(4), "{\"bogus\":1}"), false, id));
        id = "u-" + UUID.randomUUID();
        assertCode("EXPIRED", pod.rawCommand("ack", "operator",
                SimPod.envelope(id, now.minusSeconds(10), Duration.ofSeconds(4), null), false, id));
        id = "u-" + UUID.randomUUID();
        assertCode("ACCEPTED", pod.rawCommand("ack", "operator",
                SimPod.envelope(id, Instant.now(), Duration.ofSeconds(4), null), false, id));
        assertCode("DUPLICATE", pod.rawCommand("ack", "operator",
                SimPod.envelope(id, Instant.now(), Duration.ofSeconds(4), null), false, null));
        assertCode("FORBIDDEN", pod.command("reset", "viewer", null));
        // A live subscriber gets a retained publish without the retain flag (MQTT 3.1.1 §3.3.1.3); the flag is
        // on when the broker replays it to a new subscription, as it did when the pod subscribed.
        try {
            assertCode("RETAINED_NOT_ALLOWED", SimPod.json(pod.mqtt.await(ROOT + "/replies",
                    p -> p.contains(retainedId), Duration.ofSeconds(5)).payload()));
        } finally {
            pod.mqtt.publish(ROOT + "/cmd/ack/operator", new byte[0], 1, true); // clear it (refused as MALFORMED)
        }
        await("every refusal audited").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            List<String> codes = pod.mqtt.payloads(ROOT + "/events").stream().map(SimPod::json)
                    .filter(e -> e.path("type").asText().equals("COMMAND"))
                    .map(e -> e.path("details").path("code").asText()).toList();
            for (String code : List.of("ACCEPTED", "MALFORMED", "UNKNOWN_COMMAND", "INVALID_ARGS", "EXPIRED",
                    "DUPLICATE", "FORBIDDEN", "RETAINED_NOT_ALLOWED")) {
                assertTrue(codes.contains(code), code + " audited: " + codes);
            }
        });
    }

    @Test
    void aCommandFloodIsAnsweredBusyWhileTheLoopKeepsItsPeriod() {
        long overrunsBefore = pod.state().loop().overruns();
        int n = 500;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String id = "flood-" + i + "-" + UUID.randomUUID();
            // QoS 0, as a flood would come: no round trip per message.
            pod.mqtt.publish(ROOT + "/cmd/ack/operator", SimPod.envelope(id, Instant.now(), Duration.ofSeconds(5),
                    null), 0, false);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        await("a reply to every command").atMost(Duration.ofSeconds(20)).until(() -> pod.mqtt.payloads(ROOT
                + "/replies").stream().filter(r -> r.contains("\"flood-")).count() >= n);
        List<JsonNode> replies = pod.mqtt.payloads(ROOT + "/replies").stream().map(SimPod::json)
                .filter(r -> r.path("id").asText().startsWith("flood-")).toList();
        long busy = replies.stream().filter(r -> r.path("code").asText().equals("BUSY")).count();
        long accepted = replies.stream().filter(r -> r.path("code").asText().equals("ACCEPTED")).count();
        long overruns = pod.state().loop().overruns() - overrunsBefore;
        log.info("flood of {}: {} accepted, {} busy, loop overruns during it: {}, max lateness {} us", n, accepted,
                busy, overruns, pod.state().loop().maxLatenessMicros());
        assertEquals(n, replies.stream().map(r -> r.path("id").asText()).distinct().count(), "one reply each");
        assertTrue(busy > 0, "the rate limit refuses the flood");
        assertTrue(accepted <= 10 + 5 * Math.ceil(seconds + 1), "at most the burst plus 5/s accepted: " + accepted
                + " in " + seconds + " s");
        assertTrue(overruns <= 3, "the loop keeps its period under a command flood: " + overruns + " overruns");
    }

    private JsonNode raw(String name, String identity, byte[] payload) {
        int before = pod.mqtt.payloads(ROOT + "/replies").size();
        pod.mqtt.publish(ROOT + "/cmd/" + name + "/" + identity, payload, 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> pod.mqtt.payloads(ROOT + "/replies").size() > before);
        return SimPod.json(pod.mqtt.payloads(ROOT + "/replies").get(before));
    }

    private static void assertCode(String code, JsonNode reply) {
        assertEquals(code, reply.path("code").asText(), reply.toString());
        assertEquals(code.equals("ACCEPTED"), reply.path("ok").asBoolean(), reply.toString());
        assertTrue(reply.has("message") && reply.has("time"), reply.toString());
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
