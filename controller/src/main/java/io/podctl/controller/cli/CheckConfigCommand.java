package io.podctl.controller.cli;

import io.podctl.config.ConfigLoader;
import io.podctl.config.ConfigProblem;
import io.podctl.config.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code podctl check-config FILE}: validates a configuration file and lists every problem. */
@Command(name = "check-config", description = "Validate a pod configuration file; list every problem as"
        + " file:line:column. Exit 0 when valid, 1 when not.")
final class CheckConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the pod's YAML configuration")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadResult result = new ConfigLoader().load(file);
        for (ConfigProblem p : result.problems()) {
            (p.severity() == ConfigProblem.Severity.ERROR ? err : out).println(p);
        }
        if (result instanceof LoadResult.Valid valid) {
            out.printf("%s: valid (%d warning%s); sha256 %s%n", file, valid.problems().size(),
                    valid.problems().size() == 1 ? "" : "s", valid.sha256());
            return 0;
        }
        long errors = result.problems().stream().filter(p -> p.severity() == ConfigProblem.Severity.ERROR).count();
        err.printf("%s: %d error%s%n", file, errors, errors == 1 ? "" : "s");
        return 1;
    }
}
