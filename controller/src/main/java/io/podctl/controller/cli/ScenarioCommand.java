package io.podctl.controller.cli;

import io.podctl.config.ConfigProblem;
import io.podctl.controller.scenario.HtmlReport;
import io.podctl.controller.scenario.ScenarioLoader;
import io.podctl.controller.scenario.ScenarioResult;
import io.podctl.controller.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code podctl scenario run FILE...}: HIL scenarios, each against a fresh simulated pod (or a controller running
 * elsewhere against a plant served on its own, {@code --target remote}), with a progress line per
 * step and an HTML report with time plots. The exit code is the number of failed scenarios (capped at 100); 101
 * when a file is invalid (nothing runs then).
 */
@Command(name = "scenario", description = "HIL scenarios: timed faults and expectations against a simulated pod"
        + " (docs/scenarios.md).", subcommands = ScenarioCommand.Run.class)
final class ScenarioCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code podctl scenario run}. */
    @Command(name = "run", description = "Run scenario files (or directories of *.yaml), each against a fresh"
            + " simulated pod; exit code = number of failed scenarios.")
    static final class Run implements Callable<Integer> {
        /** Exit code when a file is invalid. */
        static final int INVALID = 101;

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "scenario files, or directories of them")
        List<Path> files;

        @Option(names = "--broker", paramLabel = "URI", description = "use this broker (tcp://host:port) instead of"
                + " starting Mosquitto on 127.0.0.1 for each scenario; broker steps then fail")
        String broker;

        @Option(names = "--target", defaultValue = "sim", description = "sim (a fresh simulated pod in this process,"
                + " the default) or remote (a controller running elsewhere against the plant given with --plant,"
                + " observed on --broker)")
        String target;

        @Option(names = "--plant", paramLabel = "HOST:PORT", description = "with --target remote: the control channel"
                + " of the plant (podctl sim --plant-only)")
        String plant;

        @Option(names = "--report", paramLabel = "DIR", description = "write report.html and a PNG time plot per"
                + " scenario into DIR")
        Path report;

        @Option(names = "--suite", paramLabel = "SUITE", description = "run only the scenarios of this suite (fast or"
                + " long); default: all given")
        String suite;

        @Option(names = "--repeat", defaultValue = "1", description = "run each scenario this many times"
                + " (default: ${DEFAULT-VALUE})")
        int repeat;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            InetSocketAddress remote = null;
            if (target.equals("remote")) {
                if (plant == null || broker == null) {
                    err.println("--target remote needs --plant HOST:PORT (the plant's control channel) and --broker URI"
                            + " (the controller's broker)");
                    return INVALID;
                }
                remote = PlantOnly.address(plant, 0);
                if (remote == null) {
                    err.println("--plant " + plant + ": expected HOST:PORT");
                    return INVALID;
                }
            } else if (!target.equals("sim")) {
                err.println("--target " + target + ": sim or remote");
                return INVALID;
            }
            LoggingSetup.configure(Files.createTempDirectory("podctl-scenario-logs"), "warn", null);
            List<ScenarioLoader.Loaded> loaded = new ArrayList<>();
            boolean invalid = false;
            ScenarioLoader loader = new ScenarioLoader();
            for (Path f : expand(files)) {
                ScenarioLoader.Result r = loader.load(f);
                for (ConfigProblem p : r.problems()) {
                    err.println(p);
                }
                if (!r.ok()) {
                    invalid = true;
                } else if (suite == null || r.loaded().scenario().suite().name().equalsIgnoreCase(suite)) {
                    loaded.add(r.loaded());
                }
            }
            err.flush();
            if (invalid) {
                err.println("not running: fix the problems above");
                return INVALID;
            }
            ScenarioRunner runner = remote != null ? ScenarioRunner.remote(out, broker, remote)
                    : new ScenarioRunner(out, broker);
            if (System.console() != null) {
                runner.withWaitBars(); // a terminal: long waits get a bar; logs and pipes keep one line per step
            }
            List<ScenarioResult> results = new ArrayList<>();
            for (int k = 0; k < repeat; k++) {
                for (ScenarioLoader.Loaded l : loaded) {
                    results.add(runner.run(l));
                }
            }
            long failed = results.stream().filter(r -> !r.passed()).count();
            out.printf("%d scenarios, %d passed, %d failed%n", results.size(), results.size() - failed, failed);
            if (report != null) {
                out.println("report: " + HtmlReport.write(results, report));
            }
            out.flush();
            return (int) Math.min(100, failed);
        }

        private static List<Path> expand(List<Path> given) throws IOException {
            List<Path> out = new ArrayList<>();
            for (Path p : given) {
                if (Files.isDirectory(p)) {
                    try (var s = Files.list(p)) {
                        s.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(out::add);
                    }
                } else {
                    out.add(p);
                }
            }
            return out;
        }
    }
}
