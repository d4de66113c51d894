package io.podctl.config.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.podctl.config.internal.YNode.Entry;
import io.podctl.config.internal.YNode.YMap;
import io.podctl.config.internal.YNode.YScalar;
import io.podctl.config.internal.YNode.YSeq;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML text into a {@link YNode} tree, keeping the line and column of every key and value (from the
 * streaming parser's token locations). Syntax errors become one problem at the parser's location; duplicate
 * keys and aliases are reported and reading goes on. Mappings and lists nested deeper than {@value #MAX_DEPTH}
 * levels are refused at the first one too deep.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();
    /**
     * Deepest nesting of mappings and lists a file may have (a pod file needs 5: the top level, devices, a
     * device, its points, a point). Checked while reading, far below the parser's own bound of 1000, so that
     * the problem names the place where it was crossed and no deep tree is ever built.
     */
    public static final int MAX_DEPTH = 32;

    private YamlReader() {
    }

    /**
     * The document's root, or null when the file is empty or has a syntax error (reported).
     *
     * @param text     the whole file
     * @param file     display name used in locations
     * @param problems where problems go
     */
    public static YNode read(String text, String file, Problems problems) {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        YAMLParser parser = null;
        try (YAMLParser p = FACTORY.createParser(text)) {
            parser = p;
            JsonToken first = p.nextToken();
            if (first == null) {
                problems.error(new Loc(file, 1, 1), "empty-file", "the file is empty");
                return null;
            }
            YNode root = readValue(p, file, problems, text.split("\n", -1), 1);
            if (p.nextToken() != null) {
                problems.error(loc(p, file), "yaml-syntax", "only one YAML document per file is allowed");
            }
            return root;
        } catch (TooDeep e) {
            problems.error(e.where, "yaml-nesting", "mappings and lists are nested more than " + MAX_DEPTH
                    + " levels deep here (a pod file needs 5); the file is not read further");
            return null;
        } catch (JsonProcessingException e) {
            problems.error(syntaxLoc(e, file, parser), "yaml-syntax", syntaxMessage(e));
            return null;
        } catch (IOException e) {
            // Reading from a String cannot fail with I/O; keep it a problem rather than an exception anyway.
            problems.error(Loc.of(file), "yaml-syntax", "cannot read YAML: " + e.getMessage());
            return null;
        }
    }

    private static YNode readValue(YAMLParser p, String file, Problems problems, String[] lines, int depth)
            throws IOException {
        JsonToken t = p.currentToken();
        Loc loc = loc(p, file);
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
            throw new TooDeep(loc);
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Loc keyLoc = loc(p, file);
                    p.nextToken();
                    YNode value = readValue(p, file, problems, lines, depth + 1);
                    Entry previous = entries.get(key);
                    if (previous != null) {
                        problems.error(keyLoc, "duplicate-key", "key '" + key + "' is written twice (first at line "
                                + previous.keyLoc().line() + "); remove one");
                    } else {
                        entries.put(key, new Entry(key, keyLoc, value));
                    }
                }
                return new YMap(loc, entries);
            }
            case START_ARRAY -> {
                List<YNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(p, file, problems, lines, depth + 1));
                }
                return new YSeq(loc, items);
            }
            default -> {
                return scalar(p, t, loc, problems, lines);
            }
        }
    }

    private static YScalar scalar(YAMLParser p, JsonToken t, Loc loc, Problems problems, String[] lines)
            throws IOException {
        String text = p.getText();
        if (t == JsonToken.VALUE_STRING && text.isEmpty() && !quoted(lines, loc)) {
            // An empty plain scalar ("key:" with nothing after it) is null in YAML; the parser reports some of
            // them as empty strings, so decide from the source: only '' or "" is an empty string.
            return new YScalar(loc, YScalar.Kind.NULL, "", null);
        }
        if (p.isCurrentAlias()) {
            problems.error(loc, "yaml-alias", "YAML aliases (*" + text + ") are not supported: write the value out");
            return new YScalar(loc, YScalar.Kind.STRING, text, null);
        }
        return switch (t) {
            case VALUE_NUMBER_INT -> new YScalar(loc, YScalar.Kind.INT, text, integer(p));
            case VALUE_NUMBER_FLOAT -> new YScalar(loc, YScalar.Kind.FLOAT, text, floating(p));
            case VALUE_TRUE, VALUE_FALSE -> new YScalar(loc, YScalar.Kind.BOOL, text, null);
            case VALUE_NULL -> new YScalar(loc, YScalar.Kind.NULL, text == null ? "" : text, null);
            default -> new YScalar(loc, YScalar.Kind.STRING, text, null);
        };
    }

    private static boolean quoted(String[] lines, Loc loc) {
        if (loc.line() < 1 || loc.line() > lines.length) {
            return false;
        }
        String line = lines[loc.line() - 1];
        int i = loc.column() - 1;
        return i >= 0 && i < line.length() && (line.charAt(i) == '\'' || line.charAt(i) == '"');
    }

    private static Number integer(YAMLParser p) {
        try {
            Number n = p.getNumberValue();
            if (n instanceof BigInteger b) {
                return b.bitLength() < 64 ? (Number) b.longValue() : b;
            }
            return n.longValue();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Number floating(YAMLParser p) {
        try {
            double d = p.getDoubleValue();
            return Double.isFinite(d) ? d : null;
        } catch (IOException | RuntimeException e) {
            // YAML's .nan and .inf: the parser cannot represent them; the checker reports "not a finite number".
            return null;
        }
    }

    private static Loc loc(YAMLParser p, String file) {
        JsonLocation l = p.currentTokenLocation();
        return new Loc(file, l.getLineNr(), l.getColumnNr());
    }

    /**
     * Where a parse failed: the YAML scanner's mark, else the exception's location, else (a read constraint such
     * as an overlong number, which carries none) where the parser stood.
     */
    private static Loc syntaxLoc(JsonProcessingException e, String file, YAMLParser p) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            Mark mark = m.getProblemMark();
            return new Loc(file, mark.getLine() + 1, mark.getColumn() + 1);
        }
        JsonLocation l = e.getLocation();
        if ((l == null || l.getLineNr() < 1) && p != null) {
            l = p.currentLocation();
        }
        return l == null || l.getLineNr() < 1 ? Loc.of(file) : new Loc(file, l.getLineNr(), l.getColumnNr());
    }

    /** Nesting beyond {@link #MAX_DEPTH}: reading stops at {@code where}. */
    private static final class TooDeep extends RuntimeException {
        final Loc where;

        TooDeep(Loc where) {
            super(null, null, false, false);
            this.where = where;
        }
    }

    private static String syntaxMessage(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m) {
            StringBuilder sb = new StringBuilder("YAML syntax error: ").append(oneLine(m.getProblem()));
            if (m.getContext() != null) {
                sb.append(" (").append(oneLine(m.getContext()));
                if (m.getContextMark() != null) {
                    sb.append(" started at ").append(m.getContextMark().getLine() + 1).append(':')
                            .append(m.getContextMark().getColumn() + 1);
                }
                sb.append(')');
            }
            return sb.toString();
        }
        return "YAML syntax error: " + oneLine(e.getOriginalMessage());
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").strip();
    }
}
