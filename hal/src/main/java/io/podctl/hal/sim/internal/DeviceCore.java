package io.podctl.hal.sim.internal;

import io.podctl.hal.Clock;
import io.podctl.hal.modbus.ModbusException;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.sim.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated device's state and request processing: its {@link RegisterImage}, its active faults and its
 * counters. Turns a request PDU into what the device does about it ({@link Answer}); the transports frame and
 * deliver it.
 *
 * <p>Supported functions: 01, 02, 03, 04 (reads), 05, 06, 15, 16 (writes); any other gets exception 01.
 * Quantities outside the protocol's limits, a malformed or truncated PDU, an FC05 value other than
 * FF00/0000, or a byte count that does not match get exception 03; a bit function on a device without bits,
 * 01; an address that is not mapped (or not writable), 02; a value a write rule refuses, 03.
 *
 * <p>Threading: thread-safe. Faults are an immutable list swapped atomically; each request is processed under
 * the image lock.
 */
public final class DeviceCore {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCore.class);
    /** What the device does with one request. */
    public sealed interface Answer {
        /** Nothing is sent. */
        record NoReply() implements Answer {
        }

        /** The connection is closed (TCP); nothing is sent (RTU). */
        record Hangup() implements Answer {
        }

        /**
         * A response PDU (function code first) to frame and send, shaped by {@code delivery} (null: sent at once).
         */
        record Reply(byte[] pdu, Fault delivery) implements Answer {
        }
    }

    private static final Answer NO_REPLY = new Answer.NoReply();
    private static final Answer HANGUP = new Answer.Hangup();

    private final String id;
    private final int unitId;
    private final RegisterImage image;
    private final Clock clock;
    private volatile List<Fault> faults = List.of();
    private volatile long zerosUntilNanos;
    private volatile boolean zerosActive;
    private final List<Runnable> faultListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong exceptionReplies = new AtomicLong();
    private final AtomicLong writesApplied = new AtomicLong();
    private final AtomicLong writesIgnored = new AtomicLong();
    /** Requests an intermittent {@link Fault.ExceptionReply} has matched since it was injected. */
    private final AtomicLong exceptionMatches = new AtomicLong();

    public DeviceCore(String id, int unitId, RegisterImage image, Clock clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.unitId = unitId;
        this.image = Objects.requireNonNull(image, "image");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String id() {
        return id;
    }

    public int unitId() {
        return unitId;
    }

    public RegisterImage image() {
        return image;
    }

    // ---- faults ----

    /** Adds a fault; a delivery fault replaces the previous delivery fault. Notifies the transports. */
    public synchronized void inject(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        List<Fault> next = new ArrayList<>();
        for (Fault f : faults) {
            boolean replaced = f.equals(fault) || fault.isDelivery() && f.isDelivery()
                    || f instanceof Fault.ZerosAfterReboot && fault instanceof Fault.ZerosAfterReboot;
            if (!replaced) {
                next.add(f);
            }
        }
        next.add(fault);
        if (fault instanceof Fault.ExceptionReply) {
            exceptionMatches.set(0);
        }
        if (fault instanceof Fault.ZerosAfterReboot z) {
            zerosUntilNanos = clock.nanoTime() + z.zerosFor().toNanos();
            zerosActive = true;
        }
        setFaults(next);
    }

    /** Removes every active fault of {@code kind}. */
    public synchronized void clear(Class<? extends Fault> kind) {
        List<Fault> next = new ArrayList<>();
        for (Fault f : faults) {
            if (!kind.isInstance(f)) {
                next.add(f);
            }
        }
        if (Fault.ZerosAfterReboot.class.isAssignableFrom(kind)) {
            zerosActive = false;
        }
        setFaults(next);
    }

    /** Removes every fault. */
    public synchronized void clearAll() {
        zerosActive = false;
        setFaults(new ArrayList<>());
    }

    /** The active faults, oldest first. */
    public List<Fault> faults() {
        return faults;
    }

    /** True while a fault of {@code kind} is active. */
    public boolean has(Class<? extends Fault> kind) {
        for (Fault f : faults) {
            if (kind.isInstance(f)) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code listener} (on the injecting thread) after every change of the fault list. */
    public void onFaultsChanged(Runnable listener) {
        faultListeners.add(listener);
    }

    /** Stops notifying {@code listener}. */
    public void removeFaultListener(Runnable listener) {
        faultListeners.remove(listener);
    }

    private void setFaults(List<Fault> next) {
        boolean wasFrozen = has(Fault.Frozen.class);
        faults = List.copyOf(next);
        boolean isFrozen = has(Fault.Frozen.class);
        if (wasFrozen != isFrozen) {
            image.setFrozen(isFrozen);
        }
        for (Runnable l : faultListeners) {
            l.run();
        }
    }

    // ---- counters ----

    /** Requests addressed to this device since start (answered or not). */
    public long requests() {
        return requests.get();
    }

    /** Replies handed to a transport (normal or exception). */
    public long replies() {
        return replies.get();
    }

    /** Exception replies. */
    public long exceptionReplies() {
        return exceptionReplies.get();
    }

    /** Writes stored. */
    public long writesApplied() {
        return writesApplied.get();
    }

    /** Writes acknowledged but not stored ({@link Fault.IgnoreWrites}). */
    public long writesIgnored() {
        return writesIgnored.get();
    }

    // ---- reading with data faults ----

    /**
     * What a master reads at {@code address} now: the image's visible value, then NaN substitution, word
     * swap and reboot zeros. Call with the image lock held for a consistent block.
     */
    public int readValue(RegisterTable table, int address) {
        if (zerosActive) {
            if (clock.nanoTime() - zerosUntilNanos < 0) {
                return 0;
            }
            zerosActive = false;
        }
        int source = address;
        for (Fault f : faults) {
            if (f instanceof Fault.WordSwapped w && w.covers(table, address)) {
                source = w.partner(address);
                break;
            }
        }
        for (Fault f : faults) {
            if (f instanceof Fault.NanFloat n && n.table() == table) {
                if (source == n.address()) {
                    return 0x7FC0;
                }
                if (source == n.address() + 1) {
                    return 0x0000;
                }
            }
        }
        return image.visible(table, source);
    }

    /** The inverse of the word swap for a master's write: the stored address a written word lands on. */
    private int writeTarget(RegisterTable table, int address) {
        for (Fault f : faults) {
            if (f instanceof Fault.WordSwapped w && w.covers(table, address)) {
                return w.partner(address);
            }
        }
        return address;
    }

    // ---- request processing ----

    /**
     * Processes one request PDU ({@code len} bytes at {@code pdu[off]}, function code first) addressed to this
     * device.
     */
    public Answer process(byte[] pdu, int off, int len) {
        requests.incrementAndGet();
        List<Fault> active = faults;
        Fault delivery = null;
        for (Fault f : active) {
            if (f instanceof Fault.Silent) {
                return NO_REPLY;
            }
            if (f instanceof Fault.RefuseConnections) {
                return HANGUP;
            }
            if (f.isDelivery()) {
                delivery = f;
            }
        }
        byte[] response;
        try {
            response = image.withLock(() -> respond(active, pdu, off, len));
        } catch (RuntimeException e) {
            LOG.error("device {}: request failed inside the emulator", id, e);
            response = exception(pdu[off] & 0x7F, ModbusException.SERVER_DEVICE_FAILURE);
        }
        replies.incrementAndGet();
        if ((response[0] & 0x80) != 0) {
            exceptionReplies.incrementAndGet();
        }
        return new Answer.Reply(response, delivery);
    }

    private byte[] respond(List<Fault> active, byte[] pdu, int off, int len) {
        int fc = pdu[off] & 0xFF;
        if (fc < 1 || fc > 16 || fc == 7 || fc > 6 && fc < 15) {
            return exception(fc, ModbusException.ILLEGAL_FUNCTION);
        }
        if (len < 5) {
            return exception(fc, ModbusException.ILLEGAL_DATA_VALUE);
        }
        int address = word(pdu, off + 1);
        int quantity = word(pdu, off + 3);
        RegisterTable table = switch (fc) {
            case 1, 5, 15 -> RegisterTable.COIL;
            case 2 -> RegisterTable.DISCRETE_INPUT;
            case 4 -> RegisterTable.INPUT_REGISTER;
            default -> RegisterTable.HOLDING_REGISTER;
        };
        int count = fc == 5 || fc == 6 ? 1 : quantity;
        for (Fault f : active) {
            if (f instanceof Fault.ExceptionReply e && count >= 1 && e.matches(table, address, count)
                    && (e.everyNth() == 1 || exceptionMatches.getAndIncrement() % e.everyNth() == 0)) {
                return exception(fc, e.code());
            }
        }
        return switch (fc) {
            case 1, 2, 3, 4 -> read(fc, table, address, quantity, len);
            case 5 -> writeSingleCoil(address, quantity, len, active);
            case 6 -> writeSingleRegister(address, quantity, len, active);
            case 15 -> writeCoils(pdu, off, len, address, quantity, active);
            default -> writeRegisters(pdu, off, len, address, quantity, active);
        };
    }

    private byte[] read(int fc, RegisterTable table, int address, int quantity, int len) {
        if (len != 5 || quantity < 1 || quantity > table.maxReadCount()) {
            return exception(fc, ModbusException.ILLEGAL_DATA_VALUE);
        }
        int code = image.checkRange(table, address, quantity);
        if (code != 0) {
            return exception(fc, code);
        }
        if (table.isBitTable()) {
            int bytes = (quantity + 7) / 8;
            byte[] out = new byte[2 + bytes];
            out[0] = (byte) fc;
            out[1] = (byte) bytes;
            for (int i = 0; i < quantity; i++) {
                if (readValue(table, address + i) != 0) {
                    out[2 + i / 8] |= (byte) (1 << (i % 8));
                }
            }
            return out;
        }
        byte[] out = new byte[2 + 2 * quantity];
        out[0] = (byte) fc;
        out[1] = (byte) (2 * quantity);
        for (int i = 0; i < quantity; i++) {
            int w = readValue(table, address + i);
            out[2 + 2 * i] = (byte) (w >> 8);
            out[3 + 2 * i] = (byte) w;
        }
        return out;
    }

    private byte[] writeSingleCoil(int address, int value, int len, List<Fault> active) {
        if (len != 5 || value != 0xFF00 && value != 0x0000) {
            return exception(5, ModbusException.ILLEGAL_DATA_VALUE);
        }
        int[] values = {value == 0xFF00 ? 1 : 0};
        return write(5, RegisterTable.COIL, address, values, active, echo(5, address, value));
    }

    private byte[] writeSingleRegister(int address, int value, int len, List<Fault> active) {
        if (len != 5) {
            return exception(6, ModbusException.ILLEGAL_DATA_VALUE);
        }
        return write(6, RegisterTable.HOLDING_REGISTER, address, new int[] {value}, active, echo(6, address, value));
    }

    private byte[] writeCoils(byte[] pdu, int off, int len, int address, int quantity, List<Fault> active) {
        if (len < 6) {
            return exception(15, ModbusException.ILLEGAL_DATA_VALUE);
        }
        int byteCount = pdu[off + 5] & 0xFF;
        if (quantity < 1 || quantity > 1968 || byteCount != (quantity + 7) / 8 || len != 6 + byteCount) {
            return exception(15, ModbusException.ILLEGAL_DATA_VALUE);
        }
        int[] values = new int[quantity];
        for (int i = 0; i < quantity; i++) {
            values[i] = pdu[off + 6 + i / 8] >> (i % 8) & 1;
        }
        return write(15, RegisterTable.COIL, address, values, active, echo(15, address, quantity));
    }

    private byte[] writeRegisters(byte[] pdu, int off, int len, int address, int quantity, List<Fault> active) {
        if (len < 6) {
            return exception(16, ModbusException.ILLEGAL_DATA_VALUE);
        }
        int byteCount = pdu[off + 5] & 0xFF;
        if (quantity < 1 || quantity > 123 || byteCount != 2 * quantity || len != 6 + byteCount) {
            return exception(16, ModbusException.ILLEGAL_DATA_VALUE);
        }
        int[] values = new int[quantity];
        for (int i = 0; i < quantity; i++) {
            values[i] = word(pdu, off + 6 + 2 * i);
        }
        return write(16, RegisterTable.HOLDING_REGISTER, address, values, active, echo(16, address, quantity));
    }

    private byte[] write(int fc, RegisterTable table, int address, int[] wireValues, List<Fault> active, byte[] ack) {
        int code = image.checkWrite(table, address, wireValues);
        if (code != 0) {
            return exception(fc, code);
        }
        for (Fault f : active) {
            if (f instanceof Fault.IgnoreWrites) {
                writesIgnored.incrementAndGet();
                return ack;
            }
        }
        // A word-swapped device stores each pair in its own order: a written word lands on its partner.
        for (int i = 0; i < wireValues.length; i++) {
            image.applyWrite(table, writeTarget(table, address + i), new int[] {wireValues[i]});
        }
        writesApplied.incrementAndGet();
        return ack;
    }

    private static byte[] echo(int fc, int address, int value) {
        return new byte[] {(byte) fc, (byte) (address >> 8), (byte) address, (byte) (value >> 8), (byte) value};
    }

    private static byte[] exception(int fc, int code) {
        return new byte[] {(byte) (fc | 0x80), (byte) code};
    }

    private static int word(byte[] b, int off) {
        return (b[off] & 0xFF) << 8 | b[off + 1] & 0xFF;
    }
}
