package io.podctl.hal.sim.internal;

import io.podctl.hal.modbus.ModbusException;
import io.podctl.hal.modbus.RegisterTable;
import io.podctl.hal.sim.RegisterMap;
import io.podctl.hal.sim.RegisterMap.WriteRule;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The values of one emulated device's four tables, with the plant side (measurements published by the
 * simulation) and the master side (requests) kept apart.
 *
 * <p>Atomicity: the server runs each whole request under {@link #withLock}, and the plant publishes a
 * device's measurements with {@link #update}, also under the lock, so a read sees one plant update or the
 * next, never half of one (a float32 is never torn across its two words), and a multi-register write lands
 * at once.
 *
 * <p>Only mapped addresses exist. Overrides replace what reads return until cleared; while frozen,
 * {@link #update} is ignored. Bits are stored as 0 or 1.
 *
 * <p>Threading: thread-safe; one {@link ReentrantLock} guards everything, held for microseconds.
 */
public final class RegisterImage {
    private final ReentrantLock lock = new ReentrantLock();
    private final Table[] tables = new Table[RegisterTable.values().length];
    private final Map<Integer, WriteRule> writeRules = new HashMap<>();
    private boolean frozen;

    /** An image of {@code map}, holding its initial values. */
    public RegisterImage(RegisterMap map) {
        for (RegisterTable t : RegisterTable.values()) {
            tables[t.ordinal()] = new Table(t.isBitTable() ? 1 : 0xFFFF);
        }
        for (RegisterMap.Block b : map.blocks()) {
            Table t = table(b.table());
            t.define(b.address(), b.count());
            int[] initial = b.initial();
            for (int i = 0; i < initial.length; i++) {
                t.set(b.address() + i, initial[i]);
            }
        }
        for (RegisterMap.Writable w : map.writables()) {
            for (int a = w.address(); a < w.address() + w.count(); a++) {
                writeRules.put(key(w.table(), a), w.rule());
            }
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

    /** Sets registers or bits from the plant side. */
    @FunctionalInterface
    public interface Writer {
        /** Sets {@code values.length} addresses from {@code address}; words 0..65535, bits 0 or 1. */
        void put(RegisterTable table, int address, int... values);
    }

    /** Publishes plant values atomically through {@code writer}; ignored while frozen. */
    public void update(Consumer<Writer> writer) {
        lock.lock();
        try {
            if (!frozen) {
                writer.accept(this::putLocked);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets values even while frozen: a command or set-up, not a measurement. */
    public void set(RegisterTable table, int address, int... values) {
        lock.lock();
        try {
            putLocked(table, address, values);
        } finally {
            lock.unlock();
        }
    }

    /** The stored value at {@code address} (overrides ignored): the plant reads commands with this. */
    public int stored(RegisterTable table, int address) {
        lock.lock();
        try {
            return table(table).get(address);
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

    /** Makes reads of {@code values.length} addresses from {@code address} return {@code values}. */
    public void override(RegisterTable table, int address, int... values) {
        lock.lock();
        try {
            Table t = table(table);
            for (int i = 0; i < values.length; i++) {
                t.requireMapped(address + i);
                t.overrides.put(address + i, values[i] & t.mask);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes every override. */
    public void clearOverrides() {
        lock.lock();
        try {
            for (Table t : tables) {
                t.overrides.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a request may touch {@code count} addresses of {@code table} from {@code address}.
     *
     * @return 0, or exception 01 for a bit table when the device maps no bits at all (it does not implement
     *     the bit functions), 02 when any address is not mapped
     */
    public int checkRange(RegisterTable table, int address, int count) {
        lock.lock();
        try {
            Table t = table(table);
            if (table.isBitTable() && table(RegisterTable.COIL).mapped.isEmpty()
                    && table(RegisterTable.DISCRETE_INPUT).mapped.isEmpty()) {
                return ModbusException.ILLEGAL_FUNCTION;
            }
            if (address < 0 || count < 1 || address + count > 0x10000 || t.mapped.nextClearBit(address) < address + count) {
                return ModbusException.ILLEGAL_DATA_ADDRESS;
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** What a read of {@code address} returns before data faults: the override if any, else the stored value. */
    public int visible(RegisterTable table, int address) {
        lock.lock();
        try {
            return table(table).visible(address);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks a master's write before it is applied.
     *
     * @return 0 when every address exists, is writable and accepts its value; otherwise the exception code:
     *     01 (a bit write to a device without bits), 02 (an address is not mapped or not writable), 03 (a value is not
     *     accepted)
     */
    public int checkWrite(RegisterTable table, int address, int[] values) {
        lock.lock();
        try {
            int range = checkRange(table, address, values.length);
            if (range != 0) {
                return range;
            }
            for (int i = 0; i < values.length; i++) {
                if (!writeRules.containsKey(key(table, address + i))) {
                    return ModbusException.ILLEGAL_DATA_ADDRESS;
                }
            }
            for (int i = 0; i < values.length; i++) {
                if (!writeRules.get(key(table, address + i)).accepts().test(values[i])) {
                    return ModbusException.ILLEGAL_DATA_VALUE;
                }
            }
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** Applies a write that {@link #checkWrite} accepted: each address stores what its rule makes of the value. */
    public void applyWrite(RegisterTable table, int address, int[] values) {
        lock.lock();
        try {
            Table t = table(table);
            for (int i = 0; i < values.length; i++) {
                WriteRule rule = writeRules.get(key(table, address + i));
                if (rule == null) {
                    throw new IllegalStateException(table + " " + (address + i) + " is read-only");
                }
                t.set(address + i, rule.stored().applyAsInt(values[i]) & t.mask);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A consistent copy of {@code count} visible values (overrides applied, data faults not). */
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

    private void putLocked(RegisterTable table, int address, int... values) {
        Table t = table(table);
        for (int i = 0; i < values.length; i++) {
            t.set(address + i, values[i]);
        }
    }

    private Table table(RegisterTable table) {
        return tables[table.ordinal()];
    }

    private static int key(RegisterTable table, int address) {
        return table.ordinal() << 16 | address;
    }

    /** One table: values, which addresses exist, and overrides. Guarded by the image lock. */
    private static final class Table {
        final int mask;
        int[] values = new int[0];
        final BitSet mapped = new BitSet();
        final Map<Integer, Integer> overrides = new HashMap<>();

        Table(int mask) {
            this.mask = mask;
        }

        void define(int address, int count) {
            if (address + count > values.length) {
                values = Arrays.copyOf(values, address + count);
            }
            mapped.set(address, address + count);
        }

        void requireMapped(int address) {
            if (address < 0 || !mapped.get(address)) {
                throw new IllegalArgumentException("address " + address + " is not mapped");
            }
        }

        int get(int address) {
            requireMapped(address);
            return values[address];
        }

        void set(int address, int value) {
            requireMapped(address);
            if (mask == 1 && (value & ~1) != 0) {
                throw new IllegalArgumentException("a bit is 0 or 1, not " + value);
            }
            values[address] = value & mask;
        }

        int visible(int address) {
            Integer o = overrides.get(address);
            return o != null ? o : values[address];
        }
    }
}
