package io.podctl.hil;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code podctl sim} serves metrics out of the box: {@code promtool check metrics} accepts a live scrape, and every
 * metric the shipped Grafana dashboard and rule file read is one the simulated pod exports.
 */
class PodctlSimMetricsIT {
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "podctl-pod.json");
    private static final Path RULES = Path.of("..", "docs", "prometheus", "podctl-rules.yml");
    private static PodctlSimProcess sim;

    @BeforeAll
    static void startSim() throws IOException {
        sim = PodctlSimProcess.start();
        await("the simulated pod ready").atMost(Duration.ofSeconds(60)).until(() -> sim.status("/readyz") == 200);
    }

    @AfterAll
    static void stopSim() throws InterruptedException {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void promtoolAcceptsALiveScrape() throws Exception {
        String scrape = sim.get("/metrics");
        Process p = new ProcessBuilder(PrometheusTools.promtool().toString(), "check", "metrics")
                .redirectErrorStream(true).start();
        p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("", report.strip(), "promtool check metrics found problems");
        assertEquals(0, p.exitValue(), report);
    }

    @Test
    void everyMetricTheDashboardAndTheRulesReadIsExported() throws IOException {
        Set<String> wanted = new TreeSet<>();
        List<String> expressions = dashboardExpressions();
        assertTrue(expressions.size() > 40, "the dashboard's expressions: " + expressions.size());
        expressions.forEach(e -> wanted.addAll(PromQlNames.of(e)));
        JsonNode rules = new YAMLMapper().readTree(RULES.toFile());
        Set<String> recorded = new TreeSet<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                wanted.addAll(PromQlNames.of(rule.get("expr").asText()));
                if (rule.has("record")) {
                    recorded.add(rule.get("record").asText());
                }
            }
        }
        wanted.removeAll(recorded);
        wanted.remove("up"); // Prometheus's own, per target
        assertTrue(wanted.contains("podctl_power_available_watts") && wanted.contains("jvm_memory_used_bytes"),
                "names extracted: " + wanted);
        List<String> missing = new ArrayList<>();
        await("every name in the scrape").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    missing.clear();
                    Set<String> exported = sampleNames(sim.get("/metrics"));
                    wanted.stream().filter(n -> !exported.contains(n)).forEach(missing::add);
                    return missing.isEmpty();
                });
        assertEquals(List.of(), missing, "read by the dashboard or the rules but not exported");
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode d = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode panel : d.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.get("expr").asText());
            }
        }
        for (JsonNode variable : d.get("templating").get("list")) {
            if (variable.path("type").asText().equals("query")) {
                out.add(variable.get("query").get("query").asText());
            }
        }
        return out;
    }

    static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                names.add(line.substring(0, end));
            }
        }
        return names;
    }
}
