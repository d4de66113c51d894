package io.podctl.controller.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.events.PodEvent;
import io.podctl.hal.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final List<EventJournal> open = new ArrayList<>();

    /** A link stand-in: records what it is handed; the test acknowledges. */
    static final class FakeSender implements EventJournal.Sender {
        record Sent(PodEvent event, boolean historical, Runnable ack) {
        }

        final AtomicBoolean connected = new AtomicBoolean(true);
        final AtomicBoolean autoAck = new AtomicBoolean(true);
        final AtomicBoolean refuse = new AtomicBoolean();
        private final List<Sent> sent = new ArrayList<>();

        @Override
        public boolean connected() {
            return connected.get();
        }

        @Override
        public synchronized boolean send(PodEvent event, boolean historical, Runnable onAcknowledged) {
            if (refuse.get()) {
                return false;
            }
            sent.add(new Sent(event, historical, onAcknowledged));
            if (autoAck.get()) {
                onAcknowledged.run();
            }
            return true;
        }

        synchronized List<Sent> sent() {
            return List.copyOf(sent);
        }

        synchronized List<Long> seqs() {
            return sent.stream().map(s -> s.event().seq()).toList();
        }

        void ackAll() {
            sent().forEach(s -> s.ack().run());
        }
    }

    private JournalSettings settings(boolean fsync) {
        return new JournalSettings(dir, 64 * 1024, 4, 1024, 16, fsync);
    }

    private EventJournal open(JournalSettings s) {
        EventJournal j = EventJournal.open(s, Clock.system());
        open.add(j);
        return j;
    }

    @AfterEach
    void closeAll() {
        open.forEach(EventJournal::close);
    }

    private static PodEvent event(long seq, String severity) {
        return new PodEvent(seq, Instant.parse("2026-11-27T10:00:00Z").plusMillis(seq), "ALARM_RAISED", "a" + seq,
                severity, "event " + seq, Map.of("k", "v" + seq));
    }

    @Test
    void sendsInOrderAfterWritingAndRetiresOnAcknowledgement() throws Exception {
        EventJournal j = open(settings(true));
        FakeSender sender = new FakeSender();
        j.start(sender);
        for (long s = 1; s <= 100; s++) {
            assertTrue(j.offer(event(s, "alarm")));
        }
        await().atMost(WAIT).until(() -> sender.seqs().size() == 100);
        assertEquals(LongStream.rangeClosed(1, 100).boxed().toList(), sender.seqs());
        assertTrue(sender.sent().stream().noneMatch(FakeSender.Sent::historical), "live events are not historical");
        assertEquals(event(7, "alarm"), sender.sent().get(6).event(), "the event survives the journal unchanged");
        assertTrue(j.flush(WAIT));
        JournalStatus st = j.status();
        assertEquals(0, st.pending());
        assertEquals(100, st.acknowledgedSeq());
        assertEquals(100, st.appended());
    }

    @Test
    void theOldestUnacknowledgedEventIsTheFirstInFlightElseTheFirstOfTheBacklog() {
        EventJournal j = open(settings(false));
        FakeSender sender = new FakeSender();
        sender.autoAck.set(false);
        sender.connected.set(false);
        j.start(sender);
        j.offer(event(1, "info"));
        j.offer(event(2, "info"));
        await().atMost(WAIT).until(() -> j.status().backlog() == 2);
        assertEquals(event(1, "info").time().toEpochMilli(), j.status().oldestPendingWallMillis(),
                "nothing sent yet: the first event of the backlog");

        sender.connected.set(true);
        j.offer(event(3, "info"));
        await().atMost(WAIT).until(() -> sender.seqs().size() == 3);
        sender.sent().get(0).ack().run();
        await().atMost(WAIT).until(() -> j.status().acknowledgedSeq() == 1);
        await().atMost(WAIT).until(() -> j.status().oldestPendingWallMillis() == event(2, "info").time().toEpochMilli());

        sender.ackAll();
        await().atMost(WAIT).until(() -> j.status().pending() == 0);
        await().atMost(WAIT).until(() -> j.status().oldestPendingWallMillis() == 0);
    }

    @Test
    void theWindowBoundsWhatIsHandedOverBeforeAcknowledgements() {
        EventJournal j = open(settings(false));
        FakeSender sender = new FakeSender();
        sender.autoAck.set(false);
        j.start(sender);
        for (long s = 1; s <= 50; s++) {
            j.offer(event(s, "info"));
        }
        await().atMost(WAIT).until(() -> j.status().appended() == 50);
        await().atMost(WAIT).until(() -> sender.seqs().size() == 16);
        assertEquals(16, sender.seqs().size(), "at most the send window is in flight");
        sender.ackAll();
        await().atMost(WAIT).until(() -> sender.seqs().size() == 32);
        assertEquals(LongStream.rangeClosed(1, 32).boxed().toList(), sender.seqs());
    }

    @Test
    void eventsJournaledDuringAnOutageAreReplayedInOrderMarkedHistorical() {
        EventJournal j = open(settings(false));
        FakeSender sender = new FakeSender();
        j.start(sender);
        j.offer(event(1, "info"));
        await().atMost(WAIT).until(() -> sender.seqs().size() == 1);
        sender.connected.set(false);
        for (long s = 2; s <= 200; s++) {
            j.offer(event(s, s % 10 == 0 ? "trip" : "info"));
        }
        await().atMost(WAIT).until(() -> j.status().appended() == 200);
        assertEquals(1, sender.seqs().size(), "nothing handed over while the link is down");
        assertEquals(199, j.status().backlog());
        sender.connected.set(true);
        await().atMost(WAIT).until(() -> sender.seqs().size() == 200);
        assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), sender.seqs());
        assertTrue(sender.sent().subList(1, 200).stream().allMatch(FakeSender.Sent::historical));
        assertEquals(199, j.status().replayed());
        // After catching up, new events are live again.
        j.offer(event(201, "info"));
        await().atMost(WAIT).until(() -> sender.seqs().size() == 201);
        assertFalse(sender.sent().get(200).historical());
    }

    @Test
    void aRefusingLinkIsRetriedWithoutLoss() {
        EventJournal j = open(settings(false));
        FakeSender sender = new FakeSender();
        sender.refuse.set(true);
        j.start(sender);
        for (long s = 1; s <= 20; s++) {
            j.offer(event(s, "info"));
        }
        await().atMost(WAIT).until(() -> j.status().appended() == 20);
        sender.refuse.set(false);
        await().atMost(WAIT).until(() -> sender.seqs().size() == 20);
        assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), sender.seqs());
    }

    @Test
    void unacknowledgedEventsSurviveARestartAndAreReplayedHistoricalWithTheSequenceAboveThem() {
        EventJournal first = open(settings(true));
        FakeSender sender = new FakeSender();
        first.start(sender);
        for (long s = 1; s <= 10; s++) {
            first.offer(event(s, "alarm"));
        }
        await().atMost(WAIT).until(() -> first.status().acknowledgedSeq() == 10);
        sender.autoAck.set(false);
        for (long s = 11; s <= 30; s++) {
            first.offer(event(s, "alarm"));
        }
        await().atMost(WAIT).until(() -> first.status().appended() == 30);
        first.close();

        EventJournal second = open(settings(true));
        assertEquals(30, second.lastPersistedSeq());
        assertEquals(20, second.status().pending());
        FakeSender after = new FakeSender();
        second.start(after);
        await().atMost(WAIT).until(() -> after.seqs().size() == 20);
        assertEquals(LongStream.rangeClosed(11, 30).boxed().toList(), after.seqs());
        assertTrue(after.sent().stream().allMatch(FakeSender.Sent::historical), "replays after a restart");
        assertEquals(event(30, "alarm"), after.sent().get(19).event());
    }

    @Test
    void theHighestSequenceSurvivesEvenWhenEveryEventWasRetired() throws Exception {
        EventJournal first = open(settings(false));
        FakeSender sender = new FakeSender();
        first.start(sender);
        for (long s = 1000; s < 3000; s++) {
            while (!first.offer(event(s, "info"))) {
                Thread.onSpinWait(); // faster than the writer: the hand-off refuses; offer again
            }
        }
        assertTrue(first.flush(WAIT));
        first.close();
        EventJournal second = open(settings(false));
        assertEquals(2999, second.lastPersistedSeq());
        assertEquals(0, second.status().pending());
    }

    @Test
    void aTornTailIsDetectedAndTruncatedAndTheWholeRecordsAreKept() throws IOException {
        EventJournal first = open(settings(true));
        FakeSender sender = new FakeSender();
        sender.autoAck.set(false);
        first.start(sender);
        for (long s = 1; s <= 5; s++) {
            first.offer(event(s, "trip"));
        }
        await().atMost(WAIT).until(() -> first.status().appended() == 5);
        first.close();
        Path last = segments().getLast();
        long size = Files.size(last);
        // A crash in the middle of the next append: a frame header promising more than was written.
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(20).putInt(0, 300).putInt(4, 0x12345678).put(8, (byte) 1));
        }
        EventJournal second = open(settings(true));
        assertEquals(20, second.status().recoveredTruncated());
        assertEquals(size, Files.size(last));
        assertEquals(5, second.status().pending());
        assertEquals(5, second.lastPersistedSeq());
    }

    @Test
    void aCorruptRecordEndsTheValidDataAndIsCut() throws IOException {
        EventJournal first = open(settings(true));
        FakeSender sender = new FakeSender();
        sender.autoAck.set(false);
        first.start(sender);
        for (long s = 1; s <= 5; s++) {
            first.offer(event(s, "trip"));
        }
        await().atMost(WAIT).until(() -> first.status().appended() == 5);
        first.close();
        Path last = segments().getLast();
        long size = Files.size(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}), size - 3); // inside the fifth record's payload
        }
        EventJournal second = open(settings(true));
        assertTrue(second.status().recoveredTruncated() > 0);
        assertEquals(4, second.status().pending(), "records before the corrupt one are kept");
        FakeSender after = new FakeSender();
        second.start(after);
        await().atMost(WAIT).until(() -> after.seqs().size() == 4);
        assertEquals(List.of(1L, 2L, 3L, 4L), after.seqs());
    }

    @Test
    void aFullJournalDropsTheOldestUnsentEventsKeepsTheNewestAndSaysSo() {
        EventJournal j = open(settings(false));
        AtomicInteger fullCalls = new AtomicInteger();
        AtomicInteger belowBoundCalls = new AtomicInteger();
        j.onFull(fullCalls::incrementAndGet);
        j.onBelowBound(belowBoundCalls::incrementAndGet);
        FakeSender sender = new FakeSender();
        sender.connected.set(false);
        j.start(sender);
        int n = 5000; // ~ 100 bytes each: far more than 4 segments of 64 KiB
        for (long s = 1; s <= n; s++) {
            while (!j.offer(event(s, s == n ? "trip" : "info"))) {
                Thread.onSpinWait();
            }
        }
        await().atMost(WAIT).until(() -> j.status().appended() == n);
        JournalStatus st = j.status();
        assertTrue(st.full(), st.toString());
        assertTrue(st.dropped() > 0, st.toString());
        assertEquals(1, fullCalls.get(), "told once per episode");
        assertTrue(st.bytes() <= 4L * 64 * 1024, "disk bounded: " + st.bytes());
        assertTrue(st.segments() <= 4);
        assertEquals(n, st.pending() + st.dropped(), "every event is either kept or counted as dropped");

        sender.connected.set(true);
        await().atMost(WAIT).until(() -> j.status().pending() == 0);
        List<Long> seqs = sender.seqs();
        assertEquals(n, seqs.getLast(), "the newest event is kept");
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "what is kept is contiguous and in order");
        }
        assertEquals(n - st.dropped(), seqs.size());
        await().atMost(WAIT).until(() -> !j.status().full());
        await("told when it is below its bound again").atMost(WAIT).until(() -> belowBoundCalls.get() == 1);
        assertEquals(0, belowBoundCalls.get() - fullCalls.get(), "once per episode");
    }

    @Test
    void aFullHandOffRefusesAndCountsInsteadOfBlocking() {
        EventJournal j = open(new JournalSettings(dir, 64 * 1024, 4, 8, 16, false));
        for (long s = 1; s <= 8; s++) {
            assertTrue(j.offer(event(s, "info")));
        }
        assertFalse(j.offer(event(9, "info")));
        assertEquals(1, j.status().handoffOverflow());
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".journal"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        }
    }
}
