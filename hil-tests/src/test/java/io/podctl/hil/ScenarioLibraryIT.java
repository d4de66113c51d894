package io.podctl.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podctl.controller.scenario.HtmlReport;
import io.podctl.controller.scenario.ScenarioFile;
import io.podctl.controller.scenario.ScenarioFigures;
import io.podctl.controller.scenario.ScenarioLoader;
import io.podctl.controller.scenario.ScenarioResult;
import io.podctl.controller.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped scenario library ({@code hil-tests/scenarios/}) run as a rig engineer runs it: each scenario against a
 * fresh simulated pod with Mosquitto, judged only on MQTT and output pins. {@code mvn verify} runs the fast suite;
 * {@code -Dpodctl.scenarios=all} runs every scenario (docs/scenarios.md). Each run also writes the report into
 * {@code hil-tests/target/scenario-report/}. Broken twins of the scenarios that ran (a bound too tight) and of a
 * shipped one (a wrong expected output) must fail at the step they break, and say which. The committed figures made from scenarios
 * (docs/images/scenario-figures.txt) must be current and their scenarios must pass.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenarioLibraryIT {
    private static final Path LIBRARY = Path.of("scenarios");
    private static final Map<String, ScenarioResult> RESULTS = new LinkedHashMap<>();
    private static final StringWriter PROGRESS = new StringWriter();

    private final ScenarioRunner runner = new ScenarioRunner(new PrintWriter(PROGRESS, true), null);

    @Test
    @Order(1)
    void theLibraryPasses() throws IOException {
        String selection = System.getProperty("podctl.scenarios", "");
        boolean all = selection.equals("all");
        // a comma-separated list of file names runs just those, whatever their suite
        List<String> chosen = all || selection.isEmpty() ? List.of() : List.of(selection.split(","));
        int repeat = Integer.getInteger("podctl.scenarios.repeat", 1);
        Map<String, ScenarioLoader.Loaded> runs = new LinkedHashMap<>();
        try (var files = Files.list(LIBRARY)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                ScenarioLoader.Result loaded = new ScenarioLoader().load(f);
                assertTrue(loaded.ok(), () -> f + ": " + loaded.problems());
                boolean wanted = chosen.isEmpty() ? all || loaded.loaded().scenario().suite() == ScenarioFile.Suite.FAST
                        : chosen.contains(f.getFileName().toString());
                for (int k = 0; wanted && k < repeat; k++) {
                    runs.put(f.getFileName().toString() + (k == 0 ? "" : "#" + k), loaded.loaded());
                }
            }
        }
        RESULTS.putAll(ScenarioBatch.run(runs, PROGRESS));
        List<String> failed = new ArrayList<>();
        RESULTS.forEach((name, r) -> {
            if (!r.passed()) {
                failed.add(name + ": " + r.error());
            }
        });
        assertEquals(List.of(), failed, PROGRESS::toString);
    }

    /**
     * Every scenario that ran has a broken twin that must fail at the step it breaks, naming it: the same scenario
     * with the bound of one timed expectation tightened to 1 ms — the first after its first action that took at
     * least {@value #TWIN_MIN_LATENCY_MS} ms when the scenario passed (or, in a scenario whose later expectations
     * are untimed, the first such one at all).
     */
    @Test
    @Order(2)
    void everyScenarioThatRanHasATwinWithABoundTooTightThatFailsAtItsStep() throws IOException {
        Map<String, ScenarioLoader.Loaded> twins = new LinkedHashMap<>();
        Map<String, Integer> broken = new LinkedHashMap<>();
        for (Map.Entry<String, ScenarioResult> e : RESULTS.entrySet()) {
            if (e.getKey().contains("#") || !e.getValue().passed()) {
                continue; // a repetition, or a failure theLibraryPasses reports
            }
            ScenarioLoader.Loaded original = new ScenarioLoader().load(LIBRARY.resolve(e.getKey())).loaded();
            int k = stepToTighten(original.scenario(), e.getValue());
            assertTrue(k > 0, e.getKey() + " has no timed expectation that took " + TWIN_MIN_LATENCY_MS + " ms");
            broken.put(e.getKey(), k);
            twins.put(e.getKey(), new ScenarioLoader.Loaded(original.file(), tightened(original.scenario(), k),
                    original.pod(), original.podHash()));
        }
        List<String> wrong = new ArrayList<>();
        ScenarioBatch.run(twins, PROGRESS).forEach((name, twin) -> {
            int k = broken.get(name);
            String error = twin.error();
            // Seen too late, or (for a condition that takes over a second) not seen by the step's deadline.
            boolean late = error != null && error.contains("within 1ms) failed: seen after ")
                    && error.endsWith("over the 1ms bound");
            boolean unseen = error != null && error.contains("within 1ms) failed: not seen within 1ms: ");
            if (error == null || !error.startsWith("step " + k + " (") || !late && !unseen) {
                wrong.add("twin of " + name + " breaking step " + k + ": " + (error == null ? "passed" : error));
            }
        });
        assertEquals(List.of(), wrong);
    }

    private static final double TWIN_MIN_LATENCY_MS = 20;

    /** The 1-based step whose bound the twin tightens, or 0. */
    private static int stepToTighten(ScenarioFile s, ScenarioResult passed) {
        int firstAction = 0;
        while (firstAction < s.steps().size() && !isAction(s.steps().get(firstAction))) {
            firstAction++;
        }
        for (int from : new int[] {firstAction, 0}) {
            for (int i = from; i < s.steps().size(); i++) {
                ScenarioFile.Expect x = s.steps().get(i).expect();
                if (x != null && x.within() != null && passed.steps().get(i).latencyMs() >= TWIN_MIN_LATENCY_MS) {
                    return i + 1;
                }
            }
        }
        return 0;
    }

    private static boolean isAction(ScenarioFile.Step st) {
        return st.fault() != null || st.line() != null || st.gpio() != null || st.plant() != null
                || st.broker() != null || st.clock() != null || st.command() != null;
    }

    /** {@code s} with step {@code k}'s (1-based) expectation bound at 1 ms. */
    private static ScenarioFile tightened(ScenarioFile s, int k) {
        List<ScenarioFile.Step> steps = new ArrayList<>(s.steps());
        ScenarioFile.Step st = steps.get(k - 1);
        ScenarioFile.Expect x = st.expect();
        steps.set(k - 1, new ScenarioFile.Step(st.at(), st.name(), null, null, null, null, null, null, null, null,
                new ScenarioFile.Expect(x.trip(), x.outputs(), x.event(), x.source(), x.firstOut(), x.alarm(),
                        x.alarmState(), x.mode(), x.point(), x.quality(), x.eventsGapFree(), Duration.ofMillis(1))));
        return new ScenarioFile("twin: " + s.scenario(), s.pod(), s.suite(), s.timeScale(), s.commission(), s.plot(),
                steps);
    }

    @Test
    @Order(3)
    void aWrongExpectedOutputFailsAtItsStep() {
        ScenarioResult r = runTwin("estop.yaml",
                "expect: {outputs: {off: [rack1.power, rack2.power, rack3.power, rack4.power]}, within: 125ms}",
                "expect: {outputs: {off: [rack1.power], on: [rack2.power]}, within: 125ms}");

        assertFalse(r.passed());
        assertTrue(r.error().startsWith("step 4 (expect rack2.power on; rack1.power off within 125ms) failed: not seen"
                + " within 125ms: rack2.power on; rack1.power off (mode "), r.error());
    }

    /**
     * Every figure made from a scenario is the one its scenario and the code would draw now: the manifest records
     * the SHA-256 of the scenario file and of the PNG. A figure whose scenario ran here must have passed. Refresh
     * with {@code -Dpodctl.updateFigures=true} (and {@code -Dpodctl.scenarios=all} for figures of long scenarios).
     */
    @Test
    @Order(4)
    void committedFiguresAreCurrent() throws IOException {
        Path docs = Path.of("../docs/images");
        ScenarioFigures figures = ScenarioFigures.read(docs.resolve(ScenarioFigures.MANIFEST));
        if (Boolean.getBoolean("podctl.updateFigures")) {
            for (ScenarioFigures.Figure f : figures.figures()) {
                ScenarioResult r = RESULTS.get(f.scenario());
                if (r != null) {
                    assertTrue(r.passed(), () -> f.scenario() + " failed, not drawing " + f.png() + ": " + r.error());
                    figures = figures.redrawn(f, r, LIBRARY.resolve(f.scenario()), docs);
                }
            }
            figures.write(docs.resolve(ScenarioFigures.MANIFEST));
        }
        for (ScenarioFigures.Figure f : figures.figures()) {
            assertEquals(f.scenarioSha256(), ScenarioFigures.sha256(LIBRARY.resolve(f.scenario())), "docs/images/"
                    + f.png() + " was drawn from another version of scenarios/" + f.scenario() + ": refresh it with"
                    + " -Dpodctl.updateFigures=true (docs/scenarios.md)");
            assertEquals(f.pngSha256(), ScenarioFigures.sha256(docs.resolve(f.png())), "docs/images/" + f.png()
                    + " is not the figure its run drew: refresh it with -Dpodctl.updateFigures=true");
            ScenarioResult r = RESULTS.get(f.scenario());
            assertTrue(r == null || r.passed(), () -> "the scenario of docs/images/" + f.png() + " no longer passes: "
                    + r.error());
        }
    }

    @AfterAll
    static void report() throws IOException {
        if (!RESULTS.isEmpty()) {
            Path dir = Path.of("target/scenario-report");
            HtmlReport.write(List.copyOf(RESULTS.values()), dir);
            // the progress lines, as podctl scenario run prints them
            Files.writeString(dir.resolve("progress.txt"), PROGRESS.toString());
        }
    }

    private ScenarioResult runTwin(String file, String from, String to) {
        try {
            String text = Files.readString(LIBRARY.resolve(file));
            assertTrue(text.contains(from), file + " no longer has " + from);
            ScenarioLoader.Result loaded = new ScenarioLoader().parse(text.replace(from, to), "twin-of-" + file);
            assertTrue(loaded.ok(), loaded.problems()::toString);
            return runner.run(loaded.loaded());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
