package io.podctl.controller.journal.internal;

import io.podctl.controller.events.PodEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk record format of the journal. Every record is framed so that a torn write is detected:
 *
 * <pre>
 *   int32  length of the body (big-endian), 10 .. MAX_BODY
 *   int32  CRC-32C of the body
 *   body:  byte kind, byte flags, int64 seq, payload (kind-specific)
 * </pre>
 *
 * Kinds: {@link #EVENT} (payload: the encoded event; flag {@link #FLAG_HISTORICAL} when it was journaled while
 * it could not be sent at once), {@link #ACK} (seq: every event up to it was acknowledged; no payload),
 * {@link #HEADER} (first record of a segment; seq: highest event number so far; payload: int64 acknowledged
 * number).
 *
 * <p>Pure functions, no state; not thread-confined.
 */
public final class Frames {
    public static final byte EVENT = 1;
    public static final byte ACK = 2;
    public static final byte HEADER = 3;
    public static final byte FLAG_HISTORICAL = 1;
    /** Bytes of framing before the body. */
    public static final int FRAME_OVERHEAD = 8;
    private static final int BODY_FIXED = 10;
    private static final int MAX_BODY = 64 * 1024;

    private Frames() {
    }

    /** One decoded record. */
    public record Record(byte kind, byte flags, long seq, byte[] payload, long position, int frameBytes) {
    }

    /** A whole frame, ready to write. */
    public static ByteBuffer frame(byte kind, byte flags, long seq, byte[] payload) {
        int bodyLength = BODY_FIXED + payload.length;
        if (bodyLength > MAX_BODY) {
            throw new IllegalArgumentException("record of " + bodyLength + " bytes exceeds " + MAX_BODY);
        }
        ByteBuffer b = ByteBuffer.allocate(FRAME_OVERHEAD + bodyLength).order(ByteOrder.BIG_ENDIAN);
        b.putInt(bodyLength).putInt(0).put(kind).put(flags).putLong(seq).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), FRAME_OVERHEAD, bodyLength);
        b.putInt(4, (int) crc.getValue());
        return b.flip();
    }

    /**
     * Reads the record at {@code position}, or null when there is none there or it is torn or corrupt (short,
     * impossible length, CRC mismatch): the caller treats that position as the end of the valid data.
     */
    public static Record read(FileChannel ch, long position, long size) throws IOException {
        if (size - position < FRAME_OVERHEAD + BODY_FIXED) {
            return null;
        }
        ByteBuffer head = ByteBuffer.allocate(FRAME_OVERHEAD);
        readFully(ch, head, position);
        int length = head.getInt(0);
        int crc = head.getInt(4);
        if (length < BODY_FIXED || length > MAX_BODY || position + FRAME_OVERHEAD + length > size) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(ch, body, position + FRAME_OVERHEAD);
        CRC32C c = new CRC32C();
        c.update(body.array(), 0, length);
        if ((int) c.getValue() != crc) {
            return null;
        }
        byte kind = body.get(0);
        if (kind != EVENT && kind != ACK && kind != HEADER) {
            return null;
        }
        byte[] payload = new byte[length - BODY_FIXED];
        System.arraycopy(body.array(), BODY_FIXED, payload, 0, payload.length);
        return new Record(kind, body.get(1), body.getLong(2), payload, position, FRAME_OVERHEAD + length);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + p);
            }
            p += n;
        }
    }

    /** The payload of an {@link #EVENT} record; strings are cut so that the record stays within bounds. */
    public static byte[] encodeEvent(PodEvent e, int maxBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(e.time().getEpochSecond());
            out.writeInt(e.time().getNano());
            out.writeUTF(cut(e.type(), 128));
            out.writeUTF(cut(e.source(), 256));
            out.writeUTF(cut(e.severity(), 32));
            out.writeUTF(cut(e.message(), maxBytes / 4));
            int n = Math.min(e.details().size(), 32);
            out.writeByte(n);
            int i = 0;
            for (Map.Entry<String, String> d : e.details().entrySet()) {
                if (i++ == n) {
                    break;
                }
                out.writeUTF(cut(d.getKey(), 64));
                out.writeUTF(cut(d.getValue(), maxBytes / 128));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    /** The event of an {@link #EVENT} record. */
    public static PodEvent decodeEvent(long seq, byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String type = in.readUTF();
            String source = in.readUTF();
            String severity = in.readUTF();
            String message = in.readUTF();
            int n = in.readUnsignedByte();
            Map<String, String> details = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                details.put(in.readUTF(), in.readUTF());
            }
            return new PodEvent(seq, time, type, source, severity, message, details);
        }
    }

    /** At most {@code max} characters (modified UTF-8 of that stays below writeUTF's 65535-byte limit). */
    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
