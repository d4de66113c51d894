package io.podctl.controller.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for a main class of the test classpath in a child JVM (the same java, the same classpath). */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code java <jvmOptions> -cp <test classpath> <main> <args>}, logging with the tests' tinylog settings. */
    public static List<String> command(Class<?> main, List<String> jvmOptions, List<String> args) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Dtinylog.configuration=tinylog-test.properties");
        return launcherCommand(main, options, args);
    }

    /**
     * {@code java <jvmOptions> -cp <test classpath> <main> <args>}, without the tests' tinylog settings (for tests of
     * what the program prints; tinylog still finds tinylog-test.properties on the classpath unless
     * {@code -Dtinylog.configuration} names another file).
     */
    public static List<String> launcherCommand(Class<?> main, List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        return cmd;
    }
}
