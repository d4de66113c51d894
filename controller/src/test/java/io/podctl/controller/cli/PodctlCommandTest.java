package io.podctl.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's exit codes and messages. */
class PodctlCommandTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    /** The README sends people to {@code podctl sim --help}: every subcommand prints its help and exits 0. */
    @Test
    void helpOnEverySubcommandPrintsItsUsageAndExitsZero() {
        var subcommands = PodctlCommand.commandLine().getSubcommands().keySet();
        assertTrue(subcommands.containsAll(List.of("run", "sim", "probe", "check-config", "matrix", "schema")),
                subcommands.toString());
        for (String name : subcommands) {
            for (String option : List.of("--help", "-h")) {
                CliRun one = new CliRun();
                assertEquals(0, one.run(name, option), name + " " + option + ": " + one.err());
                assertTrue(one.out().contains("Usage: podctl " + name), name + " " + option + ": " + one.out());
                assertEquals("", one.err(), name + " " + option);
            }
        }
        CliRun top = new CliRun();
        assertEquals(0, top.run("--help"), top.err());
        assertTrue(top.out().contains("Usage: podctl"), top.out());
    }

    @Test
    void checkConfigAcceptsTheShippedExampleAndPrintsItsHash() throws Exception {
        Path file = dir.resolve("sim-pod.yaml");
        try (var in = getClass().getResourceAsStream("/io/podctl/config/examples/sim-pod.yaml")) {
            Files.copy(in, file);
        }
        assertEquals(0, cli.run("check-config", file.toString()), cli.err());
        assertTrue(cli.out().contains("valid"), cli.out());
        assertTrue(cli.out().matches("(?s).*sha256 [0-9a-f]{64}.*"), cli.out());
    }

    @Test
    void checkConfigListsEveryProblemWithItsLocationAndFails() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                pod:
                  site: lab
                  id: pod1
                loop:
                  period: 0ms
                  perod: 100ms
                """);
        assertEquals(1, cli.run("check-config", file.toString()));
        String e = cli.err();
        assertTrue(e.contains(file + ":5:11:"), e);
        assertTrue(e.contains(file + ":6:3:"), e);
        assertTrue(e.contains("did you mean"), e);
        assertTrue(e.contains("2 errors"), e);
    }

    @Test
    void aFileNestedThousandsDeepIsRefusedWhereTheLimitIsCrossedAndNothingStarts() throws Exception {
        Path file = dir.resolve("deep.yaml");
        Files.writeString(file, "pod: {site: lab, id: pod1}\ngpio: " + "[".repeat(5000) + "]".repeat(5000) + "\n");

        assertEquals(1, cli.run("check-config", file.toString()));
        assertTrue(cli.err().contains(file + ":2:38: error: mappings and lists are nested more than 32 levels deep"),
                cli.err());
        assertTrue(cli.err().contains("[yaml-nesting]"), cli.err());
        assertEquals(2, cli.run("run", "--config", file.toString()));
        assertTrue(cli.err().contains(file + ":2:38:"), cli.err());
        assertTrue(cli.err().contains("invalid configuration, not starting"), cli.err());
    }

    @Test
    void runRefusesAnInvalidConfigurationWithoutStartingAnything() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "pod: {site: lab}\n");
        assertEquals(2, cli.run("run", "--config", file.toString()));
        assertTrue(cli.err().contains("invalid configuration, not starting"), cli.err());
    }

    @Test
    void matrixRendersEveryConfiguredCauseWithItsEffects() throws Exception {
        Path file = dir.resolve("sim-pod.yaml");
        try (var in = getClass().getResourceAsStream("/io/podctl/config/examples/sim-pod.yaml")) {
            Files.copy(in, file);
        }
        assertEquals(0, cli.run("matrix", "--config", file.toString()), cli.err());
        String md = cli.out();
        assertTrue(md.contains("| **estop**"), md);
        assertTrue(md.contains("reset: local only"), md);
        assertTrue(md.contains("cdu.flow <= 150 L/min trip"), md);
        assertTrue(md.contains("pump2.start: write cdu.pump2Command = 1"), md);
        assertTrue(md.contains("## Load shedding"), md);
        assertTrue(md.contains("## Permissives"), md);

        Path html = dir.resolve("matrix.html");
        assertEquals(0, cli.run("matrix", "--config", file.toString(), "--format", "html", "--output",
                html.toString()));
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<th class=\"v\">de-energize rack1.power</th>"),
                page);
    }

    /**
     * The committed docs/cause-and-effect.md is the matrix of the shipped rule set: it must match what the
     * engine is compiled from. Refresh with {@code mvn -pl controller test -Dtest=PodctlCommandTest
     * -Dpodctl.updateDocs=true}.
     */
    @Test
    void theCommittedCauseAndEffectMatrixMatchesTheShippedRuleSet() throws Exception {
        Path committed = Path.of("..", "docs", "cause-and-effect.md");
        Path generated = dir.resolve("matrix.md");
        assertEquals(0, cli.run("matrix", "--config", "../config/examples/sim-pod.yaml", "--output",
                generated.toString()), cli.err());
        // The title carries the file's hash; the rest is the matrix.
        String fresh = Files.readString(generated);
        if (Boolean.getBoolean("podctl.updateDocs")) {
            Files.writeString(committed, fresh);
        }
        assertEquals(fresh, Files.readString(committed), "docs/cause-and-effect.md is stale: run mvn -pl controller test"
                + " -Dtest=PodctlCommandTest -Dpodctl.updateDocs=true");
    }
}
