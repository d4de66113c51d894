package io.podctl.config;

import java.util.List;

/** The outcome of loading a configuration file: a valid configuration, or every problem found. */
public sealed interface LoadResult {

    /** Problems found (errors and warnings), in file order. */
    List<ConfigProblem> problems();

    /**
     * A configuration that passed every rule.
     *
     * @param config   the configuration
     * @param sha256   hex SHA-256 of the file's bytes, published in the status topic
     * @param problems warnings only
     */
    record Valid(PodConfig config, String sha256, List<ConfigProblem> problems) implements LoadResult {
        public Valid {
            problems = List.copyOf(problems);
        }
    }

    /** A rejected file, with at least one error. */
    record Invalid(List<ConfigProblem> problems) implements LoadResult {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
