package io.podctl.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file's duration syntax: a decimal number and a unit, no space: {@code 250us}, {@code 100ms}, {@code 2s},
 * {@code 1.5s}, {@code 5m} or {@code 5min} (minutes), {@code 1h}. A bare number is never a duration: its unit
 * would be a guess.
 */
public final class Durations {
    /** The syntax as a regular expression (Java and ECMAScript alike), also used by the JSON Schema. */
    public static final String PATTERN = "[0-9]+(\\.[0-9]+)?(us|ms|s|min|m|h)";
    /** Like {@link #PATTERN} but not zero: at least one non-zero digit before the unit. */
    public static final String POSITIVE_PATTERN = "(?=[0-9.]*[1-9])" + PATTERN;
    /** The syntax in words, for messages. */
    public static final String HINT = "write a number and a unit: us, ms, s, min (or m), h, e.g. 100ms or 1.5s";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Durations() {
    }

    /** The duration, or empty when the text is not in the syntax or is finer than a nanosecond. */
    public static Optional<Duration> parse(String text) {
        Matcher m = COMPILED.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal number = new BigDecimal(text.substring(0, m.start(2)));
        long nanosPerUnit = switch (m.group(2)) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalStateException("unit not in PATTERN: " + m.group(2));
        };
        BigDecimal nanos = number.multiply(BigDecimal.valueOf(nanosPerUnit));
        try {
            return Optional.of(Duration.ofNanos(nanos.longValueExact()));
        } catch (ArithmeticException e) {
            // Fractions of a nanosecond, or beyond ~292 years: neither is a meaningful setting.
            return Optional.empty();
        }
    }

    /** The shortest exact text in the file's syntax, e.g. {@code 300ms}, {@code 1.5s}, {@code 0s}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String[] units = {"h", "min", "s", "ms", "us"};
        long[] sizes = {3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        for (int i = 0; i < units.length; i++) {
            if (nanos % sizes[i] == 0) {
                return nanos / sizes[i] + units[i];
            }
        }
        // Not a whole number of microseconds: a decimal number of microseconds is still exact.
        return BigDecimal.valueOf(nanos).movePointLeft(3).stripTrailingZeros().toPlainString() + "us";
    }
}
