package io.podctl.config.properties;

import io.podctl.config.properties.YamlTree.Leaf;
import io.podctl.config.properties.YamlTree.Node;
import io.podctl.config.properties.YamlTree.TMap;
import io.podctl.config.properties.YamlTree.TSeq;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Writes a {@link YamlTree} as YAML text and records where every key and value starts, so that a test knows the
 * line and column the loader must report for any node. Layout varies with the random source: block or flow
 * mappings, comment lines, blank lines and end-of-line comments, so the loader's locations are exercised in the
 * shapes people write.
 */
final class YamlEmitter {

    /** A 1-based line and column. */
    record Pos(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /**
     * The text and the positions in it.
     *
     * @param text   the YAML document
     * @param values where each node starts, by path (a mapping starts at its first key, or at '{')
     * @param keys   where each mapping key is written, by the path of its value
     */
    record Emitted(String text, Map<List<Object>, Pos> values, Map<List<Object>, Pos> keys) {
        Pos value(List<Object> path) {
            Pos p = values.get(path);
            if (p == null) {
                throw new IllegalArgumentException("no node at " + path);
            }
            return p;
        }

        Pos key(List<Object> path) {
            Pos p = keys.get(path);
            if (p == null) {
                throw new IllegalArgumentException("no key at " + path);
            }
            return p;
        }

        /** The text with line numbers, for failure messages. */
        String numbered() {
            StringBuilder sb = new StringBuilder();
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                sb.append(String.format("%4d| %s%n", i + 1, lines[i]));
            }
            return sb.toString();
        }
    }

    private final RandomGenerator random;
    private final List<StringBuilder> lines = new ArrayList<>();
    private final Map<List<Object>, Pos> values = new HashMap<>();
    private final Map<List<Object>, Pos> keys = new HashMap<>();

    private YamlEmitter(RandomGenerator random) {
        this.random = random;
    }

    /** Emits a document whose root is a mapping; the random source only chooses the layout. */
    static Emitted emit(TMap root, RandomGenerator random) {
        YamlEmitter e = new YamlEmitter(random);
        e.lines.add(new StringBuilder());
        if (random.nextInt(3) == 0) {
            e.line().append("# generated pod configuration");
            e.newLine();
        }
        e.blockMap(root, List.of(), 0, false);
        StringBuilder text = new StringBuilder();
        for (StringBuilder l : e.lines) {
            text.append(l).append('\n');
        }
        // The last line is the empty one after the final newline.
        return new Emitted(text.substring(0, text.length() - 1), Map.copyOf(e.values), Map.copyOf(e.keys));
    }

    private StringBuilder line() {
        return lines.get(lines.size() - 1);
    }

    private Pos here() {
        return new Pos(lines.size(), line().length() + 1);
    }

    private void newLine() {
        lines.add(new StringBuilder());
    }

    private void indent(int n) {
        line().append(" ".repeat(n));
    }

    /**
     * A block mapping whose first key goes on the current line (after "- " for a sequence item, or at the
     * indent for a fresh line); the following keys each on a fresh line at {@code indent}.
     */
    private void blockMap(TMap map, List<Object> path, int indent, boolean firstOnCurrentLine) {
        boolean first = true;
        for (Map.Entry<String, Node> e : map.entries.entrySet()) {
            if (!(first && firstOnCurrentLine)) {
                if (random.nextInt(12) == 0) {
                    indent(indent);
                    line().append("# a comment line");
                    newLine();
                } else if (random.nextInt(15) == 0) {
                    newLine();
                }
                indent(indent);
            }
            List<Object> child = YamlTree.path(path, e.getKey());
            Pos keyPos = here();
            if (first) {
                values.put(path, keyPos);
            }
            keys.put(child, keyPos);
            line().append(key(e.getKey())).append(':');
            Node v = e.getValue();
            if (v instanceof TMap m && !m.entries.isEmpty() && !(flowable(m) && random.nextInt(3) == 0)) {
                newLine();
                indent(indent + 2);
                blockMap(m, child, indent + 2, true);
            } else if (v instanceof TSeq s && !s.items.isEmpty() && !(flowable(s) && random.nextInt(4) != 0)) {
                newLine();
                blockSeq(s, child, indent + 2);
            } else {
                line().append(' ');
                flow(v, child);
                endOfLine();
            }
            first = false;
        }
        if (first) {
            // An empty root mapping.
            values.put(path, here());
            line().append("{}");
            newLine();
        }
    }

    private void blockSeq(TSeq seq, List<Object> path, int indent) {
        values.put(path, new Pos(lines.size(), indent + 1));
        for (int i = 0; i < seq.items.size(); i++) {
            indent(indent);
            line().append("- ");
            Node item = seq.items.get(i);
            List<Object> child = YamlTree.path(path, i);
            if (item instanceof TMap m && !m.entries.isEmpty() && !(flowable(m) && random.nextInt(3) == 0)) {
                blockMap(m, child, indent + 2, true);
            } else {
                flow(item, child);
                endOfLine();
            }
        }
    }

    private void endOfLine() {
        if (random.nextInt(10) == 0) {
            line().append("   # note");
        }
        newLine();
    }

    /** Writes a node in flow style on the current line. */
    private void flow(Node n, List<Object> path) {
        values.put(path, here());
        switch (n) {
            case Leaf l -> line().append(scalar(l));
            case TSeq s -> {
                line().append('[');
                for (int i = 0; i < s.items.size(); i++) {
                    if (i > 0) {
                        line().append(", ");
                    }
                    flow(s.items.get(i), YamlTree.path(path, i));
                }
                line().append(']');
            }
            case TMap m -> {
                line().append('{');
                boolean first = true;
                for (Map.Entry<String, Node> e : m.entries.entrySet()) {
                    if (!first) {
                        line().append(", ");
                    }
                    first = false;
                    List<Object> child = YamlTree.path(path, e.getKey());
                    keys.put(child, here());
                    line().append(key(e.getKey())).append(": ");
                    flow(e.getValue(), child);
                }
                line().append('}');
            }
        }
    }

    /** True when a node can be written on one line (no deep structure). */
    private static boolean flowable(Node n) {
        return switch (n) {
            case Leaf l -> true;
            case TSeq s -> s.items.stream().allMatch(i -> i instanceof Leaf);
            case TMap m -> m.entries.values().stream().allMatch(v -> v instanceof Leaf
                    || v instanceof TSeq s && s.items.stream().allMatch(i -> i instanceof Leaf));
        };
    }

    private static String key(String k) {
        return needsQuotes(k) ? quote(k) : k;
    }

    private static String scalar(Leaf l) {
        return l.quoted() || needsQuotes(l.text()) ? quote(l.text()) : l.text();
    }

    private static boolean needsQuotes(String s) {
        if (s.isEmpty() || s.isBlank() || !s.equals(s.strip())) {
            return true;
        }
        char c = s.charAt(0);
        if ("[]{}#&*!|>'\"%@`,?:".indexOf(c) >= 0 || s.startsWith("- ") || s.equals("-")) {
            return true;
        }
        return s.contains(": ") || s.contains(" #") || s.endsWith(":") || s.chars().anyMatch(ch -> ",[]{}".indexOf(ch) >= 0);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
