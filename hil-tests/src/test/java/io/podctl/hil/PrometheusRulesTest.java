package io.podctl.hil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped rule file is valid ({@code promtool check rules}) and computes what docs/metrics.md says: its unit
 * tests ({@code promtool test rules}) feed a derated, then tripped pod and a pod nothing limits.
 */
class PrometheusRulesTest {
    private static final Path DIR = Path.of("..", "docs", "prometheus");

    @Test
    void theRuleFilePassesPromtoolCheckRules() throws Exception {
        String out = promtool("check", "rules", DIR.resolve("podctl-rules.yml").toString());
        assertTrue(out.contains("SUCCESS: 16 rules found"), out);
    }

    @Test
    void theRulesComputeTheSchedulersSignal() throws Exception {
        String out = promtool("test", "rules", DIR.resolve("podctl-rules.test.yml").toString());
        assertTrue(out.contains("SUCCESS"), out);
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PrometheusTools.promtool().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
