package io.podctl.hal.modbus;

import java.util.Arrays;

/**
 * The outcome of one Modbus transaction: data, an acknowledgement, or a classified failure.
 * Failures are values, not exceptions, so that the poller (the one layer that retries) can turn them into
 * point quality and device health. Instances are immutable.
 */
public sealed interface BusReply {

    /** True when the transaction completed with a normal (non-exception) response. */
    default boolean isOk() {
        return !(this instanceof Failure);
    }

    /** A register read: each element is one 16-bit register as an unsigned value 0..65535. */
    record Registers(int[] words) implements BusReply {
        public Registers {
            words = words.clone();
        }

        /** Register {@code i} of the block as an unsigned 16-bit value. */
        public int word(int i) {
            return words[i];
        }

        /** Number of registers in the block. */
        public int count() {
            return words.length;
        }

        @Override
        public int[] words() {
            return words.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Registers r && Arrays.equals(words, r.words);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(words);
        }

        @Override
        public String toString() {
            return "Registers" + Arrays.toString(words);
        }
    }

    /** A coil or discrete-input read. */
    record Bits(boolean[] bits) implements BusReply {
        public Bits {
            bits = bits.clone();
        }

        /** Bit {@code i} of the block. */
        public boolean bit(int i) {
            return bits[i];
        }

        /** Number of bits in the block. */
        public int count() {
            return bits.length;
        }

        @Override
        public boolean[] bits() {
            return bits.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bits b && Arrays.equals(bits, b.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "Bits" + Arrays.toString(bits);
        }
    }

    /** A write the device acknowledged. */
    record Written(int address, int count) implements BusReply {
    }

    /**
     * A transaction that produced no usable data.
     *
     * @param kind          what went wrong
     * @param exceptionCode the Modbus exception code when {@code kind} is {@link FailureKind#EXCEPTION_RESPONSE},
     *                      otherwise 0
     * @param detail        a human-readable explanation for logs and diagnostics
     */
    record Failure(FailureKind kind, int exceptionCode, String detail) implements BusReply {

        /** A failure that is not an exception response. */
        public static Failure of(FailureKind kind, String detail) {
            return new Failure(kind, 0, detail);
        }

        /** An exception response with the given Modbus exception code. */
        public static Failure exception(int code, String detail) {
            return new Failure(FailureKind.EXCEPTION_RESPONSE, code, detail);
        }
    }

    /** Classification of failures; see {@link ModbusException} for the meaning of each exception code. */
    enum FailureKind {
        /** No complete matching reply before the transaction deadline. */
        TIMEOUT,
        /** The connection could not be opened (refused, unreachable, port busy), or is in reconnect backoff. */
        CONNECT_FAILED,
        /** The connection broke during the transaction (reset, closed mid-reply). */
        CONNECTION_LOST,
        /** The device answered with a Modbus exception response. */
        EXCEPTION_RESPONSE,
        /** A reply arrived but was unusable (bad length, CRC, wrong function); it was discarded. */
        MALFORMED_REPLY,
        /** The calling thread was interrupted (shutdown). */
        INTERRUPTED
    }
}
