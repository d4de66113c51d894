package io.podctl.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One problem found in a configuration file, located like a compiler error.
 *
 * @param file     the file as the user named it
 * @param line     1-based line, or 0 when the problem concerns the whole file
 * @param column   1-based column, or 0 when unknown
 * @param severity error (the file is rejected) or warning (reported, file accepted)
 * @param rule     short stable name of the rule that was broken, e.g. {@code unknown-key}, {@code alarm-beyond-trip}
 * @param message  what is wrong and, where possible, how to fix it
 */
public record ConfigProblem(String file, int line, int column, Severity severity, String rule, String message) {

    /** Whether a problem rejects the file. */
    public enum Severity { ERROR, WARNING }

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line:column: error: message [rule]}, the form editors and terminals link to. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + severity.name().toLowerCase(Locale.ROOT) + ": "
                + message + " [" + rule + "]";
    }
}
