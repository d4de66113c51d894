package io.podctl.config.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.podctl.config.schema.Doc;
import io.podctl.config.schema.DurationRange;
import io.podctl.config.schema.Identifier;
import io.podctl.config.schema.OneOf;
import io.podctl.config.schema.PartialWhenSet;
import io.podctl.config.schema.Pattern;
import io.podctl.config.schema.Range;
import io.podctl.config.schema.Required;
import io.podctl.config.schema.SpellingOf;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file format, derived by reflection from the configuration records and their annotations. The structural
 * check and the JSON Schema writer both walk this model, so the two agree by construction.
 */
public final class Model {
    private static final Map<Class<?>, RecordType> RECORDS = new ConcurrentHashMap<>();

    private Model() {
    }

    /** A node of the model. */
    public sealed interface Shape permits RecordType, ListType, EnumType, Scalar {
    }

    /** Scalar kinds of the file. */
    public enum Scalar implements Shape { STRING, INTEGER, NUMBER, BOOLEAN, DURATION }

    /** A list of {@code element}. */
    public record ListType(Shape element) implements Shape {
    }

    /**
     * An enum: the names written in the file (from {@link JsonProperty}, else the constant's name).
     *
     * @param type  the enum class
     * @param names the names, in declaration order
     * @param doc   the enum's documentation, may be empty
     */
    public record EnumType(Class<?> type, List<String> names, String doc) implements Shape {
    }

    /**
     * A record: a mapping with a fixed set of keys.
     *
     * @param type     the record class
     * @param name     name used for the JSON Schema definition, e.g. {@code BusConfig.Tcp}
     * @param doc      documentation of the section
     * @param props    its keys, in declaration order
     * @param defaults the value each key takes when absent (from the compact constructor), by key; keys
     *                 without a meaningful default are missing
     * @param spellings components that hold the text written for a key ({@link SpellingOf}), by that key
     */
    public record RecordType(Class<?> type, String name, String doc, List<Prop> props, Map<String, Object> defaults,
                             Map<String, String> spellings)
            implements Shape {
        /** The key with this name. */
        public Optional<Prop> prop(String key) {
            return props.stream().filter(p -> p.name().equals(key)).findFirst();
        }

        /** The keys' names. */
        public List<String> keyNames() {
            return props.stream().map(Prop::name).toList();
        }
    }

    /**
     * One key of a record and its constraints.
     *
     * @param name     key name
     * @param type     value type
     * @param doc      help text
     * @param required must be present
     * @param range    numeric bounds, or null
     * @param duration duration bounds, or null
     * @param pattern  characters and length of a string (for lists of strings: each element), or null
     * @param oneOf    allowed values, or null
     * @param partial   for lists of records: entries may be partial when this sibling key is set, or null
     */
    public record Prop(String name, Shape type, String doc, boolean required, Range range, DurationRange duration,
                       TextRule pattern, OneOf oneOf, PartialWhenSet partial) {
    }

    /**
     * What a string must look like, from {@link Pattern} or {@link Identifier}.
     *
     * @param value      regular expression the whole string must match
     * @param hint       what a valid value looks like, in words
     * @param rule       rule reported when it does not match
     * @param maxLength  most characters
     * @param lengthRule rule reported when it is longer
     */
    public record TextRule(String value, String hint, String rule, int maxLength, String lengthRule) {
        static TextRule of(Pattern p, Identifier id) {
            if (p != null) {
                return new TextRule(p.value(), p.hint(), p.rule(), p.maxLength(), p.lengthRule());
            }
            return id == null ? null : new TextRule(id.value().regex(), id.value().hint(), "invalid-name",
                    id.value().maxLength(), "name-too-long");
        }

        /** Whether a length bound is set. */
        public boolean bounded() {
            return maxLength != Integer.MAX_VALUE;
        }
    }

    /** The model of a record class (cached). */
    public static RecordType of(Class<?> recordClass) {
        RecordType cached = RECORDS.get(recordClass);
        if (cached != null) {
            return cached;
        }
        RecordType built = build(recordClass);
        RECORDS.putIfAbsent(recordClass, built);
        return built;
    }

    private static RecordType build(Class<?> c) {
        if (!c.isRecord()) {
            throw new IllegalArgumentException(c + " is not a record");
        }
        List<Prop> props = new ArrayList<>();
        Map<String, String> spellings = new LinkedHashMap<>();
        for (RecordComponent rc : c.getRecordComponents()) {
            SpellingOf spelling = rc.getAnnotation(SpellingOf.class);
            if (spelling != null) {
                spellings.put(spelling.value(), rc.getName());
                continue;
            }
            Doc doc = rc.getAnnotation(Doc.class);
            // A key that is not a legal component name (wait) is spelled with @JsonProperty, as Jackson binds it.
            JsonProperty spelled = rc.getAccessor().getAnnotation(JsonProperty.class);
            String key = spelled != null && !spelled.value().isEmpty() ? spelled.value() : rc.getName();
            props.add(new Prop(key, typeOf(rc.getGenericType()), doc == null ? "" : doc.value(),
                    rc.isAnnotationPresent(Required.class), rc.getAnnotation(Range.class),
                    rc.getAnnotation(DurationRange.class),
                    TextRule.of(rc.getAnnotation(Pattern.class), rc.getAnnotation(Identifier.class)),
                    rc.getAnnotation(OneOf.class), rc.getAnnotation(PartialWhenSet.class)));
        }
        Doc doc = c.getAnnotation(Doc.class);
        String name = c.getEnclosingClass() != null ? c.getEnclosingClass().getSimpleName() + "." + c.getSimpleName()
                : c.getSimpleName();
        Map<String, Object> defaults = new LinkedHashMap<>(defaults(c));
        defaults.keySet().removeAll(spellings.values());
        return new RecordType(c, name, doc == null ? "" : doc.value(), List.copyOf(props), Map.copyOf(defaults),
                Map.copyOf(spellings));
    }

    private static Shape typeOf(Type t) {
        if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
            return new ListType(typeOf(pt.getActualTypeArguments()[0]));
        }
        if (!(t instanceof Class<?> c)) {
            throw new IllegalArgumentException("unsupported type in configuration record: " + t);
        }
        if (c == String.class) {
            return Scalar.STRING;
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return Scalar.INTEGER;
        }
        if (c == Double.class || c == double.class) {
            return Scalar.NUMBER;
        }
        if (c == Boolean.class || c == boolean.class) {
            return Scalar.BOOLEAN;
        }
        if (c == Duration.class) {
            return Scalar.DURATION;
        }
        if (c.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : c.getEnumConstants()) {
                Enum<?> e = (Enum<?>) constant;
                names.add(enumName(c, e));
            }
            Doc doc = c.getAnnotation(Doc.class);
            return new EnumType(c, List.copyOf(names), doc == null ? "" : doc.value());
        }
        if (c.isRecord()) {
            return of(c);
        }
        throw new IllegalArgumentException("unsupported type in configuration record: " + c);
    }

    /** The name of an enum constant in the file. */
    public static String enumName(Class<?> enumClass, Enum<?> constant) {
        try {
            JsonProperty jp = enumClass.getField(constant.name()).getAnnotation(JsonProperty.class);
            return jp != null && !jp.value().isEmpty() ? jp.value() : constant.name();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("enum constant without a field: " + constant, e);
        }
    }

    /**
     * What each key becomes when left out: the canonical constructor is called with every argument absent and
     * the record's accessors are read. Records whose constructor refuses that (a required section) have none.
     */
    private static Map<String, Object> defaults(Class<?> c) {
        RecordComponent[] rcs = c.getRecordComponents();
        Class<?>[] types = new Class<?>[rcs.length];
        Object[] args = new Object[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
            args[i] = rcs[i].getType() == int.class ? 0 : rcs[i].getType() == boolean.class ? false : null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            Constructor<?> ctor = c.getDeclaredConstructor(types);
            Object instance = ctor.newInstance(args);
            for (RecordComponent rc : rcs) {
                Object v = rc.getAccessor().invoke(instance);
                boolean meaningful = v != null && !rc.getType().isPrimitive()
                        && !(v instanceof List<?> l && l.isEmpty()) && !(v instanceof String s && s.isEmpty())
                        && !(v instanceof Record);
                if (meaningful) {
                    out.put(rc.getName(), v);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A record that cannot be built empty (e.g. PodConfig needs pod) documents no defaults.
            return Map.of();
        }
        return Map.copyOf(out);
    }
}
