package io.podctl.controller.mqtt.sparkplug.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protocol-buffers wire-format primitives the Sparkplug B payload needs (varint, 64-bit, length
 * delimited), written by hand so that the controller needs no protobuf runtime. Field numbers are those of the
 * Sparkplug B 3.0 schema ({@code sparkplug_b.proto}); tests decode our output with protobuf-java.
 *
 * <p>Not thread-safe; one writer per message.
 */
public final class Proto {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private Proto() {
    }

    /** Builds one message. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

        private void tag(int field, int wireType) {
            varint(((long) field << 3) | wireType);
        }

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        /** uint64/uint32/bool field. */
        public Writer uint(int field, long value) {
            tag(field, VARINT);
            varint(value);
            return this;
        }

        public Writer bool(int field, boolean value) {
            return uint(field, value ? 1 : 0);
        }

        public Writer dbl(int field, double value) {
            tag(field, FIXED64);
            long bits = Double.doubleToRawLongBits(value);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)) & 0xFF);
            }
            return this;
        }

        public Writer string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        public Writer bytes(int field, byte[] value) {
            tag(field, LENGTH_DELIMITED);
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        public Writer message(int field, Writer nested) {
            return bytes(field, nested.toByteArray());
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Reads one message field by field; unknown fields are skipped by wire type. */
    public static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;
        private int wireType;

        public Reader(byte[] buf) {
            this(buf, 0, buf.length);
        }

        private Reader(byte[] buf, int from, int to) {
            this.buf = buf;
            this.pos = from;
            this.end = to;
        }

        /** The next field number, or 0 at the end. */
        public int next() {
            if (pos >= end) {
                return 0;
            }
            long key = varint();
            wireType = (int) (key & 7);
            int field = (int) (key >>> 3);
            if (field <= 0) {
                throw new IllegalArgumentException("invalid field number");
            }
            return field;
        }

        private long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = buf[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        public long uint() {
            expect(VARINT);
            return varint();
        }

        public double dbl() {
            expect(FIXED64);
            return Double.longBitsToDouble(fixed(8));
        }

        public float flt() {
            expect(FIXED32);
            return Float.intBitsToFloat((int) fixed(4));
        }

        private long fixed(int n) {
            if (end - pos < n) {
                throw new IllegalArgumentException("truncated fixed field");
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v |= (long) (buf[pos++] & 0xFF) << (8 * i);
            }
            return v;
        }

        public String string() {
            Reader r = nested();
            return new String(buf, r.pos, r.end - r.pos, StandardCharsets.UTF_8);
        }

        /** A length-delimited field as a reader of its own. */
        public Reader nested() {
            expect(LENGTH_DELIMITED);
            long len = varint();
            if (len < 0 || len > end - pos) {
                throw new IllegalArgumentException("length beyond the message");
            }
            Reader r = new Reader(buf, pos, pos + (int) len);
            pos += (int) len;
            return r;
        }

        public void skip() {
            switch (wireType) {
                case VARINT -> varint();
                case FIXED64 -> fixed(8);
                case LENGTH_DELIMITED -> nested();
                case FIXED32 -> fixed(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
            }
        }

        private void expect(int type) {
            if (wireType != type) {
                throw new IllegalArgumentException("wire type " + wireType + ", expected " + type);
            }
        }
    }
}
