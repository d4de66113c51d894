package io.podctl.config.internal;

import io.podctl.config.Durations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podctl.config.internal.Model.EnumType;
import io.podctl.config.internal.Model.ListType;
import io.podctl.config.internal.Model.Prop;
import io.podctl.config.internal.Model.RecordType;
import io.podctl.config.internal.Model.Scalar;
import io.podctl.config.internal.Model.Shape;
import io.podctl.config.internal.YNode.Entry;
import io.podctl.config.internal.YNode.YMap;
import io.podctl.config.internal.YNode.YScalar;
import io.podctl.config.internal.YNode.YSeq;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.OneOf;
import io.podctl.config.schema.Range;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The structural pass: checks a {@link YNode} tree against the {@link Model} and reports every problem
 * (unknown keys, wrong types, missing keys, enum values, ranges, patterns, durations) at the offending key or
 * value. While walking it builds the JSON tree that Jackson binds once the structure is clean.
 */
public final class StructureChecker {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "secret", "token", "username");
    private static final Pattern PLAIN_INTEGER =
            Pattern.compile("[-+]?(0|[1-9][0-9]*)|0x[0-9A-Fa-f]+");
    private static final Pattern LEADING_ZERO = Pattern.compile("[-+]?0[0-7]+");

    private final Problems problems;
    private final Set<YNode> withoutRequiredKeys = Collections.newSetFromMap(new IdentityHashMap<>());

    /** A checker reporting to {@code problems}. */
    public StructureChecker(Problems problems) {
        this.problems = problems;
    }

    /**
     * Skips the missing-key check for this mapping: used for the points of a device whose profile could not be
     * loaded (already reported), whose entries are overrides that would otherwise each report missing keys.
     */
    public void skipRequiredKeys(YNode map) {
        withoutRequiredKeys.add(map);
    }

    /**
     * Checks a whole document.
     *
     * @param root the document root
     * @param type the record it must describe
     * @return the JSON tree to bind (only meaningful when no error was reported)
     */
    public JsonNode checkDocument(YNode root, RecordType type) {
        return check(root, type, null, "");
    }

    private JsonNode check(YNode node, Shape shape, Prop prop, String path) {
        return switch (shape) {
            case RecordType r -> record(node, r, path);
            case ListType l -> list(node, l, prop, path);
            case EnumType e -> enumValue(node, e, path);
            case Scalar s -> scalar(node, s, prop, path);
        };
    }

    private JsonNode record(YNode node, RecordType type, String path) {
        if (!(node instanceof YMap map)) {
            wrongType(node, "a mapping (" + String.join(", ", type.keyNames()) + ")", path);
            return null;
        }
        ObjectNode out = JSON.objectNode();
        for (Entry e : map.entries().values()) {
            Optional<Prop> prop = type.prop(e.key());
            if (prop.isEmpty()) {
                unknownKey(e, type, path);
                continue;
            }
            if (e.value() instanceof YScalar s && s.kind() == YScalar.Kind.NULL) {
                if (prop.get().required()) {
                    problems.error(e.keyLoc(), "missing-required", "'" + join(path, e.key()) + "' needs a value");
                }
                continue;
            }
            JsonNode value = check(e.value(), prop.get().type(), prop.get(), join(path, e.key()));
            if (value != null) {
                out.set(e.key(), value);
                String spelling = type.spellings().get(e.key());
                if (spelling != null && e.value() instanceof YScalar s) {
                    out.put(spelling, s.text());
                }
            }
        }
        if (!withoutRequiredKeys.contains(map)) {
            for (Prop p : type.props()) {
                if (p.required() && map.entry(p.name()) == null) {
                    problems.error(map.loc(), "missing-required", "missing required key '" + p.name() + "'"
                            + (path.isEmpty() ? " at the top level" : " in " + path));
                }
            }
        }
        return out;
    }

    private void unknownKey(Entry e, RecordType type, String path) {
        String where = path.isEmpty() ? "at the top level" : "in " + path;
        String lower = e.key().toLowerCase(Locale.ROOT);
        if (SECRET_WORDS.stream().anyMatch(lower::contains) || Suggest.closest(lower, SECRET_WORDS).isPresent()) {
            problems.error(e.keyLoc(), "unknown-key", "unknown key " + Texts.quote(e.key()) + " " + where
                    + ": secrets are never inline: use mqtt.credentialsFile");
            return;
        }
        Optional<String> guess = Suggest.closest(e.key(), type.keyNames());
        problems.error(e.keyLoc(), "unknown-key", "unknown key " + Texts.quote(e.key()) + " " + where
                + guess.map(g -> "; did you mean '" + g + "'?")
                        .orElse("; allowed keys: " + String.join(", ", type.keyNames())));
    }

    private JsonNode list(YNode node, ListType type, Prop prop, String path) {
        if (!(node instanceof YSeq seq)) {
            wrongType(node, "a list", path);
            return null;
        }
        ArrayNode out = JSON.arrayNode();
        for (int i = 0; i < seq.items().size(); i++) {
            YNode item = seq.items().get(i);
            String itemPath = path + "[" + i + "]";
            if (item instanceof YScalar s && s.kind() == YScalar.Kind.NULL) {
                problems.error(item.loc(), "missing-required", "empty list entry " + itemPath + "; remove it or "
                        + "give it a value");
                continue;
            }
            JsonNode value = check(item, type.element(), prop, itemPath);
            out.add(value);
        }
        return out;
    }

    private JsonNode enumValue(YNode node, EnumType type, String path) {
        if (!(node instanceof YScalar s)) {
            wrongType(node, "one of " + String.join(", ", type.names()), path);
            return null;
        }
        if (type.names().contains(s.text())) {
            return JSON.textNode(s.text());
        }
        Optional<String> guess = Suggest.closest(s.text(), type.names());
        problems.error(s.loc(), "bad-enum", Texts.quote(s.text()) + " is not allowed for " + path
                + guess.map(g -> "; did you mean '" + g + "'?").orElse(".")
                + " Allowed: " + String.join(", ", type.names()));
        return null;
    }

    private JsonNode scalar(YNode node, Scalar kind, Prop prop, String path) {
        if (!(node instanceof YScalar s)) {
            wrongType(node, expected(kind), path);
            return null;
        }
        return switch (kind) {
            case STRING -> string(s, prop, path);
            case INTEGER -> integer(s, prop, path);
            case NUMBER -> number(s, prop, path);
            case BOOLEAN -> bool(s, path);
            case DURATION -> duration(s, prop, path);
        };
    }

    private JsonNode string(YScalar s, Prop prop, String path) {
        // Any scalar is text where text is expected (e.g. id: 1); YAML typed it, but the user wrote these characters.
        String text = s.text();
        Model.TextRule rule = prop == null ? null : prop.pattern();
        if (rule != null && text.length() > rule.maxLength()) {
            // Checked first: a megabyte-long id must not be run through the expression, nor echoed whole.
            problems.error(s.loc(), rule.lengthRule(), Texts.quote(text) + " is too long for " + path + ": at most "
                    + rule.maxLength() + " characters");
            return null;
        }
        if (rule != null && !text.matches(rule.value())) {
            problems.error(s.loc(), rule.rule(), Texts.quote(text) + " is not a valid " + path + ": " + rule.hint());
            return null;
        }
        if (prop != null && prop.oneOf() != null && !Arrays.asList(prop.oneOf().value()).contains(text)) {
            notOneOf(s, prop.oneOf(), path);
            return null;
        }
        return JSON.textNode(text);
    }

    private JsonNode integer(YScalar s, Prop prop, String path) {
        if (s.kind() != YScalar.Kind.INT || s.number() == null) {
            wrongType(s, "an integer", path);
            return null;
        }
        if (!plainInteger(s, path)) {
            return null;
        }
        if (s.number() instanceof BigInteger) {
            problems.error(s.loc(), rangeRule(prop), path + " is far out of range: " + Texts.clip(s.text()));
            return null;
        }
        long v = s.number().longValue();
        if (!inRange(v, s, prop, path)) {
            return null;
        }
        if (prop != null && prop.oneOf() != null && !Arrays.asList(prop.oneOf().value()).contains(Long.toString(v))) {
            notOneOf(s, prop.oneOf(), path);
            return null;
        }
        return v == (int) v ? JSON.numberNode((int) v) : JSON.numberNode(v);
    }

    private JsonNode number(YScalar s, Prop prop, String path) {
        if (s.kind() == YScalar.Kind.FLOAT && s.number() == null) {
            problems.error(s.loc(), "wrong-type", "expected a finite number for " + path + ", got "
                    + Texts.quote(s.text()));
            return null;
        }
        if ((s.kind() != YScalar.Kind.INT && s.kind() != YScalar.Kind.FLOAT) || s.number() == null) {
            wrongType(s, "a number", path);
            return null;
        }
        if (s.kind() == YScalar.Kind.INT && !plainInteger(s, path)) {
            return null;
        }
        double v = s.number().doubleValue();
        if (!inRange(v, s, prop, path)) {
            return null;
        }
        return JSON.numberNode(v);
    }

    /**
     * Integers are written in decimal or in 0x hex. The parser also takes YAML 1.1's other forms, which YAML 1.2
     * tools (editors, linters) read differently: {@code 0157} is octal 111 here but 157 there, {@code 0b101} and
     * {@code 1_000} are text there. Refused, so that a file means the same number everywhere.
     */
    private boolean plainInteger(YScalar s, String path) {
        String t = s.text();
        if (PLAIN_INTEGER.matcher(t).matches()) {
            return true;
        }
        if (LEADING_ZERO.matcher(t).matches()) {
            String decimal = t.replaceFirst("^([-+]?)0+", "$1");
            problems.error(s.loc(), "number-format", Texts.quote(t) + " for " + path + ": a leading 0 makes it octal "
                    + s.number() + " in YAML 1.1 but " + decimal + " in YAML 1.2; write the number you mean without the "
                    + "leading 0 (or in 0x hex)");
        } else {
            problems.error(s.loc(), "number-format", Texts.quote(t) + " for " + path + " is a YAML 1.1 form ("
                    + Texts.clip(s.number().toString()) + " here) that YAML 1.2 tools read as text; write "
                    + Texts.clip(s.number().toString()) + " (or in 0x hex)");
        }
        return false;
    }

    private boolean inRange(double v, YScalar s, Prop prop, String path) {
        Range r = prop == null ? null : prop.range();
        if (r == null || (v >= r.min() && v <= r.max())) {
            return true;
        }
        String bounds;
        if (Double.isInfinite(r.max())) {
            bounds = "at least " + num(r.min());
        } else if (Double.isInfinite(r.min())) {
            bounds = "at most " + num(r.max());
        } else {
            bounds = "between " + num(r.min()) + " and " + num(r.max());
        }
        problems.error(s.loc(), r.rule(), path + " must be " + bounds + ", got " + Texts.clip(s.text()));
        return false;
    }

    private JsonNode bool(YScalar s, String path) {
        // Only YAML 1.2's spellings: 'yes', 'on' and friends are YAML 1.1 booleans, and editors using YAML 1.2
        // read them as text, so accepting them would make the same file mean different things in different tools.
        if (s.kind() == YScalar.Kind.BOOL && s.text().matches("true|True|TRUE|false|False|FALSE")) {
            return JSON.booleanNode(s.text().equalsIgnoreCase("true"));
        }
        problems.error(s.loc(), "wrong-type", "expected true or false for " + path + ", got " + Texts.quote(s.text()));
        return null;
    }

    private JsonNode duration(YScalar s, Prop prop, String path) {
        if (s.kind() == YScalar.Kind.INT || s.kind() == YScalar.Kind.FLOAT) {
            String n = Texts.clip(s.text());
            problems.error(s.loc(), "bad-duration", "'" + n + "' has no unit: add a unit to " + path
                    + ", e.g. " + n + "s or " + n + "ms");
            return null;
        }
        if (s.kind() != YScalar.Kind.STRING) {
            wrongType(s, "a duration (e.g. 100ms, 2s)", path);
            return null;
        }
        DurationRange range = prop == null ? null : prop.duration();
        boolean positive = range != null && range.positive();
        if (s.text().startsWith("-") && Durations.parse(s.text().substring(1)).isPresent()) {
            problems.error(s.loc(), positive ? "zero-period" : "out-of-range",
                    path + " must be " + (positive ? "greater than zero" : "zero or more") + ", got "
                            + Texts.clip(s.text()));
            return null;
        }
        Optional<Duration> parsed = Durations.parse(s.text());
        if (parsed.isEmpty()) {
            problems.error(s.loc(), "bad-duration", "malformed duration " + Texts.quote(s.text()) + " for " + path + ": "
                    + Durations.HINT);
            return null;
        }
        Duration d = parsed.get();
        if (positive && d.isZero()) {
            problems.error(s.loc(), "zero-period", path + " must be greater than zero, got " + Texts.clip(s.text()));
            return null;
        }
        if (range != null) {
            Duration min = range.min().isEmpty() ? null : Durations.parse(range.min()).orElseThrow();
            Duration max = range.max().isEmpty() ? null : Durations.parse(range.max()).orElseThrow();
            if ((min != null && d.compareTo(min) < 0) || (max != null && d.compareTo(max) > 0)) {
                String bounds = min != null && max != null ? "between " + range.min() + " and " + range.max()
                        : min != null ? "at least " + range.min() : "at most " + range.max();
                problems.error(s.loc(), "out-of-range", path + " must be " + bounds + ", got " + Texts.clip(s.text()));
                return null;
            }
        }
        return JSON.textNode(s.text());
    }

    private void notOneOf(YScalar s, OneOf oneOf, String path) {
        problems.error(s.loc(), "bad-enum", Texts.quote(s.text()) + " is not allowed for " + path + ". Allowed: "
                + String.join(", ", oneOf.value()));
    }

    private void wrongType(YNode node, String expected, String path) {
        problems.error(node.loc(), "wrong-type", "expected " + expected + " for " + (path.isEmpty() ? "the file" : path)
                + ", got " + node.describe());
    }

    private static String expected(Scalar kind) {
        return switch (kind) {
            case STRING -> "a string";
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case DURATION -> "a duration (e.g. 100ms, 2s)";
        };
    }

    private static String rangeRule(Prop prop) {
        return prop != null && prop.range() != null ? prop.range().rule() : "out-of-range";
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
