package io.podctl.config;

import java.util.List;
import java.util.Objects;

/** The outcome of re-reading a pod's configuration file: a new valid configuration, or why it was refused. */
public sealed interface ReloadResult {

    /**
     * The file validated completely.
     *
     * @param loaded the new configuration, its SHA-256 and its warnings
     * @param diff   what changed from the running configuration; empty when only comments or layout changed
     */
    record Accepted(LoadResult.Valid loaded, ConfigDiff diff) implements ReloadResult {
        public Accepted {
            Objects.requireNonNull(loaded, "loaded");
            Objects.requireNonNull(diff, "diff");
        }
    }

    /**
     * The file has at least one error (or could not be read); the running configuration stays.
     *
     * @param problems every problem found, errors and warnings, in file order
     */
    record Rejected(List<ConfigProblem> problems) implements ReloadResult {
        public Rejected {
            problems = List.copyOf(problems);
            if (problems.stream().noneMatch(p -> p.severity() == ConfigProblem.Severity.ERROR)) {
                throw new IllegalArgumentException("a rejected reload has at least one error");
            }
        }

        /** The errors only. */
        public List<ConfigProblem> errors() {
            return problems.stream().filter(p -> p.severity() == ConfigProblem.Severity.ERROR).toList();
        }

        /**
         * One line for an alarm or an event: the number of errors and the first one, e.g.
         * {@code 2 errors; first: pod.yaml:12:14: error: ... [alarm-beyond-trip]}.
         */
        public String reason() {
            List<ConfigProblem> errors = errors();
            return errors.size() + (errors.size() == 1 ? " error" : " errors") + "; first: " + errors.get(0);
        }
    }
}
