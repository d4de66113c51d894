package io.podctl.config.internal;

import io.podctl.config.DeviceProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The device profiles one load can use: the shipped ones (classpath resources), then each profiles directory
 * in order; a later file with the same name replaces an earlier one. Profiles are read and checked only when a
 * device names them, once per load. Not thread-safe: one instance per load.
 */
public final class ProfileLibrary {
    /** Classpath folder of the shipped profiles. */
    public static final String RESOURCE_DIR = "io/podctl/config/profiles/";
    /** Names of the shipped profiles ({@code RESOURCE_DIR + name + ".yaml"}). */
    public static final List<String> SHIPPED = List.of("pod-cdu", "sdm630", "raritan-px", "seahawk-leak",
            "liebert-dcd");

    /** Where a profile's text comes from. */
    private record Source(String displayName, Path file, String resource) {
    }

    /**
     * A profile that was read and checked.
     *
     * @param root    its tree, for merging into devices (null when unreadable)
     * @param profile the bound profile, or null when it has errors
     */
    public record Loaded(YNode root, DeviceProfile profile) {
        /** True when it can be merged. */
        public boolean ok() {
            return profile != null;
        }
    }

    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, Loaded> loaded = new HashMap<>();
    private final Problems problems;
    private final Binder binder;

    /**
     * The shipped profiles plus those in {@code dirs} (files named {@code *.yaml} or {@code *.yml}).
     *
     * @param dirs     profiles directories, later ones winning
     * @param problems where unreadable directories and profile problems are reported
     * @param binder   binds checked trees
     */
    public ProfileLibrary(List<Path> dirs, Problems problems, Binder binder) {
        this.problems = problems;
        this.binder = binder;
        for (String name : SHIPPED) {
            sources.put(name, new Source("classpath:" + RESOURCE_DIR + name + ".yaml", null,
                    RESOURCE_DIR + name + ".yaml"));
        }
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                files.sorted().forEach(f -> {
                    String fileName = f.getFileName().toString();
                    String name = fileName.endsWith(".yaml") ? fileName.substring(0, fileName.length() - 5)
                            : fileName.endsWith(".yml") ? fileName.substring(0, fileName.length() - 4) : null;
                    if (name != null && Files.isRegularFile(f)) {
                        sources.put(name, new Source(f.toString(), f, null));
                    }
                });
            } catch (IOException e) {
                problems.error(Loc.of(dir.toString()), "unreadable", "cannot list profiles directory: " + e);
            }
        }
    }

    /** Every known profile name, sorted. */
    public TreeSet<String> names() {
        return new TreeSet<>(sources.keySet());
    }

    /** True when a profile of that name exists. */
    public boolean has(String name) {
        return sources.containsKey(name);
    }

    /** The profile, read and checked on first use (its problems are reported then, once). */
    public Optional<Loaded> get(String name) {
        Source source = sources.get(name);
        if (source == null) {
            return Optional.empty();
        }
        return Optional.of(loaded.computeIfAbsent(name, n -> read(n, source)));
    }

    private Loaded read(String name, Source source) {
        String text;
        try {
            text = source.file() != null ? Files.readString(source.file(), StandardCharsets.UTF_8) : resource(source);
        } catch (IOException e) {
            problems.error(Loc.of(source.displayName()), "unreadable", "cannot read profile '" + name + "': " + e);
            return new Loaded(null, null);
        }
        Problems own = new Problems();
        YNode root = PointRuns.expandPoints(YamlReader.read(text, source.displayName(), own), own);
        DeviceProfile profile = null;
        if (root != null) {
            StructureChecker checker = new StructureChecker(own);
            var json = checker.checkDocument(root, Model.of(DeviceProfile.class));
            if (!own.hasErrors()) {
                profile = binder.bind(json, DeviceProfile.class, Loc.of(source.displayName()), own);
            }
            if (profile != null) {
                Locator at = new Locator(root);
                if (!profile.name().equals(name)) {
                    own.error(at.value("name"), "profile-name", "profile name '" + profile.name()
                            + "' differs from its file name '" + name + "'; make them equal");
                }
                PointRules.check(profile.points(), profile.forbidden(), profile.highAddressesAreWire(),
                        "profile '" + name + "'",
                        (i, field) -> field == null ? at.value("points", i) : at.value("points", i, field),
                        source.displayName(), own);
                PointRules.checkForbidden(profile.forbidden(), i -> at.value("forbidden", i), own);
            }
        }
        problems.addAll(own.sorted(source.displayName()));
        return new Loaded(root, own.hasErrors() ? null : profile);
    }

    private static String resource(Source source) throws IOException {
        try (InputStream in = ProfileLibrary.class.getClassLoader().getResourceAsStream(source.resource())) {
            if (in == null) {
                throw new IOException("missing resource " + source.resource());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
