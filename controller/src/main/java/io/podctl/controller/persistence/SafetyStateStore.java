package io.podctl.controller.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podctl.controller.safety.AlarmState;
import io.podctl.controller.safety.SafetyMemory;
import io.podctl.controller.safety.Severity;
import io.podctl.controller.safety.TripView;
import io.podctl.controller.state.PodObserver;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the safety engine must remember across restarts ({@link SafetyMemory}: latched trips, alarm
 * states, shelving, out-of-service and bypass expiries, maintenance, shed racks) in {@code safety-state.json}
 * in the persistence directory, so that a restarted controller comes back as it was: an E-stop latched
 * before a crash still needs its local reset afterwards, an acknowledged alarm stays acknowledged.
 *
 * <p>Writes are atomic: a temporary file is written and fsynced, renamed over the old one, and the directory
 * is fsynced, so a crash at any moment leaves either the old or the new file. A file that cannot be read is
 * set aside (renamed with a {@code .corrupt-<time>} suffix), never silently replaced; the controller then
 * starts with the start-up trip latched, as always, and raises an alarm.
 *
 * <p>Threading: {@link #load} runs once at start-up before the loop. As a {@link PodObserver} it receives
 * memories on the loop thread and only hands them to its own writer thread {@code state-writer} (latest
 * wins); disk I/O never happens on the loop thread.
 */
public final class SafetyStateStore implements PodObserver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SafetyStateStore.class);
    /** The state file's name in the persistence directory. */
    public static final String FILE = "safety-state.json";
    private static final int FORMAT = 2;

    private final Path dir;
    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<SafetyMemory> pending = new AtomicReference<>();
    private volatile SafetyMemory lastWritten;
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
     * @param memory  what was remembered (empty unless LOADED)
     * @param detail  explanation, e.g. where a corrupt file was moved
     */
    public record Loaded(LoadStatus status, SafetyMemory memory, String detail) {
    }

    /** A store in {@code directory} (created if missing). */
    public SafetyStateStore(Path directory) {
        this.dir = Objects.requireNonNull(directory);
        this.file = directory.resolve(FILE);
    }

    /** Reads the persisted memory. Start-up only; may do I/O. */
    public Loaded load() {
        try {
            Files.createDirectories(dir);
            byte[] bytes = Files.readAllBytes(file);
            SafetyMemory memory = parse(json.readTree(bytes));
            lastWritten = memory;
            return new Loaded(LoadStatus.LOADED, memory, "read " + memory.trips().size() + " latched trip(s) from "
                    + file);
        } catch (NoSuchFileException e) {
            lastWritten = null;
            return new Loaded(LoadStatus.MISSING, SafetyMemory.empty(), "no state file at " + file);
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
            return new Loaded(LoadStatus.CORRUPT, SafetyMemory.empty(), detail);
        }
    }

    private static SafetyMemory parse(JsonNode root) throws IOException {
        if (root == null || root.path("format").asInt(-1) != FORMAT) {
            throw new IOException("unexpected content (format " + (root == null ? "none" : root.path("format")) + ")");
        }
        List<TripView> trips = new ArrayList<>();
        for (JsonNode t : array(root, "trips")) {
            trips.add(new TripView(text(t, "id"), t.path("cause").asText(""), t.path("latchedAt").asLong(0),
                    t.path("firstOut").asBoolean(false), t.path("localResetOnly").asBoolean(false), true));
        }
        List<SafetyMemory.AlarmMemory> alarms = new ArrayList<>();
        for (JsonNode a : array(root, "alarms")) {
            alarms.add(new SafetyMemory.AlarmMemory(text(a, "id"), AlarmState.valueOf(text(a, "state")),
                    Severity.valueOf(text(a, "severity")), a.path("message").asText(""), a.path("since").asLong(0)));
        }
        Map<String, Double> shed = new LinkedHashMap<>();
        for (JsonNode r : array(root, "shed")) {
            shed.put(text(r, "rack"), r.path("powerW").asDouble(Double.NaN));
        }
        return new SafetyMemory(trips, alarms, exemptions(root, "shelved"), exemptions(root, "outOfService"),
                exemptions(root, "bypasses"), root.path("maintenance").asText(""), shed);
    }

    private static Iterable<JsonNode> array(JsonNode root, String name) throws IOException {
        JsonNode a = root.path(name);
        if (!a.isArray()) {
            throw new IOException("'" + name + "' is not a list");
        }
        return a;
    }

    private static String text(JsonNode n, String field) throws IOException {
        String v = n.path(field).asText(null);
        if (v == null || v.isEmpty()) {
            throw new IOException("an entry without " + field);
        }
        return v;
    }

    private static List<SafetyMemory.ExemptionMemory> exemptions(JsonNode root, String name) throws IOException {
        List<SafetyMemory.ExemptionMemory> out = new ArrayList<>();
        for (JsonNode e : array(root, name)) {
            out.add(new SafetyMemory.ExemptionMemory(text(e, "target"), e.path("reason").asText(""),
                    e.path("by").asText(""), e.path("until").asLong(0)));
        }
        return out;
    }

    /** Writes {@code memory} atomically now. Called by the writer thread (and by tests). */
    public void write(SafetyMemory memory) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("savedAt", Instant.now().toString());
        ArrayNode trips = root.putArray("trips");
        for (TripView t : memory.trips()) {
            ObjectNode n = trips.addObject();
            n.put("id", t.id());
            n.put("cause", t.cause());
            n.put("latchedAt", t.latchedWallMillis());
            n.put("firstOut", t.firstOut());
            n.put("localResetOnly", t.localResetOnly());
        }
        ArrayNode alarms = root.putArray("alarms");
        for (SafetyMemory.AlarmMemory a : memory.alarms()) {
            ObjectNode n = alarms.addObject();
            n.put("id", a.id());
            n.put("state", a.state().name());
            n.put("severity", a.severity().name());
            n.put("message", a.message());
            n.put("since", a.sinceWallMillis());
        }
        writeExemptions(root.putArray("shelved"), memory.shelved());
        writeExemptions(root.putArray("outOfService"), memory.outOfService());
        writeExemptions(root.putArray("bypasses"), memory.bypasses());
        root.put("maintenance", memory.maintenance());
        ArrayNode shed = root.putArray("shed");
        memory.shed().forEach((rack, w) -> shed.addObject().put("rack", rack).put("powerW", w));
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

    private static void writeExemptions(ArrayNode arr, List<SafetyMemory.ExemptionMemory> list) {
        for (SafetyMemory.ExemptionMemory e : list) {
            arr.addObject().put("target", e.target()).put("reason", e.reason()).put("by", e.by())
                    .put("until", e.untilWallMillis());
        }
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
    public void onSafetyMemory(SafetyMemory memory) {
        if (memory.equals(lastWritten)) {
            return;
        }
        pending.set(memory);
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    private void runWriter() {
        while (running || pending.get() != null) {
            SafetyMemory next = pending.getAndSet(null);
            if (next == null) {
                LockSupport.parkNanos(200_000_000L);
                continue;
            }
            try {
                write(next);
                lastWritten = next;
            } catch (IOException | RuntimeException e) {
                writeFailures++;
                log.error("could not persist the safety state to {}: {}", file, e.toString());
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
