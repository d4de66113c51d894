package io.podctl.config.internal;

import io.podctl.config.ConfigProblem;
import io.podctl.config.ConfigProblem.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects the problems of one load; duplicates (same place, rule and message) are kept once. */
public final class Problems {
    private final Set<ConfigProblem> problems = new LinkedHashSet<>();

    /** Adds an error: the file will be rejected. */
    public void error(Loc loc, String rule, String message) {
        problems.add(new ConfigProblem(loc.file(), loc.line(), loc.column(), Severity.ERROR, rule, message));
    }

    /** Adds a warning: reported, the file is still accepted. */
    public void warning(Loc loc, String rule, String message) {
        problems.add(new ConfigProblem(loc.file(), loc.line(), loc.column(), Severity.WARNING, rule, message));
    }

    /** Adds problems found elsewhere. */
    public void addAll(List<ConfigProblem> more) {
        problems.addAll(more);
    }

    /** True once any error was added. */
    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.severity() == Severity.ERROR);
    }

    /**
     * Every problem, the main file's first, then other files (profiles) in name order, each by line and column.
     *
     * @param mainFile display name of the file being loaded
     */
    public List<ConfigProblem> sorted(String mainFile) {
        List<ConfigProblem> out = new ArrayList<>(problems);
        out.sort(Comparator.<ConfigProblem, Boolean>comparing(p -> !p.file().equals(mainFile))
                .thenComparing(ConfigProblem::file)
                .thenComparingInt(ConfigProblem::line)
                .thenComparingInt(ConfigProblem::column));
        return out;
    }
}
