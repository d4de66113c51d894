package io.podctl.controller.cli;

import io.podctl.config.ConfigSchema;
import io.podctl.controller.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podctl schema}: prints the JSON Schema (draft-07) of the pod configuration file, or of a device profile
 * file, for editors. VS Code's YAML extension uses it from a first line such as
 * {@code # yaml-language-server: $schema=pod.schema.json}. The text is the same as the committed
 * {@code config/schema/*.schema.json}.
 */
@Command(name = "schema", description = "Print the JSON Schema of the pod configuration file for editors"
        + " (VS Code's YAML extension and others complete and check the file with it).")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--profile", description = "the schema of a device profile file instead")
    boolean profile;

    @Option(names = "--scenario", description = "the schema of a HIL scenario file instead")
    boolean scenario;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the schema to FILE instead of"
            + " standard output")
    Path output;

    @Override
    public Integer call() {
        String schema = (scenario ? ScenarioLoader.jsonSchema() : profile ? ConfigSchema.profileJsonSchema()
                : ConfigSchema.jsonSchema()) + "\n";
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(schema);
            out.flush();
            return 0;
        }
        try {
            Files.writeString(output, schema, StandardCharsets.UTF_8);
        } catch (IOException e) {
            spec.commandLine().getErr().println(output + ": cannot write the schema: " + e);
            return 1;
        }
        spec.commandLine().getOut().println("wrote " + output);
        return 0;
    }
}
