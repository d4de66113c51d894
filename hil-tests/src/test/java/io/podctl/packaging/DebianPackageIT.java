package io.podctl.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.podctl.config.ConfigLoader;
import io.podctl.config.LoadResult;
import io.podctl.controller.bootstrap.ServiceWatchdogFit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package that {@code mvn package} builds in controller/target, read back with the Debian tools: its
 * control fields, file list and conffiles ({@code dpkg-deb}), its systemd unit ({@code systemd-analyze verify} on the
 * unpacked tree, and the unit's system call filter expanded by {@code systemd-analyze syscall-filter}), and
 * {@code lintian}, which must report no error.
 */
class DebianPackageIT {
    private static final Path TARGET = Path.of("..", "controller", "target");
    private static final String UNIT = "usr/lib/systemd/system/podctl.service";

    @TempDir
    static Path tree;
    static Path deb;

    @BeforeAll
    static void unpack() throws Exception {
        try (Stream<Path> files = Files.list(TARGET)) {
            // The newest: a checkout that was built before keeps older snapshots beside it.
            deb = files.filter(p -> p.getFileName().toString().matches("podctl_.+_all\\.deb"))
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no podctl_*_all.deb in " + TARGET.toAbsolutePath()
                            + ": build the controller first (mvn -pl hil-tests -am verify builds it)"));
        }
        run(List.of("dpkg-deb", "-x", deb.toString(), tree.toString()), "dpkg-dev");
    }

    @Test
    void controlFieldsNameTheJavaRuntimeAndNoArchitecture() throws Exception {
        assertEquals("podctl", field("Package"));
        assertEquals("all", field("Architecture"));
        String depends = field("Depends");
        assertTrue(depends.contains("default-jre-headless (>= 2:1.21) | openjdk-21-jre-headless"
                + " | java21-runtime-headless"), depends);
        assertTrue(deb.getFileName().toString().equals("podctl_" + field("Version") + "_all.deb"), deb.toString());
    }

    @Test
    void theLayoutIsDebiansAndTheBrokerIsLeftOut() throws Exception {
        Set<String> files = new HashSet<>();
        for (String line : run(List.of("dpkg-deb", "-c", deb.toString()), "dpkg-dev").split("\n")) {
            String[] cols = line.trim().split("\\s+");
            files.add(cols[5].replaceFirst("^\\./", "/") + (cols.length > 7 ? " -> " + cols[7] : ""));
        }
        for (String f : List.of("/usr/bin/podctl -> ../share/podctl/bin/podctl", "/usr/share/podctl/bin/podctl",
                "/etc/podctl/pod.yaml", "/etc/default/podctl", "/" + UNIT, "/usr/share/doc/podctl/copyright",
                "/usr/share/doc/podctl/changelog.gz", "/usr/share/doc/podctl/board.md")) {
            assertTrue(files.contains(f), f + " missing from " + files);
        }
        List<String> jars = files.stream().filter(f -> f.endsWith(".jar")).sorted().toList();
        assertTrue(jars.stream().allMatch(j -> j.startsWith("/usr/share/podctl/lib/")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.contains("/podctl-controller-")), jars.toString());
        assertTrue(jars.stream().noneMatch(j -> j.contains("hivemq") || j.contains("netty")), jars.toString());
        assertEquals(List.of("/etc/default/podctl", "/etc/podctl/pod.yaml"),
                Arrays.stream(run(List.of("dpkg-deb", "--info", deb.toString(), "conffiles"), "dpkg-dev").split("\n"))
                        .map(String::trim).filter(s -> !s.isEmpty()).sorted().toList());
        // The maintainer scripts make the service user, in the groups that open GPIO and serial lines.
        String postinst = run(List.of("dpkg-deb", "--info", deb.toString(), "postinst"), "dpkg-dev");
        assertTrue(postinst.contains("usermod --append --groups gpio,dialout podctl"), postinst);
        assertTrue(postinst.contains("install -d -o podctl -g podctl -m 0750 /var/lib/podctl"), postinst);
        assertTrue(run(List.of("dpkg-deb", "--info", deb.toString(), "postrm"), "dpkg-dev")
                .contains("rm -rf /var/lib/podctl"));
    }

    @Test
    void theUnitIsANotifyServiceWithTheLoopsWatchdogAndASandboxThatLetsTheHardwareThrough() throws Exception {
        List<String> unit = Files.readAllLines(tree.resolve(UNIT));
        for (String line : List.of("Type=notify", "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure",
                "ExecStart=/usr/bin/podctl run --config /etc/podctl/pod.yaml", "User=podctl", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/podctl", "NoNewPrivileges=yes", "DevicePolicy=closed",
                "DeviceAllow=char-gpiochip rw", "DeviceAllow=char-ttyUSB rw", "DeviceAllow=/dev/watchdog rw")) {
            assertTrue(unit.contains(line), line + " missing from the unit");
        }
        // WatchdogSec= is what podctl asks for with the configuration the package ships.
        LoadResult shipped = new ConfigLoader().load(tree.resolve("etc/podctl/pod.yaml"));
        assertTrue(shipped instanceof LoadResult.Valid, () -> "the shipped pod.yaml: " + shipped.problems());
        // The hardware watchdog is podctl's (fed by the loop), never also systemd's RuntimeWatchdogSec.
        assertEquals("/dev/watchdog", ((LoadResult.Valid) shipped).config().safety().watchdogDevice());
        assertFalse(Files.exists(tree.resolve("etc/systemd")), "the package must not configure systemd's watchdog");
        Duration watchdog = ServiceWatchdogFit.recommended(((LoadResult.Valid) shipped).config().loop());
        assertTrue(unit.contains("WatchdogSec=" + watchdog.toSeconds() + "s")
                || unit.contains("WatchdogSec=" + watchdog.toMillis() + "ms"), "WatchdogSec= should be " + watchdog);
        // The JVM options are the launcher's, not a second set in the unit: an explicit heap and an exit on
        // OutOfMemoryError (so that Restart=on-failure brings back a clean process).
        assertFalse(unit.stream().anyMatch(l -> l.contains("JAVA_OPTIONS")), "JVM options belong to the launcher");
        String launcher = Files.readString(tree.resolve("usr/share/podctl/bin/podctl"));
        assertTrue(launcher.contains("-Xmx") && launcher.contains("-XX:+ExitOnOutOfMemoryError"), launcher);
    }

    @Test
    void systemdAnalyzeVerifiesTheUnpackedUnit() throws Exception {
        // The unpacked package as a root, with the host's own units (the targets it orders against) and kill(1).
        Path units = tree.resolve("usr/lib/systemd/system");
        for (Path hostUnits : List.of(Path.of("/usr/lib/systemd/system"), Path.of("/lib/systemd/system"))) {
            if (Files.isDirectory(hostUnits)) {
                try (Stream<Path> s = Files.list(hostUnits)) {
                    for (Path u : s.filter(p -> p.getFileName().toString().endsWith(".target")).toList()) {
                        Files.copy(u, units.resolve(u.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                                LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
        Files.createDirectories(tree.resolve("bin"));
        Files.copy(Path.of("/bin/kill"), tree.resolve("bin/kill"), StandardCopyOption.REPLACE_EXISTING);
        String out = run(List.of("systemd-analyze", "verify", "--root=" + tree.toAbsolutePath(), "/" + UNIT),
                "systemd");
        assertEquals("", out.trim(), "systemd-analyze verify complained");
    }

    @Test
    void theSystemCallFilterLetsTheClockSynchronizationBeRead() throws Exception {
        List<String> unit = Files.readAllLines(tree.resolve(UNIT));
        assertFalse(unit.stream().anyMatch(l -> l.startsWith("ProtectClock=") && !l.endsWith("=no")),
                "ProtectClock= denies adjtimex");
        List<String> filters = unit.stream().filter(l -> l.startsWith("SystemCallFilter=")).toList();
        assertFalse(filters.isEmpty(), "no system call filter");
        Set<String> allowed = new HashSet<>();
        for (String filter : filters) {
            String value = filter.substring("SystemCallFilter=".length());
            assertFalse(value.startsWith("~"), "a deny list: " + filter);
            for (String item : value.split("\\s+")) {
                if (item.startsWith("@")) {
                    for (String line : run(List.of("systemd-analyze", "syscall-filter", item), "systemd").split("\n")) {
                        String s = line.trim();
                        if (!s.isEmpty() && !s.startsWith("#") && !s.startsWith("@")) {
                            allowed.add(s);
                        }
                    }
                } else {
                    allowed.add(item);
                }
            }
        }
        // glibc's adjtimex(3) issues clock_adjtime(CLOCK_REALTIME, ...) (strace shows it); other libcs adjtimex.
        assertTrue(allowed.contains("clock_adjtime") && allowed.contains("adjtimex"), "allowed: " + allowed);
        assertTrue(unit.contains("CapabilityBoundingSet="), "without CAP_SYS_TIME adjtimex only reads");
    }

    @Test
    void lintianReportsNoError() throws Exception {
        String out = run(List.of("lintian", "--allow-root", deb.toString()), "lintian");
        List<String> errors = out.lines().filter(l -> l.startsWith("E:")).toList();
        assertEquals(List.of(), errors, out);
    }

    private static String field(String name) throws Exception {
        return run(List.of("dpkg-deb", "-f", deb.toString(), name), "dpkg-dev").trim();
    }

    /** Runs a tool to completion (two minutes at most) and returns its merged output; a missing tool fails. */
    private static String run(List<String> command, String debianPackage) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is not installed: apt-get install " + debianPackage, e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(command + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        // lintian exits 1 (and 2 with --fail-on) when it finds tags: its lines are judged by the caller.
        if (p.exitValue() != 0 && !command.get(0).equals("lintian")) {
            fail(String.join(" ", command) + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }
}
