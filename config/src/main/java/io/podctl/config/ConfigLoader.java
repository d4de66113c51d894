package io.podctl.config;

import io.podctl.config.internal.Binder;
import io.podctl.config.internal.Loc;
import io.podctl.config.internal.Model;
import io.podctl.config.internal.ProfileLibrary;
import io.podctl.config.internal.PointRuns;
import io.podctl.config.internal.ProfileMerger;
import io.podctl.config.internal.Problems;
import io.podctl.config.internal.StrictUtf8;
import io.podctl.config.internal.SemanticChecker;
import io.podctl.config.internal.StructureChecker;
import io.podctl.config.internal.YNode;
import io.podctl.config.internal.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads one pod's YAML file and validates it completely, like a compiler: every problem is reported at once,
 * each with file, line and column, a severity and a stable rule name. Bad content never throws.
 *
 * <p>Order of work: YAML is read into a tree that remembers where every key and value is written; device
 * profiles are merged into it; a structural pass driven by the records' annotations reports unknown keys,
 * wrong types, missing keys, enum values, ranges and durations; only when that is clean is the tree bound to
 * {@link PodConfig} and the semantic rules (references, overlaps, limits, timing, secrets) run.
 *
 * <p>Device profiles come from the shipped set ({@code io/podctl/config/profiles/*.yaml}), then a
 * {@code profiles/} directory next to the file if there is one, then any extra directories, later ones
 * replacing earlier profiles of the same name.
 *
 * <p>Thread-safe and stateless. Reads files (blocking): never call it on the control loop thread.
 */
public final class ConfigLoader {
    /** Classpath folder of the packaged example files. */
    public static final String EXAMPLES_RESOURCE_DIR = "io/podctl/config/examples/";

    private final Binder binder = new Binder();

    /** A loader. */
    public ConfigLoader() {
    }

    /**
     * Loads a file with the shipped profiles and those in a {@code profiles/} directory next to it.
     *
     * @param file the pod's YAML file; problems name it as given
     * @return the configuration with its SHA-256 and warnings, or every problem
     */
    public LoadResult load(Path file) {
        return load(file, List.of());
    }

    /**
     * Loads a file with the shipped profiles, a {@code profiles/} directory next to it if present, and
     * {@code extraProfileDirs} (in order; later directories replace profiles of the same name).
     *
     * <p>Relative file names inside the file ({@code mqtt.credentialsFile}, {@code mqtt.tls.*},
     * {@code metrics.credentialsFile}, {@code metrics.tls.*}) are resolved
     * against the file's directory, and the returned configuration holds the resolved paths.
     *
     * @param file             the pod's YAML file
     * @param extraProfileDirs more profile directories
     * @return the configuration with its SHA-256 and warnings, or every problem
     */
    public LoadResult load(Path file, List<Path> extraProfileDirs) {
        String display = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new LoadResult.Invalid(List.of(new ConfigProblem(display, 0, 0, ConfigProblem.Severity.ERROR,
                    "unreadable", "cannot read the file: " + e)));
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Path> dirs = new ArrayList<>();
        Path sibling = dir == null ? null : dir.resolve("profiles");
        if (sibling != null && Files.isDirectory(sibling)) {
            dirs.add(sibling);
        }
        dirs.addAll(extraProfileDirs);
        return run(bytes, display, dir, dirs);
    }

    /**
     * Validates YAML text (for tests and tools) with the shipped profiles only. Relative file names inside it
     * are resolved against the working directory.
     *
     * @param yaml        the file's content
     * @param displayName name used in problems
     * @return the configuration with the SHA-256 of the text's UTF-8 bytes, or every problem
     */
    public LoadResult parse(String yaml, String displayName) {
        return run(yaml.getBytes(StandardCharsets.UTF_8), displayName, null, List.of());
    }

    /**
     * Loads one of the example files packaged in this module ({@code sim-pod.yaml}, {@code pod-template.yaml}),
     * with the shipped profiles. The simulated pod ({@code podctl sim}) runs {@code sim-pod.yaml}.
     *
     * @param name file name of the example
     * @return the configuration, or its problems (an unknown name is one problem)
     */
    public LoadResult loadExample(String name) {
        String display = "classpath:" + EXAMPLES_RESOURCE_DIR + name;
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(EXAMPLES_RESOURCE_DIR + name)) {
            if (in == null) {
                return new LoadResult.Invalid(List.of(new ConfigProblem(display, 0, 0, ConfigProblem.Severity.ERROR,
                        "unreadable", "no such example")));
            }
            return run(in.readAllBytes(), display, null, List.of());
        } catch (IOException e) {
            return new LoadResult.Invalid(List.of(new ConfigProblem(display, 0, 0, ConfigProblem.Severity.ERROR,
                    "unreadable", "cannot read the example: " + e)));
        }
    }

    /**
     * The device profiles shipped with podctl, read and checked, in {@code ProfileLibrary.SHIPPED} order (for
     * tools and documentation that list them, such as {@link RedfishTable}).
     *
     * @throws IllegalStateException if a shipped profile has errors (a build that ships a broken profile)
     */
    public List<DeviceProfile> shippedProfiles() {
        Problems problems = new Problems();
        ProfileLibrary library = new ProfileLibrary(List.of(), problems, binder);
        List<DeviceProfile> profiles = new ArrayList<>();
        for (String name : ProfileLibrary.SHIPPED) {
            ProfileLibrary.Loaded loaded = library.get(name).orElseThrow();
            if (!loaded.ok()) {
                throw new IllegalStateException("shipped profile " + name + " has errors: " + problems.sorted(name));
            }
            profiles.add(loaded.profile());
        }
        return List.copyOf(profiles);
    }

    private LoadResult run(byte[] bytes, String display, Path baseDir, List<Path> profileDirs) {
        Problems problems = new Problems();
        String text = StrictUtf8.decode(bytes, problems, display);
        if (text == null) {
            return new LoadResult.Invalid(problems.sorted(display));
        }
        YNode root = YamlReader.read(text, display, problems);
        if (root == null) {
            return new LoadResult.Invalid(problems.sorted(display));
        }
        root = PointRuns.expandDevices(root, problems); // runs of points, before profiles and every other check
        StructureChecker structure = new StructureChecker(problems);
        ProfileLibrary profiles = new ProfileLibrary(profileDirs, problems, binder);
        YNode merged = ProfileMerger.mergeAll(root, profiles, structure, problems);
        var json = structure.checkDocument(merged, Model.of(PodConfig.class));
        if (problems.hasErrors()) {
            return new LoadResult.Invalid(problems.sorted(display));
        }
        PodConfig config = binder.bind(json, PodConfig.class, Loc.of(display), problems);
        if (config == null) {
            return new LoadResult.Invalid(problems.sorted(display));
        }
        new SemanticChecker(config, merged, display, baseDir, problems).run();
        if (problems.hasErrors()) {
            return new LoadResult.Invalid(problems.sorted(display));
        }
        return new LoadResult.Valid(withResolvedFiles(config, baseDir), sha256(bytes), problems.sorted(display));
    }

    /** The configuration with its MQTT and metrics file names resolved against the file's directory. */
    private static PodConfig withResolvedFiles(PodConfig c, Path baseDir) {
        if (baseDir == null) {
            return c;
        }
        MqttConfig m = c.mqtt();
        MqttConfig.TlsConfig tls = m.tls() == null ? null : new MqttConfig.TlsConfig(resolve(baseDir, m.tls().caFile()),
                resolve(baseDir, m.tls().certFile()), resolve(baseDir, m.tls().keyFile()));
        PodConfig resolved = c.withMqtt(m.withFiles(resolve(baseDir, m.credentialsFile()), tls));
        MetricsConfig x = c.metrics();
        if (x == null) {
            return resolved;
        }
        MetricsConfig.TlsConfig xTls = x.tls() == null ? null : new MetricsConfig.TlsConfig(
                resolve(baseDir, x.tls().certFile()), resolve(baseDir, x.tls().keyFile()),
                resolve(baseDir, x.tls().clientCaFile()));
        return resolved.withMetrics(x.withFiles(resolve(baseDir, x.credentialsFile()), xTls));
    }

    private static String resolve(Path baseDir, String name) {
        return name == null ? null : SemanticChecker.resolve(baseDir, name).toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
