package io.podctl.hal.sim;

import io.podctl.hal.modbus.RegisterTable;
import java.time.Duration;
import java.util.Objects;

/**
 * A way an {@link EmulatedDevice} misbehaves, injected with {@link EmulatedDevice#inject(Fault)}. Faults are
 * immutable values; several may be active on one device at once.
 *
 * <p>Three kinds, applied in this order to each request for the device:
 * <ol>
 *   <li><b>Answer faults</b> decide whether and what the device answers: {@link Silent},
 *       {@link RefuseConnections}, {@link ExceptionReply}.</li>
 *   <li><b>Data faults</b> change what reads return or whether writes land: {@link Frozen},
 *       {@link ZerosAfterReboot}, {@link NanFloat}, {@link WordSwapped}, {@link IgnoreWrites}.</li>
 *   <li><b>Delivery faults</b> change how the reply frame travels: {@link Garbage}, {@link CloseMidReply},
 *       {@link DribbleThenStall}, {@link WrongTransactionId}, {@link WrongUnitId}, {@link LateReply},
 *       {@link BadCrc}. At most one delivery fault is active: injecting one replaces the previous one.</li>
 * </ol>
 */
public sealed interface Fault {

    /** Whether this fault shapes the delivery of the reply frame (see the class comment). */
    default boolean isDelivery() {
        return false;
    }

    /** Requests are read and counted but never answered: a hung device or a dead RS-485 unit. */
    record Silent() implements Fault {
    }

    /**
     * Over TCP: open connections to the device's server are closed and, once every device a server serves
     * refuses, new connections are refused (the port is closed) until the fault is cleared; while only some
     * units of a gateway refuse, a request for one of them closes its connection. Over RTU: as {@link Silent}.
     */
    record RefuseConnections() implements Fault {
    }

    /**
     * Requests touching {@code [first, last]} of {@code table} get exception {@code code}; with a null
     * {@code table}, every request does. With {@code everyNth} &gt; 1 only the 1st, (n+1)-th, (2n+1)-th …
     * matching request gets it and the others are answered normally: a device that is busy now and then.
     *
     * @param code     Modbus exception code 1..255
     * @param everyNth 1 for every matching request
     */
    record ExceptionReply(int code, RegisterTable table, int first, int last, int everyNth) implements Fault {
        public ExceptionReply {
            if (code < 1 || code > 255) {
                throw new IllegalArgumentException("exception code outside 1..255: " + code);
            }
            if (everyNth < 1) {
                throw new IllegalArgumentException("everyNth must be at least 1: " + everyNth);
            }
            if (table != null && (first < 0 || last > 0xFFFF || last < first)) {
                throw new IllegalArgumentException("bad range " + first + ".." + last);
            }
        }

        /** Whether a request for {@code count} items of {@code t} from {@code address} gets this exception. */
        public boolean matches(RegisterTable t, int address, int count) {
            return table == null || t == table && address <= last && address + count - 1 >= first;
        }
    }

    /**
     * The plant's updates are ignored: every register keeps its value while the process behind it moves on
     * (a hung controller still answering from its last image). Writes by a master still land.
     */
    record Frozen() implements Fault {
    }

    /**
     * Every register and bit reads 0 for {@code zerosFor} after the fault is injected, as a device that has
     * just rebooted answers before its measurements are ready; then the real values return (the fault stays
     * listed but has no further effect). Judged by the emulated device's clock.
     */
    record ZerosAfterReboot(Duration zerosFor) implements Fault {
        public ZerosAfterReboot {
            Objects.requireNonNull(zerosFor, "zerosFor");
            if (zerosFor.isNegative() || zerosFor.isZero()) {
                throw new IllegalArgumentException("zerosFor must be positive: " + zerosFor);
            }
        }
    }

    /**
     * The two registers at {@code address} read as a quiet NaN float32 (0x7FC0, 0x0000 high word first; a
     * {@link WordSwapped} fault over the same registers swaps it like any other value).
     */
    record NanFloat(RegisterTable table, int address) implements Fault {
        public NanFloat {
            requireRegisterTable(table);
            if (address < 0 || address > 0xFFFE) {
                throw new IllegalArgumentException("address outside 0..65534: " + address);
            }
        }
    }

    /**
     * The device stores 32-bit values high word first but sends (and accepts) each register pair of
     * {@code [first, last]} low word first (CDAB), as word-swapped devices do. Pairs start at {@code first};
     * {@code last - first + 1} must be even.
     */
    record WordSwapped(RegisterTable table, int first, int last) implements Fault {
        public WordSwapped {
            requireRegisterTable(table);
            if (first < 0 || last > 0xFFFF || last < first || (last - first + 1) % 2 != 0) {
                throw new IllegalArgumentException("word-swapped range " + first + ".." + last
                        + " must hold whole register pairs");
            }
        }

        /** Whether {@code address} of {@code t} is inside the range. */
        public boolean covers(RegisterTable t, int address) {
            return t == table && address >= first && address <= last;
        }

        /** The stored address whose value is sent at {@code address} (its pair partner). */
        public int partner(int address) {
            return (address - first) % 2 == 0 ? address + 1 : address - 1;
        }
    }

    /** Writes are acknowledged as if applied, but nothing is stored: a device ignoring its commands. */
    record IgnoreWrites() implements Fault {
    }

    /**
     * The reply is preceded (or, with {@code thenAnswer} false, replaced) by bytes that are not a Modbus frame.
     * Over TCP a master loses the framing; over RTU it can skip them and still find the reply.
     */
    record Garbage(boolean thenAnswer) implements Fault {
        @Override
        public boolean isDelivery() {
            return true;
        }
    }

    /** Half the reply is sent, then the TCP connection is closed (over RTU: the rest never comes). */
    record CloseMidReply() implements Fault {
        @Override
        public boolean isDelivery() {
            return true;
        }
    }

    /** The reply is sent one byte every {@code perByte}, and its last byte never comes; the connection stays open. */
    record DribbleThenStall(Duration perByte) implements Fault {
        public DribbleThenStall {
            requirePositive(perByte, "perByte");
        }

        @Override
        public boolean isDelivery() {
            return true;
        }
    }

    /**
     * Over TCP a reply with the previous transaction id and inverted data is sent first, then (with
     * {@code thenAnswer}) the real reply. RTU frames have no transaction id: there this fault has no effect.
     */
    record WrongTransactionId(boolean thenAnswer) implements Fault {
        @Override
        public boolean isDelivery() {
            return true;
        }
    }

    /** A reply from another unit id (the device's + 1) with inverted data is sent first, then (with {@code thenAnswer}) the real one. */
    record WrongUnitId(boolean thenAnswer) implements Fault {
        @Override
        public boolean isDelivery() {
            return true;
        }
    }

    /** The reply is sent {@code delay} after the request arrived. */
    record LateReply(Duration delay) implements Fault {
        public LateReply {
            requirePositive(delay, "delay");
        }

        @Override
        public boolean isDelivery() {
            return true;
        }
    }

    /** Over RTU the reply's CRC is wrong; over TCP (no CRC) this fault has no effect. */
    record BadCrc() implements Fault {
        @Override
        public boolean isDelivery() {
            return true;
        }
    }

    // ---- factories ----

    /** See {@link Silent}. */
    static Fault silent() {
        return new Silent();
    }

    /** See {@link RefuseConnections}. */
    static Fault refuseConnections() {
        return new RefuseConnections();
    }

    /** Every request gets exception {@code code}. */
    static Fault exception(int code) {
        return new ExceptionReply(code, null, 0, 0, 1);
    }

    /** Every {@code everyNth} request, starting with the next one, gets exception {@code code}. */
    static Fault intermittentException(int code, int everyNth) {
        return new ExceptionReply(code, null, 0, 0, everyNth);
    }

    /** Requests touching {@code first..last} of {@code table} get exception {@code code}. */
    static Fault exception(int code, RegisterTable table, int first, int last) {
        Objects.requireNonNull(table, "table");
        return new ExceptionReply(code, table, first, last, 1);
    }

    /** See {@link Frozen}. */
    static Fault frozen() {
        return new Frozen();
    }

    /** See {@link ZerosAfterReboot}. */
    static Fault zerosAfterReboot(Duration zerosFor) {
        return new ZerosAfterReboot(zerosFor);
    }

    /** See {@link NanFloat}. */
    static Fault nanFloat(RegisterTable table, int address) {
        return new NanFloat(table, address);
    }

    /** See {@link WordSwapped}. */
    static Fault wordSwapped(RegisterTable table, int first, int last) {
        return new WordSwapped(table, first, last);
    }

    /** See {@link IgnoreWrites}. */
    static Fault ignoreWrites() {
        return new IgnoreWrites();
    }

    /** See {@link Garbage}. */
    static Fault garbage(boolean thenAnswer) {
        return new Garbage(thenAnswer);
    }

    /** See {@link CloseMidReply}. */
    static Fault closeMidReply() {
        return new CloseMidReply();
    }

    /** See {@link DribbleThenStall}. */
    static Fault dribbleThenStall(Duration perByte) {
        return new DribbleThenStall(perByte);
    }

    /** See {@link WrongTransactionId}. */
    static Fault wrongTransactionId(boolean thenAnswer) {
        return new WrongTransactionId(thenAnswer);
    }

    /** See {@link WrongUnitId}. */
    static Fault wrongUnitId(boolean thenAnswer) {
        return new WrongUnitId(thenAnswer);
    }

    /** See {@link LateReply}. */
    static Fault lateReply(Duration delay) {
        return new LateReply(delay);
    }

    /** See {@link BadCrc}. */
    static Fault badCrc() {
        return new BadCrc();
    }

    private static void requireRegisterTable(RegisterTable table) {
        Objects.requireNonNull(table, "table");
        if (table.isBitTable()) {
            throw new IllegalArgumentException(table + " holds bits, not registers");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
