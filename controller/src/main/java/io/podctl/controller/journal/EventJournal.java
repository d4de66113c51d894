package io.podctl.controller.journal;

import io.podctl.controller.events.PodEvent;
import io.podctl.controller.journal.internal.Frames;
import io.podctl.hal.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded on-disk journal of events, alarms, trips and command audit records: each event is written (and,
 * by default, forced to the device) BEFORE it is handed to the MQTT link, kept until the broker acknowledged
 * it, and sent again after any outage, in order, marked historical.
 *
 * <h2>Flow</h2>
 * Producers (the loop thread, the command intake) call {@link #offer}, which only puts the event into a bounded
 * hand-off queue. One daemon thread, {@code journal-writer}, owns the files: it appends each batch from the
 * queue, forces it ({@link JournalSettings#fsync()}: one {@code fdatasync} per batch, so a burst costs one
 * force, not one per event), then reads the unsent events back in order and hands at most
 * {@link JournalSettings#sendWindow()} of them to the {@link Sender}. An event is retired when the broker's
 * acknowledgement arrives; a segment file is deleted when all its events are retired.
 *
 * <h2>Policies</h2>
 * <ul>
 *   <li><b>Hand-off queue full</b> (the writer is stalled on a very slow disk): {@link #offer} refuses the event
 *       and counts it in {@link JournalStatus#handoffOverflow()}; the loop never waits. The gap in {@code seq}
 *       shows the loss to every consumer.</li>
 *   <li><b>Journal full</b> ({@link JournalSettings#maxSegments()} segments and a new one is needed, i.e. the
 *       broker has been away for that many events): the oldest segment is deleted, its unsent events are counted
 *       in {@link JournalStatus#dropped()}, {@link JournalStatus#full()} is set and the full-listener is told
 *       (the runtime raises a {@code JOURNAL_FULL} alarm event). The newest events are always kept.</li>
 *   <li><b>Disk write fails</b> (disk full, I/O error): the batch is handed to the sender from memory (it is
 *       still sent while the link is up), counted in {@link JournalStatus#writeFailures()}.</li>
 *   <li><b>Historical</b>: events journaled while the link was down, and every unacknowledged event found when
 *       the journal is opened after a restart, are sent with {@code historical = true}.</li>
 *   <li><b>Crash safety</b>: records are length + CRC-32C framed ({@link Frames}); on open, a torn or corrupt
 *       tail is detected and truncated (counted in {@link JournalStatus#recoveredTruncated()}). Acknowledgement
 *       marks are written at most every 200 ms and not forced: losing one after a crash only re-sends
 *       already delivered events (duplicates, never losses).</li>
 * </ul>
 * Memory is bounded by the hand-off queue, the send window and one record; the disk by
 * {@code segmentBytes × maxSegments}.
 *
 * <p>Sequence numbers survive restarts: every segment starts with a header holding the highest number so far,
 * so {@link #lastPersistedSeq()} is right even when every event was retired.
 *
 * <p>Threading: {@link #offer} and {@link #status} from any thread, never blocking; {@link #start},
 * {@link #flush} and {@link #close} from the owner's thread. The {@link Sender} is called on the writer thread;
 * the acknowledgement callbacks it receives may run on any thread and only queue.
 */
public final class EventJournal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventJournal.class);
    private static final Pattern SEGMENT = Pattern.compile("seg-(\\d{16})\\.journal");
    private static final long ACK_MARK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int BATCH = 512;

    /** Where journaled events go out: the topic contract's encoder on top of the MQTT link. */
    public interface Sender {
        /** Whether the link is connected now; events journaled while it is not are marked historical. */
        boolean connected();

        /**
         * Sends one event at QoS 1; {@code onAcknowledged} must be called once the broker acknowledged it (from
         * any thread). Returns false if the link refused it (its queue is full): the journal retries later.
         */
        boolean send(PodEvent event, boolean historical, Runnable onAcknowledged);
    }

    private final JournalSettings settings;
    private final Clock clock;
    private final ArrayBlockingQueue<PodEvent> handoff;
    private final ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
    private final Semaphore signal = new Semaphore(0);
    private final Object idle = new Object();
    private final AtomicLong handoffOverflow = new AtomicLong();

    // Owned by the writer thread (and by open() before it starts).
    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final ArrayDeque<Long> inFlight = new ArrayDeque<>();
    /** When each in-flight event happened, epoch ms, in the same order as {@link #inFlight}. */
    private final ArrayDeque<Long> inFlightWallMillis = new ArrayDeque<>();
    /**
     * When the oldest event of a backlog that nothing was sent from yet happened, epoch ms; 0 when unknown (events
     * recovered from before a restart, or dropped by a full journal) until one of them is sent.
     */
    private long backlogSinceWallMillis;
    private final Set<Long> ackedAhead = new HashSet<>();
    private Segment active;
    private FileChannel activeChannel;
    private Segment readSegment;
    private FileChannel readChannel;
    private long readPosition;
    private long watermark;
    private long markedWatermark;
    private long lastAckMarkNanos;
    private long recoveredLastSeq;
    private boolean historicalBacklog;
    private long nextSegmentNumber;
    private Sender sender;
    private Runnable onFull = () -> { };
    private Runnable onBelowBound = () -> { };
    private boolean fullNotified;

    // Published counters (written by the writer thread).
    private volatile long lastSeq;
    private volatile long ackedSeq;
    private volatile long pending;
    private volatile long backlog;
    private volatile boolean full;
    private volatile long dropped;
    private volatile long truncated;
    private volatile long appended;
    private volatile long replayed;
    private volatile long fsyncs;
    private volatile long fsyncNanosTotal;
    private volatile long fsyncNanosMax;
    private volatile long writeFailures;
    private volatile int segmentCount;
    private volatile long bytes;
    private volatile long oldestPendingWallMillis;

    private volatile boolean running;
    private Thread writer;

    /** A segment file and what the journal knows about it. */
    private static final class Segment {
        final long number;
        final Path path;
        long bytes;
        long firstSeq = Long.MAX_VALUE;
        long lastSeq = Long.MIN_VALUE;
        int events;

        Segment(long number, Path path) {
            this.number = number;
            this.path = path;
        }
    }

    private EventJournal(JournalSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.handoff = new ArrayBlockingQueue<>(settings.handoffCapacity());
    }

    /**
     * Opens (or creates) the journal in {@link JournalSettings#directory()}: reads every segment, truncates a torn
     * tail, finds the highest sequence number and the unacknowledged events, deletes retired segments and starts
     * a new segment. Blocking file I/O: call at start-up, before the loop runs.
     *
     * @throws UncheckedIOException if the directory cannot be used at all
     */
    public static EventJournal open(JournalSettings settings, Clock clock) {
        EventJournal j = new EventJournal(settings, clock);
        try {
            j.recover();
        } catch (IOException e) {
            j.closeChannels();
            throw new UncheckedIOException("cannot open the event journal in " + settings.directory(), e);
        }
        return j;
    }

    /** The highest event number ever journaled here (0 for a new journal); start numbering above it. */
    public long lastPersistedSeq() {
        return Math.max(lastSeq, 0);
    }

    /** Sets who is told (on the writer thread) when the journal becomes full; call before {@link #start}. */
    public void onFull(Runnable listener) {
        this.onFull = listener;
    }

    /**
     * Sets who is told (on the writer thread) when a full journal has drained below its bound again; call
     * before {@link #start}.
     */
    public void onBelowBound(Runnable listener) {
        this.onBelowBound = listener;
    }

    /** Starts the writer thread, which sends through {@code sender}. */
    public synchronized void start(Sender sender) {
        if (writer != null) {
            return;
        }
        this.sender = sender;
        running = true;
        writer = Thread.ofPlatform().name("journal-writer").daemon(true).unstarted(this::run);
        writer.start();
    }

    /**
     * Hands an event to the journal; never blocks. Events must be offered in sequence order (the event log
     * does that).
     *
     * @return false if the hand-off queue was full (counted; the event is not journaled)
     */
    public boolean offer(PodEvent event) {
        if (!handoff.offer(event)) {
            long n = handoffOverflow.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                log.error("journal hand-off full: event {} ({} so far) not journaled; the disk is stalled",
                        event.seq(), n);
            }
            return false;
        }
        signal.release();
        return true;
    }

    /** Counters; any thread. */
    public JournalStatus status() {
        long n = fsyncs;
        return new JournalStatus(lastSeq, ackedSeq, pending, backlog, segmentCount, bytes, full, dropped,
                handoffOverflow.get(), truncated, appended, replayed, n, n == 0 ? 0 : fsyncNanosTotal / n / 1000,
                fsyncNanosMax / 1000, writeFailures, oldestPendingWallMillis);
    }

    /**
     * Waits until everything offered so far is journaled and acknowledged, or {@code timeout} passed (used at an
     * orderly shutdown while the link is still up). Returns whether nothing is pending.
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = clock.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            signal.release();
            while (!(handoff.isEmpty() && pending == 0)) {
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
        return true;
    }

    /** Journals what is queued, writes the acknowledgement mark, stops the writer and closes the files. */
    @Override
    public synchronized void close() {
        if (writer == null) {
            closeChannels();
            return;
        }
        running = false;
        signal.release();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("journal writer did not stop within 5 s");
            return;
        }
        writer = null;
        closeChannels();
    }

    // ------------------------------------------------------------------ recovery

    private void recover() throws IOException {
        Path dir = settings.directory();
        Files.createDirectories(dir);
        List<Segment> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "seg-*.journal")) {
            for (Path f : files) {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches()) {
                    found.add(new Segment(Long.parseLong(m.group(1)), f));
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.number, b.number));
        long high = 0;
        long acked = 0;
        for (Segment s : found) {
            try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                long pos = 0;
                Frames.Record r;
                while ((r = Frames.read(ch, pos, size)) != null) {
                    switch (r.kind()) {
                        case Frames.EVENT -> {
                            s.firstSeq = Math.min(s.firstSeq, r.seq());
                            s.lastSeq = Math.max(s.lastSeq, r.seq());
                            s.events++;
                            high = Math.max(high, r.seq());
                        }
                        case Frames.ACK -> acked = Math.max(acked, r.seq());
                        case Frames.HEADER -> {
                            high = Math.max(high, r.seq());
                            if (r.payload().length == 8) {
                                acked = Math.max(acked, ByteBuffer.wrap(r.payload()).getLong());
                            }
                        }
                        default -> { }
                    }
                    pos += r.frameBytes();
                }
                if (pos < size) {
                    log.warn("journal {}: {} bytes after offset {} are torn or corrupt; truncated", s.path, size - pos,
                            pos);
                    truncated += size - pos;
                    ch.truncate(pos);
                    ch.force(true);
                }
                s.bytes = pos;
            }
            nextSegmentNumber = Math.max(nextSegmentNumber, s.number + 1);
        }
        watermark = acked;
        markedWatermark = acked;
        lastSeq = high;
        recoveredLastSeq = high;
        ackedSeq = acked;
        long unacked = 0;
        for (Segment s : found) {
            if (s.events == 0 || s.lastSeq <= acked) {
                Files.deleteIfExists(s.path);
                continue;
            }
            segments.addLast(s);
            try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
                long size = ch.size();
                long pos = 0;
                Frames.Record r;
                while ((r = Frames.read(ch, pos, size)) != null) {
                    if (r.kind() == Frames.EVENT && r.seq() > acked) {
                        if (readSegment == null) {
                            readSegment = s;
                            readPosition = pos;
                        }
                        unacked++;
                    }
                    pos += r.frameBytes();
                }
            }
        }
        pending = unacked;
        backlog = unacked;
        historicalBacklog = unacked > 0;
        startSegment();
        if (readSegment == null) {
            readSegment = active;
            readPosition = active.bytes;
        }
        syncDirectory();
        publishSizes();
        if (unacked > 0 || truncated > 0) {
            log.info("journal opened: {} unacknowledged events to replay, last seq {}, {} bytes truncated", unacked,
                    high, truncated);
        }
    }

    // ------------------------------------------------------------------ writer thread

    private void run() {
        List<PodEvent> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                signal.tryAcquire(100, TimeUnit.MILLISECONDS);
                signal.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            boolean stop = !running;
            try {
                do {
                    batch.clear();
                    handoff.drainTo(batch, BATCH);
                    if (!batch.isEmpty()) {
                        append(batch);
                    }
                } while (batch.size() == BATCH);
                processAcks(stop);
                pump();
                publishOldestPending();
            } catch (RuntimeException e) {
                // A bug here must not silently stop journaling: log it and keep going.
                log.error("journal writer failed; continuing", e);
            }
            synchronized (idle) {
                idle.notifyAll();
            }
            if (stop) {
                break;
            }
        }
        try {
            processAcks(true);
            if (activeChannel != null) {
                activeChannel.force(false);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("final journal write failed: {}", e.toString());
        }
    }

    private void append(List<PodEvent> batch) {
        boolean connected = sender.connected();
        if (!connected) {
            historicalBacklog = true;
        }
        byte flags = historicalBacklog ? Frames.FLAG_HISTORICAL : 0;
        boolean nothingPending = pending == 0;
        long t0 = System.nanoTime();
        int written = 0;
        try {
            // One write per segment touched, not one per record: the batch's frames are gathered first.
            List<ByteBuffer> frames = new ArrayList<>(batch.size());
            int gathered = 0;
            int from = 0;
            for (int i = 0; i < batch.size(); i++) {
                PodEvent e = batch.get(i);
                ByteBuffer frame = Frames.frame(Frames.EVENT, flags, e.seq(),
                        Frames.encodeEvent(e, JournalSettings.MAX_RECORD_BYTES));
                if (active.bytes + gathered + frame.remaining() > settings.segmentBytes()) {
                    written += writeGathered(frames, gathered, batch.subList(from, i));
                    frames.clear();
                    gathered = 0;
                    from = i;
                    roll();
                }
                frames.add(frame);
                gathered += frame.remaining();
            }
            written += writeGathered(frames, gathered, batch.subList(from, batch.size()));
            if (settings.fsync()) {
                activeChannel.force(false);
            }
            long took = System.nanoTime() - t0;
            fsyncs++;
            fsyncNanosTotal += took;
            fsyncNanosMax = Math.max(fsyncNanosMax, took);
        } catch (IOException e) {
            long n = ++writeFailures;
            if (n <= 3 || n % 100 == 0) {
                log.error("journal write failed ({} batches so far): {}; sending from memory", n, e.toString());
            }
            recoverActiveAfterFailure();
            // Not on disk: send the rest straight from memory (still at QoS 1 while the link is up), so that a
            // full disk does not also silence the events. Their numbers still count as used.
            for (PodEvent ev : batch.subList(written, batch.size())) {
                lastSeq = Math.max(lastSeq, ev.seq());
                if (!sender.send(ev, false, () -> { })) {
                    dropped++;
                }
            }
        }
        if (nothingPending && written > 0) {
            backlogSinceWallMillis = batch.get(0).time().toEpochMilli();
        }
        appended += written;
        pending += written;
        backlog += written;
        publishSizes();
    }

    /** Writes {@code frames} (of {@code events}) to the active segment in one call; returns how many. */
    private int writeGathered(List<ByteBuffer> frames, int length, List<PodEvent> events) throws IOException {
        if (frames.isEmpty()) {
            return 0;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        frames.forEach(all::put);
        write(all.flip());
        for (PodEvent e : events) {
            active.firstSeq = Math.min(active.firstSeq, e.seq());
            active.lastSeq = Math.max(active.lastSeq, e.seq());
            active.events++;
            lastSeq = Math.max(lastSeq, e.seq());
        }
        return events.size();
    }

    private void write(ByteBuffer frame) throws IOException {
        long at = active.bytes;
        while (frame.hasRemaining()) {
            at += activeChannel.write(frame, at);
        }
        active.bytes = at;
    }

    /** After a failed write the file may end in a partial record: cut it back to the last whole one. */
    private void recoverActiveAfterFailure() {
        try {
            activeChannel.truncate(active.bytes);
        } catch (IOException e) {
            log.debug("cannot truncate the journal after a failed write: {}", e.toString());
        }
    }

    private void roll() throws IOException {
        Segment old = active;
        FileChannel oldChannel = activeChannel;
        if (settings.fsync()) {
            oldChannel.force(false);
        }
        startSegment(); // on failure the old segment stays active
        if (readSegment != old) {
            oldChannel.close();
        }
        while (segments.size() > settings.maxSegments()) {
            dropOldest();
        }
        syncDirectory();
    }

    /** Creates the next segment, starting with a header, and makes it the active one. */
    private void startSegment() throws IOException {
        long number = nextSegmentNumber++;
        Segment s = new Segment(number, settings.directory().resolve(String.format("seg-%016d.journal", number)));
        FileChannel ch = FileChannel.open(s.path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            ByteBuffer header = Frames.frame(Frames.HEADER, (byte) 0, Math.max(lastSeq, 0),
                    ByteBuffer.allocate(8).putLong(0, watermark).array());
            long at = 0;
            while (header.hasRemaining()) {
                at += ch.write(header, at);
            }
            s.bytes = at;
            if (settings.fsync()) {
                ch.force(false);
            }
        } catch (IOException e) {
            ch.close();
            Files.deleteIfExists(s.path);
            throw e;
        }
        active = s;
        activeChannel = ch;
        segments.addLast(s);
    }

    /** The journal is full: the oldest segment goes, with the unsent events in it (counted). */
    private void dropOldest() throws IOException {
        Segment old = segments.pollFirst();
        long lost = 0;
        if (readSegment == old) {
            lost = countEventsFrom(old, readPosition);
            moveReadTo(segments.peekFirst(), 0);
        }
        dropped += lost;
        if (lost > 0) {
            backlogSinceWallMillis = 0; // the oldest unsent events are gone; the next one sent tells the age again
        }
        pending -= lost;
        backlog -= lost;
        Files.deleteIfExists(old.path);
        full = true;
        log.error("event journal full ({} segments of {} bytes): dropped the oldest {} unsent events",
                settings.maxSegments(), settings.segmentBytes(), lost);
        if (!fullNotified) {
            fullNotified = true;
            try {
                onFull.run();
            } catch (RuntimeException e) {
                log.error("journal-full listener failed", e);
            }
        }
    }

    private long countEventsFrom(Segment s, long position) throws IOException {
        long n = 0;
        FileChannel ch = s == readSegment && readChannel != null ? readChannel : FileChannel.open(s.path,
                StandardOpenOption.READ);
        try {
            long size = ch.size();
            long pos = position;
            Frames.Record r;
            while ((r = Frames.read(ch, pos, size)) != null) {
                if (r.kind() == Frames.EVENT) {
                    n++;
                }
                pos += r.frameBytes();
            }
        } finally {
            if (ch != readChannel && ch != activeChannel) {
                ch.close();
            }
        }
        return n;
    }

    private void processAcks(boolean forceMark) {
        Long s;
        while ((s = acks.poll()) != null) {
            ackedAhead.add(s);
        }
        boolean advanced = false;
        while (!inFlight.isEmpty() && ackedAhead.remove(inFlight.peekFirst())) {
            watermark = inFlight.pollFirst();
            inFlightWallMillis.pollFirst();
            pending--;
            advanced = true;
        }
        if (inFlight.isEmpty()) {
            ackedAhead.clear(); // stale callbacks for events dropped from the window
        }
        if (advanced) {
            ackedSeq = watermark;
            retire();
        }
        long now = clock.nanoTime();
        if (watermark != markedWatermark && (forceMark || now - lastAckMarkNanos >= ACK_MARK_INTERVAL_NANOS)) {
            try {
                write(Frames.frame(Frames.ACK, (byte) 0, watermark, new byte[0]));
                markedWatermark = watermark;
                lastAckMarkNanos = now;
            } catch (IOException e) {
                log.debug("acknowledgement mark not written: {}", e.toString());
            }
        }
    }

    /**
     * The oldest unacknowledged event: the first one in flight (events are sent in order), else the oldest of a
     * backlog that nothing was sent from yet.
     */
    private void publishOldestPending() {
        oldestPendingWallMillis = pending == 0 ? 0
                : !inFlightWallMillis.isEmpty() ? inFlightWallMillis.peekFirst() : backlogSinceWallMillis;
    }

    /** Deletes segments before the read position whose events are all acknowledged. */
    private void retire() {
        while (segments.size() > 1) {
            Segment first = segments.peekFirst();
            if (first == active || first == readSegment || (first.events > 0 && first.lastSeq > watermark)) {
                break;
            }
            segments.pollFirst();
            try {
                Files.deleteIfExists(first.path);
            } catch (IOException e) {
                log.warn("cannot delete retired journal segment {}: {}", first.path, e.toString());
            }
        }
        if (full && segments.size() < settings.maxSegments()) {
            full = false;
            fullNotified = false;
            log.info("event journal below its bound again");
            try {
                onBelowBound.run();
            } catch (RuntimeException e) {
                log.error("journal below-bound listener failed", e);
            }
        }
        publishSizes();
    }

    /** Hands unsent events to the sender, in order, while the window has room and the link is up. */
    private void pump() {
        while (inFlight.size() < settings.sendWindow() && sender.connected()) {
            long before = readPosition;
            Segment beforeSegment = readSegment;
            Frames.Record r = nextEvent();
            if (r == null) {
                historicalBacklog = false;
                return;
            }
            PodEvent e;
            try {
                e = Frames.decodeEvent(r.seq(), r.payload());
            } catch (IOException ex) {
                log.error("journal record {} cannot be decoded; skipped", r.seq(), ex);
                backlog--;
                pending--;
                continue;
            }
            boolean historical = (r.flags() & Frames.FLAG_HISTORICAL) != 0 || r.seq() <= recoveredLastSeq;
            long seq = r.seq();
            if (!sender.send(e, historical, () -> {
                acks.add(seq);
                signal.release();
            })) {
                moveReadTo(beforeSegment, before); // refused: try again on the next round
                return;
            }
            inFlight.addLast(seq);
            inFlightWallMillis.addLast(e.time().toEpochMilli());
            backlog--;
            if (historical) {
                replayed++;
            }
        }
    }

    /** The next EVENT record at the read position, advancing it; null when everything written was read. */
    private Frames.Record nextEvent() {
        while (true) {
            try {
                if (readChannel == null) {
                    readChannel = readSegment == active ? activeChannel : FileChannel.open(readSegment.path,
                            StandardOpenOption.READ);
                }
                long size = readSegment == active ? active.bytes : readChannel.size();
                Frames.Record r = Frames.read(readChannel, readPosition, size);
                if (r == null) {
                    if (readSegment == active) {
                        return null;
                    }
                    Segment next = following(readSegment);
                    moveReadTo(next, 0);
                    continue;
                }
                readPosition += r.frameBytes();
                if (r.kind() == Frames.EVENT && r.seq() > watermark) {
                    return r;
                }
            } catch (IOException e) {
                log.error("cannot read the journal segment {}: {}; skipping it", readSegment.path, e.toString());
                if (readSegment == active) {
                    return null;
                }
                moveReadTo(following(readSegment), 0);
            }
        }
    }

    private Segment following(Segment s) {
        boolean next = false;
        for (Segment x : segments) {
            if (next) {
                return x;
            }
            next = x == s;
        }
        return active;
    }

    private void moveReadTo(Segment s, long position) {
        if (s != readSegment) {
            if (readChannel != null && readChannel != activeChannel) {
                try {
                    readChannel.close();
                } catch (IOException e) {
                    log.debug("closing a journal reader: {}", e.toString());
                }
            }
            readChannel = null;
            readSegment = s;
        }
        readPosition = position;
    }

    private void publishSizes() {
        long b = 0;
        for (Segment s : segments) {
            b += s.bytes;
        }
        bytes = b;
        segmentCount = segments.size();
    }

    private void syncDirectory() {
        if (!settings.fsync()) {
            return;
        }
        try (FileChannel dir = FileChannel.open(settings.directory(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            log.debug("cannot force the journal directory: {}", e.toString());
        }
    }

    private void closeChannels() {
        try {
            if (readChannel != null && readChannel != activeChannel) {
                readChannel.close();
            }
            if (activeChannel != null) {
                activeChannel.close();
            }
        } catch (IOException e) {
            log.debug("closing the journal: {}", e.toString());
        }
        readChannel = null;
        activeChannel = null;
    }
}
