package io.podctl.config;

import io.podctl.config.internal.Binder;
import io.podctl.config.internal.Loc;
import io.podctl.config.internal.Locator;
import io.podctl.config.internal.Model;
import io.podctl.config.internal.Problems;
import io.podctl.config.internal.StrictUtf8;
import io.podctl.config.internal.SchemaWriter;
import io.podctl.config.internal.StructureChecker;
import io.podctl.config.internal.YNode;
import io.podctl.config.internal.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a YAML file of another podctl format (a HIL scenario, for instance) into a record, with the pod file's
 * machinery: located YAML, the structural pass driven by the record's annotations ({@code @Doc}, {@code @Required},
 * {@code @Pattern}, {@code @Range}, enums, durations), every problem listed with file, line and column. The caller
 * then checks its own cross-field rules and locates each finding with {@link Parsed#problem}.
 *
 * <p>Thread-safe and stateless. Reads files (blocking).
 *
 * @param <T> the record type of the file's top level
 */
public final class RecordFile<T extends Record> {
    private final Class<T> type;
    private final Binder binder = new Binder();

    private RecordFile(Class<T> type) {
        this.type = type;
    }

    /** A reader of files whose top level is {@code type}. */
    public static <T extends Record> RecordFile<T> of(Class<T> type) {
        Model.of(type); // fails fast on an unsupported component type
        return new RecordFile<>(type);
    }

    /** The JSON Schema (draft-07) of the format, generated from the same model the reader checks with. */
    public String jsonSchema(String title) {
        return SchemaWriter.write(type, title);
    }

    /**
     * Reads a file.
     *
     * @param file the file; problems name it as given
     */
    public Parsed<T> load(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            return new Parsed<>(null, null, List.of(new ConfigProblem(file.toString(), 0, 0,
                    ConfigProblem.Severity.ERROR, "unreadable", "cannot read the file: " + e)));
        }
    }

    /** Reads text (tests and tools); problems name {@code displayName}. */
    public Parsed<T> parse(String text, String displayName) {
        return parse(text.getBytes(StandardCharsets.UTF_8), displayName);
    }

    private Parsed<T> parse(byte[] bytes, String display) {
        Problems problems = new Problems();
        String text = StrictUtf8.decode(bytes, problems, display);
        if (text == null) {
            return new Parsed<>(null, null, problems.sorted(display));
        }
        YNode root = YamlReader.read(text, display, problems);
        if (root == null) {
            return new Parsed<>(null, null, problems.sorted(display));
        }
        var json = new StructureChecker(problems).checkDocument(root, Model.of(type));
        Locator where = new Locator(root);
        if (problems.hasErrors()) {
            return new Parsed<>(null, where, problems.sorted(display));
        }
        T value = binder.bind(json, type, Loc.of(display), problems);
        return new Parsed<>(value, where, problems.sorted(display));
    }

    /**
     * What was read: the bound record (null when the file has structural errors), every problem found so far, and
     * where each value was written, to locate the caller's own findings.
     *
     * @param <T> the record type
     */
    public static final class Parsed<T> {
        private final T value;
        private final Locator where;
        private final List<ConfigProblem> problems;

        Parsed(T value, Locator where, List<ConfigProblem> problems) {
            this.value = value;
            this.where = where;
            this.problems = List.copyOf(problems);
        }

        /** The bound record, or null when the file has structural errors. */
        public T value() {
            return value;
        }

        /** Every problem, in file order. */
        public List<ConfigProblem> problems() {
            return problems;
        }

        /** Whether the file was read without errors (warnings allowed). */
        public boolean ok() {
            return value != null && problems.stream().noneMatch(p -> p.severity() == ConfigProblem.Severity.ERROR);
        }

        /**
         * An error located at the value at {@code path} (keys are strings, list indexes integers; a value left out
         * is located at its closest written ancestor).
         */
        public ConfigProblem problem(String rule, String message, Object... path) {
            String file = problems.isEmpty() ? "" : problems.get(0).file();
            Loc loc = where == null ? new Loc(file, 0, 0) : where.value(path);
            return new ConfigProblem(loc.file(), loc.line(), loc.column(), ConfigProblem.Severity.ERROR, rule, message);
        }

        /** This result with more problems added, all in line and column order. */
        public Parsed<T> with(List<ConfigProblem> more) {
            List<ConfigProblem> all = new ArrayList<>(problems);
            all.addAll(more);
            all.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
            return new Parsed<>(value, where, all);
        }
    }
}
