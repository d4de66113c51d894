package io.podctl.controller.mqtt.paho;

import io.podctl.controller.mqtt.OutboundMessage;
import io.podctl.controller.mqtt.OutboundMessage.Delivery;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundQueuesTest {

    private final OutboundQueues queues = new OutboundQueues(3, 3, 2);

    private static OutboundMessage msg(Delivery delivery, String topic, String payload) {
        return new OutboundMessage(topic, payload.getBytes(StandardCharsets.UTF_8), 1, delivery == Delivery.LATEST,
                delivery);
    }

    private static String payload(OutboundQueues.Sent s) {
        return new String(s.message.payload(), StandardCharsets.UTF_8);
    }

    private List<OutboundQueues.Sent> drain() {
        List<OutboundQueues.Sent> out = new ArrayList<>();
        for (OutboundQueues.Sent s = queues.next(); s != null; s = queues.next()) {
            out.add(s);
        }
        return out;
    }

    private List<String> payloads(List<OutboundQueues.Sent> sent) {
        return sent.stream().map(OutboundQueuesTest::payload).toList();
    }

    @Test
    void latestKeepsOnlyTheNewestMessagePerTopic() {
        queues.offer(msg(Delivery.LATEST, "a", "a1"));
        queues.offer(msg(Delivery.LATEST, "b", "b1"));
        queues.offer(msg(Delivery.LATEST, "a", "a2"));
        assertEquals(List.of("a2", "b1"), payloads(drain()));
    }

    @Test
    void latestRefusesANewTopicBeyondTheCapAndCountsIt() {
        assertTrue(queues.offer(msg(Delivery.LATEST, "a", "1")));
        assertTrue(queues.offer(msg(Delivery.LATEST, "b", "1")));
        assertFalse(queues.offer(msg(Delivery.LATEST, "c", "1")));
        assertTrue(queues.offer(msg(Delivery.LATEST, "a", "2")), "a known topic is still replaced");
        assertEquals(1, queues.latestRefused());
        assertEquals(2, queues.latestQueued());
    }

    @Test
    void telemetryDropsTheOldestWhenFullAndCountsIt() {
        for (int i = 0; i < 5; i++) {
            assertTrue(queues.offer(msg(Delivery.TELEMETRY, "t", Integer.toString(i))));
            assertTrue(queues.telemetryQueued() <= 3);
        }
        assertEquals(2, queues.telemetryDropped());
        assertEquals(List.of("2", "3", "4"), payloads(drain()));
    }

    @Test
    void reliableIsRefusedWhenQueuedPlusInFlightReachTheCapacity() {
        assertTrue(queues.offer(msg(Delivery.RELIABLE, "r", "0")));
        assertTrue(queues.offer(msg(Delivery.RELIABLE, "r", "1")));
        OutboundQueues.Sent inFlight = queues.next();
        assertTrue(queues.offer(msg(Delivery.RELIABLE, "r", "2")));
        assertFalse(queues.offer(msg(Delivery.RELIABLE, "r", "3")), "in flight still counts until acknowledged");
        assertEquals(1, queues.reliableRefused());
        assertEquals(3, queues.reliablePending());

        queues.acknowledged(inFlight);
        assertEquals(2, queues.reliablePending());
        assertTrue(queues.offer(msg(Delivery.RELIABLE, "r", "4")));
    }

    @Test
    void reliableMessagesInFlightGoBackInTheirOriginalOrderWhenTheConnectionIsLost() {
        for (int i = 0; i < 3; i++) {
            queues.offer(msg(Delivery.RELIABLE, "r", Integer.toString(i)));
        }
        OutboundQueues.Sent first = queues.next();
        OutboundQueues.Sent second = queues.next();
        queues.acknowledged(second); // acknowledged out of order: only 0 remains unacknowledged in flight
        queues.next(); // 2 in flight
        queues.connectionLost();

        assertEquals(0, queues.inFlight());
        assertEquals(2, queues.reliablePending());
        assertEquals(List.of("0", "2"), payloads(drain()));

        long before = queues.acknowledged();
        queues.acknowledged(first); // a late completion from the old connection: stale, ignored
        assertEquals(before, queues.acknowledged());
        assertEquals(2, queues.reliablePending(), "the resent copy is still awaited");
    }

    @Test
    void aFailedSendGoesBackBeforeLaterMessages() {
        queues.offer(msg(Delivery.RELIABLE, "r", "0"));
        queues.offer(msg(Delivery.RELIABLE, "r", "1"));
        OutboundQueues.Sent zero = queues.next();
        assertTrue(queues.failed(zero));
        assertFalse(queues.failed(zero), "a second report about the same handle is stale");
        assertEquals(List.of("0", "1"), payloads(drain()));
    }

    @Test
    void reliableGoesFirstThenLatestThenTelemetry() {
        queues.offer(msg(Delivery.TELEMETRY, "t", "t"));
        queues.offer(msg(Delivery.LATEST, "l", "l"));
        queues.offer(msg(Delivery.RELIABLE, "r", "r"));
        assertEquals(List.of("r", "l", "t"), payloads(drain()));
    }

    @Test
    void latestInFlightIsRequeuedAfterALossUnlessANewerValueArrived() {
        queues.offer(msg(Delivery.LATEST, "a", "a1"));
        queues.offer(msg(Delivery.LATEST, "b", "b1"));
        drain();
        queues.offer(msg(Delivery.LATEST, "a", "a2"));
        queues.connectionLost();
        assertEquals(List.of("a2", "b1"), payloads(drain()));
    }

    @Test
    void telemetryInFlightWhenTheConnectionIsLostCountsAsDropped() {
        queues.offer(msg(Delivery.TELEMETRY, "t", "1"));
        queues.next();
        queues.connectionLost();
        assertEquals(1, queues.telemetryDropped());
        assertNull(queues.next());
    }

    @Test
    void closeSendsTheLastMessageAfterEverythingElseAndItSupersedesLatestOnItsTopic() {
        queues.offer(msg(Delivery.LATEST, "status", "online"));
        queues.offer(msg(Delivery.LATEST, "state", "s"));
        queues.offer(msg(Delivery.RELIABLE, "events", "e"));
        queues.offer(msg(Delivery.TELEMETRY, "t", "t"));
        queues.beginClose(msg(Delivery.LATEST, "status", "offline"));

        assertFalse(queues.offer(msg(Delivery.RELIABLE, "events", "late")), "closing refuses new messages");
        assertEquals(1, queues.telemetryDropped(), "queued telemetry is discarded and counted");
        List<OutboundQueues.Sent> sent = drain();
        assertEquals(List.of("e", "s", "offline"), payloads(sent));
        assertFalse(queues.drainedForClose(), "the last message is not acknowledged yet");
        sent.forEach(queues::acknowledged);
        assertTrue(queues.drainedForClose());
    }

    @Test
    void theLastMessageIsKeptForResendingIfTheConnectionDropsWhileItIsInFlight() {
        queues.beginClose(msg(Delivery.LATEST, "status", "offline"));
        assertEquals("offline", payload(queues.next()));
        queues.connectionLost();
        assertFalse(queues.drainedForClose());
        assertEquals("offline", payload(queues.next()));
    }

    @Test
    void aLatestMessageSupersedesQueuedTelemetryOnItsTopicAndKeepsItsCallbackOnReliable() {
        queues.offer(msg(Delivery.TELEMETRY, "p/a", "old-a"));
        queues.offer(msg(Delivery.TELEMETRY, "p/b", "old-b"));
        queues.offer(msg(Delivery.LATEST, "p/a", "current-a"));
        assertEquals(1, queues.telemetryQueued(), "the older value of p/a is gone, p/b stays");
        assertEquals(0, queues.telemetryDropped(), "superseded, not dropped");
        assertEquals("current-a", payload(queues.next()));
        assertEquals("old-b", payload(queues.next()));

        int[] acked = {0};
        queues.offer(new OutboundMessage("e", new byte[] {1}, 1, false, Delivery.RELIABLE), () -> acked[0]++);
        OutboundQueues.Sent first = queues.next();
        queues.connectionLost(); // back to the queue, callback and all
        OutboundQueues.Sent again = queues.next();
        assertEquals(first.sequence, again.sequence);
        assertTrue(queues.acknowledged(again));
        again.onAcknowledged.run();
        assertEquals(1, acked[0]);
        assertFalse(queues.acknowledged(first), "a stale handle does not count twice");
    }
}
