package io.podctl.hal.sim;

import io.podctl.hal.modbus.RegisterTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * The register map of one emulated device: which addresses exist in each of the four tables, what they
 * hold at start, and which ones a master may write. Addresses are 0-based wire addresses. Immutable; built
 * with {@link #builder()}.
 *
 * <p>Only mapped addresses exist: a request that touches any other gets exception 02. A device that maps no
 * coil and no discrete input answers the bit functions (01, 02, 05, 15) with exception 01 (not supported),
 * as small register-only field devices do. Every address is read-only unless a {@link WriteRule} makes it writable (only coils and
 * holding registers can be written).
 */
public final class RegisterMap {

    /**
     * What a master may write to one coil or holding register, and what it then holds.
     *
     * @param accepts which raw values (0..65535; 0 or 1 for a coil) are accepted; others get exception 03
     * @param stored  what the register holds after accepting a value (e.g. a reset command that reads back 0)
     */
    public record WriteRule(IntPredicate accepts, IntUnaryOperator stored) {
        public WriteRule {
            Objects.requireNonNull(accepts, "accepts");
            Objects.requireNonNull(stored, "stored");
        }

        /** Any value, stored as written. */
        public static WriteRule any() {
            return new WriteRule(v -> true, IntUnaryOperator.identity());
        }

        /** Raw values {@code min..max}, stored as written. */
        public static WriteRule range(int min, int max) {
            return new WriteRule(v -> v >= min && v <= max, IntUnaryOperator.identity());
        }
    }

    /** A run of mapped addresses with their initial values (0/1 for bits). */
    public record Block(RegisterTable table, int address, int[] initial) {
        public Block {
            Objects.requireNonNull(table, "table");
            initial = initial.clone();
            if (address < 0 || initial.length < 1 || address + initial.length > 0x10000) {
                throw new IllegalArgumentException("bad block " + table + " " + address + "+" + initial.length);
            }
            for (int v : initial) {
                int max = table.isBitTable() ? 1 : 0xFFFF;
                if (v < 0 || v > max) {
                    throw new IllegalArgumentException("initial value " + v + " outside 0.." + max + " in " + table);
                }
            }
        }

        @Override
        public int[] initial() {
            return initial.clone();
        }

        /** Number of addresses. */
        public int count() {
            return initial.length;
        }
    }

    /** A write rule for {@code count} addresses from {@code address}. */
    public record Writable(RegisterTable table, int address, int count, WriteRule rule) {
        public Writable {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(rule, "rule");
            if (!table.isWritable()) {
                throw new IllegalArgumentException(table + " cannot be written by a master");
            }
            if (address < 0 || count < 1 || address + count > 0x10000) {
                throw new IllegalArgumentException("bad writable range " + address + "+" + count);
            }
        }
    }

    private final List<Block> blocks;
    private final List<Writable> writables;

    private RegisterMap(List<Block> blocks, List<Writable> writables) {
        this.blocks = List.copyOf(blocks);
        this.writables = List.copyOf(writables);
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The mapped blocks, in the order they were declared (a later block's initial values win on overlap). */
    public List<Block> blocks() {
        return blocks;
    }

    /** The write rules, in the order they were declared (a later rule wins on overlap). */
    public List<Writable> writables() {
        return writables;
    }

    /** Collects blocks and write rules. Not thread-safe. */
    public static final class Builder {
        private final List<Block> blocks = new ArrayList<>();
        private final List<Writable> writables = new ArrayList<>();

        private Builder() {
        }

        /** Maps {@code initialWords.length} registers from {@code address} with these initial values (0..65535). */
        public Builder registers(RegisterTable table, int address, int... initialWords) {
            requireRegisterTable(table);
            blocks.add(new Block(table, address, initialWords));
            return this;
        }

        /** Maps {@code count} registers (or bits) from {@code address}, all 0 at start. */
        public Builder zeros(RegisterTable table, int address, int count) {
            if (count < 1) {
                throw new IllegalArgumentException("count must be positive: " + count);
            }
            blocks.add(new Block(table, address, new int[count]));
            return this;
        }

        /** Maps coils or discrete inputs from {@code address} with these initial states. */
        public Builder bits(RegisterTable table, int address, boolean... initial) {
            if (!table.isBitTable()) {
                throw new IllegalArgumentException(table + " holds registers, not bits");
            }
            int[] v = new int[initial.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = initial[i] ? 1 : 0;
            }
            blocks.add(new Block(table, address, v));
            return this;
        }

        /** Two registers from {@code address} holding an IEEE-754 float32, high word first (ABCD). */
        public Builder float32(RegisterTable table, int address, float value) {
            int bits = Float.floatToRawIntBits(value);
            return registers(table, address, bits >>> 16, bits & 0xFFFF);
        }

        /**
         * Maps {@code registers} registers from {@code address} holding {@code text} as a device stores a string:
         * two ASCII characters per register, the first in the high byte, padded with NULs.
         *
         * @throws IllegalArgumentException when the text is not printable ASCII or does not fit
         */
        public Builder text(RegisterTable table, int address, int registers, String text) {
            if (text.length() > 2 * registers || !text.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
                throw new IllegalArgumentException("'" + text + "' is not printable ASCII of at most " + 2 * registers
                        + " characters");
            }
            int[] words = new int[registers];
            for (int i = 0; i < text.length(); i++) {
                words[i / 2] |= i % 2 == 0 ? text.charAt(i) << 8 : text.charAt(i);
            }
            return registers(table, address, words);
        }

        /** Lets a master write any value to {@code count} mapped coils or holding registers from {@code address}. */
        public Builder writable(RegisterTable table, int address, int count) {
            writables.add(new Writable(table, address, count, WriteRule.any()));
            return this;
        }

        /** Lets a master write one mapped coil or holding register under {@code rule}. */
        public Builder writable(RegisterTable table, int address, WriteRule rule) {
            writables.add(new Writable(table, address, 1, rule));
            return this;
        }

        /**
         * The map.
         *
         * @throws IllegalArgumentException when a write rule covers an address that is not mapped
         */
        public RegisterMap build() {
            for (Writable w : writables) {
                for (int a = w.address(); a < w.address() + w.count(); a++) {
                    if (!mapped(w.table(), a)) {
                        throw new IllegalArgumentException(w.table() + " " + a + " is writable but not mapped");
                    }
                }
            }
            return new RegisterMap(blocks, writables);
        }

        private boolean mapped(RegisterTable table, int address) {
            for (Block b : blocks) {
                if (b.table() == table && address >= b.address() && address < b.address() + b.count()) {
                    return true;
                }
            }
            return false;
        }

        private static void requireRegisterTable(RegisterTable table) {
            if (table.isBitTable()) {
                throw new IllegalArgumentException(table + " holds bits; use bits(...)");
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RegisterMap[");
        for (Block b : blocks) {
            sb.append(b.table()).append(' ').append(b.address()).append('+').append(b.count()).append(' ');
        }
        return sb.toString().trim() + "]";
    }
}
