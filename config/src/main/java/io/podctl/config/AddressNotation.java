package io.podctl.config;

import java.util.Locale;

/**
 * How every message names a register: the table and the address the way the file writes it, with the 0-based
 * wire address beside it when that reads differently. {@code holding 0x0157 (wire 343)}, {@code input 343},
 * {@code holding 0x3008..0x3009 (wire 12296..12297)}, {@code coil 5}. The end of a span is written in the same
 * notation as its start. The sensors layer renders blocks and points the same way at run time
 * ({@code io.podctl.sensors.modbus.RegisterNames}); a test keeps the two alike. Pure.
 */
public final class AddressNotation {
    private AddressNotation() {
    }

    /** One address: {@code holding 0x0157 (wire 343)}, or {@code holding 343} when written in decimal. */
    public static String of(Table table, int wire, String written) {
        return span(table, wire, 1, written);
    }

    /** {@code count} addresses from {@code first}, the first written as {@code written} (null: decimal). */
    public static String span(Table table, int first, int count, String written) {
        return range(table, first, written, first + Math.max(count, 1) - 1, null);
    }

    /**
     * The addresses {@code from..to}; each end as written (a null end is written like the other end's
     * notation).
     */
    public static String range(Table table, int from, String fromText, int to, String toText) {
        String start = fromText != null ? fromText : Integer.toString(from);
        String name = tableName(table) + " ";
        if (to <= from) {
            return name + start + (isDecimal(start, from) ? "" : " (wire " + from + ")");
        }
        String end = toText != null ? toText : like(start, to);
        boolean plain = isDecimal(start, from) && isDecimal(end, to);
        return name + start + ".." + end + (plain ? "" : " (wire " + from + ".." + to + ")");
    }

    /** The name of a table in the file: coil, discrete, input or holding. */
    public static String tableName(Table table) {
        return switch (table) {
            case COIL -> "coil";
            case DISCRETE_INPUT -> "discrete";
            case INPUT_REGISTER -> "input";
            case HOLDING_REGISTER -> "holding";
        };
    }

    private static boolean isDecimal(String text, int value) {
        return text.equals(Integer.toString(value));
    }

    /** {@code value} in the notation of {@code model}: hex with its digit count and case, else decimal. */
    private static String like(String model, int value) {
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
