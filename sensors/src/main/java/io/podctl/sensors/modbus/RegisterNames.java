package io.podctl.sensors.modbus;

import io.podctl.hal.modbus.RegisterTable;
import java.util.Locale;

/**
 * How run-time messages name registers: the table and the address the way the configuration writes it, with
 * the 0-based wire address beside it when that reads differently, as the configuration's own problems do
 * ({@code io.podctl.config.AddressNotation}; a test keeps the two alike): {@code holding 0x0157 (wire 343)},
 * {@code input 343}, {@code input 0x0100..0x0107 (wire 256..263)}, {@code coil 5}. The end of a span is written
 * in the notation of its start. Pure.
 */
public final class RegisterNames {
    private RegisterNames() {
    }

    /** Where a point is: its registers (or bit address), its address as written. */
    public static String of(ModbusPointSpec p) {
        return span(p.table(), p.address(), p.registerCount(), p.addressText());
    }

    /**
     * Where a block is: its registers, its start as the first point in it writes its address (blocks start at
     * their first point).
     */
    public static String of(ReadBlock b) {
        String written = null;
        for (ModbusPointSpec p : b.points()) {
            if (p.address() == b.address()) {
                written = p.addressText();
                break;
            }
        }
        return span(b.table(), b.address(), b.count(), written);
    }

    /** {@code count} addresses from {@code first}, the first written as {@code written} (null: in decimal). */
    public static String span(RegisterTable table, int first, int count, String written) {
        String start = written != null ? written : Integer.toString(first);
        boolean startPlain = start.equals(Integer.toString(first));
        String name = tableName(table) + " ";
        int last = first + Math.max(count, 1) - 1;
        if (last == first) {
            return name + start + (startPlain ? "" : " (wire " + first + ")");
        }
        String end = like(start, last);
        boolean plain = startPlain && end.equals(Integer.toString(last));
        return name + start + ".." + end + (plain ? "" : " (wire " + first + ".." + last + ")");
    }

    /** The configuration's name of a table: coil, discrete, input or holding. */
    public static String tableName(RegisterTable table) {
        return switch (table) {
            case COIL -> "coil";
            case DISCRETE_INPUT -> "discrete";
            case INPUT_REGISTER -> "input";
            case HOLDING_REGISTER -> "holding";
        };
    }

    /**
     * {@code value} in the notation of {@code model} (an address as written): hex with the model's digit count and
     * case when the model is {@code 0x} hex, else decimal.
     */
    public static String like(String model, int value) {
        if (!model.startsWith("0x")) {
            return Integer.toString(value);
        }
        String digits = model.substring(2);
        boolean lower = !digits.equals(digits.toUpperCase(Locale.ROOT));
        String hex = Integer.toHexString(value);
        hex = lower ? hex : hex.toUpperCase(Locale.ROOT);
        return "0x" + "0".repeat(Math.max(0, digits.length() - hex.length())) + hex;
    }
}
