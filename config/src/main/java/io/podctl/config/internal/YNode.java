package io.podctl.config.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node that remembers where it was written. Built by {@link YamlReader}; the structural pass reads it,
 * profile merging builds new maps from entries of several files (each entry keeps its own location).
 */
public sealed interface YNode {

    /** Where the node starts. */
    Loc loc();

    /** A short description for messages: "a mapping", "a list" or the scalar's text quoted. */
    String describe();

    /**
     * One key of a mapping.
     *
     * @param key    the key's text
     * @param keyLoc where the key is written
     * @param value  its value
     */
    record Entry(String key, Loc keyLoc, YNode value) {
    }

    /** A mapping; entries in file order. */
    record YMap(Loc loc, Map<String, Entry> entries) implements YNode {
        public YMap {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** The entry for a key, or null. */
        public Entry entry(String key) {
            return entries.get(key);
        }

        /** The value for a key, or null when absent. */
        public YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        /** The text of a scalar value, or null when absent or not a non-null scalar. */
        public String text(String key) {
            return get(key) instanceof YScalar s && s.kind() != YScalar.Kind.NULL ? s.text() : null;
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A sequence. */
    record YSeq(Loc loc, List<YNode> items) implements YNode {
        public YSeq {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar as the YAML parser resolved it.
     *
     * @param loc    where it starts
     * @param kind   how YAML typed it
     * @param text   the text as written (without quotes)
     * @param number for INT and FLOAT: the value ({@link Long}, {@link BigInteger}, {@link Double} or
     *               {@link BigDecimal}); null when not representable (e.g. {@code .nan})
     */
    record YScalar(Loc loc, Kind kind, String text, Number number) implements YNode {
        /** YAML's resolution of a plain or quoted scalar. */
        public enum Kind { STRING, INT, FLOAT, BOOL, NULL }

        @Override
        public String describe() {
            return kind == Kind.NULL ? "nothing" : Texts.quote(text);
        }
    }
}
