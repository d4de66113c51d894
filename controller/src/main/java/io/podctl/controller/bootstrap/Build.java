package io.podctl.controller.bootstrap;

/**
 * What this build is. Kept apart from {@link PodRuntime} so that asking for the version (the launcher's
 * {@code --version}, evaluated when the command line is built) does not initialize the runtime's logger before the
 * launcher has configured logging.
 */
public final class Build {
    /** The software version, from the jar manifest when packaged; "dev" in a build tree. */
    public static final String VERSION = versionFromManifest();

    private Build() {
    }

    private static String versionFromManifest() {
        String v = Build.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
