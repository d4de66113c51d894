package io.podctl.controller.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The {@code podctl} command line run in-process, as the launcher configures it, with its output and error
 * streams captured. What the runs print accumulates across calls. One per test; not thread-safe.
 */
final class CliRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs {@code podctl args...} on the calling thread and returns its exit code. */
    int run(String... args) {
        var cli = PodctlCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Everything printed on the output stream so far. */
    String out() {
        return out.toString();
    }

    /** Everything printed on the error stream so far. */
    String err() {
        return err.toString();
    }
}
