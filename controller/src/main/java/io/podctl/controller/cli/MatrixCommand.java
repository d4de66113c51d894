package io.podctl.controller.cli;

import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.config.PodConfig;
import io.podctl.controller.bootstrap.SafetyCompiler;
import io.podctl.controller.safety.CauseEffectMatrix;
import io.podctl.controller.safety.EngineSpec;
import io.podctl.sensors.PointDescriptor;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code podctl matrix --config FILE}: the cause-and-effect matrix a safety reviewer signs off, rendered from
 * the same compiled specification the engine runs.
 */
@Command(name = "matrix", description = "Render the configured causes, conditions, delays and effects as a"
        + " cause-and-effect matrix (Markdown or HTML) for sign-off.")
final class MatrixCommand implements Callable<Integer> {
    /** Output formats. */
    enum Format { MARKDOWN, HTML }

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the pod's configuration")
    Path configFile;

    @Option(names = "--format", defaultValue = "MARKDOWN", description = "markdown or html (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of stdout")
    Path output;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        LoadResult.Valid valid = CommandConfig.validOrReport(new ConfigLoader().load(configFile), configFile, "", err);
        if (valid == null) {
            return 1;
        }
        PodConfig config = valid.config();
        EngineSpec engine = SafetyCompiler.compile(config);
        Map<String, String> units = new HashMap<>();
        for (PointDescriptor d : SafetyCompiler.pointDescriptors(config)) {
            units.put(d.id(), d.unit());
        }
        config.votingGroups().forEach(g -> units.put(g.id(), units.getOrDefault(g.points().get(0), "")));
        CauseEffectMatrix matrix = new CauseEffectMatrix(engine, id -> units.getOrDefault(id, ""));
        String title = "Cause and effect: pod " + config.pod().site() + "/" + config.pod().id() + " (config sha256 "
                + valid.sha256().substring(0, 12) + ")";
        String text = format == Format.HTML ? matrix.html(title) : matrix.markdown(title);
        if (output != null) {
            Files.writeString(output, text, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + output);
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
