package io.podctl.hil;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana {@code label_values(...)} query) reads: every identifier that
 * is not a function, a keyword, a label name or a Grafana variable. Enough of PromQL for the dashboard and the
 * rule file; a name it cannot see is a name it does not check, never a false alarm.
 */
final class PromQlNames {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,]+?)\\s*,\\s*\\w+\\s*\\)");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern LABEL_LIST =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");

    private PromQlNames() {
    }

    static Set<String> of(String expr) {
        String s = LABEL_VALUES.matcher(expr).replaceAll("$1");
        s = MATCHERS.matcher(STRING.matcher(s).replaceAll("\"\"")).replaceAll(" ");
        s = LABEL_LIST.matcher(RANGE.matcher(s).replaceAll(" ")).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
