package io.podctl.controller.cli;

import io.podctl.controller.bootstrap.Build;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * The {@code podctl} launcher. {@code --help} and {@code --version} are inherited by every subcommand
 * ({@code podctl sim --help}); they print to standard output and exit 0.
 */
@Command(name = "podctl", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = PodctlCommand.Version.class,
        description = "Facility controller for modular AI data-center pods.",
        subcommands = {RunCommand.class, SimCommand.class, CheckConfigCommand.class, MatrixCommand.class,
                SchemaCommand.class, ProbeCommand.class, ScenarioCommand.class,
                CommandLine.HelpCommand.class})
public final class PodctlCommand {

    /** Entry point; exits with the subcommand's code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and the launcher). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line (case-insensitive enum values: {@code --format html}). */
    static CommandLine commandLine() {
        return new CommandLine(new PodctlCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * Reports the version from the jar manifest. Picocli asks for it while building the command line, before
     * any command has configured logging: it must not initialize anything that logs.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"podctl " + Build.VERSION, "Java " + Runtime.version()};
        }
    }
}
