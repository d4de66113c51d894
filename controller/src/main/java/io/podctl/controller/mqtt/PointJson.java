package io.podctl.controller.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podctl.sensors.PointDescriptor;
import io.podctl.sensors.Quality;
import io.podctl.sensors.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The topic and payload of a numeric point's message, {@code {"v":31.4,"u":"degC","q":"GOOD","ts":"…Z"}}
 * (docs/mqtt.md), written straight into bytes: byte for byte what a Jackson tree of the same fields writes
 * ({@code PointJsonTest} compares them), without building a tree, a generator and a timestamp formatter for
 * every change. Per point, the topic and the unit's JSON are made once; per wall-clock second, the timestamp's
 * date and time. A value that is not finite (never GOOD in practice) is written by Jackson.
 *
 * <p>Not thread-safe: one instance per publishing thread.
 */
final class PointJson {
    private static final byte[][] QUALITY = new byte[Quality.values().length][];
    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);
    /** Integral values below this magnitude print as {@code 1234.0} ({@link Double#toString}'s plain form). */
    private static final double PLAIN_INTEGRAL_LIMIT = 1e7;

    static {
        for (Quality q : Quality.values()) {
            QUALITY[q.ordinal()] = q.name().getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final String topicPrefix;
    private final ObjectMapper json;
    private String[] topics = new String[0];
    private byte[][] units = new byte[0][];
    private byte[] out = new byte[128];
    private int length;
    /** The epoch second whose "yyyy-MM-ddTHH:mm:ss" is in {@link #secondText}. */
    private long cachedSecond = Long.MIN_VALUE;
    private byte[] secondText;

    /**
     * @param topicRoot the resolved topic root; topics are {@code {topicRoot}/points/{pointId}}
     * @param json      the publisher's mapper, for units (once per point) and non-finite values
     */
    PointJson(String topicRoot, ObjectMapper json) {
        this.topicPrefix = topicRoot + "/points/";
        this.json = json;
    }

    /** The topic of point {@code i} of {@code s} (made once per point). */
    String topic(Snapshot s, int i) {
        if (i >= topics.length) {
            grow(s.size());
        }
        String t = topics[i];
        if (t == null) {
            t = topicPrefix + s.descriptor(i).id();
            topics[i] = t;
        }
        return t;
    }

    /** The payload of point {@code i} of {@code s}: its value if GOOD, unit, quality and acquisition time. */
    byte[] payload(Snapshot s, int i) {
        Quality q = s.quality(i);
        double v = q == Quality.GOOD ? s.goodValue(i) : Double.NaN;
        if (q == Quality.GOOD && !Double.isFinite(v)) {
            return jackson(s.descriptor(i), q, s.received(i), s.wallMillis(i), v);
        }
        if (i >= units.length) {
            grow(s.size());
        }
        byte[] unit = units[i];
        if (unit == null) {
            unit = encode(s.descriptor(i).unit());
            units[i] = unit;
        }
        length = 0;
        ascii("{\"v\":");
        if (q == Quality.GOOD) {
            number(v);
        } else {
            ascii("null");
        }
        ascii(",\"u\":");
        bytes(unit);
        ascii(",\"q\":\"");
        bytes(QUALITY[q.ordinal()]);
        ascii("\",\"ts\":");
        if (s.received(i)) {
            timestamp(s.wallMillis(i));
        } else {
            ascii("null");
        }
        ascii("}");
        return Arrays.copyOf(out, length);
    }

    private void number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < PLAIN_INTEGRAL_LIMIT && Double.doubleToRawLongBits(v) != NEGATIVE_ZERO) {
            digits((long) v);
            ascii(".0");
        } else {
            ascii(Double.toString(v));
        }
    }

    /** ISO-8601 UTC as {@link Instant#toString()} writes it: milliseconds only when not zero. */
    private void timestamp(long wallMillis) {
        long second = Math.floorDiv(wallMillis, 1000);
        int millis = (int) Math.floorMod(wallMillis, 1000);
        if (second != cachedSecond) {
            String text = Instant.ofEpochSecond(second).toString(); // "…T…Z" without a fraction
            secondText = text.substring(0, text.length() - 1).getBytes(StandardCharsets.US_ASCII);
            cachedSecond = second;
        }
        ascii("\"");
        bytes(secondText);
        if (millis != 0) {
            ensure(4);
            out[length++] = '.';
            out[length++] = (byte) ('0' + millis / 100);
            out[length++] = (byte) ('0' + millis / 10 % 10);
            out[length++] = (byte) ('0' + millis % 10);
        }
        ascii("Z\"");
    }

    private void digits(long n) {
        if (n < 0) {
            ascii("-");
            n = -n;
        }
        ensure(20);
        int start = length;
        do {
            out[length++] = (byte) ('0' + n % 10);
            n /= 10;
        } while (n != 0);
        for (int a = start, b = length - 1; a < b; a++, b--) {
            byte t = out[a];
            out[a] = out[b];
            out[b] = t;
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int k = 0; k < s.length(); k++) {
            out[length++] = (byte) s.charAt(k);
        }
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, out, length, b.length);
        length += b.length;
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }

    private void grow(int size) {
        topics = Arrays.copyOf(topics, Math.max(size, topics.length));
        units = Arrays.copyOf(units, Math.max(size, units.length));
    }

    private byte[] encode(String unit) {
        try {
            return json.writeValueAsBytes(unit);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }

    /** The tree the contract was first written with; kept for values Jackson writes its own way. */
    byte[] jackson(PointDescriptor d, Quality q, boolean received, long wallMillis, double v) {
        ObjectNode n = json.createObjectNode();
        n.putNull("v");
        n.put("u", d.unit());
        n.put("q", q.name());
        n.put("ts", received ? Instant.ofEpochMilli(wallMillis).toString() : null);
        if (q == Quality.GOOD) {
            n.put("v", v);
        }
        try {
            return json.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }
}
