package io.podctl.controller.journal;

import io.podctl.controller.events.PodEvent;
import io.podctl.hal.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bench harness, not a test (surefire does not pick it up): what journaling costs. For single events (one
 * write + one fdatasync each, the worst case: an isolated alarm) and for bursts (group commit: one force per
 * batch), with fsync on and off, on the file system of the directory given (default: a temporary directory).
 * Run with the test classpath, e.g. {@code java -cp <controller test classpath>
 * io.podctl.controller.journal.EventJournalBench /var/lib/podctl}. Figures go to docs/journal.md.
 */
public final class EventJournalBench {
    private EventJournalBench() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("journal-bench");
        for (boolean fsync : new boolean[] {true, false}) {
            single(base.resolve("single-" + fsync), fsync, 2000);
            burst(base.resolve("burst-" + fsync), fsync, 50_000);
        }
    }

    private static PodEvent event(long seq) {
        return new PodEvent(seq, Instant.now(), "ALARM_RAISED", "cdu.supplyTemp.high", "alarm",
                "cdu.supplyTemp 36.20 degC >= alarm limit 35.00", Map.of("point", "cdu.supplyTemp"));
    }

    /** Acknowledges at once: measures the journal, not a broker. */
    private static EventJournal.Sender instantBroker(AtomicLong sent) {
        return new EventJournal.Sender() {
            @Override
            public boolean connected() {
                return true;
            }

            @Override
            public boolean send(PodEvent e, boolean historical, Runnable onAcknowledged) {
                sent.incrementAndGet();
                onAcknowledged.run();
                return true;
            }
        };
    }

    private static void single(Path dir, boolean fsync, int n) throws Exception {
        EventJournal j = EventJournal.open(new JournalSettings(dir, 1 << 20, 16, 4096, 256, fsync), Clock.system());
        AtomicLong sent = new AtomicLong();
        j.start(instantBroker(sent));
        long[] latency = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            j.offer(event(i + 1));
            while (sent.get() <= i) {
                Thread.onSpinWait();
            }
            latency[i] = System.nanoTime() - t0;
        }
        JournalStatus s = j.status();
        j.close();
        Arrays.sort(latency);
        System.out.printf("single events, fsync=%s: offer->sent p50 %d us, p99 %d us, max %d us; batch write+force "
                        + "mean %d us, max %d us (%d batches)%n", fsync, latency[n / 2] / 1000,
                latency[n * 99 / 100] / 1000, latency[n - 1] / 1000, s.meanFsyncMicros(), s.maxFsyncMicros(),
                s.fsyncs());
    }

    private static void burst(Path dir, boolean fsync, int n) throws Exception {
        EventJournal j = EventJournal.open(new JournalSettings(dir, 1 << 20, 64, 4096, 256, fsync), Clock.system());
        AtomicLong sent = new AtomicLong();
        j.start(instantBroker(sent));
        long t0 = System.nanoTime();
        long offerMax = 0;
        for (int i = 0; i < n; i++) {
            long o = System.nanoTime();
            while (!j.offer(event(i + 1))) {
                Thread.onSpinWait(); // the bench outruns the writer on purpose; a refused offer is retried here
            }
            offerMax = Math.max(offerMax, System.nanoTime() - o);
        }
        while (sent.get() < n) {
            Thread.onSpinWait();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        JournalStatus s = j.status();
        j.close();
        System.out.printf("burst of %d, fsync=%s: %.0f events/s journaled and sent; %d batches (write+force mean %d us,"
                        + " max %d us each); longest offer %d us%n", n, fsync, n / seconds, s.fsyncs(),
                s.meanFsyncMicros(), s.maxFsyncMicros(), offerMax / 1000);
    }
}
