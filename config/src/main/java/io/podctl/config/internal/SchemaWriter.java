package io.podctl.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.podctl.config.Durations;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.podctl.config.internal.Model.EnumType;
import io.podctl.config.internal.Model.ListType;
import io.podctl.config.internal.Model.Prop;
import io.podctl.config.internal.Model.RecordType;
import io.podctl.config.internal.Model.Scalar;
import io.podctl.config.internal.Model.Shape;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.Range;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a JSON Schema (draft-07, which editors such as VS Code's YAML extension use) of a record from the
 * {@link Model}: the same keys, types, enums, bounds and patterns the structural pass checks, with the
 * {@code @Doc} texts as descriptions and the records' defaults. Cross-field rules cannot be expressed there;
 * the loader remains the authority.
 */
public final class SchemaWriter {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, ObjectNode> definitions = new TreeMap<>();

    private SchemaWriter() {
    }

    /** The schema of {@code root} as pretty-printed JSON. */
    public static String write(Class<?> root, String title) {
        SchemaWriter w = new SchemaWriter();
        RecordType type = Model.of(root);
        ObjectNode schema = JSON.objectNode();
        schema.put("$schema", "http://json-schema.org/draft-07/schema#");
        schema.put("title", title);
        ObjectNode body = w.record(type);
        schema.setAll(body);
        ObjectNode defs = schema.putObject("definitions");
        w.definitions.forEach(defs::set);
        pointRuns(defs);
        try {
            return MAPPER.writeValueAsString(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain JSON nodes always serializes", e);
        }
    }

    /**
     * The keys of a point run ({@link PointRuns}), which the loader expands before binding, so no record declares
     * them: {@code count}, {@code stride}, {@code first}, and {@code {n}} allowed in the id.
     */
    private static void pointRuns(ObjectNode defs) {
        for (String name : List.of("PointConfig", "PointConfig.partial")) {
            if (!(defs.get(name) instanceof ObjectNode point) || !(point.get("properties") instanceof ObjectNode props)) {
                continue;
            }
            props.putObject("count").put("type", "integer").put("minimum", 1).put("maximum", PointRuns.MAX_COUNT)
                    .put("description", "Makes this entry a run of this many points of one type at evenly spaced "
                            + "addresses; the id must then contain " + PointRuns.PLACEHOLDER + ".");
            props.putObject("stride").put("type", "integer").put("minimum", 1).put("maximum", 65535)
                    .put("description", "Run: address step between two points (default: the registers of the type).");
            props.putObject("first").put("type", "integer").put("minimum", 0)
                    .put("description", "Run: the number " + PointRuns.PLACEHOLDER + " stands for in the first "
                            + "point's id (default 0).");
            if (props.get("id") instanceof ObjectNode id && id.get("pattern") != null) {
                String pattern = id.get("pattern").asText();
                id.put("pattern", pattern.replace("[A-Za-z0-9_-]", "(?:[A-Za-z0-9_-]|\\{n\\})"));
            }
        }
    }

    private ObjectNode record(RecordType type) {
        return record(type, false);
    }

    /** A record's schema; {@code partial} keeps only {@code id} required (override entries). */
    private ObjectNode record(RecordType type, boolean partial) {
        ObjectNode o = JSON.objectNode();
        o.put("type", "object");
        if (!type.doc().isEmpty()) {
            o.put("description", type.doc());
        }
        o.put("additionalProperties", false);
        ObjectNode props = o.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (Prop p : type.props()) {
            ObjectNode ps = p.partial() != null && p.type() instanceof ListType l && l.element() instanceof RecordType r
                    ? partialList(o, p, r) : shape(p.type(), p);
            if (!p.doc().isEmpty()) {
                ps.put("description", p.doc());
            }
            Object def = type.defaults().get(p.name());
            if (def != null) {
                ps.set("default", defaultValue(def));
            }
            props.set(p.name(), ps);
            if (p.required() && (!partial || p.name().equals("id"))) {
                required.add(p.name());
            }
        }
        if (!required.isEmpty()) {
            o.set("required", required);
        }
        return o;
    }

    private ObjectNode shape(Shape shape, Prop prop) {
        return switch (shape) {
            case RecordType r -> ref(r);
            case ListType l -> {
                ObjectNode o = JSON.objectNode();
                o.put("type", "array");
                o.set("items", shape(l.element(), prop));
                yield o;
            }
            case EnumType e -> {
                ObjectNode o = JSON.objectNode();
                o.put("type", "string");
                ArrayNode values = o.putArray("enum");
                e.names().forEach(values::add);
                yield o;
            }
            case Scalar s -> scalar(s, prop);
        };
    }

    /**
     * A list whose entries may be partial when a sibling key is set: items refer to the partial definition,
     * and {@code owner} gets "if the sibling is absent, items need every required key".
     */
    private ObjectNode partialList(ObjectNode owner, Prop p, RecordType element) {
        String name = element.name() + ".partial";
        if (!definitions.containsKey(name)) {
            definitions.put(name, record(element, true));
        }
        ref(element); // the full definition documents the merged shape
        ObjectNode list = JSON.objectNode();
        list.put("type", "array");
        list.putObject("items").putArray("allOf").addObject().put("$ref", "#/definitions/" + name);
        ArrayNode required = JSON.arrayNode();
        element.props().stream().filter(Prop::required).forEach(q -> required.add(q.name()));
        owner.putObject("if").putArray("required").add(p.partial().value());
        owner.putObject("else").putObject("properties").putObject(p.name()).putObject("items")
                .set("required", required);
        return list;
    }

    private ObjectNode ref(RecordType r) {
        if (!definitions.containsKey(r.name())) {
            definitions.put(r.name(), JSON.objectNode()); // placeholder against recursion
            definitions.put(r.name(), record(r));
        }
        // Wrapped in allOf: draft-07 ignores keywords beside a $ref, and editors would lose the description.
        ObjectNode o = JSON.objectNode();
        o.putArray("allOf").addObject().put("$ref", "#/definitions/" + r.name());
        return o;
    }

    private static ObjectNode scalar(Scalar s, Prop prop) {
        ObjectNode o = JSON.objectNode();
        switch (s) {
            case STRING -> {
                o.put("type", "string");
                Model.TextRule text = prop == null ? null : prop.pattern();
                if (text != null) {
                    o.put("pattern", "^(?:" + text.value() + ")$");
                    if (text.bounded()) {
                        o.put("maxLength", text.maxLength());
                    }
                    o.put("$comment", (text.bounded() ? "at most " + text.maxLength() + " characters ["
                            + text.lengthRule() + "]; " : "") + text.hint() + " [" + text.rule() + "]");
                }
                if (prop != null && prop.oneOf() != null) {
                    ArrayNode values = o.putArray("enum");
                    for (String v : prop.oneOf().value()) {
                        values.add(v);
                    }
                }
            }
            case INTEGER, NUMBER -> {
                o.put("type", s == Scalar.INTEGER ? "integer" : "number");
                Range r = prop == null ? null : prop.range();
                if (r != null && !Double.isInfinite(r.min())) {
                    putNumber(o, "minimum", r.min(), s);
                }
                if (r != null && !Double.isInfinite(r.max())) {
                    putNumber(o, "maximum", r.max(), s);
                }
                if (prop != null && prop.oneOf() != null) {
                    ArrayNode values = o.putArray("enum");
                    for (String v : prop.oneOf().value()) {
                        values.add(Long.parseLong(v));
                    }
                }
            }
            case BOOLEAN -> o.put("type", "boolean");
            case DURATION -> {
                o.put("type", "string");
                DurationRange d = prop == null ? null : prop.duration();
                boolean positive = d != null && d.positive();
                o.put("pattern", "^" + (positive ? Durations.POSITIVE_PATTERN : Durations.PATTERN) + "$");
                String range = d == null || (d.min().isEmpty() && d.max().isEmpty()) ? ""
                        : " Range " + (d.min().isEmpty() ? "0s" : d.min()) + ".." + (d.max().isEmpty() ? "" : d.max())
                        + ".";
                o.put("$comment", "duration: a number and a unit (us, ms, s, min or m, h), e.g. 100ms, 1.5s."
                        + range);
            }
            default -> throw new IllegalStateException("unknown scalar " + s);
        }
        return o;
    }

    private static void putNumber(ObjectNode o, String key, double v, Scalar s) {
        if (s == Scalar.INTEGER) {
            o.put(key, (long) v);
        } else {
            o.put(key, v);
        }
    }

    private static JsonNode defaultValue(Object v) {
        if (v instanceof Duration d) {
            return JSON.textNode(Durations.format(d));
        }
        if (v instanceof Enum<?> e) {
            return JSON.textNode(Model.enumName(e.getDeclaringClass(), e));
        }
        if (v instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (v instanceof Double d) {
            return JSON.numberNode(d);
        }
        if (v instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        return JSON.textNode(v.toString());
    }
}
