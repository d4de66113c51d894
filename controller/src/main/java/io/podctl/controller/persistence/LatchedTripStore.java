package io.podctl.controller.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podctl.controller.safety.SafetyEngine;
import io.podctl.controller.safety.TripView;
import io.podctl.controller.state.PodObserver;
import io.podctl.controller.state.PodStateView;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latched trips across restarts in {@code trips.json} in the persistence directory, so that a
 * restarted controller comes back with the same trips latched (an E-stop latched before a crash still
 * needs its local reset afterwards).
 *
 * <p>Writes are atomic: a temporary file is written and fsynced, renamed over the old one, and the directory
 * is fsynced, so a crash at any moment leaves either the old or the new file. A file that cannot be read is
 * set aside (renamed with a {@code .corrupt-<time>} suffix), never silently replaced; the controller then
 * starts with the start-up trip latched, as always, and reports the problem.
 *
 * <p>Threading: {@link #load} runs once at start-up before the loop. As a {@link PodObserver} it receives
 * states on the loop thread and only hands the trip list to its own writer thread {@code state-writer}
 * (latest wins); disk I/O never happens on the loop thread.
 */
public final class LatchedTripStore implements PodObserver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LatchedTripStore.class);
    private static final String FILE = "trips.json";
    private static final int FORMAT = 1;

    private final Path dir;
    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<List<TripView>> pending = new AtomicReference<>();
    private List<TripView> lastWritten;
    private volatile boolean running;
    private Thread writer;
    private volatile long writes;
    private volatile long writeFailures;

    /** The outcome of reading the state file at start-up. */
    public enum LoadStatus {
        /** No file: first start, or the directory was wiped. */
        MISSING,
        /** Read and parsed. */
        LOADED,
        /** Unreadable: set aside. */
        CORRUPT
    }

    /**
     * What {@link #load} found.
     *
     * @param status  outcome
     * @param trips   the trips that were latched (empty unless LOADED)
     * @param detail  explanation, e.g. where a corrupt file was moved
     */
    public record Loaded(LoadStatus status, List<TripView> trips, String detail) {
        public Loaded {
            trips = List.copyOf(trips);
        }
    }

    /** A store in {@code directory} (created if missing). */
    public LatchedTripStore(Path directory) {
        this.dir = Objects.requireNonNull(directory);
        this.file = directory.resolve(FILE);
    }

    /** Reads the persisted trips. Start-up only; may do I/O. */
    public Loaded load() {
        try {
            Files.createDirectories(dir);
            byte[] bytes = Files.readAllBytes(file);
            JsonNode root = json.readTree(bytes);
            if (root == null || root.path("format").asInt(-1) != FORMAT || !root.path("trips").isArray()) {
                throw new IOException("unexpected content (format " + root.path("format") + ")");
            }
            List<TripView> trips = new ArrayList<>();
            for (JsonNode t : root.path("trips")) {
                String id = t.path("id").asText(null);
                if (id == null || id.isEmpty()) {
                    throw new IOException("a trip without id");
                }
                trips.add(new TripView(id, t.path("cause").asText(""), t.path("latchedAt").asLong(0),
                        t.path("firstOut").asBoolean(false), t.path("localResetOnly").asBoolean(false), true));
            }
            lastWritten = trips;
            return new Loaded(LoadStatus.LOADED, trips, "read " + trips.size() + " latched trip(s) from " + file);
        } catch (NoSuchFileException e) {
            lastWritten = List.of();
            return new Loaded(LoadStatus.MISSING, List.of(), "no state file at " + file);
        } catch (IOException | RuntimeException e) {
            Path aside = dir.resolve(FILE + ".corrupt-" + Instant.now().toString().replace(':', '-'));
            String detail;
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                detail = "state file unreadable (" + e.getMessage() + "); set aside as " + aside;
            } catch (IOException moveFailed) {
                detail = "state file unreadable (" + e.getMessage() + ") and could not be set aside: " + moveFailed;
            }
            log.error(detail);
            lastWritten = null;
            return new Loaded(LoadStatus.CORRUPT, List.of(), detail);
        }
    }

    /** Writes {@code trips} atomically now. Called by the writer thread (and by tests). */
    public void write(List<TripView> trips) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("savedAt", Instant.now().toString());
        ArrayNode arr = root.putArray("trips");
        for (TripView t : trips) {
            ObjectNode n = arr.addObject();
            n.put("id", t.id());
            n.put("cause", t.cause());
            n.put("latchedAt", t.latchedWallMillis());
            n.put("firstOut", t.firstOut());
            n.put("localResetOnly", t.localResetOnly());
        }
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the persistence directory does not support atomic rename: " + dir, e);
        }
        fsyncDirectory(dir);
        writes++;
    }

    private static void fsyncDirectory(Path directory) {
        // Makes the rename itself durable. Opening a directory for reading works on Linux; elsewhere it may not.
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            log.debug("directory fsync not supported for {}: {}", directory, e.toString());
        }
    }

    /** Starts the writer thread. */
    public synchronized void start() {
        if (writer != null) {
            return;
        }
        running = true;
        writer = new Thread(this::runWriter, "state-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void onState(PodStateView state) {
        List<TripView> persistent = new ArrayList<>();
        for (TripView t : state.trips()) {
            if (!SafetyEngine.STARTUP_TRIP.equals(t.id())) {
                persistent.add(t);
            }
        }
        if (!sameTrips(persistent, lastWrittenOrPending())) {
            pending.set(persistent);
            Thread w = writer;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    private List<TripView> lastWrittenOrPending() {
        List<TripView> p = pending.get();
        return p != null ? p : lastWritten;
    }

    private static boolean sameTrips(List<TripView> a, List<TripView> b) {
        if (b == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            TripView x = a.get(i);
            TripView y = b.get(i);
            if (!x.id().equals(y.id()) || x.firstOut() != y.firstOut() || x.latchedWallMillis() != y.latchedWallMillis()) {
                return false;
            }
        }
        return true;
    }

    private void runWriter() {
        while (running || pending.get() != null) {
            List<TripView> next = pending.getAndSet(null);
            if (next == null) {
                LockSupport.parkNanos(200_000_000L);
                continue;
            }
            try {
                write(next);
                lastWritten = next;
            } catch (IOException | RuntimeException e) {
                writeFailures++;
                log.error("could not persist latched trips to {}: {}", file, e.toString());
                // Keep the newest intent so the next wake-up retries it, unless a newer one arrived.
                pending.compareAndSet(null, next);
                LockSupport.parkNanos(1_000_000_000L);
            }
        }
    }

    /** Successful writes so far. */
    public long writes() {
        return writes;
    }

    /** Failed writes so far. */
    public long writeFailures() {
        return writeFailures;
    }

    /** Stops the writer after it has written what is pending (waits up to 2 s). */
    @Override
    public synchronized void close() {
        Thread w = writer;
        if (w == null) {
            return;
        }
        running = false;
        LockSupport.unpark(w);
        try {
            w.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer = null;
    }
}
