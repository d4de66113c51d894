package io.podctl.config.properties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small mutable YAML tree for generating configuration files: mappings, sequences and scalar leaves that know
 * what kind of value they hold, so that mutations can pick, say, "a duration that must be positive". Paths are
 * lists of keys (String) and indexes (Integer), like the loader's locator uses.
 */
final class YamlTree {
    private YamlTree() {
    }

    /** What a leaf holds, as the configuration's model sees it. */
    enum Kind { STRING, ID, INT, NUMBER, BOOL, DURATION, ENUM }

    /** A node of the tree. */
    sealed interface Node permits TMap, TSeq, Leaf {
        Node copy();
    }

    /** A mapping, keys in insertion order. */
    static final class TMap implements Node {
        final LinkedHashMap<String, Node> entries = new LinkedHashMap<>();

        TMap put(String key, Node value) {
            entries.put(key, value);
            return this;
        }

        TMap put(String key, Leaf value) {
            entries.put(key, value);
            return this;
        }

        Node get(String key) {
            return entries.get(key);
        }

        @Override
        public TMap copy() {
            TMap m = new TMap();
            for (Map.Entry<String, Node> e : entries.entrySet()) {
                m.entries.put(e.getKey(), e.getValue().copy());
            }
            return m;
        }
    }

    /** A sequence. */
    static final class TSeq implements Node {
        final List<Node> items = new ArrayList<>();

        TSeq add(Node item) {
            items.add(item);
            return this;
        }

        @Override
        public TSeq copy() {
            TSeq s = new TSeq();
            items.forEach(i -> s.items.add(i.copy()));
            return s;
        }
    }

    /**
     * A scalar.
     *
     * @param text        as written (without quotes)
     * @param kind        what the model expects there
     * @param quoted      written in double quotes
     * @param outOfRange  values of the right type that break the field's bounds (empty when it has none)
     * @param positive    for durations: zero is not allowed
     */
    record Leaf(String text, Kind kind, boolean quoted, List<String> outOfRange, boolean positive) implements Node {
        Leaf {
            outOfRange = List.copyOf(outOfRange);
        }

        static Leaf str(String text) {
            return new Leaf(text, Kind.STRING, false, List.of(), false);
        }

        static Leaf quoted(String text) {
            return new Leaf(text, Kind.STRING, true, List.of(), false);
        }

        static Leaf id(String text) {
            return new Leaf(text, Kind.ID, false, List.of(), false);
        }

        static Leaf integer(long value, String... outOfRange) {
            return new Leaf(Long.toString(value), Kind.INT, false, List.of(outOfRange), false);
        }

        static Leaf number(String text) {
            return new Leaf(text, Kind.NUMBER, false, List.of(), false);
        }

        static Leaf bool(boolean value) {
            return new Leaf(Boolean.toString(value), Kind.BOOL, false, List.of(), false);
        }

        static Leaf enumValue(String text) {
            return new Leaf(text, Kind.ENUM, false, List.of(), false);
        }

        /** A duration; {@code positive} when zero is refused; {@code outOfRange} beyond its bounds. */
        static Leaf duration(String text, boolean positive, String... outOfRange) {
            return new Leaf(text, Kind.DURATION, false, List.of(outOfRange), positive);
        }

        @Override
        public Leaf copy() {
            return this;
        }
    }

    /** The node at a path, or null. */
    static Node at(Node root, List<Object> path) {
        Node n = root;
        for (Object seg : path) {
            if (n instanceof TMap m && seg instanceof String k) {
                n = m.get(k);
            } else if (n instanceof TSeq s && seg instanceof Integer i && i < s.items.size()) {
                n = s.items.get(i);
            } else {
                return null;
            }
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** Replaces (or adds, for a mapping key) the node at a path. */
    static void set(Node root, List<Object> path, Node value) {
        Node parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (parent instanceof TMap m && last instanceof String k) {
            m.entries.put(k, value);
        } else if (parent instanceof TSeq s && last instanceof Integer i) {
            s.items.set(i, value);
        } else {
            throw new IllegalArgumentException("no parent for " + path);
        }
    }

    /** Removes a key of a mapping. */
    static void remove(Node root, List<Object> path) {
        Node parent = at(root, path.subList(0, path.size() - 1));
        if (!(parent instanceof TMap m) || m.entries.remove((String) path.get(path.size() - 1)) == null) {
            throw new IllegalArgumentException("nothing at " + path);
        }
    }

    /** A path extended by more segments. */
    static List<Object> path(List<Object> base, Object... more) {
        List<Object> p = new ArrayList<>(base);
        p.addAll(List.of(more));
        return List.copyOf(p);
    }

    /** Every node with its path, depth first, parents before children. */
    static List<Map.Entry<List<Object>, Node>> walk(Node root) {
        List<Map.Entry<List<Object>, Node>> out = new ArrayList<>();
        walk(root, List.of(), out);
        return out;
    }

    private static void walk(Node n, List<Object> path, List<Map.Entry<List<Object>, Node>> out) {
        out.add(Map.entry(path, n));
        if (n instanceof TMap m) {
            m.entries.forEach((k, v) -> walk(v, path(path, k), out));
        } else if (n instanceof TSeq s) {
            for (int i = 0; i < s.items.size(); i++) {
                walk(s.items.get(i), path(path, i), out);
            }
        }
    }
}
