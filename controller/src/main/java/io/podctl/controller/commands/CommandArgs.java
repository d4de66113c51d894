package io.podctl.controller.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.config.Durations;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;

/**
 * The {@code args} object of a command envelope, read strictly: unknown fields, wrong types and missing
 * required fields are refused with a message that names the field. Every accessor throws
 * {@link IllegalArgumentException}, which the intake turns into INVALID_ARGS.
 */
final class CommandArgs {
    private final JsonNode args;

    /** Checks that {@code args} (an object or missing) has no fields beyond {@code allowed}. */
    CommandArgs(JsonNode args, Set<String> allowed) {
        this.args = args == null || args.isMissingNode() || args.isNull() ? null : args;
        if (this.args != null) {
            for (Iterator<String> it = this.args.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw new IllegalArgumentException("unknown argument '" + f + "'"
                            + (allowed.isEmpty() ? ": this command takes none" : "; allowed: " + allowed));
                }
            }
        }
    }

    /** A text argument, or null when absent. */
    String optionalText(String field) {
        if (args == null || !args.has(field)) {
            return null;
        }
        JsonNode v = args.get(field);
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > 256) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string of at most 256 characters");
        }
        return v.asText();
    }

    /** A mandatory text argument. */
    String text(String field) {
        String v = optionalText(field);
        if (v == null) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return v;
    }

    /** A mandatory finite number. */
    double number(String field) {
        if (args == null || !args.has(field)) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        JsonNode v = args.get(field);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException("'" + field + "' must be a number");
        }
        return v.asDouble();
    }

    /** A mandatory boolean. */
    boolean bool(String field) {
        if (args == null || !args.has(field) || !args.get(field).isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' must be true or false");
        }
        return args.get(field).asBoolean();
    }

    /** A mandatory duration in the configuration's syntax ("30min", "2h"). */
    Duration duration(String field) {
        String text = optionalText(field);
        if (text == null) {
            throw new IllegalArgumentException("'" + field + "' is required: an expiry such as \"30min\"");
        }
        Duration d = Durations.parse(text).orElseThrow(() -> new IllegalArgumentException("'" + field + "': "
                + Durations.HINT));
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("'" + field + "' must be longer than zero");
        }
        return d;
    }
}
