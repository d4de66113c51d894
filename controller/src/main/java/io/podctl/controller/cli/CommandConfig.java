package io.podctl.controller.cli;

import io.podctl.config.ConfigProblem;
import io.podctl.config.LoadResult;
import java.io.PrintWriter;
import org.slf4j.Logger;

/**
 * How a subcommand takes its configuration: an invalid one is reported on the command's error stream and the
 * command exits with its own code; a valid one's warnings go to the log once logging is set up. Runs on the
 * calling thread.
 */
final class CommandConfig {
    private CommandConfig() {
    }

    /**
     * The valid configuration, or null after printing every problem and then
     * {@code "{source}: invalid configuration{consequence}"} on {@code err}.
     *
     * @param source      what was loaded (a file, or a description of the bundled example)
     * @param consequence appended to the last line, e.g. {@code ", not starting"}; empty for none
     */
    static LoadResult.Valid validOrReport(LoadResult result, Object source, String consequence, PrintWriter err) {
        if (result instanceof LoadResult.Valid valid) {
            return valid;
        }
        result.problems().forEach(err::println);
        err.println(source + ": invalid configuration" + consequence);
        return null;
    }

    /** Logs each warning of a valid configuration. */
    static void logWarnings(LoadResult.Valid valid, Logger log) {
        for (ConfigProblem warning : valid.problems()) {
            log.warn("{}", warning);
        }
    }
}
