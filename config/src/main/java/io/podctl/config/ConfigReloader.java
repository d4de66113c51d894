package io.podctl.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Re-reads a pod's configuration file for a reload (SIGHUP or a command) and says whether and how it can be
 * applied. The file is validated completely, exactly as at start-up; an invalid file is {@link ReloadResult.Rejected
 * rejected} with every problem, and the caller keeps running the last good configuration and raises an alarm with
 * {@link ReloadResult.Rejected#reason()}. A valid file comes back with a {@link ConfigDiff} against the running
 * configuration, which tells the caller whether every change can be swapped in between two loop cycles or whether
 * some need a restart.
 *
 * <p>Thread-safe and stateless; reads files (blocking), so never call it on the control loop thread.
 */
public final class ConfigReloader {
    private final ConfigLoader loader;
    private final List<Path> extraProfileDirs;

    /** A reloader with the shipped profiles and those in a {@code profiles/} directory next to the file. */
    public ConfigReloader() {
        this(new ConfigLoader(), List.of());
    }

    /**
     * A reloader.
     *
     * @param loader           the loader to validate with
     * @param extraProfileDirs more profile directories, as given to {@link ConfigLoader#load(Path, List)} at start
     */
    public ConfigReloader(ConfigLoader loader, List<Path> extraProfileDirs) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.extraProfileDirs = List.copyOf(extraProfileDirs);
    }

    /**
     * Re-reads {@code file}.
     *
     * @param current the configuration running now (the last good one)
     * @param file    the pod's configuration file
     * @return the new configuration with what changed, or every problem of the file
     */
    public ReloadResult reload(LoadResult.Valid current, Path file) {
        Objects.requireNonNull(current, "current");
        return compare(current, loader.load(file, extraProfileDirs));
    }

    /**
     * Compares an already loaded result with the running configuration (for callers that load by other means,
     * and for tests).
     *
     * @param current the configuration running now
     * @param loaded  the result of loading the new file
     * @return accepted with the differences, or rejected with the problems
     */
    public static ReloadResult compare(LoadResult.Valid current, LoadResult loaded) {
        return switch (loaded) {
            case LoadResult.Valid next -> new ReloadResult.Accepted(next,
                    ConfigDiff.between(current.config(), next.config()));
            case LoadResult.Invalid invalid -> new ReloadResult.Rejected(invalid.problems());
        };
    }
}
