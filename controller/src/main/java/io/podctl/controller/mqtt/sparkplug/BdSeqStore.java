package io.podctl.controller.mqtt.sparkplug;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sparkplug's birth/death sequence number ({@code bdSeq}, 0..255, wrapping): incremented for every connection
 * attempt and persisted (temporary file, fsync, rename), so that a host application never sees a new session
 * reuse the number of the previous one, also across restarts. A missing or unreadable file starts over at 0.
 *
 * <p>Threading: {@link #next()} is called on the link's thread before each connection attempt;
 * {@link #current()} from any thread.
 */
public final class BdSeqStore {
    private static final Logger log = LoggerFactory.getLogger(BdSeqStore.class);
    private final Path file;
    private volatile int current = -1;

    /** The counter kept in {@code file}. */
    public BdSeqStore(Path file) {
        this.file = file;
    }

    /** The number of the connection being made now: one above the last persisted one (mod 256), persisted. */
    public synchronized int next() {
        int last = current >= 0 ? current : read();
        int n = (last + 1) & 0xFF;
        write(n);
        current = n;
        return n;
    }

    /** The number of the current (or last attempted) connection; -1 before the first. */
    public int current() {
        return current;
    }

    private int read() {
        try {
            return Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip()) & 0xFF;
        } catch (IOException | NumberFormatException e) {
            return -1; // first use (or a damaged file): the first session gets 0
        }
    }

    private void write(int n) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap((n + "\n").getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The session still works; only a restart could then repeat a number.
            log.warn("cannot persist the Sparkplug bdSeq to {}: {}", file, e.toString());
        }
    }
}
