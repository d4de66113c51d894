package io.podctl.hal.sim.internal;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.FIFO;
import com.ghgande.j2mod.modbus.procimg.File;
import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import io.podctl.hal.modbus.RegisterTable;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import java.util.function.Supplier;

/**
 * The registers of one simulated device, served to j2mod's request classes as a {@link ProcessImage}.
 *
 * <p>Why not j2mod's {@code SimpleProcessImage}: its register objects are live, and j2mod serializes a
 * read response after {@code createResponse} returns, outside any lock, so a plant update between the two
 * could tear a float32 across its two words; an FC16 write also sets its registers one by one. Here a
 * range read returns copies taken under the image lock, and the server runs each whole request under
 * {@link #withLock}: a read sees one plant update or the next, never half of one, and a multi-register
 * write lands at once.
 *
 * <p>Only the mapped addresses exist: a request that touches any other gets exception 02 (j2mod maps
 * {@link IllegalAddressException} to it). Coils, discrete inputs, files and FIFOs do not exist.
 *
 * <p>Plant-side state: {@link #update} publishes a device's measurements (ignored while frozen);
 * overrides replace what reads return until cleared; holding registers written by a master go through a
 * per-register rule (accepted values, and what is stored).
 *
 * <p>Threading: thread-safe; one {@link ReentrantLock} guards everything, held for microseconds.
 */
public final class RegisterImage implements ProcessImage {

    /** What a master may write to a holding register, and what the register then holds. */
    public record WriteRule(IntPredicate accepts, IntUnaryOperator stored) {
        public WriteRule {
            Objects.requireNonNull(accepts, "accepts");
            Objects.requireNonNull(stored, "stored");
        }

        /** Accepts {@code min..max} (raw values) and stores them as written. */
        public static WriteRule range(int min, int max) {
            return new WriteRule(v -> v >= min && v <= max, IntUnaryOperator.identity());
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Table inputs = new Table();
    private final Table holdings = new Table();
    private final Map<Integer, WriteRule> writeRules = new HashMap<>();
    private boolean frozen;

    /** Declares {@code count} registers from {@code address} (read-only unless a write rule is added). */
    public void define(RegisterTable table, int address, int count) {
        lock.lock();
        try {
            table(table).define(address, count);
        } finally {
            lock.unlock();
        }
    }

    /** Makes a defined holding register writable by a master under {@code rule}. */
    public void allowWrites(int address, WriteRule rule) {
        lock.lock();
        try {
            if (!holdings.mapped.get(address)) {
                throw new IllegalArgumentException("holding register " + address + " is not defined");
            }
            writeRules.put(address, rule);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} holding the image lock; the server wraps each whole request in it. */
    public <T> T withLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Publishes plant values atomically: {@code writer} sets registers through the given {@link Writer}
     * while the lock is held. Does nothing while the device is frozen.
     */
    public void update(Consumer<Writer> writer) {
        lock.lock();
        try {
            if (!frozen) {
                writer.accept(this::put);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets registers from the plant side. */
    @FunctionalInterface
    public interface Writer {
        /** Sets {@code words.length} registers from {@code address}; each word 0..65535. */
        void put(RegisterTable table, int address, int... words);
    }

    /** The value a holding register holds (overrides ignored): the plant reads commands with this. */
    public int holding(int address) {
        lock.lock();
        try {
            return holdings.get(address);
        } finally {
            lock.unlock();
        }
    }

    /** Sets a holding register from the plant side, even while frozen (a command, not a measurement). */
    public void setHolding(int address, int value) {
        lock.lock();
        try {
            holdings.set(address, value);
        } finally {
            lock.unlock();
        }
    }

    /** While frozen, {@link #update} is ignored: the registers keep their last values. */
    public void setFrozen(boolean frozen) {
        lock.lock();
        try {
            this.frozen = frozen;
        } finally {
            lock.unlock();
        }
    }

    /** Makes reads of {@code words.length} registers from {@code address} return {@code words}. */
    public void override(RegisterTable table, int address, int... words) {
        lock.lock();
        try {
            Table t = table(table);
            for (int i = 0; i < words.length; i++) {
                t.requireMapped(address + i);
                t.overrides.put(address + i, words[i] & 0xFFFF);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes every override. */
    public void clearOverrides() {
        lock.lock();
        try {
            inputs.overrides.clear();
            holdings.overrides.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks a master's write before it is applied.
     *
     * @return 0 when every register exists and is writable and accepts its value; otherwise the Modbus
     *     exception code: 02 (address not writable) or 03 (value not accepted)
     */
    public int checkWrite(int address, int[] values) {
        lock.lock();
        try {
            for (int i = 0; i < values.length; i++) {
                if (!holdings.mapped.get(address + i) || !writeRules.containsKey(address + i)) {
                    return Modbus.ILLEGAL_ADDRESS_EXCEPTION;
                }
            }
            for (int i = 0; i < values.length; i++) {
                if (!writeRules.get(address + i).accepts().test(values[i] & 0xFFFF)) {
                    return Modbus.ILLEGAL_VALUE_EXCEPTION;
                }
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** A consistent copy of {@code count} registers for tests and diagnostics (overrides applied). */
    public int[] read(RegisterTable table, int address, int count) {
        lock.lock();
        try {
            Table t = table(table);
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                t.requireMapped(address + i);
                out[i] = t.visible(address + i);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ---- j2mod ProcessImage: called by j2mod request classes, under withLock() ----

    @Override
    public InputRegister[] getInputRegisterRange(int offset, int count) {
        lock.lock();
        try {
            inputs.requireRange(offset, count);
            InputRegister[] out = new InputRegister[count];
            for (int i = 0; i < count; i++) {
                out[i] = new SimpleInputRegister(inputs.visible(offset + i));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public InputRegister getInputRegister(int ref) {
        return getInputRegisterRange(ref, 1)[0];
    }

    @Override
    public int getInputRegisterCount() {
        return inputs.size();
    }

    @Override
    public Register[] getRegisterRange(int offset, int count) {
        lock.lock();
        try {
            holdings.requireRange(offset, count);
            Register[] out = new Register[count];
            for (int i = 0; i < count; i++) {
                out[i] = new HoldingRegister(offset + i, holdings.visible(offset + i));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Register getRegister(int ref) {
        return getRegisterRange(ref, 1)[0];
    }

    @Override
    public int getRegisterCount() {
        return holdings.size();
    }

    @Override
    public DigitalOut[] getDigitalOutRange(int offset, int count) {
        throw new IllegalAddressException();
    }

    @Override
    public DigitalOut getDigitalOut(int ref) {
        throw new IllegalAddressException();
    }

    @Override
    public int getDigitalOutCount() {
        return 0;
    }

    @Override
    public DigitalIn[] getDigitalInRange(int offset, int count) {
        throw new IllegalAddressException();
    }

    @Override
    public DigitalIn getDigitalIn(int ref) {
        throw new IllegalAddressException();
    }

    @Override
    public int getDigitalInCount() {
        return 0;
    }

    @Override
    public File getFile(int ref) {
        throw new IllegalAddressException();
    }

    @Override
    public File getFileByNumber(int ref) {
        throw new IllegalAddressException();
    }

    @Override
    public int getFileCount() {
        return 0;
    }

    @Override
    public FIFO getFIFO(int ref) {
        throw new IllegalAddressException();
    }

    @Override
    public FIFO getFIFOByAddress(int ref) {
        throw new IllegalAddressException();
    }

    @Override
    public int getFIFOCount() {
        return 0;
    }

    private Table table(RegisterTable table) {
        return switch (table) {
            case INPUT_REGISTER -> inputs;
            case HOLDING_REGISTER -> holdings;
            case COIL, DISCRETE_INPUT -> throw new IllegalArgumentException("no bit tables in the simulated devices");
        };
    }

    private void put(RegisterTable table, int address, int... words) {
        Table t = table(table);
        for (int i = 0; i < words.length; i++) {
            t.set(address + i, words[i]);
        }
    }

    /** A master's write lands here, under the image lock (the server holds it for the whole request). */
    private void writeFromMaster(int address, int value) {
        lock.lock();
        try {
            WriteRule rule = writeRules.get(address);
            if (rule == null) {
                // checkWrite() ran first; reaching this means the server skipped it.
                throw new IllegalAddressException("holding register " + address + " is read-only");
            }
            holdings.set(address, rule.stored().applyAsInt(value & 0xFFFF));
        } finally {
            lock.unlock();
        }
    }

    /** One register table: values, which addresses exist, and overrides. Guarded by the image lock. */
    private static final class Table {
        private int[] values = new int[0];
        private final BitSet mapped = new BitSet();
        private final Map<Integer, Integer> overrides = new HashMap<>();

        void define(int address, int count) {
            if (address < 0 || count < 1 || address + count > 0x10000) {
                throw new IllegalArgumentException("bad register block " + address + "+" + count);
            }
            if (address + count > values.length) {
                values = Arrays.copyOf(values, address + count);
            }
            mapped.set(address, address + count);
        }

        int size() {
            return values.length;
        }

        void requireMapped(int address) {
            if (address < 0 || !mapped.get(address)) {
                throw new IllegalArgumentException("register " + address + " is not mapped");
            }
        }

        void requireRange(int offset, int count) {
            if (offset < 0 || count < 1 || offset + count > 0x10000
                    || mapped.nextClearBit(offset) < offset + count) {
                throw new IllegalAddressException();
            }
        }

        int get(int address) {
            requireMapped(address);
            return values[address];
        }

        void set(int address, int value) {
            requireMapped(address);
            values[address] = value & 0xFFFF;
        }

        int visible(int address) {
            Integer o = overrides.get(address);
            return o != null ? o : values[address];
        }
    }

    /**
     * A holding register as j2mod sees it: a copy of the value at lookup time; a write goes through to
     * the image (via the register's rule) and is echoed back as written, as FC06 requires.
     */
    private final class HoldingRegister implements Register {
        private final int address;
        private int value;

        HoldingRegister(int address, int value) {
            this.address = address;
            this.value = value;
        }

        @Override
        public int getValue() {
            return value;
        }

        @Override
        public int toUnsignedShort() {
            return value;
        }

        @Override
        public short toShort() {
            return (short) value;
        }

        @Override
        public byte[] toBytes() {
            return new byte[] {(byte) (value >> 8), (byte) value};
        }

        @Override
        public void setValue(int v) {
            value = v & 0xFFFF;
            writeFromMaster(address, value);
        }

        @Override
        public void setValue(short s) {
            setValue(s & 0xFFFF);
        }

        @Override
        public void setValue(byte[] bytes) {
            setValue(((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF));
        }
    }
}
