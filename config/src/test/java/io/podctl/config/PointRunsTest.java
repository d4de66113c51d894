package io.podctl.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run of registers of one type written as one entry: expanded, checked and located like written points. */
class PointRunsTest {
    private static final String HEAD = """
            pod: {site: lab, id: p1}
            buses: [{id: b, tcp: {host: 127.0.0.1}}]
            devices:
              - id: m
                bus: b
                points:
            """;

    private final ConfigLoader loader = new ConfigLoader();

    @TempDir
    Path dir;

    private List<PointConfig> points(String entries) {
        LoadResult r = loader.parse(HEAD + entries, "pod.yaml");
        return assertInstanceOf(LoadResult.Valid.class, r, () -> r.problems().toString()).config().devices().get(0)
                .points();
    }

    private List<String> problems(String entries) {
        LoadResult r = loader.parse(HEAD + entries, "pod.yaml");
        return assertInstanceOf(LoadResult.Invalid.class, r).problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aRunStandsForCountPointsAtConsecutiveAddresses() {
        List<PointConfig> p = points("      - {id: \"hr{n}\", table: holding, address: 10, count: 100, type: uint16, unit: W}\n");
        assertEquals(100, p.size());
        assertEquals("hr0", p.get(0).id());
        assertEquals(10, p.get(0).address());
        assertEquals("hr99", p.get(99).id());
        assertEquals(109, p.get(99).address());
        assertEquals("W", p.get(99).unit());
    }

    @Test
    void aRunPerDeviceLoadsTheSameDevicesAsOneEntryPerRegister() {
        StringBuilder full = new StringBuilder("pod: {site: lab, id: p1}\nbuses: [{id: b, tcp: {host: 127.0.0.1}}]\n"
                + "devices:\n");
        StringBuilder runs = new StringBuilder(full);
        for (int d = 1; d <= 10; d++) {
            String head = "  - id: u" + d + "\n    bus: b\n    unitId: " + d + "\n    pollPeriod: 1s\n    points:\n";
            full.append(head);
            runs.append(head).append("      - {id: \"hr{n}\", table: holding, address: 0, count: 100, type: uint16}\n");
            for (int r = 0; r < 100; r++) {
                full.append("      - {id: hr").append(r).append(", table: holding, address: ").append(r)
                        .append(", type: uint16}\n");
            }
        }
        LoadResult f = loader.parse(full.toString(), "full");
        LoadResult r = loader.parse(runs.toString(), "runs");
        List<DeviceConfig> expected = assertInstanceOf(LoadResult.Valid.class, f, () -> f.problems().toString())
                .config().devices();
        List<DeviceConfig> actual = assertInstanceOf(LoadResult.Valid.class, r, () -> r.problems().toString())
                .config().devices();
        assertEquals(expected, actual);
        assertEquals(1000, actual.stream().mapToInt(d -> d.points().size()).sum());
    }

    @Test
    void theStrideDefaultsToTheTypesWidthAndFirstNumbersTheIds() {
        List<PointConfig> p = points("""
                      - {id: "l{n}.voltage", table: input, address: 0, count: 3, first: 1, type: float32,
                         description: "voltage L{n} to N"}
                      - {id: "c{n}", table: holding, address: 100, count: 2, stride: 10, type: int64}
                """);
        assertEquals(List.of("l1.voltage", "l2.voltage", "l3.voltage", "c0", "c1"),
                p.stream().map(PointConfig::id).toList());
        assertEquals(List.of(0, 2, 4, 100, 110), p.stream().map(PointConfig::address).toList());
        assertEquals("voltage L3 to N", p.get(2).description());
    }

    @Test
    void runProblemsAreAllListedWithTheirLineAndColumn() {
        assertEquals(List.of(
                "pod.yaml:7:71: error: 'count' (how many points the run stands for) must be a whole number 1..10000,"
                        + " not '0' [bad-run]",
                "pod.yaml:8:14: error: the id of a run of 4 points must contain {n} (the point's number), e.g."
                        + " 'hr{n}' [bad-run]",
                "pod.yaml:9:75: error: the run's last point would be at address 65536 (65533 + 3 x 1), beyond"
                        + " 65535 [bad-run]",
                "pod.yaml:10:45: error: 'stride' belongs to a point run: add 'count' (how many points) or remove it"
                        + " [bad-run]"),
                problems("""
                      - {id: "a{n}", table: holding, address: 0, type: uint16, count: 0}
                      - {id: hr, table: holding, address: 0, type: uint16, count: 4}
                      - {id: "x{n}", table: holding, address: 65533, type: uint16, count: 4}
                      - {id: y, table: holding, address: 0, stride: 2, type: uint16}
                """));
    }

    @Test
    void aProblemInOnePointOfARunIsReportedAtTheRun() {
        List<String> p = problems("""
                      - {id: "hr{n}", table: holding, address: 0, count: 10, type: uint16}
                      - {id: extra, table: holding, address: 5, type: uint16}
                """);
        assertEquals(1, p.stream().filter(s -> s.startsWith("pod.yaml:8:")).count(), p.toString());
    }

    @Test
    void aDeviceOverridesOnePointOfAProfilesRun() throws IOException {
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/acme-table.yaml"), """
                name: acme-table
                description: a long register table
                points:
                  - {id: "t{n}", table: input, address: 0, count: 8, first: 1, type: int16, scale: 0.1, unit: degC}
                """);
        Path file = dir.resolve("pod.yaml");
        Files.writeString(file, """
                pod: {site: lab, id: p1}
                buses: [{id: b, tcp: {host: 127.0.0.1}}]
                devices:
                  - id: m
                    bus: b
                    profile: acme-table
                    points:
                      - {id: t3, max: 60}
                """);
        LoadResult r = loader.load(file);
        List<PointConfig> p = assertInstanceOf(LoadResult.Valid.class, r, () -> r.problems().toString()).config()
                .devices().get(0).points();
        assertEquals(8, p.size());
        assertEquals(60.0, p.get(2).max());
        assertEquals("t8", p.get(7).id());
        assertEquals(7, p.get(7).address());
    }
}
