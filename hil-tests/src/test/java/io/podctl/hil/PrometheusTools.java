package io.podctl.hil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where Debian's {@code prometheus} package put its binaries; a missing one fails the test with the install hint. */
final class PrometheusTools {
    private PrometheusTools() {
    }

    /** {@code /usr/bin/promtool} (or wherever it is). */
    static Path promtool() {
        return find("promtool");
    }

    /** {@code /usr/bin/prometheus}. */
    static Path prometheus() {
        return find("prometheus");
    }

    private static Path find(String name) {
        for (String dir : List.of("/usr/bin", "/usr/local/bin", "/usr/sbin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(name + " not found: apt-get install prometheus (Debian's package brings prometheus"
                + " and promtool; stop its own service: systemctl disable --now prometheus)");
    }
}
