package io.podctl.controller.mqtt.sparkplug.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sparkplug B payload (the {@code Payload} message of {@code sparkplug_b.proto}) and its metrics: encoding
 * for what we publish, decoding for NCMD/DCMD.
 */
public final class SparkplugPayload {
    /** Sparkplug data types (the schema's DataType numbers). */
    public static final int INT32 = 3;
    public static final int INT64 = 4;
    public static final int UINT64 = 8;
    public static final int DOUBLE = 10;
    public static final int BOOLEAN = 11;
    public static final int STRING = 12;

    /** Quality codes, published as the metric property {@code Quality} (Int32). */
    public static final int QUALITY_BAD = 0;
    public static final int QUALITY_GOOD = 192;
    public static final int QUALITY_STALE = 500;

    private SparkplugPayload() {
    }

    /**
     * One metric.
     *
     * @param name       metric name
     * @param timestamp  epoch milliseconds of the value, or 0 for none
     * @param datatype   one of the type constants
     * @param historical {@code is_historical}
     * @param value      Long, Double, Boolean or String; null = {@code is_null}
     * @param quality    the {@code Quality} property, or null for none
     */
    public record Metric(String name, long timestamp, int datatype, boolean historical, Object value,
                         Integer quality) {
    }

    /** The encoded payload; {@code seq} < 0 leaves it out (NDEATH). */
    public static byte[] encode(long timestamp, long seq, List<Metric> metrics) {
        Proto.Writer p = new Proto.Writer();
        p.uint(1, timestamp);
        for (Metric m : metrics) {
            p.message(2, encode(m));
        }
        if (seq >= 0) {
            p.uint(3, seq);
        }
        return p.toByteArray();
    }

    private static Proto.Writer encode(Metric m) {
        Proto.Writer w = new Proto.Writer();
        w.string(1, m.name());
        if (m.timestamp() > 0) {
            w.uint(3, m.timestamp());
        }
        w.uint(4, m.datatype());
        if (m.historical()) {
            w.bool(5, true);
        }
        if (m.value() == null) {
            w.bool(7, true);
        }
        if (m.quality() != null) {
            Proto.Writer value = new Proto.Writer().uint(1, INT32).uint(3, m.quality() & 0xFFFFFFFFL);
            w.message(9, new Proto.Writer().string(1, "Quality").message(2, value));
        }
        Object v = m.value();
        if (v != null) {
            switch (m.datatype()) {
                case INT32 -> w.uint(10, ((Number) v).intValue() & 0xFFFFFFFFL);
                case INT64, UINT64 -> w.uint(11, ((Number) v).longValue());
                case DOUBLE -> w.dbl(13, ((Number) v).doubleValue());
                case BOOLEAN -> w.bool(14, (Boolean) v);
                case STRING -> w.string(15, (String) v);
                default -> throw new IllegalArgumentException("unsupported datatype " + m.datatype());
            }
        }
        return w;
    }

    /** A decoded inbound payload. */
    public record Decoded(long timestamp, long seq, List<Metric> metrics) {
    }

    /**
     * Decodes a payload (NCMD/DCMD). Values: Long for integer types, Double for Float/Double, Boolean,
     * String; null when absent.
     *
     * @throws IllegalArgumentException if the bytes are not a valid payload
     */
    public static Decoded decode(byte[] bytes) {
        Proto.Reader r = new Proto.Reader(bytes);
        long timestamp = 0;
        long seq = -1;
        List<Metric> metrics = new ArrayList<>();
        int f;
        while ((f = r.next()) != 0) {
            switch (f) {
                case 1 -> timestamp = r.uint();
                case 2 -> metrics.add(decodeMetric(r.nested()));
                case 3 -> seq = r.uint();
                default -> r.skip();
            }
        }
        return new Decoded(timestamp, seq, metrics);
    }

    private static Metric decodeMetric(Proto.Reader r) {
        String name = null;
        long timestamp = 0;
        int datatype = 0;
        boolean historical = false;
        Object value = null;
        int f;
        while ((f = r.next()) != 0) {
            switch (f) {
                case 1 -> name = r.string();
                case 3 -> timestamp = r.uint();
                case 4 -> datatype = (int) r.uint();
                case 5 -> historical = r.uint() != 0;
                case 10, 11 -> value = r.uint();
                case 12 -> value = (double) r.flt();
                case 13 -> value = r.dbl();
                case 14 -> value = r.uint() != 0;
                case 15 -> value = r.string();
                default -> r.skip();
            }
        }
        return new Metric(name == null ? "" : name, timestamp, datatype, historical, value, null);
    }
}
